package org.visomaster.launcher.frontend.cli;

import picocli.CommandLine.IVersionProvider;

/** {@code --version}: the launcher's version (from the jar's manifest; "dev" in a build folder) and its Java. */
final class LauncherVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"visomaster-launcher " + version(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor", "?") + "), "
                        + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }

    static String version() {
        String v = LauncherVersion.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
