package org.visomaster.launcher.engine;

import java.time.Duration;
import java.util.stream.Collectors;
import org.visomaster.launcher.engine.ProvisionEvent.Finding;
import org.visomaster.launcher.engine.ProvisionEvent.LogLine;
import org.visomaster.launcher.engine.ProvisionEvent.ModelProgress;
import org.visomaster.launcher.engine.ProvisionEvent.PlannedStep;
import org.visomaster.launcher.engine.ProvisionEvent.RunFinished;
import org.visomaster.launcher.engine.ProvisionEvent.RunStarted;
import org.visomaster.launcher.engine.ProvisionEvent.StepFinished;
import org.visomaster.launcher.engine.ProvisionEvent.StepProgress;
import org.visomaster.launcher.engine.ProvisionEvent.StepStarted;
import org.visomaster.launcher.infra.util.SecretPolicy;
import org.visomaster.launcher.infra.util.Units;

/**
 * How an event reads to a person (provision.log, the console, the CLI). Steps run at the same time, so every line of
 * a step starts with its id in brackets ("[models]      verified Inswapper128"). Null for events people need not
 * read.
 */
public final class EventText {
    private static final String NL = System.lineSeparator();

    private EventText() {
    }

    /** The event as people read it, secrets masked ({@link SecretPolicy}); null when there is nothing to read. */
    public static String describe(ProvisionEvent e) {
        return SecretPolicy.mask(text(e));
    }

    private static String text(ProvisionEvent e) {
        if (e instanceof RunStarted r) {
            return graph(r);
        } else if (e instanceof StepStarted s) {
            return prefix(s.stepId()) + "==> " + s.title();
        } else if (e instanceof StepFinished f) {
            String text = prefix(f.stepId()) + f.status().label() + ": " + f.detail();
            if (!f.lastLines().isEmpty()) {
                String indent = NL + prefix(f.stepId()) + "  ";
                text += indent + "last lines of output:" + indent + "  " + String.join(indent + "  ", f.lastLines());
            }
            return text;
        } else if (e instanceof Finding f) {
            String mark = switch (f.severity()) {
                case INFO -> "i ";
                case WARNING -> "! ";
                case ERROR -> "x ";
            };
            return prefix(f.stepId()) + mark + f.message();
        } else if (e instanceof LogLine l) {
            return prefix(l.stepId()) + "| " + l.line();
        } else if (e instanceof ModelProgress m) {
            return switch (m.state()) {
                case VERIFIED, FAILED, RETRYING -> prefix(m.stepId()) + m.state().name().toLowerCase() + " " + m.name()
                        + (m.detail() == null || m.detail().isBlank() ? "" : ": " + m.detail());
                default -> null;
            };
        } else if (e instanceof StepProgress p) {
            return null;
        } else if (e instanceof RunFinished r) {
            String head = r.success() ? "Done: " : r.cancelled() ? "Stopped: " : "Failed: ";
            // a run of some steps already says "Done: Models. Not done yet: …"
            return (r.summary().startsWith(head) ? "" : head) + r.summary();
        }
        return null;
    }

    /** "[models]       " — the step's id, padded so that the text of interleaved steps lines up. */
    public static String prefix(StepId id) {
        if (id == null) {
            return "";
        }
        String tag = "[" + id + "]";
        return tag + " ".repeat(Math.max(1, 15 - tag.length()));
    }

    /** The run's steps and what each waits for, one per line. */
    static String graph(RunStarted r) {
        StringBuilder b = new StringBuilder(r.dryRun() ? "Dry run of" : "Provisioning:").append(' ')
                .append(r.steps().size()).append(r.steps().size() == 1 ? " step" : " steps")
                .append("; each starts once the steps it waits for have ended, independent ones at the same time");
        for (PlannedStep s : r.steps()) {
            b.append(NL).append("  ").append(String.format("%-14s %-22s %s", s.id(), s.title(),
                    s.after().isEmpty() ? "first" : "after " + s.after().stream().map(StepId::name)
                            .collect(Collectors.joining(", "))));
        }
        return b.toString();
    }

    /** "1.2 GiB of 3.4 GiB · 40.0 MiB/s · 1m 05s left · detail" */
    public static String progressLine(StepProgress p) {
        return SecretPolicy.mask(progressLine(p.done(), p.total(), p.speed(), p.etaSeconds(), p.detail()));
    }

    public static String progressLine(ProvisionStatus.Progress p) {
        return SecretPolicy.mask(progressLine(p.done(), p.total(), p.speed(), p.etaSeconds(), p.detail()));
    }

    private static String progressLine(long done, long total, double speed, long eta, String detail) {
        StringBuilder b = new StringBuilder();
        if (total > 0) {
            b.append(Units.bytes(done)).append(" of ").append(Units.bytes(total));
        }
        if (speed > 0) {
            b.append(b.length() > 0 ? " · " : "").append(Units.speed(speed));
        }
        if (eta >= 0) {
            b.append(b.length() > 0 ? " · " : "").append(Units.duration(Duration.ofSeconds(eta))).append(" left");
        }
        if (detail != null && !detail.isBlank()) {
            b.append(b.length() > 0 ? " · " : "").append(detail);
        }
        return b.toString();
    }
}
