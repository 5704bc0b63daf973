package org.visomaster.launcher.imports;

import java.nio.file.Path;
import java.util.Set;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.StepIds;

/**
 * What happened to one dropped file.
 *
 * @param originalName  the name the user sees (the uploaded name, or the dropped file's name)
 * @param kind          how the file was classified
 * @param accepted      true when the file was imported; false when it was refused and nothing was written
 * @param destination   where it went (a file, or the folder an archive was extracted into); null when refused
 * @param message       one sentence: where it went, or why it was refused and what to do
 * @param affectedSteps ids of provisioning steps to re-run because of this import (see {@link StepIds})
 */
public record ImportResult(String originalName, Kind kind, boolean accepted, Path destination, String message,
                           Set<StepId> affectedSteps) {
    public enum Kind { REQUIREMENTS, DEPENDENCY_ARCHIVE, MODEL, DFM_MODEL, OTHER }

    public ImportResult {
        affectedSteps = Set.copyOf(affectedSteps);
    }

    static ImportResult refused(String originalName, Kind kind, String message) {
        return new ImportResult(originalName, kind, false, null, message, Set.of());
    }
}
