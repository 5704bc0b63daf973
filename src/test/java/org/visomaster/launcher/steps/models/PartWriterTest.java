package org.visomaster.launcher.steps.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.util.Sha256;

class PartWriterTest {
    @TempDir
    Path tmp;

    private static byte[] bytes(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static void writeInBuffers(PartWriter w, byte[] data, int buffer) throws IOException {
        for (int off = 0; off < data.length; off += buffer) {
            w.write(data, off, Math.min(buffer, data.length - off));
        }
    }

    @Test
    void writesTheBytesAndHashesExactlyThem() throws Exception {
        Path part = tmp.resolve("a.onnx.part");
        byte[] data = bytes(1_000_000, 1);
        MessageDigest digest = Sha256.newDigest();
        try (PartWriter w = PartWriter.open(part, 0, digest, Runnable::run)) {
            writeInBuffers(w, data, 128 << 10);
            w.finish();
            assertEquals(data.length, w.position());
        }
        assertArrayEquals(data, Files.readAllBytes(part));
        MessageDigest expected = Sha256.newDigest();
        expected.update(data);
        assertEquals(Sha256.hex(expected), Sha256.hex(digest));
    }

    @Test
    void openingAtAnOffsetCutsThePartThereAndAppends() throws Exception {
        Path part = tmp.resolve("b.onnx.part");
        byte[] old = bytes(5000, 2);
        Files.write(part, old);
        byte[] tail = bytes(3000, 3);
        try (PartWriter w = PartWriter.open(part, 1000, Sha256.newDigest(), Runnable::run)) {
            w.write(tail, 0, tail.length);
            w.finish();
            assertEquals(4000, w.position());
        }
        byte[] got = Files.readAllBytes(part);
        assertArrayEquals(Arrays.copyOf(old, 1000), Arrays.copyOf(got, 1000), "the kept prefix");
        assertArrayEquals(tail, Arrays.copyOfRange(got, 1000, 4000), "the new bytes follow it, the rest is cut");
    }

    @Test
    void flushesOnTheFlusherEverySoManyBytes() throws Exception {
        Path part = tmp.resolve("c.onnx.part");
        int size = (int) (PartWriter.FLUSH_EVERY * 2 + 12345);
        AtomicInteger flushes = new AtomicInteger();
        Executor counting = r -> {
            flushes.incrementAndGet();
            r.run();
        };
        try (PartWriter w = PartWriter.open(part, 0, Sha256.newDigest(), counting)) {
            writeInBuffers(w, bytes(size, 4), 128 << 10);
            assertEquals(2, flushes.get(), "one flush per FLUSH_EVERY bytes written");
            w.finish();
        }
        assertEquals(size, Files.size(part));
    }

    @Test
    void aFlusherThatRefusesWorkMeansFlushingOnTheWritingThread() throws Exception {
        Path part = tmp.resolve("d.onnx.part");
        Executor refusing = r -> {
            throw new RejectedExecutionException("shut down");
        };
        byte[] data = bytes((int) PartWriter.FLUSH_EVERY + 1000, 5);
        try (PartWriter w = PartWriter.open(part, 0, Sha256.newDigest(), refusing)) {
            writeInBuffers(w, data, 128 << 10);
            w.finish();
        }
        assertArrayEquals(data, Files.readAllBytes(part));
    }

    @Test
    void aFailedFlushFailsTheNextWrite() throws Exception {
        Path part = tmp.resolve("e.onnx.part");
        PartWriter[] self = new PartWriter[1];
        // the flush runs after the channel was closed under it: force fails like a disk error would
        Executor closingFirst = r -> {
            try {
                self[0].close();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            r.run();
        };
        self[0] = PartWriter.open(part, 0, Sha256.newDigest(), closingFirst);
        writeInBuffers(self[0], bytes((int) PartWriter.FLUSH_EVERY, 6), 128 << 10);
        IOException e = assertThrows(IOException.class, () -> self[0].write(new byte[10], 0, 10));
        assertTrue(e.getMessage().startsWith("flushing to the disk failed"), e.getMessage());
    }
}
