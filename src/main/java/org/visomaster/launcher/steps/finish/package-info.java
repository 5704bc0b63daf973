/**
 * The finishing touches: folders VisoMaster needs, and the tools it looks for on the PATH it is launched with
 * (infra.process's LaunchEnvironment). Uses engine and infra.
 */
package org.visomaster.launcher.steps.finish;
