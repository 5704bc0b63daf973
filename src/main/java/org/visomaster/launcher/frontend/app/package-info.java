/**
 * The composition root: the entry point that wires the engine, the steps and a front end together. Nothing depends
 * on it; standard streams are allowed here.
 */
package org.visomaster.launcher.frontend.app;
