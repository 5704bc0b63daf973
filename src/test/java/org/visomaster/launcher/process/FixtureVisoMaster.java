package org.visomaster.launcher.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.visomaster.launcher.workspace.Workspace;

/**
 * A fake VisoMaster for tests: a workspace whose source tree holds a small {@code main.py} that behaves as
 * {@code FIXTURE_MODE} says, and whose env's {@code bin/python} is a symlink to the real interpreter.
 */
final class FixtureVisoMaster {
    static final String MAIN_PY = """
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

    private FixtureVisoMaster() {
    }

    /** A workspace with the fixture main.py and (when {@code withEnv}) envs/viso_env/bin/python -> real python3. */
    static Workspace create(Path root, boolean withEnv) throws IOException, InterruptedException {
        Workspace ws = new Workspace(root);
        Files.createDirectories(ws.source());
        Files.writeString(ws.source().resolve("main.py"), MAIN_PY);
        if (withEnv) {
            Path bin = ws.env().resolve("bin");
            Files.createDirectories(bin);
            Files.createSymbolicLink(bin.resolve("python"), realPython());
        }
        return ws;
    }

    /** The real interpreter behind {@code python3} (not a pyenv shim, so the child is python itself). */
    static Path realPython() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(List.of("python3", "-c", "import sys; print(sys.executable)"))
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("python3 does not run: " + out);
        }
        return Path.of(out);
    }
}
