/**
 * The /workspace layout, the configuration and profiles (Jackson), one method per path. Uses infra only.
 */
package org.visomaster.launcher.infra.workspace;
