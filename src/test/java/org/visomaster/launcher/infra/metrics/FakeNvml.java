package org.visomaster.launcher.infra.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.visomaster.launcher.infra.process.HostEnvironment;

/** Compiles the stand-in libnvidia-ml from src/test/resources/fake-nvml (skipped where no C compiler exists). */
final class FakeNvml {
    private FakeNvml() {
    }

    static Path compile(Path dir, String... defines) throws IOException, InterruptedException {
        Path cc = new HostEnvironment(Map.of("PATH", "/usr/bin:/bin:/usr/local/bin")).which("cc").orElse(null);
        assumeTrue(cc != null, "no C compiler to build the stand-in NVML library");
        Path src = dir.resolve("fake_nvml.c");
        if (!Files.exists(src)) {
            try (InputStream in = FakeNvml.class.getResourceAsStream("/fake-nvml/fake_nvml.c")) {
                Files.copy(in, src);
            }
        }
        Path lib = dir.resolve("libfake-nvml-" + String.join("", defines).replace("-D", "") + ".so");
        List<String> cmd = new ArrayList<>(List.of(cc.toString(), "-shared", "-fPIC", "-o", lib.toString(),
                src.toString()));
        cmd.addAll(List.of(defines));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, out);
        return lib;
    }
}
