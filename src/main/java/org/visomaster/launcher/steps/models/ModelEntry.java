package org.visomaster.launcher.steps.models;

import java.nio.file.Path;

/**
 * One downloadable model from VisoMaster's manifest, already checked: {@code relativePath} is inside the source
 * tree (forward slashes, relative to the source root), {@code sha256} is 64 lower-case hex digits and {@code url}
 * is the http(s) URL to fetch (after the mirror, if one is configured).
 */
public record ModelEntry(String name, String relativePath, String sha256, String url) {

    /** The final file under the source root. */
    public Path file(Path sourceRoot) {
        return sourceRoot.resolve(relativePath);
    }

    /** Where the download is written until it is verified: {@code <final>.part}. */
    public Path partFile(Path sourceRoot) {
        return sourceRoot.resolve(relativePath + ".part");
    }
}
