package org.visomaster.launcher.python;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.provision.Cancellation;
import org.visomaster.launcher.provision.ProvisionEvent;
import org.visomaster.launcher.provision.StateStore;
import org.visomaster.launcher.provision.StepContext;
import org.visomaster.launcher.provision.StepId;
import org.visomaster.launcher.testing.NoEnvManagers;
import org.visomaster.launcher.workspace.LauncherConfig;
import org.visomaster.launcher.workspace.PinOverride;
import org.visomaster.launcher.workspace.Workspace;

/** Step contexts over a temporary workspace for the python tests, with no uv or conda (see {@link NoEnvManagers}). */
final class PyTestSupport {
    final Workspace ws;
    final List<ProvisionEvent> events = new CopyOnWriteArrayList<>();
    HostEnvironment host;

    PyTestSupport(Path root, Map<String, String> extraEnv) {
        this.ws = new Workspace(root);
        this.host = NoEnvManagers.host().with(extraEnv);
    }

    /** The X.Y of the python3 these tests run with (the venv must have exactly that). */
    static String python3Version() {
        String full = PythonEnv.version("python3", HostEnvironment.system()).orElseThrow(
                () -> new IllegalStateException("python3 must run for these tests"));
        return PythonEnv.minor(full);
    }

    static LauncherConfig config(String python, String envManager, List<PinOverride> overrides) {
        return new LauncherConfig("upstream", "", "file:///unused", "main", python, "requirements.txt", List.of(),
                null, overrides, "app/processors/models_data.py", null, null, envManager, 4, true, 17860, 1L << 30);
    }

    StepContext ctx(LauncherConfig config, StepId stepId) {
        return new StepContext(ws, config, host, new StateStore(ws.stateFile()), events::add, new Cancellation(),
                stepId);
    }

    List<String> findings(ProvisionEvent.Severity severity) {
        return events.stream().filter(e -> e instanceof ProvisionEvent.Finding f && f.severity() == severity)
                .map(e -> ((ProvisionEvent.Finding) e).message()).toList();
    }

    List<String> logLines() {
        return events.stream().filter(e -> e instanceof ProvisionEvent.LogLine)
                .map(e -> ((ProvisionEvent.LogLine) e).line()).toList();
    }
}
