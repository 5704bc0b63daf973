/**
 * The Python environment step: finding or installing the interpreter, building the environment (uv, conda, venv).
 * Uses engine and infra.
 */
package org.visomaster.launcher.steps.python;
