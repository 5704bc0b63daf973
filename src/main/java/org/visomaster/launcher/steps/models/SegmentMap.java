package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Which byte ranges of a segmented download are on disk. The map lives in the {@code .part} itself, as a trailer
 * after the file's {@code size} bytes: {@code [magic][size][count][start,end,done]×count[crc]} then the trailer's
 * length and the magic again at the very end, so that a reader finds it from the file's end. The trailer is
 * rewritten (in place, same length) after the bytes it counts were written, so after a SIGKILL it never claims a byte
 * the page cache does not hold; a restart fetches only what is missing. When the download completes the part is cut
 * to {@code size} and holds the file alone. A part without the trailer is a plain prefix (the single-stream format).
 */
final class SegmentMap {
    private static final long MAGIC = 0x564c_5345_474d_4150L; // "VLSEGMAP"
    private static final int FOOTER = Integer.BYTES + Long.BYTES;
    static final int MAX_SEGMENTS = 64;

    /** One range {@code [start, end)}; {@code done} bytes from {@code start} are on disk. */
    static final class Segment {
        final int index;
        final long start;
        final long end;
        long done;
        boolean claimed;
        int failuresInARow;
        long notBeforeNanos;

        Segment(int index, long start, long end, long done) {
            this.index = index;
            this.start = start;
            this.end = end;
            this.done = done;
        }

        long position() {
            return start + done;
        }

        long remaining() {
            return end - start - done;
        }
    }

    private final long size;
    private final List<Segment> segments;

    private SegmentMap(long size, List<Segment> segments) {
        this.size = size;
        this.segments = segments;
    }

    /**
     * Splits {@code size} bytes into segments of at least {@code minSegment} bytes (at most {@link #MAX_SEGMENTS}),
     * the first {@code have} bytes being on disk already (a single-stream prefix). The ranges after the prefix are cut
     * into about twice as many pieces as there are connections, so that connections that free up pick up the rest
     * in file order instead of one slow tail.
     */
    static SegmentMap plan(long size, long have, long minSegment, int connections) {
        List<Segment> list = new ArrayList<>();
        if (have > 0) {
            list.add(new Segment(0, 0, have, have));
        }
        long rest = size - have;
        int pieces = (int) Math.max(1, Math.min(Math.min(MAX_SEGMENTS - list.size(), 2L * connections),
                rest / Math.max(1, minSegment)));
        long each = rest / pieces;
        long start = have;
        for (int i = 0; i < pieces; i++) {
            long end = i == pieces - 1 ? size : start + each;
            list.add(new Segment(list.size(), start, end, 0));
            start = end;
        }
        return new SegmentMap(size, list);
    }

    long size() {
        return size;
    }

    List<Segment> segments() {
        return segments;
    }

    synchronized long doneBytes() {
        long sum = 0;
        for (Segment s : segments) {
            sum += s.done;
        }
        return sum;
    }

    synchronized boolean complete() {
        return segments.stream().allMatch(s -> s.remaining() == 0);
    }

    /** The end of the run of bytes on disk from byte 0. */
    synchronized long contiguousEnd() {
        long end = 0;
        for (Segment s : segments) {
            if (s.start != end) {
                return end;
            }
            end = s.position();
            if (s.remaining() > 0) {
                return end;
            }
        }
        return end;
    }

    /** The first unclaimed, unfinished segment whose retry delay is over, now claimed; null when none is ready. */
    synchronized Segment claimReady(long nowNanos) {
        for (Segment s : segments) {
            if (!s.claimed && s.remaining() > 0 && nowNanos - s.notBeforeNanos >= 0) {
                s.claimed = true;
                return s;
            }
        }
        return null;
    }

    /** Claims the segment that starts at {@code position} (the first stream's), or null when none does. */
    synchronized Segment claimAt(long position) {
        for (Segment s : segments) {
            if (!s.claimed && s.remaining() > 0 && s.position() == position) {
                s.claimed = true;
                return s;
            }
        }
        return null;
    }

    synchronized void release(Segment s) {
        s.claimed = false;
    }

    /** Nanos until the earliest unclaimed segment may be retried (0 if one is ready, -1 if none waits). */
    synchronized long nanosUntilReady(long nowNanos) {
        long best = -1;
        for (Segment s : segments) {
            if (!s.claimed && s.remaining() > 0) {
                long wait = Math.max(0, s.notBeforeNanos - nowNanos);
                best = best < 0 ? wait : Math.min(best, wait);
            }
        }
        return best;
    }

    synchronized boolean anyUnclaimedLeft() {
        return segments.stream().anyMatch(s -> !s.claimed && s.remaining() > 0);
    }

    synchronized void advance(Segment s, long n) {
        s.done += n;
    }

    // --- the trailer ---

    private byte[] encode() {
        ByteBuffer b;
        synchronized (this) {
            b = ByteBuffer.allocate(trailerLength(segments.size()));
            b.putLong(MAGIC).putLong(size).putInt(segments.size());
            for (Segment s : segments) {
                b.putLong(s.start).putLong(s.end).putLong(s.done);
            }
        }
        CRC32 crc = new CRC32();
        crc.update(b.array(), 0, b.position());
        b.putInt((int) crc.getValue());
        b.putInt(trailerBody(segments.size())).putLong(MAGIC);
        return b.array();
    }

    private static int trailerBody(int count) {
        return Long.BYTES + Long.BYTES + Integer.BYTES + count * 3 * Long.BYTES + Integer.BYTES;
    }

    private static int trailerLength(int count) {
        return trailerBody(count) + FOOTER;
    }

    /** Writes the map after the file's bytes (positional, so concurrent data writes are unaffected). */
    void writeTo(FileChannel ch) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(encode());
        long pos = size;
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }

    /** Cuts the part to the file's bytes alone. */
    void removeFrom(FileChannel ch) throws IOException {
        ch.truncate(size);
    }

    /** The bytes of the file a part holds: its segments' on a segmented part, its size on a plain one. */
    static long bytesOnDisk(Path part) throws IOException {
        SegmentMap m = read(part);
        return m != null ? m.doneBytes() : Files.size(part);
    }

    /** The map a part carries, or null when it carries none (a plain prefix, or a damaged trailer). */
    static SegmentMap read(Path part) throws IOException {
        if (!Files.isRegularFile(part)) {
            return null;
        }
        try (FileChannel ch = FileChannel.open(part, StandardOpenOption.READ)) {
            long length = ch.size();
            if (length < FOOTER) {
                return null;
            }
            ByteBuffer foot = ByteBuffer.allocate(FOOTER);
            readFully(ch, foot, length - FOOTER);
            int body = foot.getInt(0);
            if (foot.getLong(Integer.BYTES) != MAGIC || body < trailerBody(1) || body > trailerBody(MAX_SEGMENTS)
                    || body > length - FOOTER) {
                return null;
            }
            ByteBuffer b = ByteBuffer.allocate(body);
            readFully(ch, b, length - FOOTER - body);
            CRC32 crc = new CRC32();
            crc.update(b.array(), 0, body - Integer.BYTES);
            if ((int) crc.getValue() != b.getInt(body - Integer.BYTES) || b.getLong(0) != MAGIC) {
                return null;
            }
            long size = b.getLong(8);
            int count = b.getInt(16);
            if (count < 1 || count > MAX_SEGMENTS || trailerBody(count) != body || size + body + FOOTER != length) {
                return null;
            }
            List<Segment> list = new ArrayList<>();
            long expectStart = 0;
            for (int i = 0; i < count; i++) {
                int at = 20 + i * 24;
                long start = b.getLong(at);
                long end = b.getLong(at + 8);
                long done = b.getLong(at + 16);
                if (start != expectStart || end < start || done < 0 || done > end - start) {
                    return null;
                }
                list.add(new Segment(i, start, end, done));
                expectStart = end;
            }
            return expectStart == size ? new SegmentMap(size, list) : null;
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long at) throws IOException {
        while (b.hasRemaining()) {
            int n = ch.read(b, at + b.position());
            if (n < 0) {
                throw new IOException("the part ended early");
            }
        }
    }
}
