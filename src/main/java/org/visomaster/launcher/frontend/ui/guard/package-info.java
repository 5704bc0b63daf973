/**
 * The idle guard in the window: the header's cost, the countdown with Keep running, and the idle-stop setting.
 */
package org.visomaster.launcher.frontend.ui.guard;
