package org.visomaster.launcher.engine;

import java.util.List;
import java.util.Optional;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.workspace.LauncherConfig;

/**
 * What the front ends may know about the install beyond the steps' outcomes: the model files and the GPU. The steps
 * that know these facts live above the engine, so the composition root hands an implementation to
 * {@link ProvisionService}, and the front ends ask the service: they never reach the models or self-test steps.
 */
public interface InstallFacts {
    /** Knows nothing: no models step, no GPU facts (for catalogues without those steps). */
    InstallFacts NONE = new InstallFacts() {
    };

    /**
     * The models as the last run left them, from the cached manifest only (starts nothing, hashes nothing); empty
     * when no run has read the manifest yet.
     */
    default Optional<List<ModelView>> modelsOnDisk(ProvisionService service) {
        return Optional.empty();
    }

    /** Every model of the manifest with its state on disk; {@code verify} hashes every present file. */
    default List<ModelView> models(ProvisionService service, boolean verify)
            throws StepFailedException, Cancellation.CancelledException {
        throw new StepFailedException("This launcher has no models step, so it lists no models.");
    }

    /** The GPU, the wheel variant for it and the last self-test; {@code config} empty when it cannot be read. */
    default GpuView gpu(Optional<LauncherConfig> config, HostEnvironment host, StateStore state) {
        return GpuView.UNKNOWN;
    }

    /** The step whose failure still lets a person launch VisoMaster (the GPU self-test), if the catalogue has one. */
    default Optional<StepId> selfTestStep() {
        return Optional.empty();
    }
}
