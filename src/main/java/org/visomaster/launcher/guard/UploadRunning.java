package org.visomaster.launcher.guard;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The drop page streams each upload into {@code uploads/.incoming/*.part}; a part written to within
 * {@link #FRESH} is an upload in progress (one stalled longer is abandoned, and will not keep the box awake).
 */
final class UploadRunning implements ActivityProbe {
    static final Duration FRESH = Duration.ofMinutes(2);
    private final Path incoming;

    UploadRunning(Path incoming) {
        this.incoming = incoming;
    }

    @Override
    public Optional<Activity> check(Instant now) {
        if (!Files.isDirectory(incoming)) {
            return Optional.empty();
        }
        try (Stream<Path> parts = Files.list(incoming)) {
            long n = parts.filter(p -> p.getFileName().toString().endsWith(".part")).filter(p -> {
                try {
                    Instant written = Files.getLastModifiedTime(p).toInstant();
                    return Duration.between(written, now).compareTo(FRESH) < 0;
                } catch (IOException e) {
                    return false; // finished and moved away meanwhile
                }
            }).count();
            return n == 0 ? Optional.empty() : Optional.of(new Activity(Activity.Kind.UPLOAD,
                    n == 1 ? "an upload is in progress" : n + " uploads are in progress"));
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
