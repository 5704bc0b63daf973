package org.visomaster.launcher.provision;

import java.util.ArrayList;
import java.util.List;

/** The standard provisioning steps, in order. */
public final class StepCatalog {
    /** Step ids in run order. */
    public static final List<String> ORDER = List.of("preflight", "source", "python", "requirements", "models",
            "finish");

    private StepCatalog() {
    }

    public static List<Step> standard() {
        List<Step> steps = new ArrayList<>();
        return steps;
    }
}
