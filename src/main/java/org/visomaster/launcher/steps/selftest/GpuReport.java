package org.visomaster.launcher.steps.selftest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.visomaster.launcher.infra.metrics.GpuFacts;
import org.visomaster.launcher.infra.metrics.GpuFactsProbe;
import org.visomaster.launcher.infra.metrics.GpuInfo;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.steps.requirements.DriverCheck;
import org.visomaster.launcher.steps.requirements.RequirementsState;
import org.visomaster.launcher.steps.requirements.VariantChoice;
import org.visomaster.launcher.steps.requirements.WheelVariants;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.LauncherConfig;

/**
 * The GPU part of {@code status}, {@code doctor} and the window: the GPU facts, the wheel variant chosen for them
 * (and the one installed), the driver check and the last self-test, as lines for people and as JSON.
 */
public final class GpuReport {
    /** One line of the report; {@code level} is ok, warning or problem. */
    public record Line(String level, String text) {
    }

    private final GpuFacts facts;
    private final VariantChoice choice;
    private final DriverCheck.Result driver;
    private final RequirementsState installed;
    private final SelfTestState selfTest;

    private GpuReport(GpuFacts facts, VariantChoice choice, DriverCheck.Result driver, RequirementsState installed,
                      SelfTestState selfTest) {
        this.facts = facts;
        this.choice = choice;
        this.driver = driver;
        this.installed = installed;
        this.selfTest = selfTest;
    }

    /** @param state the workspace's state, or null when there is none yet */
    public static GpuReport of(LauncherConfig config, HostEnvironment host, StateStore state) {
        return of(Optional.of(config), host, state);
    }

    /**
     * @param config absent when it cannot be loaded (doctor on a broken launcher.json): then the report has the GPU
     *               facts and the last self-test, but no wheel variant and no driver check
     * @param state  the workspace's state, or null when there is none yet
     */
    public static GpuReport of(Optional<LauncherConfig> config, HostEnvironment host, StateStore state) {
        GpuFacts facts = GpuFactsProbe.probe(host);
        VariantChoice choice = config.map(c -> WheelVariants.choose(c, facts)).orElse(VariantChoice.NONE);
        DriverCheck.Result driver = config.map(c -> DriverCheck.check(c, choice, facts))
                .orElse(new DriverCheck.Result(false, ""));
        return new GpuReport(facts, choice, driver,
                state == null ? null : state.get(RequirementsState.SECTION, RequirementsState.class),
                state == null ? null : state.get(SelfTestState.SECTION, SelfTestState.class));
    }

    public GpuFacts facts() {
        return facts;
    }

    public VariantChoice choice() {
        return choice;
    }

    /** The window's one line: the GPU and the wheel choice. */
    public String sentence() {
        String gpu = facts.hasGpu() ? "GPU: " + facts.summary() + "." : facts.summary() + ".";
        return choice.present() ? gpu + " " + choice.reason() : gpu;
    }

    public List<Line> lines() {
        List<Line> out = new ArrayList<>();
        if (facts.driverFailing()) {
            out.add(new Line("problem", facts.driverFailingSentence()));
        } else if (!facts.hasGpu()) {
            out.add(new Line("warning", facts.summary() + ": VisoMaster needs an NVIDIA GPU; rent a GPU instance or"
                    + " check the container's GPU access."));
        }
        for (GpuInfo g : facts.gpus()) {
            out.add(new Line(g.computeCapability().isEmpty() ? "warning" : "ok", "GPU " + g.index() + ": " + g.name()
                    + ", compute capability " + (g.computeCapability().isEmpty() ? "unknown" : g.computeCapability()
                    + " (" + g.smName() + ")") + (g.memoryTotalBytes() > 0 ? ", "
                    + org.visomaster.launcher.infra.util.Units.bytes(g.memoryTotalBytes()) : "")));
        }
        if (facts.hasGpu()) {
            out.add(new Line(facts.cudaVersion().isEmpty() ? "warning" : "ok", "NVIDIA " + facts.driverText()
                    + ", read through " + facts.source().name()));
        }
        if (choice.present()) {
            out.add(new Line(choice.fits() ? "ok" : "warning", choice.reason()));
            String now = installed == null ? null : installed.variant();
            if (now != null && !now.equals(choice.name())) {
                out.add(new Line("warning", "The " + now + " wheels are installed, but this GPU gets " + choice.name()
                        + ": the next provision re-installs the Python packages."));
            }
        }
        if (!driver.sentence().isEmpty()) {
            out.add(new Line(driver.failure() ? "problem" : "warning", driver.sentence()));
        }
        if (selfTest != null) {
            boolean failed = "failed".equals(selfTest.outcome());
            String level = failed ? "problem" : "passed".equals(selfTest.outcome()) ? "ok" : "warning";
            out.add(new Line(level, "Last GPU self-test (" + selfTest.finishedAt() + "): " + selfTest.outcome()
                    + (failed ? ": " + firstFailure() : level.equals("warning") ? ": " + firstWarning() : "")));
        }
        return out;
    }

    private String firstWarning() {
        return selfTest.checks().stream().filter(c -> "warning".equals(c.level())).map(SelfTestState.Check::sentence)
                .findFirst().orElse("see logs/provision.log");
    }

    private String firstFailure() {
        return selfTest.checks().stream().filter(c -> "failure".equals(c.level())).map(SelfTestState.Check::sentence)
                .findFirst().orElse("see logs/provision.log");
    }

    public ObjectNode json() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        ObjectNode f = n.putObject("facts");
        f.put("source", facts.source().name());
        f.put("driverVersion", facts.driverVersion());
        f.put("cudaVersion", facts.cudaVersion());
        f.put("note", facts.note());
        ArrayNode gpus = f.putArray("gpus");
        facts.gpus().forEach(g -> gpus.add(Json.MAPPER.valueToTree(g)));
        if (choice.present()) {
            ObjectNode v = n.putObject("variant");
            v.put("name", choice.name());
            v.put("reason", choice.reason());
            v.put("forced", choice.forced());
            v.put("fits", choice.fits());
            v.put("installed", installed == null ? null : installed.variant());
        }
        n.put("driverCheck", driver.sentence());
        n.put("driverTooOld", driver.failure());
        if (selfTest != null) {
            n.set("selftest", Json.MAPPER.valueToTree(selfTest));
        }
        return n;
    }
}
