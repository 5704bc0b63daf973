package org.visomaster.launcher.steps.finish;

import java.util.List;

/**
 * The "finish" section of state.json: archives in dependencies/ already extracted (by name, size and mtime, so a
 * replaced archive is extracted again) and whether the tools were found on the last run.
 */
record FinishState(List<ExtractedArchive> archives, boolean ffmpegFound, boolean nvidiaSmiFound) {
    public FinishState {
        archives = archives == null ? List.of() : List.copyOf(archives);
    }

    public record ExtractedArchive(String name, long size, long mtimeMillis) {
    }
}
