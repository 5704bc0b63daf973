package org.visomaster.launcher.steps.selftest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.visomaster.launcher.steps.models.ModelEntry;
import org.visomaster.launcher.steps.models.ModelsState;
import org.visomaster.launcher.steps.models.VerifiedCache;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.steps.requirements.RequirementsRewriter;
import org.visomaster.launcher.steps.requirements.RequirementsState;

/** What the self-test runs against: the packages the requirements installed and the model it runs once. */
final class SelfTestInputs {
    private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9][A-Za-z0-9._-]*)");

    private SelfTestInputs() {
    }

    /**
     * torch, onnxruntime and pyside6, as far as the installed (derived) requirements name them. Throws with a
     * sentence when that file is not recorded or cannot be read: testing nothing must never pass.
     */
    static Set<String> expected(RequirementsState req) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        if (req == null) {
            return out;
        }
        if (req.derivedFile() == null) {
            throw new IOException("the state records no installed requirements file");
        }
        String text = Files.readString(Path.of(req.derivedFile()), StandardCharsets.UTF_8);
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("-")) {
                continue;
            }
            Matcher m = NAME.matcher(l);
            if (!m.find()) {
                continue;
            }
            String name = RequirementsRewriter.normaliseName(m.group(1));
            if (name.equals("torch")) {
                out.add("torch");
            } else if (name.equals("onnxruntime") || name.equals("onnxruntime-gpu")) {
                out.add("onnxruntime");
            } else if (name.equals("pyside6") || name.equals("pyside6-essentials")) {
                out.add("pyside6");
            }
        }
        return out;
    }

    /** The smallest verified .onnx model of the manifest (from the models step's cache, no hashing). */
    static Optional<Path> smallestOnnxModel(StepContext ctx) {
        ModelsState models = ctx.state().get(VerifiedCache.SECTION, ModelsState.class);
        if (models == null || models.manifest == null || models.verified == null) {
            return Optional.empty();
        }
        Path root = ctx.workspace().source();
        VerifiedCache cache = new VerifiedCache(ctx.state());
        return models.manifest.entries().stream()
                .filter(e -> e.relativePath().toLowerCase(java.util.Locale.ROOT).endsWith(".onnx"))
                .filter(e -> cache.isVerified(e, root))
                .min(Comparator.comparingLong((ModelEntry e) -> size(models.verified, e)))
                .map(e -> e.file(root));
    }

    /** The verified record of that model, for the stamp ("" when none). */
    static String modelIdentity(StepContext ctx, Optional<Path> model) {
        ModelsState models = ctx.state().get(VerifiedCache.SECTION, ModelsState.class);
        if (model.isEmpty() || models == null || models.verified == null) {
            return "";
        }
        String rel = ctx.workspace().source().relativize(model.get()).toString().replace('\\', '/');
        ModelsState.VerifiedFile v = models.verified.get(rel);
        return rel + (v == null ? "" : "/" + v.size() + "/" + v.mtimeMillis() + "/" + v.sha256());
    }

    private static long size(Map<String, ModelsState.VerifiedFile> verified, ModelEntry e) {
        ModelsState.VerifiedFile v = verified.get(e.relativePath());
        return v == null ? Long.MAX_VALUE : v.size();
    }
}
