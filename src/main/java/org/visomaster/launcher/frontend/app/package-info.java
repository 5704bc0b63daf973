/**
 * The composition root: the entry point that wires the engine, the steps (their catalogue and the facts they give
 * the front ends through the engine's façade) and the front ends together. Nothing depends on it; standard streams
 * are allowed here and in frontend.cli only.
 */
package org.visomaster.launcher.frontend.app;
