package org.visomaster.launcher.engine;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The one sentence group that ends a run: what failed, what is waiting on it, and whether the rest is done. */
final class RunSummary {
    static final String ALL_DONE = "VisoMaster is installed and verified.";

    private RunSummary() {
    }

    /**
     * @param notDone the steps of the whole graph whose check does not pass after the run (asked when every step of
     *                the run succeeded; the run's own steps count as done): a run of some steps only ({@code --only models}, the finish run after a
     *                drop) says "installed and verified" only when nothing else is left either
     */
    static String of(StepGraph graph, Map<StepId, StepStatus> statuses, List<StepFailure> failures,
                     Map<StepId, StepId> waiting, boolean cancelled, List<StepId> notDone) {
        if (statuses.values().stream().allMatch(StepStatus::isSuccess)) {
            // a step this run ended well counts as done whatever its check says now (a check may need what only a
            // later run records); the others are done only when their check passes
            List<String> left = notDone.stream().filter(id -> !statuses.containsKey(id)).map(graph::step)
                    .filter(s -> s.kind() != Step.Kind.CHECK).map(Step::title).toList();
            if (left.isEmpty()) {
                return ALL_DONE;
            }
            String ran = statuses.keySet().stream().map(id -> graph.step(id).title()).collect(Collectors.joining(
                    ", "));
            return "Done: " + ran + ". Not done yet: " + String.join(", ", left) + "; run provision to finish the"
                    + " installation.";
        }
        if (cancelled) {
            return "Setup was stopped; run provision again to continue where it left off (partial downloads are"
                    + " kept).";
        }
        List<String> parts = new ArrayList<>();
        for (StepFailure f : failures) {
            parts.add(f.title() + ": " + f.message());
        }
        Map<StepId, List<String>> byRoot = new LinkedHashMap<>();
        graph.ids().stream().filter(waiting::containsKey).forEach(step -> byRoot
                .computeIfAbsent(waiting.get(step), r -> new ArrayList<>()).add(graph.step(step).title()));
        boolean oneFailure = failures.size() == 1 && byRoot.size() == 1
                && byRoot.containsKey(failures.get(0).stepId());
        byRoot.forEach((root, steps) -> {
            String what = oneFailure ? "it" : graph.step(root).title()
                    + (statuses.containsKey(root) ? "" : ", which is not done");
            parts.add("Waiting on " + what + ": " + String.join(", ", steps) + ".");
        });
        long others = statuses.entrySet().stream().filter(e -> !waiting.containsKey(e.getKey())
                && failures.stream().noneMatch(f -> f.stepId().equals(e.getKey()))).count();
        boolean othersDone = statuses.entrySet().stream().filter(e -> !waiting.containsKey(e.getKey())
                && failures.stream().noneMatch(f -> f.stepId().equals(e.getKey())))
                .allMatch(e -> e.getValue().isSuccess());
        if (others > 0 && othersDone) {
            parts.add((others == 1 ? "The other step is done." : "Every other step is done."));
        }
        return parts.stream().map(String::strip).collect(Collectors.joining(" "));
    }
}
