/**
 * The setup view: steps, overall progress, running steps and the models table. Its view-model maps the engine's
 * snapshots ({@code ProvisionService.status()}) onto properties and folds no event itself; its state is one
 * {@link org.visomaster.launcher.frontend.ui.setup.SetupPhase}.
 */
package org.visomaster.launcher.frontend.ui.setup;
