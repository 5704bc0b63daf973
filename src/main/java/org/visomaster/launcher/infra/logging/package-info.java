/**
 * The launcher's own log (logs/launcher.log) and its secret masking. Uses infra only.
 */
package org.visomaster.launcher.infra.logging;
