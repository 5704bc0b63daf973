/**
 * The engine: the step graph, its runner, the run's state and the events it emits. Uses only infra; never a step, an
 * import or a front end.
 * <ul>
 * <li>{@link org.visomaster.launcher.engine.ProvisionService} is the façade every front end goes through: runs,
 * status, and (through the {@link org.visomaster.launcher.engine.InstallFacts} the composition root hands it) the
 * model files and the GPU, which the steps above the engine know.</li>
 * <li>{@link org.visomaster.launcher.engine.StatusTracker} is the one fold of a run: events in, immutable
 * {@link org.visomaster.launcher.engine.ProvisionStatus} snapshots out (steps, phase, models by
 * {@link org.visomaster.launcher.engine.ModelId}, the overall bar). Front ends map snapshots; they fold nothing.</li>
 * <li>A model file has one state vocabulary, {@link org.visomaster.launcher.engine.ProvisionEvent.ModelState}. It is
 * defined here, in the event API, because events carry it and the engine may not see {@code steps.models}; the models
 * step owns the vocabulary's use: it alone decides which state a file is in, for a run's events and for its
 * listings of the disk ({@code ModelStatus}) alike.</li>
 * <li>{@link org.visomaster.launcher.engine.StepIds} spells the standard steps' ids once, below the steps and the
 * imports that both name them; the engine never branches on them.</li>
 * </ul>
 */
package org.visomaster.launcher.engine;
