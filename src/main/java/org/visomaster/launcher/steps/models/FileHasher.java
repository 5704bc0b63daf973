package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.visomaster.launcher.infra.util.Sha256;

/**
 * SHA-256 of model files with 1 MiB reads, counting what it does: {@link #filesHashed()} is the number of whole
 * files verified (the figure the no-op benchmark and the cache tests check), {@link #bytesHashed()} includes
 * re-hashed {@code .part} prefixes. Thread-safe; several files may be hashed at once.
 */
public final class FileHasher {
    public static final int BUFFER_SIZE = 1 << 20;

    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();

    /** Hashes a whole file and counts it as one file hashed. */
    public String hash(Path file, LongConsumer progress) throws IOException {
        MessageDigest digest = Sha256.newDigest();
        update(digest, file, progress);
        files.incrementAndGet();
        return Sha256.hex(digest);
    }

    public String hash(Path file) throws IOException {
        return hash(file, null);
    }

    /** Feeds the file into {@code digest} (not counted as a file); returns the bytes read. */
    public long update(MessageDigest digest, Path file, LongConsumer progress) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(BUFFER_SIZE);
        long total = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            int n;
            while ((n = ch.read(buf)) >= 0) {
                if (n == 0) {
                    continue;
                }
                digest.update(buf.array(), 0, n);
                buf.clear();
                total += n;
                bytes.addAndGet(n);
                if (progress != null) {
                    progress.accept(total);
                }
            }
        }
        return total;
    }

    public long filesHashed() {
        return files.get();
    }

    public long bytesHashed() {
        return bytes.get();
    }
}
