/**
 * The requirements step: the derived requirements file (overrides, wheel variants by GPU and driver) and the
 * pip/uv install. Uses engine, steps.python and infra.
 */
package org.visomaster.launcher.steps.requirements;
