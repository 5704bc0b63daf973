package org.visomaster.launcher.steps.preflight;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.ToLongFunction;
import org.visomaster.launcher.engine.StepIds;
import org.visomaster.launcher.steps.source.RemoteCheck;
import org.visomaster.launcher.steps.source.SourceStep;
import org.visomaster.launcher.infra.metrics.GpuFacts;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.steps.python.PythonLocator;
import org.visomaster.launcher.steps.python.PythonStep;

/**
 * The checks before any work (a {@link Step.Kind#CHECK} step): a driver that can run the chosen wheels, free space
 * against what is still to fetch, a way to get the profile's Python, the git remote, a GPU. Each problem stops only
 * the step it concerns — the others go on — and a missing GPU is a warning only. Skipped when every other step is already done.
 */
public final class PreflightStep implements Step {
    public static final StepId ID = StepIds.PREFLIGHT;
    static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(20);

    private final List<Step> later;
    private final List<PreflightCheck> checks;

    /** @param later the steps whose work the checks are for (the rest of the catalogue) */
    public PreflightStep(List<Step> later) {
        this(later, SpaceCheck::usableSpace);
    }

    PreflightStep(List<Step> later, ToLongFunction<Path> freeSpace) {
        this(later, standardChecks(freeSpace));
    }

    /** @param checks run in this order */
    public PreflightStep(List<Step> later, List<PreflightCheck> checks) {
        this.later = List.copyOf(later);
        this.checks = List.copyOf(checks);
    }

    /** The driver against the wheels, space, Python, the git remote and the GPU, in that order. */
    public static List<PreflightCheck> standardChecks(ToLongFunction<Path> freeSpace) {
        return List.of(new WheelDriverCheck(), new StackCheck(), new SpaceCheck(freeSpace), PreflightStep::python,
                PreflightStep::remote, PreflightStep::gpu);
    }

    @Override
    public StepId id() {
        return ID;
    }

    @Override
    public String title() {
        return "Checks";
    }

    @Override
    public Kind kind() {
        return Kind.CHECK;
    }

    @Override
    public Set<StepId> needs() {
        return Set.of();
    }

    @Override
    public boolean isDone(StepContext ctx) throws Exception {
        return done(ctx).size() == later.size();
    }

    private Set<StepId> done(StepContext ctx) throws Exception {
        Set<StepId> done = new LinkedHashSet<>();
        for (Step s : later) {
            if (s.isDone(ctx.forStep(s.id()))) {
                done.add(s.id());
            }
        }
        return done;
    }

    @Override
    public String plan(StepContext ctx) {
        return "check the driver against the wheels, free space, Python "
                + PythonStep.wanted(ctx).orElse("(the checkout's)") + ", the git remote and the GPU";
    }

    @Override
    public StepOutcome run(StepContext ctx) throws Exception {
        Set<StepId> done = done(ctx);
        PreflightCheck.Findings findings = new PreflightCheck.Findings(ctx);
        for (PreflightCheck c : checks) {
            ctx.cancellation().throwIfCancelled();
            try {
                c.check(ctx, done, findings);
            } catch (Exception e) {
                findings.warn("A check before the installation could not run (" + e.getMessage() + "); the"
                        + " installation goes on without it.");
            }
        }
        List<String> summary = new ArrayList<>(findings.notes());
        if (!findings.blocks().isEmpty()) {
            summary.add("stops " + String.join(", ", findings.blocks().keySet().stream().map(StepId::name).toList())
                    + " (see there)");
        }
        String detail = String.join("; ", summary);
        StepOutcome outcome = findings.warned() || !findings.blocks().isEmpty() ? StepOutcome.warning(detail)
                : StepOutcome.done(detail);
        for (var b : findings.blocks().entrySet()) {
            outcome = outcome.blocking(b.getKey(), b.getValue());
        }
        return outcome;
    }

    private static void python(StepContext ctx, Set<StepId> done, PreflightCheck.Findings findings) {
        if (done.contains(PythonStep.ID)) {
            return;
        }
        Optional<String> wanted = PythonStep.wanted(ctx);
        if (wanted.isEmpty()) {
            findings.note("Python: the version the checkout names is checked once it is there");
            return;
        }
        String v = wanted.get();
        Optional<String> how = PythonLocator.findBase(ctx.host(), v, ctx.config().envManager());
        if (how.isEmpty()) {
            findings.block(PythonStep.ID, PythonLocator.notFoundSentence(v, ctx.config().envManager()));
        } else {
            findings.note("Python " + v + ": " + how.get());
        }
    }

    private static void remote(StepContext ctx, Set<StepId> done, PreflightCheck.Findings findings)
            throws java.io.IOException {
        if (done.contains(SourceStep.ID)) {
            return;
        }
        Optional<String> offline = SourceStep.usedWithoutRemote(ctx);
        if (offline.isPresent()) {
            findings.note(offline.get());
            return;
        }
        Optional<String> problem = RemoteCheck.check(ctx.config().repoUrl(), REMOTE_TIMEOUT);
        if (problem.isPresent()) {
            findings.block(SourceStep.ID, problem.get());
        } else {
            findings.note("git remote reachable");
        }
    }

    private static void gpu(StepContext ctx, Set<StepId> done, PreflightCheck.Findings findings) {
        GpuFacts facts = GpuFactsProbe.probe(ctx.host());
        if (facts.hasGpu()) {
            findings.note(facts.summary());
        } else if (facts.driverFailing()) {
            findings.warn(facts.driverFailingSentence() + " The installation goes on, but VisoMaster will not run"
                    + " until the driver answers.");
            findings.note("GPU driver not answering");
        } else {
            findings.warn("No NVIDIA GPU is visible (nvidia-smi is not on PATH): installation goes on, but"
                    + " VisoMaster needs an NVIDIA GPU to run; rent a GPU instance or check the driver.");
            findings.note("no GPU visible");
        }
    }
}
