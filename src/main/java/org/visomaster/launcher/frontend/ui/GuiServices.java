package org.visomaster.launcher.frontend.ui;

import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.visomaster.launcher.infra.metrics.GpuSources;
import org.visomaster.launcher.infra.metrics.MetricsService;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.process.SupervisorEvent;
import org.visomaster.launcher.infra.process.VisoMasterSupervisor;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.guard.CrashNotifications;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.imports.ImportService;

/**
 * The engine services the window works with. {@link #standard} wires the real ones; tests build their own (a
 * fixture workspace, a PATH with a fake nvidia-smi).
 *
 * @param supervisors makes the VisoMaster supervisor for the listener the window gives it
 * @param metrics     makes the metrics sampler, given how to read VisoMaster's pid
 */
public record GuiServices(Workspace workspace, LauncherConfig config, HostEnvironment host,
                          ProvisionService provision, ImportService imports,
                          Function<Consumer<SupervisorEvent>, VisoMasterSupervisor> supervisors,
                          Function<LongSupplier, MetricsService> metrics) {

    /** The window's services around the engine's one entry. */
    public static GuiServices standard(ProvisionService provision) {
        Workspace ws = provision.workspace();
        HostEnvironment host = provision.host();
        return new GuiServices(ws, provision.config(), host, provision, new ImportService(ws),
                // a crash is also sent to the user's notification URL (VISO_NOTIFY_URL)
                listener -> provision.supervisor(CrashNotifications.around(ws, host.all(), listener)),
                pid -> new MetricsService(GpuSources.detect(host), ws.root(), pid));
    }
}
