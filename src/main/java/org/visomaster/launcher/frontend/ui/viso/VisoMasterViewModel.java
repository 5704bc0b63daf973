package org.visomaster.launcher.frontend.ui.viso;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyListProperty;
import javafx.beans.property.ReadOnlyListWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.collections.FXCollections;
import org.visomaster.launcher.frontend.ui.console.ConsoleLine;
import org.visomaster.launcher.frontend.ui.console.ConsoleViewModel;
import org.visomaster.launcher.frontend.ui.services.BackgroundExecutor;
import org.visomaster.launcher.frontend.ui.services.Notifier;
import org.visomaster.launcher.infra.process.Diagnosis;
import org.visomaster.launcher.infra.process.LaunchGpu;
import org.visomaster.launcher.infra.process.SupervisorEvent;
import org.visomaster.launcher.infra.process.VisoMasterSupervisor;
import org.visomaster.launcher.infra.process.VisoState;
import org.visomaster.launcher.infra.util.Units;

/**
 * The VisoMaster panel: Launch / Stop / Restart, the child's state with pid and uptime, the crash triage, and on a
 * machine with several GPUs the GPU VisoMaster runs on (remembered in the workspace by the supervisor).
 * Supervisor events arrive on its threads: output lines go to the console's batcher, state changes take one UI hop.
 */
public final class VisoMasterViewModel implements AutoCloseable {
    private final BackgroundExecutor executor;
    private final ConsoleViewModel console;
    private final Notifier notifier;
    private final ObservableBooleanValue provisioned;
    private final Runnable repairAction;
    private final VisoMasterSupervisor supervisor;

    private final ReadOnlyObjectWrapper<VisoState> state = new ReadOnlyObjectWrapper<>(this, "state",
            VisoState.STOPPED);
    private final ReadOnlyLongWrapper pid = new ReadOnlyLongWrapper(this, "pid", -1);
    private final ReadOnlyStringWrapper stateText = new ReadOnlyStringWrapper(this, "stateText", "Not running");
    private final ReadOnlyBooleanWrapper insist = new ReadOnlyBooleanWrapper(this, "insist");
    private final ReadOnlyBooleanWrapper crashed = new ReadOnlyBooleanWrapper(this, "crashed");
    private final ReadOnlyStringWrapper crashCause = new ReadOnlyStringWrapper(this, "crashCause", "");
    private final ReadOnlyStringWrapper crashText = new ReadOnlyStringWrapper(this, "crashText", "");
    private final ReadOnlyStringWrapper crashLines = new ReadOnlyStringWrapper(this, "crashLines", "");
    private final ReadOnlyBooleanWrapper offerRepair = new ReadOnlyBooleanWrapper(this, "offerRepair");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error", "");
    private final ReadOnlyListWrapper<LaunchGpu> gpus = new ReadOnlyListWrapper<>(this, "gpus",
            FXCollections.observableArrayList());
    /** The picked GPU; null: VisoMaster's default. */
    private final ObjectProperty<LaunchGpu> gpu = new SimpleObjectProperty<>(this, "gpu");
    private final BooleanBinding offerGpuChoice = Bindings.size(gpus).greaterThan(1);
    private boolean showingGpu;
    private final BooleanBinding alive;
    private final BooleanBinding canLaunch;
    private final BooleanBinding offerLaunchAnyway;
    private Instant since;
    private Integer exitCode;
    private boolean pendingLaunch;

    /**
     * @param supervisors makes the supervisor, given the listener it must report to
     * @param provisioned true once provisioning is complete (Launch is enabled then)
     * @param repairAction what the crash panel's Repair button does (the Setup view's repair)
     */
    public VisoMasterViewModel(BackgroundExecutor executor, ConsoleViewModel console, Notifier notifier,
                               ObservableBooleanValue provisioned,
                               Function<Consumer<SupervisorEvent>, VisoMasterSupervisor> supervisors,
                               Runnable repairAction) {
        this.executor = executor;
        this.console = console;
        this.notifier = notifier;
        this.provisioned = provisioned;
        this.repairAction = repairAction;
        this.supervisor = supervisors.apply(this::onSupervisorEvent);
        alive = Bindings.createBooleanBinding(() -> switch (state.get()) {
            case STARTING, RUNNING, STOPPING -> true;
            default -> false;
        }, state);
        canLaunch = Bindings.createBooleanBinding(() -> !alive.get() && (provisioned.get() || insist.get()),
                alive, provisioned, insist);
        offerLaunchAnyway = Bindings.createBooleanBinding(() -> !alive.get() && !provisioned.get() && !insist.get(),
                alive, provisioned, insist);
        gpu.addListener((obs, was, now) -> {
            if (!showingGpu && now != was) {
                supervisor.chooseGpu(now == null ? null : now.index());
            }
        });
        loadGpus();
        provisioned.addListener((obs, was, now) -> {
            if (now && pendingLaunch) {
                pendingLaunch = false;
                launch();
            }
        });
    }

    private record GpuList(List<LaunchGpu> gpus, Integer chosen) {
    }

    /** Reads the GPUs (nvidia-smi may take a moment) and shows the remembered choice. */
    private void loadGpus() {
        executor.run(() -> new GpuList(supervisor.gpus(), supervisor.gpu()), r -> showGpus(r.gpus(), r.chosen()),
                e -> error.set("The GPUs could not be listed: " + e.getMessage()));
    }

    private void showGpus(List<LaunchGpu> list, Integer chosen) {
        showingGpu = true;
        try {
            gpus.setAll(list);
            gpu.set(chosen == null ? null : list.stream().filter(g -> g.index() == chosen).findFirst().orElse(null));
        } finally {
            showingGpu = false;
        }
    }

    /** Called on the supervisor's threads. */
    private void onSupervisorEvent(SupervisorEvent e) {
        if (e instanceof SupervisorEvent.Output o) {
            console.append(ConsoleLine.Source.VISOMASTER, o.line());
        } else {
            executor.onUi(() -> apply(e));
        }
    }

    private void apply(SupervisorEvent e) {
        if (e instanceof SupervisorEvent.StateChanged s) {
            state.set(s.state());
            pid.set(s.pid());
            since = s.since();
            exitCode = s.exitCode();
            refreshClock(Instant.now());
        } else if (e instanceof SupervisorEvent.Crashed c) {
            crashed.set(true);
            crashLines.set(String.join("\n", c.lastLines()));
            Diagnosis d = c.diagnosis().orElse(null);
            if (d != null) {
                crashCause.set(d.cause());
                crashText.set(d.fix());
                offerRepair.set(d.offerRepair());
            } else {
                crashCause.set("Unknown cause");
                crashText.set("VisoMaster stopped with exit code " + c.exitCode()
                        + " for a reason the launcher does not recognise; read its last lines below.");
                offerRepair.set(false);
            }
            notifier.error("VisoMaster crashed", crashText.get());
        }
    }

    /** Launches when provisioning is complete (or the user insisted); otherwise once it completes. */
    public void requestLaunch() {
        if (canLaunch.get()) {
            launch();
        } else if (!alive.get()) {
            pendingLaunch = true;
            error.set("VisoMaster starts as soon as the installation is complete.");
        }
    }

    public void launch() {
        if (alive.get()) {
            return;
        }
        clearCrash();
        error.set("");
        executor.run(supervisor::start,
                e -> error.set("VisoMaster could not start: " + e.getMessage()));
    }

    /** The user insists on launching before provisioning is complete. */
    public void launchAnyway() {
        insist.set(true);
        launch();
    }

    public void stop() {
        executor.run(supervisor::stop, e -> error.set("Stopping VisoMaster failed: " + e.getMessage()));
    }

    public void restart() {
        clearCrash();
        error.set("");
        executor.run(supervisor::restart, e -> error.set("VisoMaster could not restart: " + e.getMessage()));
    }

    public void repair() {
        clearCrash();
        repairAction.run();
    }

    private void clearCrash() {
        crashed.set(false);
        crashCause.set("");
        crashText.set("");
        crashLines.set("");
        offerRepair.set(false);
    }

    /** Recomputes the state line (uptime); the view calls it once a second. */
    public void refreshClock(Instant now) {
        VisoState s = state.get();
        stateText.set(switch (s) {
            case STOPPED -> "Not running";
            case STARTING -> "Starting…";
            case RUNNING -> "Running · pid " + pid.get()
                    + (since == null ? "" : " · up " + Units.duration(Duration.between(since, now)));
            case STOPPING -> "Stopping…";
            case EXITED -> "Exited" + (exitCode == null ? "" : " (code " + exitCode + ")");
            case CRASHED -> "Crashed" + (exitCode == null ? "" : " (code " + exitCode + ")");
        });
    }

    /** The supervisor's pid as the metrics sampler reads it (any thread). */
    public long livePid() {
        return supervisor.pid();
    }

    public VisoMasterSupervisor supervisor() {
        return supervisor;
    }

    public boolean isAlive() {
        return alive.get();
    }

    public ReadOnlyObjectProperty<VisoState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    public ReadOnlyLongProperty pidProperty() {
        return pid.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateTextProperty() {
        return stateText.getReadOnlyProperty();
    }

    public BooleanBinding aliveBinding() {
        return alive;
    }

    public BooleanBinding canLaunchBinding() {
        return canLaunch;
    }

    /** True while provisioning is not complete: the view offers "Launch anyway". */
    public BooleanBinding offerLaunchAnywayBinding() {
        return offerLaunchAnyway;
    }

    /** This machine's GPUs (read once, in the background). */
    public ReadOnlyListProperty<LaunchGpu> gpusProperty() {
        return gpus.getReadOnlyProperty();
    }

    /** The GPU the next launch uses (null: VisoMaster's default); setting it remembers it in the workspace. */
    public ObjectProperty<LaunchGpu> gpuProperty() {
        return gpu;
    }

    /** True on a machine with several GPUs: the view shows the GPU picker. */
    public BooleanBinding offerGpuChoiceBinding() {
        return offerGpuChoice;
    }

    public ReadOnlyBooleanProperty crashedProperty() {
        return crashed.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty crashCauseProperty() {
        return crashCause.getReadOnlyProperty();
    }

    /** One sentence: the cause and the fix. */
    public ReadOnlyStringProperty crashTextProperty() {
        return crashText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty crashLinesProperty() {
        return crashLines.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty offerRepairProperty() {
        return offerRepair.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Stops VisoMaster (blocking up to the supervisor's stop timeout). */
    @Override
    public void close() {
        supervisor.close();
    }
}
