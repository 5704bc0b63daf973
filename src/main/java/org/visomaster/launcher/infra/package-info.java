/**
 * The infrastructure: what every room may use and that knows nothing of the engine, the steps or the front ends.
 */
package org.visomaster.launcher.infra;
