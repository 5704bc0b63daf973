package org.visomaster.launcher.steps.models;

import java.nio.file.Path;
import java.util.List;
import org.visomaster.launcher.engine.Cancellation;

/** Run in a child JVM by {@link SegmentedDownloadTest}, which kills it mid-download: url sha root relativePath. */
final class SegmentedDownloadChild {
    private SegmentedDownloadChild() {
    }

    public static void main(String[] args) throws Exception {
        ModelEntry e = new ModelEntry("Killed", args[3], args[1], args[0]);
        try (DownloadManager m = new DownloadManager(HttpClients.shared(),
                SegmentedDownloadTest.settings(4, true), new FileHasher())) {
            System.out.println(m.downloadAll(List.of(e), Path.of(args[2]), DownloadListener.NONE, new Cancellation()));
        }
    }
}
