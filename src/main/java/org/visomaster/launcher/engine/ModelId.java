package org.visomaster.launcher.engine;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Objects;

/**
 * A model file's identity: its path under VisoMaster's source tree ("model_assets/inswapper_128.fp16.onnx"), the
 * key the run's fold, the window's table and the command line's listing share.
 */
public record ModelId(String relativePath) {
    public ModelId {
        Objects.requireNonNull(relativePath, "a model id needs the model's relative path");
    }

    @JsonValue
    @Override
    public String relativePath() {
        return relativePath;
    }

    @Override
    public String toString() {
        return relativePath;
    }
}
