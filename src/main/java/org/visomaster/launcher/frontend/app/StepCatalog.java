package org.visomaster.launcher.frontend.app;

import java.util.ArrayList;
import java.util.List;
import org.visomaster.launcher.steps.source.SourceStep;
import org.visomaster.launcher.steps.models.ModelsStep;
import org.visomaster.launcher.steps.preflight.PreflightStep;
import org.visomaster.launcher.engine.InstallFacts;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.steps.finish.FinishStep;
import org.visomaster.launcher.steps.python.PythonStep;
import org.visomaster.launcher.steps.requirements.RequirementsStep;
import org.visomaster.launcher.steps.selftest.SelfTestStep;

/**
 * The standard provisioning steps. Their order here is only the order people read them in; when each runs comes from
 * what it needs (see {@link org.visomaster.launcher.engine.StepGraph}). A new step is one line in {@code work}.
 */
public final class StepCatalog {
    private StepCatalog() {
    }

    public static List<Step> standard() {
        List<Step> work = List.of(new SourceStep(), new PythonStep(), new RequirementsStep(), new ModelsStep(),
                new SelfTestStep(), new FinishStep());
        List<Step> all = new ArrayList<>();
        all.add(new PreflightStep(work));
        all.addAll(work);
        return List.copyOf(all);
    }

    /** What the standard steps tell the front ends about models and the GPU, through the engine's façade. */
    public static InstallFacts facts() {
        return new StandardFacts();
    }
}
