package org.visomaster.launcher.infra.workspace;

/** A bad configuration file or value: says which file, which key, and what is allowed. Nothing runs on it. */
public final class ConfigException extends Exception {
    public ConfigException(String source, String key, String problem, String allowed) {
        super(source + (key == null ? "" : ": key \"" + key + "\"") + ": " + problem
                + (allowed == null ? "" : " (allowed: " + allowed + ")"));
    }
}
