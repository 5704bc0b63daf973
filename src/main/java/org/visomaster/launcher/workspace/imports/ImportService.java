package org.visomaster.launcher.workspace.imports;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.workspace.Workspace;

/**
 * Imports files the user dropped onto the window or the browser drop page into the workspace. Shared by the CLI
 * {@code import} command, the window and the upload page.
 */
public final class ImportService {
    private final Workspace ws;
    private final HostEnvironment host;

    public ImportService(Workspace ws, HostEnvironment host) {
        this.ws = ws;
        this.host = host;
    }

    /** Imports one file the user dropped; never throws for a user-caused problem (returns a refused result). */
    public ImportResult importFile(Path file, String originalName) {
        return ImportResult.refused(originalName, ImportResult.Kind.OTHER, "Import is not implemented yet.");
    }

    public List<ImportResult> importAll(List<Path> files) {
        List<ImportResult> out = new ArrayList<>();
        for (Path f : files) {
            Path name = f.getFileName();
            out.add(importFile(f, name == null ? f.toString() : name.toString()));
        }
        return out;
    }
}
