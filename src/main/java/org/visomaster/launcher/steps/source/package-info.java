/**
 * The source step: cloning and updating VisoMaster with JGit, and the rules for a checkout that is not ours. Uses
 * engine and infra.
 */
package org.visomaster.launcher.steps.source;
