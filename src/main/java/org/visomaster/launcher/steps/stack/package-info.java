/**
 * What a VisoMaster checkout needs: the stack table (assets/stacks/stacks.json), the stack a checkout holds (its
 * requirements file, Python, package indexes, app version, each with where it came from), whether a stack runs on
 * this host's driver and GPU, and the walk back through the requirements files' history to the newest commit that
 * does. Used by the source, python, requirements and preflight steps and shown by the front ends; uses the engine
 * and infra only.
 */
package org.visomaster.launcher.steps.stack;
