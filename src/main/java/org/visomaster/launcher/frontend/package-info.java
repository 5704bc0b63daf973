/**
 * The front ends: the command line, the window, the drop page and the composition root. They reach models and GPU
 * facts through the engine's façade.
 */
package org.visomaster.launcher.frontend;
