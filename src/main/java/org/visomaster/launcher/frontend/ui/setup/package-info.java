/**
 * The setup view: steps, overall progress, running steps and the models table.
 */
package org.visomaster.launcher.frontend.ui.setup;
