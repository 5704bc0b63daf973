package org.visomaster.launcher.engine;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The steps a run covers, in graph order, and the ones it runs even when done. Everything a selected step needs but
 * the run does not cover must already be done (the runner checks, and blocks the step when it is not).
 */
record RunPlan(List<Step> steps, Set<StepId> forced) {

    static RunPlan of(StepGraph graph, RunOptions options) {
        if (!options.only().isEmpty()) {
            options.only().forEach(graph::step);
            return new RunPlan(graph.steps().stream().filter(s -> options.only().contains(s.id())).toList(),
                    options.only());
        }
        if (options.from() != null) {
            StepId from = graph.step(options.from()).id();
            Set<StepId> before = graph.prerequisites(from);
            boolean fromCheck = graph.step(from).kind() == Step.Kind.CHECK;
            return new RunPlan(graph.steps().stream().filter(s -> s.id().equals(from) || !before.contains(s.id())
                    && (fromCheck || s.kind() != Step.Kind.CHECK)).toList(), Set.of(from));
        }
        return new RunPlan(graph.steps(), Set.of());
    }

    Set<StepId> ids() {
        Set<StepId> out = new LinkedHashSet<>();
        steps.forEach(s -> out.add(s.id()));
        return out;
    }
}
