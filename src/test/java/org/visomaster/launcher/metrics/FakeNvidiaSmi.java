package org.visomaster.launcher.metrics;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.visomaster.launcher.process.HostEnvironment;

/**
 * Fake {@code nvidia-smi} scripts for tests: each run appends a line to {@code runs} and writes its pid to
 * {@code smi.pid} beside the script; {@code --query-compute-apps} prints {@code apps.csv} from the same folder.
 */
final class FakeNvidiaSmi {
    static final String TWO_GPUS = """
            i=0
            while true; do
              echo "0, NVIDIA GeForce RTX 4090, $((i % 100)), 10240, 24564, 61, 215.37, 450.00"
              echo "1, NVIDIA A100-SXM4-80GB, 0, 4, 81920, 33, 61.02, 400.00"
              i=$((i + 1))
              sleep 0.15
            done
            """;
    static final String UNKNOWN_FIELDS = """
            while true; do
              echo "0, NVIDIA H100 80GB HBM3, [N/A], 1234, 81559, [Not Supported], [N/A], [Not Supported]"
              echo "1, Tesla T4, , [Unknown Error], 15360, 45, 27.50, 70.00"
              sleep 0.15
            done
            """;
    static final String DRIVER_BROKEN = """
            echo "NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver. \
            Make sure that the latest NVIDIA driver is installed and running."
            exit 9
            """;
    static final String ONE_SAMPLE_THEN_EXIT = """
            echo "0, NVIDIA L4, 12, 100, 23034, 40, 30.00, 72.00"
            exit 0
            """;
    static final String ONE_SAMPLE_THEN_SILENT = """
            echo "0, NVIDIA L4, 12, 100, 23034, 40, 30.00, 72.00"
            exec sleep 600
            """;

    private FakeNvidiaSmi() {
    }

    /** Writes the script into {@code dir} and returns a host whose PATH is that folder plus the system's basics. */
    static HostEnvironment install(Path dir, String gpuLoop) throws IOException {
        Files.createDirectories(dir);
        Path script = dir.resolve("nvidia-smi");
        Files.writeString(script, """
                #!/bin/sh
                here=$(dirname "$0")
                case "$*" in
                  *--query-compute-apps*) cat "$here/apps.csv" 2>/dev/null; exit 0 ;;
                esac
                echo "$*" >> "$here/runs"
                echo $$ > "$here/smi.pid"
                """ + gpuLoop);
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new HostEnvironment(Map.of("PATH", dir + ":/usr/bin:/bin"));
    }

    static long runs(Path dir) throws IOException {
        Path runs = dir.resolve("runs");
        return Files.exists(runs) ? Files.readAllLines(runs).size() : 0;
    }

    static long pid(Path dir) throws IOException {
        return Long.parseLong(Files.readString(dir.resolve("smi.pid")).trim());
    }
}
