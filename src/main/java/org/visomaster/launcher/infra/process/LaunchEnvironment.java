package org.visomaster.launcher.infra.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The one place that builds VisoMaster's environment (DESIGN.md §5): unbuffered output, Qt's MIT-SHM off, opencv's
 * Qt plugin path removed, and PATH with the env's {@code bin/} first, then the workspace's {@code dependencies/}
 * folders ({@code bin/}, the folder itself, and each first-level subfolder's {@code bin/} and the subfolder, so an
 * unpacked static build such as {@code dependencies/ffmpeg-7.0-amd64-static/ffmpeg} is found), then the host's PATH.
 * The finish step's "ffmpeg found" and the launch both look through {@link #of}, so they cannot disagree.
 */
public final class LaunchEnvironment {
    private static final Logger LOG = LoggerFactory.getLogger(LaunchEnvironment.class);

    private LaunchEnvironment() {
    }

    /** The host's environment as VisoMaster gets it (no GPU chosen). */
    public static HostEnvironment of(Workspace ws, HostEnvironment host) {
        return new HostEnvironment(variables(ws, host));
    }

    /** The variables VisoMaster runs with (no GPU chosen). */
    public static Map<String, String> variables(Workspace ws, HostEnvironment host) {
        Map<String, String> env = new HashMap<>(host.childVars());
        env.put("PYTHONUNBUFFERED", "1");
        env.put("QT_X11_NO_MITSHM", "1");
        env.remove("QT_QPA_PLATFORM_PLUGIN_PATH");
        List<String> parts = new ArrayList<>();
        pathEntries(ws).forEach(p -> parts.add(p.toString()));
        String original = host.get("PATH");
        if (original != null && !original.isEmpty()) {
            parts.add(original);
        }
        env.put("PATH", String.join(File.pathSeparator, parts));
        return env;
    }

    /**
     * The folders put in front of the host's PATH: the env's {@code bin/} (always), then the dependency folders that
     * exist; hidden subfolders (an extraction in progress) are skipped.
     */
    public static List<Path> pathEntries(Workspace ws) {
        List<Path> out = new ArrayList<>();
        out.add(ws.envBin());
        Path deps = ws.dependencies();
        if (!Files.isDirectory(deps)) {
            return out;
        }
        addIfDir(out, deps.resolve("bin"));
        out.add(deps);
        try (Stream<Path> s = Files.list(deps)) {
            for (Path d : s.sorted().toList()) {
                String n = d.getFileName().toString();
                if (Files.isDirectory(d) && !n.startsWith(".") && !n.equals("bin")) {
                    addIfDir(out, d.resolve("bin"));
                    out.add(d);
                }
            }
        } catch (IOException e) {
            LOG.debug("an unreadable dependencies folder adds nothing to PATH", e);
        }
        return out;
    }

    private static void addIfDir(List<Path> out, Path p) {
        if (Files.isDirectory(p)) {
            out.add(p);
        }
    }
}
