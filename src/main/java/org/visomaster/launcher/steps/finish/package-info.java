/**
 * The finishing touches: folders VisoMaster needs, the dependencies on its PATH, the tools it looks for. Uses
 * engine and infra.
 */
package org.visomaster.launcher.steps.finish;
