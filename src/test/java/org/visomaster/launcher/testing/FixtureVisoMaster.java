package org.visomaster.launcher.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.util.Sha256;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The fixture VisoMaster. {@link #create} makes everything a real provisioning run needs, offline: an upstream git
 * repository with a fixture VisoMaster (main.py, app/, a requirements file, a models manifest in upstream's format),
 * a local pip folder with a tiny wheel, and a {@link LoopbackFileServer} with the model files. {@link #installed}
 * makes just an installed app (main.py and the env's python) for the process and window tests.
 */
public final class FixtureVisoMaster implements AutoCloseable {
    public static final String PREFIX = "https://github.com/visomaster/visomaster-assets/releases/download";

    /**
     * A fixture app that behaves as {@code FIXTURE_MODE} says: ok (prints its environment), crash_ort, many,
     * sigkill, hang, stubborn (ignores SIGTERM, has a child), slow_start.
     */
    public static final String MODES_MAIN_PY = """
            import os, signal, subprocess, sys, time
            mode = os.environ.get("FIXTURE_MODE", "ok")
            print("fixture starting in mode " + mode)
            if mode == "ok":
                for name in ["PYTHONUNBUFFERED", "QT_X11_NO_MITSHM", "QT_QPA_PLATFORM_PLUGIN_PATH", "PATH", "EXTRA"]:
                    print("ENV " + name + "=" + os.environ.get(name, "<unset>"))
                print("CWD " + os.getcwd())
                print("EXE " + sys.executable)
                print("fixture done")
                sys.exit(0)
            if mode == "crash_ort":
                print("Loading models...")
                print("Traceback (most recent call last):", file=sys.stderr)
                print('  File "/workspace/VisoMaster/app/processors/models_processor.py", line 231, in run_swapper', file=sys.stderr)
                print("    self.models['Inswapper128'].run_with_iobinding(io_binding)", file=sys.stderr)
                print("onnxruntime.capi.onnxruntime_pybind11_state.Fail: [ONNXRuntimeError] : 1 : FAIL : There's no data transfer registered for copying tensors from Device:[DeviceType:1 MemoryType:0 DeviceId:0] to Device:[DeviceType:0 MemoryType:0 DeviceId:0]", file=sys.stderr)
                sys.exit(1)
            if mode == "many":
                for i in range(5000):
                    print("line %d" % i)
                print("last words before the crash")
                sys.exit(3)
            if mode == "sigkill":
                print("about to die")
                os.kill(os.getpid(), signal.SIGKILL)
            if mode == "hang":
                def on_term(signum, frame):
                    print("got SIGTERM, bye")
                    sys.exit(0)
                signal.signal(signal.SIGTERM, on_term)
                print("READY")
                while True:
                    time.sleep(0.1)
            if mode == "stubborn":
                signal.signal(signal.SIGTERM, signal.SIG_IGN)
                child = subprocess.Popen([sys.executable, "-c",
                    "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); time.sleep(600)"])
                print("CHILD %d" % child.pid)
                print("READY")
                while True:
                    time.sleep(0.1)
            if mode == "slow_start":
                time.sleep(3)
                print("READY")
                sys.exit(0)
            """;

    public final Path upstream;
    public final Path wheels;
    public final Workspace ws;
    public final List<String> modelFiles = new ArrayList<>();
    /** Model bytes sent so far. */
    public final AtomicLong bytesServed;
    private final LoopbackFileServer server = new LoopbackFileServer();

    private FixtureVisoMaster(Path tmp) throws IOException {
        upstream = tmp.resolve("upstream");
        wheels = tmp.resolve("wheels");
        ws = new Workspace(tmp.resolve("ws"));
        bytesServed = server.bytesServed;
    }

    /**
     * A workspace where VisoMaster is already "installed": {@code VisoMaster/main.py} is {@code mainPy} and (when
     * {@code withEnv}) {@code envs/viso_env/bin/python} links to the real interpreter.
     */
    public static Workspace installed(Path root, String mainPy, boolean withEnv) throws IOException,
            InterruptedException {
        Workspace ws = new Workspace(root);
        Files.createDirectories(ws.source());
        Files.writeString(ws.source().resolve("main.py"), mainPy);
        if (withEnv) {
            Path bin = ws.env().resolve("bin");
            Files.createDirectories(bin);
            Files.createSymbolicLink(bin.resolve("python"), realPython());
        }
        return ws;
    }

    /** The real interpreter behind {@code python3} (not a pyenv shim, so the child is python itself). */
    public static Path realPython() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("python3", "-c", "import sys; print(sys.executable)"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("python3 does not run: " + out);
        }
        return Path.of(out);
    }

    /**
     * @param mainPy the fixture app's main.py
     * @param models how many model files (each {@code size} bytes plus a little, random content)
     */
    public static FixtureVisoMaster create(Path tmp, String mainPy, int models, int size) throws Exception {
        FixtureVisoMaster f = new FixtureVisoMaster(tmp);
        Files.createDirectories(f.upstream.resolve("app/processors"));
        Files.createDirectories(f.upstream.resolve("app/ui"));
        Files.writeString(f.upstream.resolve("app/__init__.py"), "");
        Files.writeString(f.upstream.resolve("main.py"), mainPy);
        Files.writeString(f.upstream.resolve("requirements_test.txt"),
                "# fixture requirements\n--extra-index-url https://download.pytorch.org/whl/cu124\n\ntinypkg==1.0 \n");
        Files.writeString(f.upstream.resolve(".gitignore"), "model_assets/\n");
        Random random = new Random(7);
        StringBuilder manifest = new StringBuilder("models_dir = './model_assets'\nassets_repo = \"" + PREFIX
                + "\"\n\ntry:\n    import tensorrt as trt\n    models_trt_list = [{'model_name': 'T', 'local_path': "
                + "f'{models_dir}/t.' + trt.__version__ + '.trt', 'hash': '00'}]\nexcept ModuleNotFoundError:\n"
                + "    models_trt_list = []\n\nmodels_list = [\n");
        for (int i = 0; i < models; i++) {
            String file = "fixture_model_" + i + ".onnx";
            byte[] data = new byte[size + i * 997];
            random.nextBytes(data);
            var md = Sha256.newDigest();
            md.update(data);
            manifest.append("    {\n        'model_name': 'FixtureModel").append(i).append("',\n")
                    .append("        'local_path': f'{models_dir}/").append(file).append("',\n")
                    .append("        'hash': '").append(Sha256.hex(md)).append("',\n")
                    .append("        'url': f'{assets_repo}/v0.1.0/").append(file).append("'\n    },\n");
            f.server.serve("/mirror/v0.1.0/" + file, data);
            f.modelFiles.add(file);
        }
        manifest.append("]\n");
        Files.writeString(f.upstream.resolve("app/processors/models_data.py"), manifest.toString());
        PersonIdent me = new PersonIdent("Test", "test@example.org");
        try (Git git = Git.init().setDirectory(f.upstream.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("fixture VisoMaster").setAuthor(me).setCommitter(me).call();
        }
        Wheels.build(f.wheels, "tinypkg", "1.0");
        return f;
    }

    /** Caps each download connection at this many bytes per second (0: unlimited). */
    public void throttle(long bytesPerSecond) {
        server.cap(bytesPerSecond);
    }

    public String mirrorUrl() {
        return server.url("/mirror");
    }

    /** Environment for the engine: pip offline from the wheel folder, no uv or conda (see {@link NoEnvManagers}). */
    public HostEnvironment host() {
        return NoEnvManagers.host().with(Map.of("PIP_NO_INDEX", "1", "PIP_FIND_LINKS", wheels.toString(),
                "PIP_DISABLE_PIP_VERSION_CHECK", "1"));
    }

    public LauncherConfig config() throws IOException, InterruptedException {
        return new LauncherConfig("upstream", "fixture VisoMaster", upstream.toUri().toString(), "main",
                pythonMinor(), "requirements_test.txt", List.of(), null, List.of(), "app/processors/models_data.py",
                PREFIX, mirrorUrl(), "venv", 4, true, 17860, 1L << 30);
    }

    /** Writes the same settings as {@link #config()} into the workspace's launcher.json, for CLI processes. */
    public void writeLauncherJson() throws IOException, InterruptedException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("repoUrl", upstream.toUri().toString());
        n.put("ref", "main");
        n.put("pythonVersion", pythonMinor());
        n.put("requirementsFile", "requirements_test.txt");
        n.putArray("overrides");
        n.put("modelsBaseUrl", mirrorUrl());
        n.put("envManager", "venv");
        n.put("parallelDownloads", 4);
        Files.createDirectories(ws.root());
        Files.writeString(ws.configFile(), n.toPrettyString());
    }

    public static String pythonMinor() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import sys; print('%d.%d' % sys.version_info[:2])")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("python3 does not run: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        server.close();
    }
}
