package org.visomaster.launcher.process;

import java.util.List;
import java.util.Optional;

/** Matches VisoMaster's last output lines against known crash causes. */
public final class CrashTriage {
    private CrashTriage() {
    }

    public static Optional<Diagnosis> diagnose(List<String> lastLines) {
        return Optional.empty(); // TODO
    }
}
