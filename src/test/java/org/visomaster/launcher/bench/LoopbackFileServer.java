package org.visomaster.launcher.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A JDK HttpServer on 127.0.0.1 serving the files of one folder (GET, HEAD, {@code Range: bytes=N-}), optionally
 * capping each response at a fixed rate — the shape of a CDN that limits every connection.
 */
final class LoopbackFileServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");
    private static final int CHUNK = 256 * 1024;

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Path dir;
    private final long bytesPerSecond;

    /** @param bytesPerSecond per-response cap; 0 for none */
    LoopbackFileServer(Path dir, long bytesPerSecond) throws IOException {
        this.dir = dir;
        this.bytesPerSecond = bytesPerSecond;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 128);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    String url(String name) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + name;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Path file = dir.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long size = Files.size(file);
            long start = 0;
            String range = ex.getRequestHeaders().getFirst("Range");
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (m != null && m.matches()) {
                start = Long.parseLong(m.group(1));
                ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (size - 1) + "/" + size);
            }
            int code = start > 0 ? 206 : 200;
            if ("HEAD".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(size));
                ex.sendResponseHeaders(code, -1);
                return;
            }
            ex.sendResponseHeaders(code, size - start);
            send(file, start, ex.getResponseBody());
        }
    }

    private void send(Path file, long start, OutputStream out) throws IOException {
        byte[] buf = new byte[CHUNK];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        long begin = System.nanoTime();
        long sent = 0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(start);
            int n;
            while ((n = ch.read(bb.clear())) > 0) {
                out.write(buf, 0, n);
                sent += n;
                if (bytesPerSecond > 0) {
                    long due = begin + (long) (sent * 1e9 / bytesPerSecond);
                    long wait = due - System.nanoTime();
                    if (wait > 0) {
                        LockSupport.parkNanos(wait);
                    }
                }
            }
        }
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
