package org.visomaster.launcher.steps.python;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.testing.NoEnvManagers;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.PinOverride;
import org.visomaster.launcher.infra.workspace.Workspace;

/** Step contexts over a temporary workspace for the python tests, with no uv or conda (see {@link NoEnvManagers}). */
public final class PyTestSupport {
    public final Workspace ws;
    public final List<ProvisionEvent> events = new CopyOnWriteArrayList<>();
    public HostEnvironment host;

    public PyTestSupport(Path root, Map<String, String> extraEnv) {
        this.ws = new Workspace(root);
        this.host = NoEnvManagers.host().with(extraEnv);
    }

    /** The X.Y of the python3 these tests run with (the venv must have exactly that). */
    public static String python3Version() {
        String full = PythonEnv.version("python3", HostEnvironment.system()).orElseThrow(
                () -> new IllegalStateException("python3 must run for these tests"));
        return PythonEnv.minor(full);
    }

    public static LauncherConfig config(String python, String envManager, List<PinOverride> overrides) {
        return new LauncherConfig("upstream", "", "file:///unused", "main", python, "requirements.txt", List.of(),
                null, overrides, "app/processors/models_data.py", null, null, envManager, 4, true, 17860, 1L << 30);
    }

    public StepContext ctx(LauncherConfig config, StepId stepId) {
        return new StepContext(ws, config, host, new StateStore(ws.stateFile()), events::add, new Cancellation(),
                stepId);
    }

    public List<String> findings(ProvisionEvent.Severity severity) {
        return events.stream().filter(e -> e instanceof ProvisionEvent.Finding f && f.severity() == severity)
                .map(e -> ((ProvisionEvent.Finding) e).message()).toList();
    }

    public List<String> logLines() {
        return events.stream().filter(e -> e instanceof ProvisionEvent.LogLine)
                .map(e -> ((ProvisionEvent.LogLine) e).line()).toList();
    }
}
