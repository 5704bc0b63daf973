/**
 * Running external commands (streamed lines, cancellation, process-tree kill) and supervising VisoMaster (start,
 * stop, exit, crash triage). Uses infra only.
 */
package org.visomaster.launcher.infra.process;
