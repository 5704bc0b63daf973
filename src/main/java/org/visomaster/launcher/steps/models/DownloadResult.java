package org.visomaster.launcher.steps.models;

/**
 * How one model's download ended. On success the verified file is under its final name; on failure
 * {@code failure} is the sentence for the user (what happened, what to do) and the final name is untouched.
 */
public record DownloadResult(ModelEntry entry, boolean ok, long bytesReceived, String failure) {
    static DownloadResult success(ModelEntry entry, long bytesReceived) {
        return new DownloadResult(entry, true, bytesReceived, null);
    }

    static DownloadResult failed(ModelEntry entry, long bytesReceived, String sentence) {
        return new DownloadResult(entry, false, bytesReceived, sentence);
    }
}
