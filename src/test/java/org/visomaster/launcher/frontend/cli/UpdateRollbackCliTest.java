package org.visomaster.launcher.frontend.cli;

import static org.visomaster.launcher.testing.FusionUpdateFixture.H100_580;
import static org.visomaster.launcher.testing.FusionUpdateFixture.buildWheels;
import static org.visomaster.launcher.testing.FusionUpdateFixture.files;
import static org.visomaster.launcher.testing.FusionUpdateFixture.head;
import static org.visomaster.launcher.testing.FusionUpdateFixture.python312;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.frontend.app.Main;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.testing.FakeNvidiaSmi;
import org.visomaster.launcher.testing.FusionHistory;
import org.visomaster.launcher.testing.NoEnvManagers;

/**
 * Updates without fear, for real, through the command line: a Fusion-like repository over file:// whose 2.1.0 runs
 * on Python 3.11 (requirements_cu129.txt) and whose 3.0.0 and 3.0.2 run on Python 3.12 (requirements_cu13.txt);
 * pip installs tiny stand-in wheels from a local folder (no index); the stand-in torch of 3.0.0 cannot load its CUDA
 * libraries, so its self-test fails. Install 2.1.0 (passes) → update to 3.0.0 (fails) → the launcher is back on
 * 2.1.0 with its environment → update to 3.0.1, whose Python 3.14 this host lacks (fails; the current environment
 * was never touched) → back on 2.1.0 → update to 3.0.2 (passes) → rollback to 2.1.0 with the wheel folder gone and pip
 * without an index: nothing can be downloaded, and nothing needs to be. Needs a Python 3.12 from pyenv besides
 * python3 3.11 (skipped, saying so, without one). What each command printed is printed.
 */
class UpdateRollbackCliTest {
    @TempDir
    Path tmp;

    private record Run(int code, String out) {
    }

    private Run run(Path ws, HostEnvironment host, String... args) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8);
        String[] argv = Stream.concat(Stream.of("--workspace", ws.toString()), Stream.of(args)).toArray(String[]::new);
        int code = Main.run(argv, host, ps, ps);
        String out = buf.toString(StandardCharsets.UTF_8);
        System.out.println("$ visomaster-launcher " + String.join(" ", args) + "   (exit " + code + ")\n" + out);
        return new Run(code, out);
    }

    @Test
    void aFailedUpdateGoesBackAndARollbackDownloadsNothing() throws Exception {
        Optional<Path> py312 = python312();
        Assumptions.assumeTrue(py312.isPresent(), "needs a Python 3.12 from pyenv besides python3");
        Path bin = Files.createDirectories(tmp.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("python3.12"), py312.get());
        Path wheels = tmp.resolve("wheels");
        buildWheels(wheels);
        Path standin = tmp.resolve("standin.json");
        Files.writeString(standin, Json.MAPPER.writeValueAsString(Map.of(
                "torch", Map.of("cuda", "12.9", "devices", List.of(Map.of("name", "NVIDIA H100 80GB HBM3",
                        "capability", List.of(9, 0))), "arch", List.of("sm_80", "sm_90")),
                "onnxruntime", Map.of("version", "1.22.0", "providers", List.of("CUDAExecutionProvider",
                        "CPUExecutionProvider")), "pyside6", Map.of())));
        try (FusionHistory h = FusionHistory.empty(tmp.resolve("fusion.git"))) {
            ObjectId v210 = h.commit(List.of(), files("2.1.0", "requirements_cu129.txt", "3.11", "2.8.0+cu129"),
                    "2.1.0 on CUDA 12.9");
            h.setBranch("main", v210);
            HostEnvironment smi = FakeNvidiaSmi.hostFor(tmp.resolve("smi"), H100_580);
            HostEnvironment host = NoEnvManagers.host().with(Map.of(
                    "PATH", bin + ":" + NoEnvManagers.path(smi.get("PATH")), "VISO_NVML_LIBRARY", "none",
                    "VISO_REPO_URL", h.url(), "VISO_STANDIN", standin.toString(), "PIP_NO_INDEX", "1",
                    "PIP_FIND_LINKS", wheels.toString(), "PIP_DISABLE_PIP_VERSION_CHECK", "1"));
            Path ws = tmp.resolve("ws");

            Run install = run(ws, host, "provision");
            assertEquals(0, install.code(), install.out());
            assertEquals(List.of("viso_env"), envs(ws));

            ObjectId v300 = h.commit(List.of(v210), files("3.0.0", "requirements_cu13.txt", "3.12", "2.11.0+cu130"),
                    "3.0.0 on CUDA 13");
            h.setBranch("main", v300);
            Run failed = run(ws, host, "provision", "--update");
            assertEquals(ExitCodes.FAILED, failed.code());
            String sentence = failed.out().lines().filter(l -> l.startsWith("The update to 3.0.0")).findFirst()
                    .orElse("");
            assertTrue(sentence.contains("failed at the GPU self-test step")
                    && sentence.contains("the launcher went back to 2.1.0 (" + v210.abbreviate(7).name()
                    + ") and its environment (Python 3.11"), failed.out());
            assertEquals(v210, head(ws));
            assertEquals("3.11", pythonMinor(ws.resolve("envs/viso_env")));
            assertEquals(List.of("viso_env", "viso_env.kept-py3.12"), envs(ws), "at most two environments");

            ObjectId v301 = h.commit(List.of(v300), files("3.0.1", "requirements_cu13.txt", "3.14", "2.11.1+cu130"),
                    "3.0.1 wants Python 3.14");
            h.setBranch("main", v301);
            Run noPython = run(ws, host, "provision", "--update");
            assertEquals(ExitCodes.FAILED, noPython.code());
            assertTrue(noPython.out().lines().anyMatch(l -> l.startsWith("The update to 3.0.1 (")
                    && l.contains("failed at the Python environment step") && l.contains("went back to 2.1.0")),
                    noPython.out());
            assertEquals(v210, head(ws));
            assertEquals(List.of("viso_env", "viso_env.kept-py3.12"), envs(ws), "the current one was not touched");

            ObjectId v302 = h.commit(List.of(v301), files("3.0.2", "requirements_cu13.txt", "3.12", "2.11.1+cu130"),
                    "3.0.2 on CUDA 13");
            h.setBranch("main", v302);
            Run updated = run(ws, host, "provision", "--update");
            assertEquals(0, updated.code(), updated.out());
            assertEquals(v302, head(ws));
            assertEquals("3.12", pythonMinor(ws.resolve("envs/viso_env")));
            assertEquals(List.of("viso_env", "viso_env.kept-py3.11"), envs(ws));

            Files.move(wheels, tmp.resolve("wheels-gone")); // nothing can be downloaded from here on
            Files.move(h.dir, tmp.resolve("remote-gone"));
            Run back = run(ws, host, "provision", "--rollback");
            assertEquals(0, back.code(), back.out());
            assertTrue(back.out().startsWith("Rolling back to 2.1.0 (" + v210.abbreviate(7).name() + ")"),
                    back.out());
            assertEquals(v210, head(ws));
            assertEquals("3.11", pythonMinor(ws.resolve("envs/viso_env")));
            assertEquals(List.of("viso_env", "viso_env.kept-py3.12"), envs(ws));
            assertFalse(Files.readString(ws.resolve("logs/provision.log")).contains("Downloading"),
                    "the rollback downloaded nothing");

            Run unreachable = run(ws, host, "provision", "--update"); // the remote is gone: the update cannot start
            assertEquals(ExitCodes.FAILED, unreachable.code());
            assertTrue(unreachable.out().lines().noneMatch(l -> l.startsWith("The update to")), unreachable.out());
            assertEquals(v210, head(ws));
            assertEquals(List.of("viso_env", "viso_env.kept-py3.12"), envs(ws));
        }
    }

    private static String pythonMinor(Path env) throws IOException {
        return Files.readAllLines(env.resolve("pyvenv.cfg")).stream().filter(l -> l.startsWith("version"))
                .map(l -> l.replaceAll(".*=\\s*(\\d+\\.\\d+).*", "$1")).findFirst().orElse("?");
    }

    private static List<String> envs(Path ws) throws IOException {
        try (Stream<Path> s = Files.list(ws.resolve("envs"))) {
            return s.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
    }

}
