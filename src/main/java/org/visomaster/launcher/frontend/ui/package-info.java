/**
 * The JavaFX window: views built in code and their view-models; the only package that touches JavaFX.
 */
package org.visomaster.launcher.frontend.ui;
