/**
 * The checks step: disk space, driver against wheels, tools and remotes, before anything is installed. Uses
 * engine, the other steps' facts and infra.
 */
package org.visomaster.launcher.steps.preflight;
