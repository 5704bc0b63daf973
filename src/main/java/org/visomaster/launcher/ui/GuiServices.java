package org.visomaster.launcher.ui;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.visomaster.launcher.metrics.GpuSources;
import org.visomaster.launcher.metrics.MetricsService;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.process.SupervisorEvent;
import org.visomaster.launcher.process.VisoMasterSupervisor;
import org.visomaster.launcher.provision.ProvisionService;
import org.visomaster.launcher.provision.Step;
import org.visomaster.launcher.workspace.LauncherConfig;
import org.visomaster.launcher.workspace.Workspace;
import org.visomaster.launcher.workspace.imports.ImportService;

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

    public static GuiServices standard(Workspace ws, LauncherConfig config, HostEnvironment host, List<Step> steps) {
        return new GuiServices(ws, config, host, new ProvisionService(ws, config, host, steps),
                new ImportService(ws),
                listener -> new VisoMasterSupervisor(ws, host, listener),
                pid -> new MetricsService(GpuSources.detect(host), ws.root(), pid));
    }
}
