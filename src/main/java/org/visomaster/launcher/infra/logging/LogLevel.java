package org.visomaster.launcher.infra.logging;

import java.util.Locale;
import org.visomaster.launcher.infra.workspace.ConfigException;

/** The level of {@code launcher.log}: INFO unless {@code --verbose} or {@code VISO_LOG_LEVEL} says otherwise. */
public enum LogLevel {
    ERROR, WARN, INFO, DEBUG,
    /** The launcher's trace lines, and the libraries' (JGit, OkHttp, OSHI, JavaFX) debug lines too. */
    TRACE;

    public static final String VARIABLE = "VISO_LOG_LEVEL";

    /** {@code --verbose} means at least DEBUG; {@code VISO_LOG_LEVEL} may say more, or less. */
    public static LogLevel of(boolean verbose, String variable) throws ConfigException {
        LogLevel chosen = INFO;
        if (variable != null && !variable.isBlank()) {
            try {
                chosen = valueOf(variable.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("environment variable " + VARIABLE, null,
                        "\"" + variable + "\" is not a log level", "error, warn, info, debug, trace");
            }
        }
        return verbose && chosen.compareTo(DEBUG) < 0 ? DEBUG : chosen;
    }
}
