package org.visomaster.launcher.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Collectors;
import org.visomaster.launcher.process.HostEnvironment;

/** A fake {@code nvidia-smi} on a test PATH: prints the given CSV line once a second, like {@code -lms 1000}. */
public final class FakeSmi {
    public static final String NORMAL = "0, NVIDIA GeForce RTX 4090, 57, 10240, 24564, 61, 215.37, 450.00";
    public static final String UNKNOWN = "0, NVIDIA H100 80GB HBM3, [N/A], 1234, 81559, [Not Supported], [N/A], [N/A]";

    private FakeSmi() {
    }

    /** A host whose PATH has a fake nvidia-smi printing {@code csvLine} (null: no nvidia-smi at all) in front. */
    public static HostEnvironment host(Path dir, String csvLine) throws IOException {
        Files.createDirectories(dir);
        if (csvLine != null) {
            Path script = dir.resolve("nvidia-smi");
            Files.writeString(script, "#!/bin/sh\n"
                    + "case \"$*\" in *--query-compute-apps*) exit 0 ;; esac\n"
                    + "while true; do echo \"" + csvLine + "\"; sleep 0.2; done\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        // the machine's PATH without any real nvidia-smi, behind the fake one
        String rest = Arrays.stream(System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":"))
                .filter(d -> !d.isEmpty() && !Files.exists(Path.of(d, "nvidia-smi")))
                .collect(Collectors.joining(":"));
        return HostEnvironment.system().with(Map.of("PATH", dir + ":" + rest));
    }
}
