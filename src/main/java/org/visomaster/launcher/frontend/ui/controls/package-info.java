/**
 * Custom controls (Control + Skin + CSS): the meter and the line view.
 */
package org.visomaster.launcher.frontend.ui.controls;
