package org.visomaster.launcher.steps.models;

import java.util.List;

/**
 * The models VisoMaster expects, read from its manifest module. {@code rejected} holds one sentence per manifest
 * entry that was refused (a path leaving the source tree, no URL, a malformed hash); those are never downloaded.
 */
record Manifest(List<ModelEntry> entries, List<String> rejected) {
    public Manifest {
        entries = List.copyOf(entries);
        rejected = List.copyOf(rejected);
    }
}
