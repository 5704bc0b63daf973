package org.visomaster.launcher.guard;

import java.util.Map;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.process.Diagnosis;
import org.visomaster.launcher.infra.process.SupervisorEvent;
import org.visomaster.launcher.infra.workspace.ConfigException;
import org.visomaster.launcher.infra.workspace.Workspace;

/** Passes VisoMaster's crashes on to the user's notification URL with the triage's sentence. */
public final class CrashNotifications {
    private static final Logger LOG = LoggerFactory.getLogger(CrashNotifications.class);

    private CrashNotifications() {
    }

    /** A supervisor listener that does what {@code listener} does and, on a crash, notifies (never blocking). */
    public static Consumer<SupervisorEvent> around(Workspace ws, Map<String, String> env,
                                                   Consumer<SupervisorEvent> listener) {
        return e -> {
            listener.accept(e);
            if (e instanceof SupervisorEvent.Crashed c) {
                notify(ws, env, sentence(c));
            }
        };
    }

    static String sentence(SupervisorEvent.Crashed c) {
        return c.diagnosis().map(Diagnosis::fix).orElse("VisoMaster stopped with exit code " + c.exitCode()
                + " for a reason the launcher does not recognise; read its last lines in the launcher's console.");
    }

    private static void notify(Workspace ws, Map<String, String> env, String sentence) {
        GuardSettings settings;
        try {
            settings = GuardSettings.load(ws, env);
        } catch (ConfigException e) {
            LOG.debug("no crash notification: {}", e.getMessage());
            return;
        }
        Notifier notifier = Notifier.of(settings);
        notifier.send(Notification.crashed(sentence, ws.root().toString()))
                .whenComplete((ok, err) -> notifier.shutdownWhenIdle());
    }
}
