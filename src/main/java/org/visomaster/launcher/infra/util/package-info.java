/**
 * Small helpers with no home of their own: atomic files, JSON, hashing, units. Uses nothing of the launcher.
 */
package org.visomaster.launcher.infra.util;
