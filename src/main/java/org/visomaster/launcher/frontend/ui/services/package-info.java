/**
 * Small interfaces around JavaFX services (background executor, clipboard, desktop, notifications) so view-models
 * test without them.
 */
package org.visomaster.launcher.frontend.ui.services;
