/**
 * The engine: the step graph, its runner, the run's state and the events it emits (ProvisionService is its façade
 * for the front ends). Uses only infra; never a step, an import or a front end.
 */
package org.visomaster.launcher.engine;
