package org.visomaster.launcher.guard;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.visomaster.launcher.infra.util.Json;

/**
 * Follows {@code logs/provision.jsonl}, which every setup appends to (the window's, {@code provision}'s, a headless
 * box's), and turns the end of each real run into a notification: finished, or failed with the failed step's
 * sentence. Runs that ended before the guard started, dry runs and cancelled runs say nothing.
 */
final class SetupWatcher {
    private static final int MAX_READ = 4 << 20;
    private final Path file;
    private final String workspace;
    private long offset;
    private boolean dryRun;
    private String failedSentence;

    SetupWatcher(Path file, String workspace) {
        this.file = file;
        this.workspace = workspace;
        this.offset = size();
    }

    /** The notifications for the runs that ended since the last call. */
    List<Notification> poll() {
        List<Notification> out = new ArrayList<>();
        long size = size();
        if (size < offset) {
            offset = 0; // the log was replaced
        }
        if (size == offset) {
            return out;
        }
        byte[] bytes;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            int n = (int) Math.min(size - offset, MAX_READ);
            bytes = new byte[n];
            f.seek(offset);
            f.readFully(bytes);
        } catch (IOException e) {
            return out;
        }
        int end = lastNewline(bytes);
        if (end < 0) {
            return out; // a line still being written
        }
        offset += end + 1;
        for (String line : new String(bytes, 0, end, StandardCharsets.UTF_8).split("\n")) {
            Notification n = event(line);
            if (n != null) {
                out.add(n);
            }
        }
        return out;
    }

    private Notification event(String line) {
        JsonNode e;
        try {
            e = Json.MAPPER.readTree(line);
        } catch (IOException ex) {
            return null;
        }
        if (e == null) {
            return null;
        }
        switch (e.path("type").asText()) {
            case "RunStarted" -> {
                dryRun = e.path("dryRun").asBoolean();
                failedSentence = null;
            }
            case "StepFinished" -> {
                if (e.path("status").asText().equals("FAILED") && failedSentence == null) {
                    failedSentence = e.path("detail").asText(null);
                }
            }
            case "RunFinished" -> {
                if (dryRun || e.path("cancelled").asBoolean()) {
                    return null;
                }
                if (e.path("success").asBoolean()) {
                    return Notification.setupFinished(workspace);
                }
                String sentence = failedSentence != null && !failedSentence.isBlank() ? failedSentence
                        : e.path("summary").asText("The setup failed; open the launcher to see why.");
                return Notification.setupFailed(sentence, workspace);
            }
            default -> {
            }
        }
        return null;
    }

    private long size() {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return offset;
        }
    }

    private static int lastNewline(byte[] b) {
        for (int i = b.length - 1; i >= 0; i--) {
            if (b[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
