package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import org.visomaster.launcher.steps.models.FileDownload.Outcome;

/** How download failures read: the user's sentences and the short reasons shown while retrying. */
final class DownloadFailures {
    private DownloadFailures() {
    }

    static String gaveUp(ModelEntry entry, int attempts, String lastError) {
        return entry.name() + ": downloading " + entry.url() + " failed " + attempts + " times (last: " + lastError
                + "); the partial file is kept — check the network and run provision again to resume.";
    }

    /** What a request that threw becomes: a refused redirect fails the file, a dead network the run, else a retry. */
    static Outcome failedRequest(ModelEntry entry, String host, NetworkHealth health, IOException e) {
        if (e instanceof RedirectGuard.RefusedRedirect) {
            return Outcome.fatal(entry.name() + ": " + e.getMessage() + ".");
        }
        String down = health.failed(entry.relativePath(), host, e);
        if (down != null) {
            return Outcome.fatal(down);
        }
        return Outcome.retry(describe(e), false, false);
    }

    static String describe(IOException e) {
        if (e instanceof SocketTimeoutException) {
            return "the connection timed out";
        }
        if (e instanceof ProtocolException || e instanceof java.io.EOFException) {
            return "the connection closed early (" + e.getMessage() + ")";
        }
        String msg = e.getMessage();
        return e.getClass().getSimpleName() + (msg == null ? "" : ": " + msg);
    }

    static String reason(int code) {
        return switch (code) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 408 -> "Request Timeout";
            case 410 -> "Gone";
            case 416 -> "Range Not Satisfiable";
            case 429 -> "Too Many Requests";
            default -> "";
        };
    }

}
