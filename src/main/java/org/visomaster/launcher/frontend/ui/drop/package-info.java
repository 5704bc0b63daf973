/**
 * The drop zone of the window: files dropped or chosen go through the same import as the command.
 */
package org.visomaster.launcher.frontend.ui.drop;
