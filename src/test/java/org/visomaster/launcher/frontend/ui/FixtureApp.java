package org.visomaster.launcher.frontend.ui;

import java.io.IOException;
import java.nio.file.Files;
import org.visomaster.launcher.testing.FixtureVisoMaster;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * A fixture VisoMaster for window tests: {@code <ws>/VisoMaster/main.py} prints a few lines, then a heartbeat until
 * a file {@code crash} appears in its folder; then it prints onnxruntime's "no data transfer registered" traceback
 * and exits 1. {@code <ws>/envs/viso_env/bin/python} is a symlink to the real interpreter.
 */
public final class FixtureApp {
    static final String MAIN_PY = """
            import os, sys, time
            print("VisoMaster fixture starting")
            print("Loading models from ./model_assets")
            print("Qt window ready")
            n = 0
            while not os.path.exists("crash"):
                n += 1
                if n % 10 == 0:
                    print("heartbeat %d" % n)
                time.sleep(0.05)
            print("Traceback (most recent call last):", file=sys.stderr)
            print('  File "app/processors/models_processor.py", line 231, in run_swapper', file=sys.stderr)
            print("onnxruntime.capi.onnxruntime_pybind11_state.Fail: [ONNXRuntimeError] : 1 : FAIL : There's no "
                  "data transfer registered for copying tensors from Device:[DeviceType:1 MemoryType:0 DeviceId:0] "
                  "to Device:[DeviceType:0 MemoryType:0 DeviceId:0]", file=sys.stderr)
            sys.exit(1)
            """;

    private FixtureApp() {
    }

    public static void install(Workspace ws) throws IOException, InterruptedException {
        FixtureVisoMaster.installed(ws.root(), MAIN_PY, true);
    }

    /** Asks the running fixture to crash. */
    public static void crash(Workspace ws) throws IOException {
        Files.writeString(ws.source().resolve("crash"), "");
    }
}
