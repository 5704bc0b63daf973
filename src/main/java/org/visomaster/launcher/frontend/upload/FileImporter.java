package org.visomaster.launcher.frontend.upload;

import java.nio.file.Path;
import org.visomaster.launcher.imports.ImportResult;

/** Hands an uploaded file to the workspace import ({@code ImportService::importFile}). */
@FunctionalInterface
interface FileImporter {
    ImportResult importFile(Path file, String originalName);
}
