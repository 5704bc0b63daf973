package org.visomaster.launcher.frontend.app;

import java.util.List;
import java.util.Optional;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.GpuView;
import org.visomaster.launcher.engine.InstallFacts;
import org.visomaster.launcher.engine.ModelId;
import org.visomaster.launcher.engine.ModelView;
import org.visomaster.launcher.engine.ProvisionEvent.ModelState;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.steps.models.ModelStatus;
import org.visomaster.launcher.steps.models.ModelsReport;
import org.visomaster.launcher.steps.models.ModelsStep;
import org.visomaster.launcher.steps.selftest.GpuReport;
import org.visomaster.launcher.steps.selftest.SelfTestStep;

/** The standard steps' facts behind the engine's façade: the models step's listings and the self-test's GPU report. */
final class StandardFacts implements InstallFacts {
    @Override
    public Optional<List<ModelView>> modelsOnDisk(ProvisionService service) {
        if (!service.graph().ids().contains(ModelsStep.ID)) {
            return Optional.empty();
        }
        return ModelsReport.fromCache(service.context(ModelsStep.ID))
                .map(list -> list.stream().map(StandardFacts::view).toList());
    }

    @Override
    public List<ModelView> models(ProvisionService service, boolean verify)
            throws StepFailedException, Cancellation.CancelledException {
        return ModelsReport.list(service.context(ModelsStep.ID), verify).stream().map(StandardFacts::view).toList();
    }

    @Override
    public GpuView gpu(Optional<LauncherConfig> config, HostEnvironment host, StateStore state) {
        GpuReport r = GpuReport.of(config, host, state);
        return new GpuView(r.sentence(), r.lines().stream().map(l -> new GpuView.Line(l.level(), l.text())).toList(),
                r.json());
    }

    @Override
    public Optional<StepId> selfTestStep() {
        return Optional.of(SelfTestStep.ID);
    }

    static ModelView view(ModelStatus m) {
        long onDisk = Math.max(0, m.size());
        return new ModelView(new ModelId(m.relativePath()), m.name(), m.url(), m.expectedSha(),
                m.state() == ModelState.VERIFIED || m.state() == ModelState.PARTIAL ? onDisk : 0, m.size(), 0,
                m.state(), m.detail());
    }
}
