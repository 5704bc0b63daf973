package org.visomaster.launcher.steps.selftest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.metrics.GpuFacts;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.engine.StepIds;
import org.visomaster.launcher.steps.models.ModelsStep;
import org.visomaster.launcher.infra.process.CommandResult;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.infra.process.CrashTriage;
import org.visomaster.launcher.infra.process.Diagnosis;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepOutcome;
import org.visomaster.launcher.steps.python.PythonEnv;
import org.visomaster.launcher.steps.requirements.RequirementsState;
import org.visomaster.launcher.steps.requirements.RequirementsStep;
import org.visomaster.launcher.steps.requirements.VariantChoice;
import org.visomaster.launcher.steps.requirements.WheelVariants;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.Sha256;

/**
 * Step "selftest": runs the jar's {@code gpu_selftest.py} with the environment's interpreter (torch imports and
 * runs a kernel on each GPU, onnxruntime offers CUDA and runs one small model of the manifest on it, PySide6 starts
 * offscreen). Done while the stamp of the last pass (environment, models, GPU, driver, script) matches. Without a
 * GPU it passes with a warning; a driver that is there but reads no GPU fails; a failure names the cause and the
 * fix.
 */
public final class SelfTestStep implements Step {
    private static final Logger LOG = LoggerFactory.getLogger(SelfTestStep.class);
    public static final StepId ID = StepIds.SELFTEST;
    static final Duration TIMEOUT = Duration.ofMinutes(10);
    private static final int KEEP_LINES = 200;

    @Override
    public StepId id() {
        return ID;
    }

    @Override
    public Set<StepId> needs() {
        return Set.of(RequirementsStep.ID, ModelsStep.ID);
    }

    @Override
    public String title() {
        return "GPU self-test";
    }

    @Override
    public boolean isDone(StepContext ctx) {
        SelfTestState last = ctx.state().get(SelfTestState.SECTION, SelfTestState.class);
        return last != null && last.stamp() != null && last.stamp().equals(stamp(ctx));
    }

    @Override
    public String plan(StepContext ctx) {
        RequirementsState req = ctx.state().get(RequirementsState.SECTION, RequirementsState.class);
        String checks;
        try {
            Set<String> expected = SelfTestInputs.expected(req);
            checks = expected.isEmpty() ? "the installed packages once the requirements are in"
                    : String.join(", ", expected);
        } catch (IOException e) {
            checks = "unknown until the requirements are installed again (" + e.getMessage() + ")";
        }
        Optional<Path> model = SelfTestInputs.smallestOnnxModel(ctx);
        return "run the GPU self-test with " + PythonEnv.interpreter(ctx.workspace()) + " on "
                + GpuFactsProbe.probe(ctx.host()).summary() + " (checks: " + checks
                + model.map(m -> "; model " + m.getFileName()).orElse("") + ")";
    }

    /** What a pass is valid for; null when the requirements were never installed. */
    static String stamp(StepContext ctx) {
        RequirementsState req = ctx.state().get(RequirementsState.SECTION, RequirementsState.class);
        if (req == null || req.stamp() == null) {
            return null;
        }
        Optional<Path> model = SelfTestInputs.smallestOnnxModel(ctx);
        return Sha256.ofString(req.stamp() + "\n" + SelfTestInputs.modelIdentity(ctx, model) + "\n"
                + GpuFactsProbe.probe(ctx.host()).identity() + "\n" + SelfTestScript.hash());
    }

    @Override
    public StepOutcome run(StepContext ctx) throws StepFailedException, Cancellation.CancelledException, IOException {
        RequirementsState req = ctx.state().get(RequirementsState.SECTION, RequirementsState.class);
        Path python = PythonEnv.interpreter(ctx.workspace());
        if (req == null || !Files.isExecutable(python)) {
            throw new StepFailedException("The GPU self-test needs the Python environment and its packages: run the"
                    + " python and requirements steps first (or Repair).");
        }
        GpuFacts facts = GpuFactsProbe.probe(ctx.host());
        if (facts.driverFailing()) {
            throw failed(ctx, facts, List.of(new SelfTestState.Check("gpu", "failure", facts.driverFailingSentence(),
                    "")), List.of());
        }
        Set<String> expected;
        try {
            expected = SelfTestInputs.expected(req);
        } catch (IOException e) {
            LOG.warn("the self-test cannot read the installed requirements {}", req.derivedFile(), e);
            throw new StepFailedException("The GPU self-test cannot tell what to test: the installed requirements"
                    + " file " + req.derivedFile() + " cannot be read (" + e.getMessage() + "); run the requirements"
                    + " step again (Repair).");
        }
        Optional<Path> model = SelfTestInputs.smallestOnnxModel(ctx);
        String stamp = stamp(ctx);
        Path script = ctx.workspace().stateDir().resolve(SelfTestScript.RESOURCE);
        AtomicFiles.writeString(script, SelfTestScript.text());
        List<String> argv = new ArrayList<>(List.of(python.toString(), script.toString(), "--expect",
                String.join(",", expected), "--gpu", facts.hasGpu() ? "yes" : "no"));
        model.ifPresent(m -> argv.addAll(List.of("--model", m.toString())));
        ctx.log("GPU: " + facts.summary());
        ctx.log("$ " + String.join(" ", argv));
        List<SelfTestState.Check> checks = new ArrayList<>();
        List<String> output = new ArrayList<>();
        Map<String, String> env = PythonEnv.childEnv(ctx.host());
        env.put("QT_QPA_PLATFORM", "offscreen");
        Path cwd = Files.isDirectory(ctx.workspace().source()) ? ctx.workspace().source() : ctx.workspace().root();
        CommandResult r = CommandRunner.run(argv, cwd, env, TIMEOUT, line -> {
            Optional<SelfTestState.Check> c = SelfTestScript.parse(line);
            if (c.isPresent()) {
                report(ctx, c.get());
                synchronized (checks) {
                    checks.add(c.get());
                }
            } else {
                ctx.log(line);
                synchronized (output) {
                    if (output.size() >= KEEP_LINES) {
                        output.remove(0);
                    }
                    output.add(line);
                }
            }
        }, ctx.cancellation());
        if (r.cancelled()) {
            throw new Cancellation.CancelledException();
        }
        List<SelfTestState.Check> failures = checks.stream().filter(c -> "failure".equals(c.level())).toList();
        if (!r.ok() && failures.isEmpty()) {
            failures = List.of(new SelfTestState.Check("script", "failure", r.timedOut()
                    ? "The GPU self-test did not finish within " + TIMEOUT.toMinutes() + " minutes."
                    : "The GPU self-test stopped with exit code " + r.exitCode() + ".",
                    "read the lines above; run Repair if they name a package"));
        }
        String gpu = facts.summary();
        String modelName = model.map(m -> m.getFileName().toString()).orElse("");
        if (!failures.isEmpty()) {
            throw failed(ctx, facts, checks, output, failures.get(0), modelName);
        }
        List<String> warnings = new ArrayList<>(checks.stream().filter(c -> "warning".equals(c.level()))
                .map(SelfTestState.Check::sentence).toList());
        if (!facts.hasGpu()) {
            String none = "No NVIDIA GPU is visible: the installation is complete, but VisoMaster needs an NVIDIA GPU"
                    + " to run well; rent a GPU instance or check the driver.";
            ctx.warn(none);
            warnings.add(0, none);
        }
        long passed = checks.stream().filter(c -> "ok".equals(c.level())).count();
        ctx.state().put(SelfTestState.SECTION, new SelfTestState(stamp, Instant.now().toString(),
                warnings.isEmpty() ? "passed" : "passed with warnings", gpu, modelName, checks));
        if (facts.hasGpu()) {
            org.visomaster.launcher.steps.source.GoodVersions.recordPass(ctx.state(), facts.identity(),
                    Instant.now().toString());
        }
        if (!warnings.isEmpty()) {
            return StepOutcome.warning(warnings.get(0) + " (" + passed + " checks passed)");
        }
        return StepOutcome.done(passed + " checks passed on " + gpu);
    }

    /** Records the failed run (no stamp: the next provision runs the self-test again) and says why. */
    private static StepFailedException failed(StepContext ctx, GpuFacts facts, List<SelfTestState.Check> checks,
                                              List<String> output) {
        return failed(ctx, facts, checks, output, checks.get(0), "");
    }

    private static StepFailedException failed(StepContext ctx, GpuFacts facts, List<SelfTestState.Check> checks,
                                              List<String> output, SelfTestState.Check first, String modelName) {
        ctx.state().put(SelfTestState.SECTION, new SelfTestState(null, Instant.now().toString(), "failed",
                facts.summary(), modelName, checks));
        return new StepFailedException(failureSentence(ctx, first, output), output);
    }

    private static void report(StepContext ctx, SelfTestState.Check c) {
        String text = c.sentence() + (c.fix().isBlank() ? "" : " Fix: " + c.fix() + ".");
        switch (c.level()) {
            case "warning" -> ctx.warn(text);
            case "failure" -> ctx.log("FAILED: " + text);
            default -> ctx.info(c.sentence());
        }
    }

    /**
     * The failure as one sentence: what failed, the fix, the wheel variant when torch lacks kernels for this GPU,
     * a recognised cause from the output, and that VisoMaster can still be launched.
     */
    private static String failureSentence(StepContext ctx, SelfTestState.Check f, List<String> output) {
        StringBuilder b = new StringBuilder("The GPU self-test failed: ").append(f.sentence());
        if (!f.fix().isBlank()) {
            b.append(" To fix it, ").append(f.fix()).append('.');
        }
        if ("kernel".equals(f.check())) {
            variantHint(ctx).ifPresent(h -> b.append(' ').append(h));
        }
        List<String> all = new ArrayList<>(output);
        all.add(f.sentence());
        Optional<Diagnosis> d = CrashTriage.diagnose(all);
        d.filter(x -> !x.fix().isBlank() && !"kernel".equals(f.check()))
                .ifPresent(x -> b.append(" Likely cause (").append(x.cause()).append("): ").append(x.fix()));
        b.append(" Launch anyway starts VisoMaster regardless.");
        return b.toString();
    }

    /**
     * "This GPU needs the cu128 wheels (torch 2.7.1+cu128), but cu124 is installed: run Repair.", or why no variant
     * fits; empty when the installed variant is the one for this GPU.
     */
    static Optional<String> variantHint(StepContext ctx) {
        VariantChoice choice = WheelVariants.choose(ctx.config(), ctx.host());
        RequirementsState req = ctx.state().get(RequirementsState.SECTION, RequirementsState.class);
        if (!choice.present()) {
            return Optional.empty();
        }
        String installed = req == null ? null : req.variant();
        if (installed != null && !installed.equals(choice.name())) {
            return Optional.of("This GPU needs " + choice.variant().label() + ", but " + installed
                    + " is installed: run Repair.");
        }
        return choice.fits() ? Optional.empty() : Optional.of(choice.reason());
    }
}
