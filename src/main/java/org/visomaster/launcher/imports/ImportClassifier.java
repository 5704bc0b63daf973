package org.visomaster.launcher.imports;

import java.util.Locale;
import org.visomaster.launcher.imports.ImportResult.Kind;

/** Decides where a dropped file belongs, from its name alone. */
final class ImportClassifier {
    private static final String[] MODEL_SUFFIXES = {".onnx", ".pth", ".safetensors", ".ckpt", ".trt"};

    private ImportClassifier() {
    }

    public static Kind classify(String fileName) {
        String n = fileName.toLowerCase(Locale.ROOT);
        if (n.startsWith("requirements") && n.endsWith(".txt")) {
            return Kind.REQUIREMENTS;
        }
        if (ArchiveFormat.of(n) != null) {
            return Kind.DEPENDENCY_ARCHIVE;
        }
        if (n.endsWith(".dfm")) {
            return Kind.DFM_MODEL;
        }
        for (String s : MODEL_SUFFIXES) {
            if (n.endsWith(s)) {
                return Kind.MODEL;
            }
        }
        return Kind.OTHER;
    }
}
