package org.visomaster.launcher.steps.source;

import java.io.File;
import org.eclipse.jgit.util.FS;

/**
 * JGit finds git's system-wide config by running {@code git --version} and {@code git config --system --show-origin}
 * as children with the launcher's whole environment, the portal's and Vast's secrets included. Naming the file up
 * front ({@code GIT_CONFIG_SYSTEM} when set, else Debian's {@code /etc/gitconfig}) runs no git at all.
 */
final class SystemGitConfig {
    private static boolean pinned;

    private SystemGitConfig() {
    }

    static synchronized void pin() {
        if (!pinned) {
            String own = System.getenv("GIT_CONFIG_SYSTEM");
            FS.DETECTED.setGitSystemConfig(new File(own != null && !own.isBlank() ? own : "/etc/gitconfig"));
            pinned = true;
        }
    }
}
