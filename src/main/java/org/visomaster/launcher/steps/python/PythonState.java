package org.visomaster.launcher.steps.python;

/**
 * State section "python": the environment VisoMaster runs in.
 *
 * @param manager     uv, conda, venv, or "existing" for an environment found in place
 * @param interpreter absolute path of its python
 * @param version     the full version it reported, e.g. 3.10.13
 */
record PythonState(String manager, String interpreter, String version) {
    public static final String SECTION = "python";
}
