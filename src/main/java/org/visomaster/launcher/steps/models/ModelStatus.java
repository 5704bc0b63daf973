package org.visomaster.launcher.steps.models;

import org.visomaster.launcher.engine.ProvisionEvent.ModelState;

/**
 * One manifest entry as it stands on disk, for the {@code models} command and the window's model list. Its state
 * is one of the disk's ({@code VERIFIED, MISSING, PARTIAL, UNVERIFIED, MISMATCH}) in the one model vocabulary.
 *
 * @param size the final file's size, or the part's size when PARTIAL, or -1 when there is no file
 */
public record ModelStatus(String name, String relativePath, String url, String expectedSha, long size,
                          ModelState state, String detail) {
}
