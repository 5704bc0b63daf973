package org.visomaster.launcher.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.visomaster.launcher.infra.process.HostEnvironment;

/**
 * A stand-in {@code nvidia-smi} on a test PATH (no NVIDIA GPU here). It answers like the real one: the meters'
 * {@code --query-gpu=… -lms} runs a loop given by the test, each run appending a line to {@code runs} and writing its
 * pid to {@code smi.pid} beside the script; {@code --query-compute-apps} prints {@code apps.csv} from that folder;
 * the GPU-facts query ({@code compute_cap}) prints the {@link Box}'s GPUs; a plain run prints the header with the
 * driver and its CUDA version. Hosts from here set {@code VISO_NVML_LIBRARY=none}, so a real NVML cannot interfere.
 */
public final class FakeNvidiaSmi {
    public static final String TWO_GPUS = """
            i=0
            while true; do
              echo "0, NVIDIA GeForce RTX 4090, $((i % 100)), 10240, 24564, 61, 215.37, 450.00"
              echo "1, NVIDIA A100-SXM4-80GB, 0, 4, 81920, 33, 61.02, 400.00"
              i=$((i + 1))
              sleep 0.15
            done
            """;
    public static final String UNKNOWN_FIELDS = """
            while true; do
              echo "0, NVIDIA H100 80GB HBM3, [N/A], 1234, 81559, [Not Supported], [N/A], [Not Supported]"
              echo "1, Tesla T4, , [Unknown Error], 15360, 45, 27.50, 70.00"
              sleep 0.15
            done
            """;
    public static final String DRIVER_BROKEN = """
            echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. \
            Make sure that the latest NVIDIA driver is installed and running."
            exit 9
            """;
    public static final String ONE_SAMPLE_THEN_EXIT = """
            echo "0, NVIDIA L4, 12, 100, 23034, 40, 30.00, 72.00"
            exit 0
            """;
    public static final String ONE_SAMPLE_THEN_SILENT = """
            echo "0, NVIDIA L4, 12, 100, 23034, 40, 30.00, 72.00"
            exec sleep 600
            """;
    /** Meter lines for {@link #host(Path, String)}. */
    public static final String NORMAL = "0, NVIDIA GeForce RTX 4090, 57, 10240, 24564, 61, 215.37, 450.00";
    public static final String UNKNOWN = "0, NVIDIA H100 80GB HBM3, [N/A], 1234, 81559, [Not Supported], [N/A], [N/A]";

    /**
     * A machine: the driver, the highest CUDA version it supports (nvidia-smi's header), and per GPU
     * "index, name, compute capability, memory MiB", or "!" and the error nvidia-smi prints for a GPU it cannot read
     * (it then exits 15 after printing the others). {@code capField}: false for drivers before 510, whose
     * nvidia-smi refuses {@code compute_cap}.
     */
    public record Box(String driver, String cuda, List<String> gpus, boolean capField) {
    }

    public static final Box A100 = new Box("550.54.15", "12.4", List.of("0, NVIDIA A100-SXM4-80GB, 8.0, 81920"), true);
    public static final Box H100 = new Box("550.54.15", "12.4", List.of("0, NVIDIA H100 80GB HBM3, 9.0, 81559"), true);
    public static final Box RTX_5090 = new Box("575.57.08", "12.9", List.of("0, NVIDIA GeForce RTX 5090, 12.0, 32607"),
            true);
    public static final Box RTX_4090 = new Box("550.54.15", "12.4", List.of("0, NVIDIA GeForce RTX 4090, 8.9, 24564"),
            true);
    /** A T4 on driver 470 (CUDA 11.4), whose nvidia-smi has no compute_cap field. */
    public static final Box OLD_DRIVER = new Box("470.182.03", "11.4", List.of("0, Tesla T4, 7.5, 15360"), false);
    /** An RTX 5090 host whose driver's CUDA (12.6) is below what CUDA 12.8 wheels need. */
    public static final Box RTX_5090_OLD_DRIVER = new Box("560.35.03", "12.6",
            List.of("0, NVIDIA GeForce RTX 5090, 12.0, 32607"), true);

    /** A box with an Ada and a Blackwell card: only a variant covering sm_89 and sm_120 serves both. */
    public static final Box RTX_4090_AND_5090 = new Box("575.57.08", "12.9", List.of(
            "0, NVIDIA GeForce RTX 4090, 8.9, 24564", "1, NVIDIA GeForce RTX 5090, 12.0, 32607"), true);
    /** Two RTX 5090s, the second fallen off the bus: nvidia-smi prints the first, an error line, and exits 15. */
    public static final Box RTX_5090_ONE_LOST = new Box("575.57.08", "12.9", List.of(
            "0, NVIDIA GeForce RTX 5090, 12.0, 32607",
            "!Unable to determine the device handle for GPU0000:41:00.0: Unknown Error"), true);

    /** A host whose driver is broken: every nvidia-smi query prints the real error and fails. */
    public static final Box BROKEN_DRIVER = new Box("", "", List.of("!NVIDIA-SMI has failed because it couldn't"
            + " communicate with the NVIDIA driver. Make sure that the latest NVIDIA driver is installed and running."),
            true);

    private FakeNvidiaSmi() {
    }

    /** Writes the script with this meter loop (an RTX 4090 box for the facts) into {@code dir}; PATH is dir + basics. */
    public static HostEnvironment install(Path dir, String gpuLoop) throws IOException {
        write(dir, RTX_4090, gpuLoop);
        return new HostEnvironment(Map.of("PATH", dir + ":/usr/bin:/bin", "VISO_NVML_LIBRARY", "none"));
    }

    /** The system environment with a fake nvidia-smi printing {@code csvLine} (null: no nvidia-smi at all) first. */
    public static HostEnvironment host(Path dir, String csvLine) throws IOException {
        Files.createDirectories(dir);
        if (csvLine != null) {
            write(dir, RTX_4090, "while true; do echo \"" + csvLine + "\"; sleep 0.2; done\n");
        }
        return systemWith(dir);
    }

    /** The system environment with a fake nvidia-smi for this box first on PATH. */
    public static HostEnvironment hostFor(Path dir, Box box) throws IOException {
        String first = box.gpus().get(0);
        if (first.startsWith("!")) {
            write(dir, box, "echo " + shellQuoted(first.substring(1)) + "\nexit 15\n");
            return systemWith(dir);
        }
        String[] f = first.split(",\\s*");
        write(dir, box, "while true; do echo \"" + f[0] + ", " + f[1] + ", 5, 1000, " + f[3]
                + ", 40, 100.00, 300.00\"; sleep 0.2; done\n");
        return systemWith(dir);
    }

    private static HostEnvironment systemWith(Path dir) {
        // the machine's PATH without any real nvidia-smi, behind the fake one
        String rest = Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .filter(d -> !d.isEmpty() && !Files.exists(Path.of(d, "nvidia-smi")))
                .collect(Collectors.joining(":"));
        return HostEnvironment.system().with(Map.of("PATH", dir + ":" + rest, "VISO_NVML_LIBRARY", "none"));
    }

    private static void write(Path dir, Box box, String gpuLoop) throws IOException {
        Files.createDirectories(dir);
        String exit = box.gpus().stream().anyMatch(g -> g.startsWith("!")) ? "\n    exit 15" : "\n    exit 0";
        String withCap = box.gpus().stream().map(g -> g.startsWith("!") ? "echo " + shellQuoted(g.substring(1))
                : "echo \"" + g + ", " + box.driver() + "\"").collect(Collectors.joining("\n    ")) + exit;
        String withoutCap = box.gpus().stream().map(g -> {
            if (g.startsWith("!")) {
                return "echo " + shellQuoted(g.substring(1));
            }
            String[] f = g.split(",\\s*");
            return "echo \"" + f[0] + ", " + f[1] + ", " + f[3] + ", " + box.driver() + "\"";
        }).collect(Collectors.joining("\n    ")) + exit;
        String capAnswer = box.capField() ? withCap
                : "echo 'Field \"compute_cap\" is not a valid field to query.'\n    exit 2";
        // a broken driver prints its error instead of the header
        String header = box.gpus().stream().allMatch(g -> g.startsWith("!")) ? withCap
                : "echo '+-----------------------------------------------------------------------------------------+'"
                + "\n    echo '| NVIDIA-SMI " + box.driver() + "   Driver Version: " + box.driver() + "   CUDA Version: "
                + box.cuda() + "     |'\n    exit 0";
        Path script = dir.resolve("nvidia-smi");
        Files.writeString(script, "#!/bin/sh\n"
                + "here=$(dirname \"$0\")\n"
                + "case \"$*\" in\n"
                + "  *--query-compute-apps*) cat \"$here/apps.csv\" 2>/dev/null; exit 0 ;;\n"
                + "  *compute_cap*)\n    " + capAnswer + " ;;\n"
                + "  *--query-gpu=index,name,memory.total,driver_version*)\n    " + withoutCap + " ;;\n"
                + "  \"\")\n    " + header + " ;;\n"
                + "esac\n"
                + "echo \"$*\" >> \"$here/runs\"\n"
                + "date +%s%3N >> \"$here/starts\"\n"
                + "echo $$ > \"$here/smi.pid\"\n"
                + gpuLoop);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private static String shellQuoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    public static long runs(Path dir) throws IOException {
        Path runs = dir.resolve("runs");
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }

    /** When each run of the looping query started, in epoch milliseconds, oldest first. */
    public static List<Long> startTimes(Path dir) throws IOException {
        Path starts = dir.resolve("starts");
        return Files.exists(starts) ? Files.readAllLines(starts).stream().map(String::trim).map(Long::parseLong)
                .toList() : List.of();
    }

    public static long pid(Path dir) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("smi.pid")).trim());
    }
}
