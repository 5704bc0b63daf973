/**
 * The live meters' view and view-model.
 */
package org.visomaster.launcher.frontend.ui.meters;
