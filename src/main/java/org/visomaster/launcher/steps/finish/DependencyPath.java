package org.visomaster.launcher.steps.finish;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The folders of {@code dependencies/} that go on VisoMaster's PATH: the folder itself, its {@code bin/}, and each
 * first-level subfolder and that subfolder's {@code bin/} (so an extracted static ffmpeg build such as
 * {@code ffmpeg-7.0-amd64-static/ffmpeg} is found). Only folders that exist are listed; hidden ones are skipped.
 */
public final class DependencyPath {
    private static final Logger LOG = LoggerFactory.getLogger(DependencyPath.class);

    private DependencyPath() {
    }

    public static List<Path> entries(Workspace ws) {
        Path deps = ws.dependencies();
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(deps)) {
            return out;
        }
        out.add(deps);
        addIfDir(out, deps.resolve("bin"));
        try (Stream<Path> s = Files.list(deps)) {
            for (Path d : s.sorted().toList()) {
                String n = d.getFileName().toString();
                if (Files.isDirectory(d) && !n.startsWith(".") && !n.equals("bin")) {
                    out.add(d);
                    addIfDir(out, d.resolve("bin"));
                }
            }
        } catch (IOException e) {
            LOG.debug("an unreadable folder adds nothing to PATH", e);
        }
        return out;
    }

    /** {@code existingPath} with the dependency folders in front of it. */
    public static String prepend(Workspace ws, String existingPath) {
        List<String> parts = new ArrayList<>();
        entries(ws).forEach(p -> parts.add(p.toString()));
        if (existingPath != null && !existingPath.isEmpty()) {
            parts.add(existingPath);
        }
        return String.join(File.pathSeparator, parts);
    }

    private static void addIfDir(List<Path> out, Path p) {
        if (Files.isDirectory(p)) {
            out.add(p);
        }
    }
}
