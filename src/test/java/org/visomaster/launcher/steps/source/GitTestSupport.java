package org.visomaster.launcher.steps.source;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;

/** Builds step contexts over a temporary workspace and collects the events a step emits. */
final class GitTestSupport {
    final Workspace ws;
    final List<ProvisionEvent> events = new CopyOnWriteArrayList<>();

    GitTestSupport(Path root) {
        this.ws = new Workspace(root);
    }

    StepContext ctx(String url, String ref) {
        return ctx(url, ref, new Cancellation());
    }

    StepContext ctx(String url, String ref, Cancellation cancellation) {
        LauncherConfig config = new LauncherConfig("upstream", "", url, ref, "3.11", "requirements.txt", List.of(),
                null, List.of(), "app/processors/models_data.py", null, null, "auto", 4, true, 17860, 1L << 30);
        return new StepContext(ws, config, HostEnvironment.system(), new StateStore(ws.stateFile()), events::add,
                cancellation, SourceStep.ID);
    }

    List<String> warnings() {
        return events.stream().filter(e -> e instanceof ProvisionEvent.Finding f
                        && f.severity() == ProvisionEvent.Severity.WARNING)
                .map(e -> ((ProvisionEvent.Finding) e).message()).toList();
    }
}
