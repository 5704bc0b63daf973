package org.visomaster.launcher.infra.report;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/** The end of a file that may be large and still growing: at most {@code limit} bytes, from a line's start. */
final class BoundedRead {
    private BoundedRead() {
    }

    static byte[] tail(Path file, long limit) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            long start = Math.max(0, size - limit);
            ByteBuffer buf = ByteBuffer.allocate((int) (size - start));
            ch.position(start);
            while (buf.hasRemaining() && ch.read(buf) >= 0) {
                // reads what was there when the size was taken; lines written since are left for the next report
            }
            byte[] b = Arrays.copyOf(buf.array(), buf.position());
            if (start == 0) {
                return b;
            }
            int from = 0;
            while (from < b.length && b[from] != '\n') {
                from++;
            }
            from = Math.min(from + 1, b.length); // the cut line is dropped whole (a secret in it is never halved)
            byte[] note = ("[the first " + (start + from) + " bytes of this file are left out]\n")
                    .getBytes(StandardCharsets.UTF_8);
            byte[] out = Arrays.copyOf(note, note.length + b.length - from);
            System.arraycopy(b, from, out, note.length, b.length - from);
            return out;
        }
    }
}
