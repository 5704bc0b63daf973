/**
 * The console of VisoMaster's output: a bounded line view and its view-model.
 */
package org.visomaster.launcher.frontend.ui.console;
