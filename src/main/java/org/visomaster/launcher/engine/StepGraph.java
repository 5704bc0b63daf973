package org.visomaster.launcher.engine;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The steps and what each waits for: its declared needs, every {@link Step.Kind#CHECK check} for the work steps,
 * and everything else for the {@link Step.Kind#FINAL final} step. Built once from the catalogue; a duplicate id, an
 * unknown need or a cycle is a programming error and throws at once. {@link #steps()} is a topological order that
 * keeps the catalogue's order where the needs allow.
 */
public final class StepGraph {
    private final List<Step> ordered;
    private final Map<StepId, Step> byId = new LinkedHashMap<>();
    private final Map<StepId, Set<StepId>> waitsFor = new LinkedHashMap<>();

    public StepGraph(List<Step> steps) {
        for (Step s : steps) {
            if (byId.put(s.id(), s) != null) {
                throw new IllegalArgumentException("two steps have the id " + s.id());
            }
        }
        for (Step s : steps) {
            Set<StepId> w = new LinkedHashSet<>();
            for (StepId n : s.needs()) {
                if (!byId.containsKey(n)) {
                    throw new IllegalArgumentException(s.id() + " needs " + n + ", which is not a step");
                }
                w.add(n);
            }
            for (Step other : steps) {
                boolean implied = switch (s.kind()) {
                    case CHECK -> false;
                    case WORK -> other.kind() == Step.Kind.CHECK;
                    case FINAL -> other.kind() != Step.Kind.FINAL;
                };
                if (implied) {
                    w.add(other.id());
                }
            }
            waitsFor.put(s.id(), w);
        }
        ordered = topological(steps);
    }

    private List<Step> topological(List<Step> steps) {
        List<Step> out = new ArrayList<>();
        Set<StepId> placed = new LinkedHashSet<>();
        while (out.size() < steps.size()) {
            Step next = steps.stream().filter(s -> !placed.contains(s.id()) && placed.containsAll(waitsFor.get(s.id())))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException("the steps' needs form a cycle among "
                            + steps.stream().map(Step::id).filter(id -> !placed.contains(id)).map(StepId::name)
                            .collect(Collectors.joining(", "))));
            out.add(next);
            placed.add(next.id());
        }
        return List.copyOf(out);
    }

    /** Every step, each after all it waits for. */
    public List<Step> steps() {
        return ordered;
    }

    public List<StepId> ids() {
        return ordered.stream().map(Step::id).toList();
    }

    public Step step(StepId id) {
        Step s = byId.get(id);
        if (s == null) {
            throw new IllegalArgumentException("unknown step " + id);
        }
        return s;
    }

    public Optional<Step> find(String name) {
        return ordered.stream().filter(s -> s.id().name().equals(name)).findFirst();
    }

    /** The step a person named; the exception's message lists the names that exist. */
    public StepId require(String name) {
        return find(name).map(Step::id).orElseThrow(() -> new IllegalArgumentException("unknown step \"" + name
                + "\" (steps: " + ordered.stream().map(s -> s.id().name()).collect(Collectors.joining(", ")) + ")"));
    }

    /** What {@code id} waits for directly: its needs, the checks, and for the final step everything else. */
    public Set<StepId> waitsFor(StepId id) {
        return waitsFor.get(id);
    }

    /** True when {@code id} only waits for {@code other} to end and does not need it to succeed (a check). */
    public boolean isSoft(StepId id, StepId other) {
        return step(other).kind() == Step.Kind.CHECK && !step(id).needs().contains(other);
    }

    /** Every step {@code id} needs to have succeeded, directly or through others (checks left out). */
    public Set<StepId> prerequisites(StepId id) {
        Set<StepId> out = new LinkedHashSet<>();
        Deque<StepId> todo = new ArrayDeque<>(List.of(id));
        while (!todo.isEmpty()) {
            StepId cur = todo.pop();
            for (StepId w : waitsFor.get(cur)) {
                if (!isSoft(cur, w) && out.add(w)) {
                    todo.push(w);
                }
            }
        }
        return out;
    }

    /** The earliest step, in graph order, among {@code ids}; one that is not a step of this graph throws. */
    public Optional<StepId> first(Collection<StepId> ids) {
        ids.forEach(this::step);
        return ordered.stream().map(Step::id).filter(ids::contains).findFirst();
    }
}
