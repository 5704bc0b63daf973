package org.visomaster.launcher.infra.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.visomaster.launcher.infra.util.MoveAside;
import org.visomaster.launcher.infra.util.Units;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * TensorRT engines VisoMaster builds and keeps in its checkout. An engine only runs on the GPU architecture and the
 * TensorRT version it was built with; a stale one makes the app crash or rebuild on every start. Before a launch,
 * when the GPU's compute capability or the env's TensorRT version differs from the last launch's, the engines are
 * moved aside (renamed {@code <name>.stale-<stamp>} beside themselves, never deleted) and the app builds new ones.
 *
 * <p>Where they live (read from the apps' code): ONNX Runtime's TensorRT provider cache {@value #CACHE_DIR} in the
 * working directory (upstream and Fusion both pass {@code trt_engine_cache_path: "tensorrt-engines"}); upstream's
 * LivePortrait engines as {@code model_assets/liveportrait_onnx/*.<trt version>.trt}; any {@code *.engine} under
 * {@code model_assets/}.
 */
final class TensorRtEngines {
    /** ONNX Runtime's TensorRT engine cache, relative to the checkout (VisoMaster's working directory). */
    static final String CACHE_DIR = "tensorrt-engines";
    /** Engine files kept among the models. */
    static final List<String> MODEL_ENGINE_SUFFIXES = List.of(".trt", ".engine");
    static final String ASIDE_LABEL = "stale";
    private static final int MODEL_DEPTH = 3;
    private static final Pattern TRT_DIST = Pattern.compile("tensorrt(?:[-_]cu\\d+)?(?:[-_]libs)?-([0-9][^-]*)"
            + "\\.dist-info", Pattern.CASE_INSENSITIVE);

    private TensorRtEngines() {
    }

    /** What was moved and why, or nothing to say. */
    record Outcome(List<Path> moved, String sentence) {
    }

    /** The engine cache folder and engine files that exist now. */
    static List<Path> find(Workspace ws) throws IOException {
        List<Path> out = new ArrayList<>();
        Path cache = ws.source().resolve(CACHE_DIR);
        if (Files.isDirectory(cache)) {
            out.add(cache);
        }
        if (Files.isDirectory(ws.modelAssets())) {
            try (Stream<Path> s = Files.walk(ws.modelAssets(), MODEL_DEPTH)) {
                s.filter(Files::isRegularFile).filter(TensorRtEngines::isEngineFile).sorted().forEach(out::add);
            }
        }
        return out;
    }

    private static boolean isEngineFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return MODEL_ENGINE_SUFFIXES.stream().anyMatch(n::endsWith);
    }

    /**
     * The TensorRT version installed in the env ("10.6.0"), read from its {@code tensorrt*.dist-info} folder names
     * ({@code tensorrt}, {@code tensorrt_cu12}, {@code tensorrt_cu13_libs}, ...); empty when none is installed.
     */
    static String installedVersion(Path env) {
        Path lib = env.resolve("lib");
        if (!Files.isDirectory(lib)) {
            return "";
        }
        try (Stream<Path> pythons = Files.list(lib)) {
            for (Path py : pythons.sorted().toList()) {
                Path site = py.resolve("site-packages");
                if (!py.getFileName().toString().startsWith("python") || !Files.isDirectory(site)) {
                    continue;
                }
                try (Stream<Path> s = Files.list(site)) {
                    Optional<String> v = s.map(p -> TRT_DIST.matcher(p.getFileName().toString()))
                            .filter(Matcher::matches).map(m -> m.group(1)).sorted().findFirst();
                    if (v.isPresent()) {
                        return v.get();
                    }
                }
            }
        } catch (IOException e) {
            return "";
        }
        return "";
    }

    /**
     * Moves the engines aside when {@code arch} or {@code tensorRt} differs from what {@code last} recorded (an empty
     * value on either side is unknown and compares as equal: nothing is moved on a guess).
     */
    static Outcome moveAsideIfStale(Workspace ws, LaunchSettings last, String arch, String tensorRt)
            throws IOException {
        List<String> changes = new ArrayList<>();
        if (differs(last.engineArch(), arch)) {
            changes.add("the GPU architecture changed from " + sm(last.engineArch()) + " to " + sm(arch));
        }
        if (differs(last.engineTensorRt(), tensorRt)) {
            changes.add("TensorRT changed from " + last.engineTensorRt() + " to " + tensorRt);
        }
        if (changes.isEmpty()) {
            return new Outcome(List.of(), "");
        }
        List<Path> engines = find(ws);
        if (engines.isEmpty()) {
            return new Outcome(List.of(), "");
        }
        long bytes = 0;
        for (Path p : engines) {
            bytes += size(p);
        }
        List<Path> moved = new ArrayList<>();
        for (Path p : engines) {
            try {
                moved.add(MoveAside.move(p, ASIDE_LABEL));
            } catch (IOException e) {
                throw new IOException("The TensorRT engines in " + ws.source() + " were built for another GPU or"
                        + " TensorRT (" + String.join(" and ", changes) + "), and " + p + " cannot be moved aside ("
                        + e.getMessage() + "); move it away yourself, or VisoMaster may crash loading it.", e);
            }
        }
        String sentence = "Moved " + moved.size() + (moved.size() == 1 ? " TensorRT engine" : " TensorRT engines")
                + " (" + Units.bytes(bytes) + ") aside, renamed *." + ASIDE_LABEL + "-<time> and nothing deleted,"
                + " because " + String.join(" and ", changes) + "; VisoMaster builds new ones on first use, which"
                + " takes a few minutes, and the old copies can be deleted once it runs.";
        return new Outcome(moved, sentence);
    }

    private static long size(Path p) {
        try (Stream<Path> s = Files.walk(p)) {
            return s.filter(Files::isRegularFile).mapToLong(f -> f.toFile().length()).sum();
        } catch (IOException | java.io.UncheckedIOException e) {
            return 0;
        }
    }

    private static boolean differs(String before, String now) {
        return !before.isEmpty() && !now.isEmpty() && !before.equals(now);
    }

    private static String sm(String capability) {
        return "sm_" + capability.replace(".", "");
    }
}
