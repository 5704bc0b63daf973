package org.visomaster.launcher.infra.process;

import java.io.IOException;
import java.nio.file.Files;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.infra.util.AtomicFiles;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * What the launch remembers in {@code .launcher/launch.json}: the GPU the user picked (null: not chosen), and the
 * GPU architecture (compute capability) and TensorRT version of the last launch, which built TensorRT engines are
 * valid for (empty before the first launch that knew them). Written atomically; an unreadable file reads as empty.
 */
public record LaunchSettings(Integer gpu, String engineArch, String engineTensorRt) {
    private static final Logger LOG = LoggerFactory.getLogger(LaunchSettings.class);
    public static final LaunchSettings EMPTY = new LaunchSettings(null, "", "");

    public LaunchSettings {
        engineArch = engineArch == null ? "" : engineArch;
        engineTensorRt = engineTensorRt == null ? "" : engineTensorRt;
    }

    public static LaunchSettings load(Workspace ws) {
        if (!Files.isRegularFile(ws.launchSettingsFile())) {
            return EMPTY;
        }
        try {
            return Json.MAPPER.readValue(ws.launchSettingsFile().toFile(), LaunchSettings.class);
        } catch (IOException e) {
            LOG.warn("{} cannot be read; the launch starts from no remembered GPU", ws.launchSettingsFile(), e);
            return EMPTY;
        }
    }

    public void save(Workspace ws) throws IOException {
        AtomicFiles.writeString(ws.launchSettingsFile(), Json.MAPPER.writerWithDefaultPrettyPrinter()
                .writeValueAsString(this));
    }

    public LaunchSettings withGpu(Integer newGpu) {
        return new LaunchSettings(newGpu, engineArch, engineTensorRt);
    }

    public LaunchSettings withEngines(String arch, String tensorRt) {
        return new LaunchSettings(gpu, arch, tensorRt);
    }

    /** Remembers the GPU choice (null: none) keeping the rest; a write failure is logged, not thrown. */
    public static void rememberGpu(Workspace ws, Integer gpu) {
        try {
            update(ws, s -> s.withGpu(gpu));
        } catch (IOException e) {
            LOG.warn("the GPU choice cannot be saved in {}; it holds until the launcher closes",
                    ws.launchSettingsFile(), e);
        }
    }

    /**
     * Reads, changes and writes the file as one step for this process (the GPU choice and the engine record are
     * written from different threads); returns what was there before.
     */
    static LaunchSettings update(Workspace ws, UnaryOperator<LaunchSettings> change) throws IOException {
        synchronized (LaunchSettings.class) {
            LaunchSettings before = load(ws);
            LaunchSettings after = change.apply(before);
            if (!after.equals(before)) {
                after.save(ws);
            }
            return before;
        }
    }
}
