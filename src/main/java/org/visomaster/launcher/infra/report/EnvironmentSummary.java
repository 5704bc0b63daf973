package org.visomaster.launcher.infra.report;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The environment variables that shape what the launcher does, for a bug report: the launcher's own (VISO_*), the
 * display, locale, paths and the CUDA, Python and package-manager ones. A secret variable (see
 * {@link SecretMask#isSecretName}) is named with "(set, not included)", never with its value.
 */
final class EnvironmentSummary {
    private static final List<String> NAMES = List.of("PATH", "HOME", "USER", "SHELL", "LANG", "LC_ALL", "DISPLAY",
            "WAYLAND_DISPLAY", "JAVA_HOME", "LD_LIBRARY_PATH", "XDG_CACHE_HOME", "PROVISIONING_SCRIPT",
            "QT_QPA_PLATFORM_PLUGIN_PATH", "PORTAL_CONFIG", "OPEN_BUTTON_PORT");
    private static final List<String> PREFIXES = List.of("VISO_", "CUDA_", "NVIDIA_", "UV_", "PIP_", "CONDA_",
            "PYTHON", "VNC_", "VAST_TCP_PORT_", "OPEN_BUTTON_", "WEB_", "QT_");

    private EnvironmentSummary() {
    }

    static String text(Map<String, String> env) {
        StringBuilder b = new StringBuilder("# Environment variables that matter to the launcher. Secret ones are"
                + " named, never shown.\n");
        for (Map.Entry<String, String> e : new TreeMap<>(env).entrySet()) {
            String name = e.getKey();
            if (SecretMask.isSecretName(name)) {
                b.append(name).append(" (set, not included)\n");
            } else if (NAMES.contains(name) || PREFIXES.stream().anyMatch(name::startsWith)) {
                b.append(name).append('=').append(e.getValue()).append('\n');
            }
        }
        return b.toString();
    }
}
