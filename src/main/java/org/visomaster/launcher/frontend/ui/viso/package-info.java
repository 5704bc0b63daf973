/**
 * The VisoMaster view: Launch, Stop, Restart, the console and the crash sentence.
 */
package org.visomaster.launcher.frontend.ui.viso;
