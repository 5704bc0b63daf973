/**
 * The steps of the install, one package each. A step depends on the engine and the infrastructure, never on a
 * front end; the engine never depends on a step.
 */
package org.visomaster.launcher.steps;
