package org.visomaster.launcher.infra.metrics;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.infra.process.HostEnvironment;

/**
 * GPU facts from {@code nvidia-smi}: {@code --query-gpu=index,name,compute_cap,memory.total,driver_version} (drivers
 * before 510 lack {@code compute_cap}: only when that query gives no GPU at all is it asked without it, and the
 * capability stays unknown) and the "CUDA Version" in the header of a plain {@code nvidia-smi}. Lines are parsed as
 * the query that printed them, whatever the exit code.
 */
final class SmiFacts {
    static final String QUERY = "index,name,compute_cap,memory.total,driver_version";
    static final String QUERY_WITHOUT_CAP = "index,name,memory.total,driver_version";
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    private static final Pattern CUDA = Pattern.compile("CUDA Version:\\s*(\\d+\\.\\d+)");
    private static final Pattern DRIVER = Pattern.compile("Driver Version:\\s*([0-9][0-9.]*)");

    private SmiFacts() {
    }

    static GpuFacts read(Path smi, HostEnvironment host) {
        // the exit code does not say which query's lines these are: with one GPU failing, nvidia-smi exits non-zero
        // and still prints valid lines for the others
        List<String> out = new ArrayList<>();
        run(smi, host, out, "--query-gpu=" + QUERY, "--format=csv,noheader,nounits");
        boolean withCap = true;
        List<GpuInfo> gpus = parse(out, true);
        if (gpus.isEmpty()) { // a driver before 510 rejects compute_cap: ask without it
            out.clear();
            run(smi, host, out, "--query-gpu=" + QUERY_WITHOUT_CAP, "--format=csv,noheader,nounits");
            withCap = false;
            gpus = parse(out, false);
        }
        if (gpus.isEmpty()) {
            String last = out.stream().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("it printed nothing");
            return GpuFacts.failing(GpuSourceKind.NVIDIA_SMI, "nvidia-smi found no usable GPU: " + last.strip());
        }
        String driver = driverOf(out, withCap);
        List<String> header = new ArrayList<>();
        run(smi, host, header);
        String cuda = "";
        for (String line : header) {
            Matcher c = CUDA.matcher(line);
            if (c.find()) {
                cuda = c.group(1);
            }
            Matcher d = DRIVER.matcher(line);
            if (driver.isEmpty() && d.find()) {
                driver = d.group(1);
            }
        }
        List<String> notes = new ArrayList<>(unparsed(out, withCap));
        if (cuda.isEmpty()) {
            notes.add("nvidia-smi did not say which CUDA version the driver supports");
        }
        return new GpuFacts(gpus, driver, cuda, GpuSourceKind.NVIDIA_SMI, String.join("; ", notes));
    }

    /** What nvidia-smi printed besides the GPUs' lines (a GPU it could not read), as "nvidia-smi: …". */
    private static List<String> unparsed(List<String> lines, boolean withCap) {
        return lines.stream().filter(l -> !l.isBlank() && parse(List.of(l), withCap).isEmpty())
                .map(l -> "nvidia-smi: " + l.strip()).toList();
    }

    private static void run(Path smi, HostEnvironment host, List<String> out, String... args) {
        List<String> argv = new ArrayList<>(List.of(smi.toString()));
        argv.addAll(Arrays.asList(args));
        try {
            CommandRunner.run(argv, null, host.childVars(), TIMEOUT, out::add, null);
        } catch (IOException e) {
            out.add(e.getMessage());
        }
    }

    /** Lines of the query; a name may hold commas, so the fields are counted from both ends. */
    static List<GpuInfo> parse(List<String> lines, boolean withCap) {
        int after = withCap ? 3 : 2;
        List<GpuInfo> gpus = new ArrayList<>();
        for (String line : lines) {
            String[] f = line.split(",", -1);
            if (f.length < 2 + after) {
                continue;
            }
            Optional<Integer> index = integer(f[0]);
            if (index.isEmpty()) {
                continue;
            }
            int n = f.length;
            String name = String.join(",", Arrays.copyOfRange(f, 1, n - after)).strip();
            String cap = withCap ? f[n - 3].strip() : "";
            gpus.add(new GpuInfo(index.get(), name, Capability.number(cap) < 0 ? "" : cap,
                    SmiCsv.mib(f[n - 2])));
        }
        return gpus;
    }

    private static String driverOf(List<String> lines, boolean withCap) {
        for (String line : lines) {
            String[] f = line.split(",", -1);
            if (f.length >= (withCap ? 5 : 4) && integer(f[0]).isPresent()) {
                String v = f[f.length - 1].strip();
                if (v.matches("[0-9][0-9.]*")) {
                    return v;
                }
            }
        }
        return "";
    }

    private static Optional<Integer> integer(String s) {
        try {
            return Optional.of(Integer.parseInt(s.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
