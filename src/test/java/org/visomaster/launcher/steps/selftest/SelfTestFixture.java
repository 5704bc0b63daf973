package org.visomaster.launcher.steps.selftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.visomaster.launcher.steps.models.ModelEntry;
import org.visomaster.launcher.steps.models.ModelsState;
import org.visomaster.launcher.steps.models.VerifiedCache;
import org.visomaster.launcher.infra.process.CommandResult;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.steps.requirements.RequirementsStep;
import org.visomaster.launcher.testing.Wheels;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.util.Sha256;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * A workspace whose environment is a real venv made from Debian's /usr/bin/python3 with --system-site-packages
 * (numpy, and for the no-GPU case the real CPU torch, come from python3-torch), into which the real requirements
 * step installs stand-in torch / onnxruntime-gpu / PySide6 wheels (src/test/resources/standins), plus two verified
 * ONNX model files in the models step's cache.
 */
final class SelfTestFixture {
    static final Path DEBIAN_PYTHON = Path.of("/usr/bin/python3");
    static final String UPSTREAM_REQUIREMENTS = "--extra-index-url https://download.pytorch.org/whl/cu124\n\n"
            + "numpy\nonnxruntime-gpu==1.20.0\nPySide6==6.8.2.1 \ntorch==2.4.1+cu124\n";

    final Workspace ws;
    final Path wheels;
    final Path standin;
    final List<ProvisionEvent> events = new CopyOnWriteArrayList<>();
    final StateStore state;

    SelfTestFixture(Path root) throws IOException {
        ws = new Workspace(root.resolve("ws"));
        wheels = root.resolve("wheels");
        standin = root.resolve("standin.json");
        Files.createDirectories(ws.source());
        state = new StateStore(ws.stateFile());
    }

    /** Fails with what to install when Debian's CPU torch is missing (the no-GPU branch and numpy need it). */
    static void requireDebianTorch() throws IOException {
        List<String> out = new ArrayList<>();
        CommandResult r = Files.isExecutable(DEBIAN_PYTHON) ? CommandRunner.run(List.of(DEBIAN_PYTHON.toString(),
                "-c", "import torch, numpy"), null, null, Duration.ofSeconds(60), out::add, null) : null;
        assertTrue(r != null && r.ok(), "These tests need Debian's CPU torch and numpy for /usr/bin/python3:"
                + " apt-get install python3-torch python3-venv (" + String.join(" ", out) + ")");
    }

    /** Builds the stand-in wheels; {@code withTorch} false leaves torch to Debian's real CPU build. */
    void buildWheels(boolean withTorch) throws IOException {
        if (withTorch) {
            Wheels.build(wheels, "torch", "2.4.1+cu124", modules("torch/__init__.py"));
        }
        Wheels.build(wheels, "onnxruntime_gpu", "1.22.0", modules("onnxruntime/__init__.py"));
        Wheels.build(wheels, "PySide6", "6.8.2.1", modules("PySide6/__init__.py", "PySide6/QtCore.py",
                "PySide6/QtWidgets.py"));
    }

    private static Map<String, String> modules(String... paths) throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        for (String p : paths) {
            try (InputStream in = SelfTestFixture.class.getResourceAsStream("/standins/" + p)) {
                files.put(p, new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return files;
    }

    /** The host: this PATH (a fake nvidia-smi, or none), pip offline from the wheel folder, the stand-ins' file. */
    HostEnvironment host(HostEnvironment gpu) {
        return gpu.with(Map.of("PIP_NO_INDEX", "1", "PIP_FIND_LINKS", wheels.toString(),
                "PIP_DISABLE_PIP_VERSION_CHECK", "1", "VISO_STANDIN", standin.toString()));
    }

    /** What the stand-ins report: {"torch": {...}, "onnxruntime": {...}, "pyside6": {...}}. */
    void standIns(Map<String, Object> behaviour) throws IOException {
        Files.writeString(standin, Json.MAPPER.writeValueAsString(behaviour));
    }

    LauncherConfig upstream() throws Exception {
        return ConfigLoader.load(ws, "upstream", Map.of());
    }

    StepContext ctx(LauncherConfig config, HostEnvironment host, StepId step) {
        return new StepContext(ws, config, host, state, events::add, new Cancellation(), step);
    }

    /** The venv at envs/viso_env, the upstream-like requirements installed into it by the real requirements step. */
    void install(HostEnvironment host, String requirements) throws Exception {
        List<String> out = new ArrayList<>();
        CommandResult venv = CommandRunner.run(List.of(DEBIAN_PYTHON.toString(), "-m", "venv",
                "--system-site-packages", ws.env().toString()), null, host.childVars(), Duration.ofMinutes(3), out::add,
                null);
        assertTrue(venv.ok(), String.join("\n", out));
        Files.writeString(ws.source().resolve("requirements_cu124.txt"), requirements);
        new RequirementsStep().run(ctx(upstream(), host, RequirementsStep.ID));
    }

    /** Two verified .onnx files in the models cache: the self-test picks the smaller. */
    void verifiedModels() throws IOException {
        List<ModelEntry> entries = new ArrayList<>();
        VerifiedCache cache = new VerifiedCache(state);
        for (String[] m : new String[][] {{"model_assets/big.onnx", "4096"}, {"model_assets/tiny.onnx", "64"}}) {
            Path file = ws.source().resolve(m[0]);
            Files.createDirectories(file.getParent());
            byte[] data = new byte[Integer.parseInt(m[1])];
            Files.write(file, data);
            String sha = Sha256.ofFile(file);
            ModelEntry e = new ModelEntry(file.getFileName().toString(), m[0], sha, "https://example.org/" + m[0]);
            entries.add(e);
            cache.markVerified(e, file, sha);
        }
        cache.setManifest(new ModelsState.CachedManifest("test", entries, List.of()));
        cache.flush();
        assertEquals(2, new VerifiedCache(state).manifest().entries().size());
    }

    List<String> findings(ProvisionEvent.Severity s) {
        return events.stream().filter(e -> e instanceof ProvisionEvent.Finding f && f.severity() == s)
                .map(e -> ((ProvisionEvent.Finding) e).message()).toList();
    }
}
