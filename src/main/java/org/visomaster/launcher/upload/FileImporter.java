package org.visomaster.launcher.upload;

import java.nio.file.Path;
import org.visomaster.launcher.workspace.imports.ImportResult;

/** Hands an uploaded file to the workspace import ({@code ImportService::importFile}). */
@FunctionalInterface
public interface FileImporter {
    ImportResult importFile(Path file, String originalName);
}
