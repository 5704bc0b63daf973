package org.visomaster.launcher.provision;

import java.time.Duration;
import org.visomaster.launcher.provision.ProvisionEvent.Finding;
import org.visomaster.launcher.provision.ProvisionEvent.LogLine;
import org.visomaster.launcher.provision.ProvisionEvent.ModelProgress;
import org.visomaster.launcher.provision.ProvisionEvent.RunFinished;
import org.visomaster.launcher.provision.ProvisionEvent.RunStarted;
import org.visomaster.launcher.provision.ProvisionEvent.StepFinished;
import org.visomaster.launcher.provision.ProvisionEvent.StepProgress;
import org.visomaster.launcher.provision.ProvisionEvent.StepStarted;
import org.visomaster.launcher.util.Units;

/** How an event reads to a person (provision.log, the console, the CLI). Null for events people need not read. */
public final class EventText {
    private EventText() {
    }

    public static String describe(ProvisionEvent e) {
        if (e instanceof RunStarted r) {
            return "Provisioning: " + String.join(" → ", r.stepIds());
        } else if (e instanceof StepStarted s) {
            return "==> " + s.title();
        } else if (e instanceof StepFinished f) {
            String text = "    " + f.status().label() + ": " + f.detail();
            if (!f.lastLines().isEmpty()) {
                text += System.lineSeparator() + "    last lines of output:" + System.lineSeparator() + "      "
                        + String.join(System.lineSeparator() + "      ", f.lastLines());
            }
            return text;
        } else if (e instanceof Finding f) {
            String mark = switch (f.severity()) {
                case INFO -> "    i ";
                case WARNING -> "    ! ";
                case ERROR -> "    x ";
            };
            return mark + f.message();
        } else if (e instanceof LogLine l) {
            return "    | " + l.line();
        } else if (e instanceof ModelProgress m) {
            return switch (m.state()) {
                case VERIFIED, FAILED, RETRYING -> "    " + m.state().name().toLowerCase() + " " + m.name()
                        + (m.detail() == null || m.detail().isBlank() ? "" : ": " + m.detail());
                default -> null;
            };
        } else if (e instanceof StepProgress p) {
            return null;
        } else if (e instanceof RunFinished r) {
            return (r.success() ? "Done: " : r.cancelled() ? "Stopped: " : "Failed: ") + r.summary();
        }
        return null;
    }

    /** "1.2 GiB of 3.4 GiB · 40.0 MiB/s · 1m 05s left · detail" */
    public static String progressLine(StepProgress p) {
        StringBuilder b = new StringBuilder();
        if (p.total() > 0) {
            b.append(Units.bytes(p.done())).append(" of ").append(Units.bytes(p.total()));
        }
        if (p.speed() > 0) {
            b.append(b.length() > 0 ? " · " : "").append(Units.speed(p.speed()));
        }
        if (p.etaSeconds() >= 0) {
            b.append(b.length() > 0 ? " · " : "").append(Units.duration(Duration.ofSeconds(p.etaSeconds())))
                    .append(" left");
        }
        if (p.detail() != null && !p.detail().isBlank()) {
            b.append(b.length() > 0 ? " · " : "").append(p.detail());
        }
        return b.toString();
    }
}
