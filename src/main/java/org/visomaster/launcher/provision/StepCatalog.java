package org.visomaster.launcher.provision;

import java.util.ArrayList;
import java.util.List;
import org.visomaster.launcher.git.SourceStep;
import org.visomaster.launcher.models.ModelsStep;
import org.visomaster.launcher.provision.finish.FinishStep;
import org.visomaster.launcher.provision.preflight.PreflightStep;
import org.visomaster.launcher.python.PythonStep;
import org.visomaster.launcher.python.RequirementsStep;

/** The standard provisioning steps, in order. */
public final class StepCatalog {
    /** Step ids in run order. */
    public static final List<String> ORDER = List.of("preflight", "source", "python", "requirements", "models",
            "selftest", "finish");

    private StepCatalog() {
    }

    public static List<Step> standard() {
        List<Step> later = List.of(new SourceStep(), new PythonStep(), new RequirementsStep(), new ModelsStep(),
                new org.visomaster.launcher.selftest.SelfTestStep(), new FinishStep());
        List<Step> all = new ArrayList<>();
        all.add(new PreflightStep(later));
        all.addAll(later);
        return List.copyOf(all);
    }
}
