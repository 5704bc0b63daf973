package org.visomaster.launcher.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.LoggerFactory;

/**
 * The tests' file server: a JDK HttpServer on 127.0.0.1 serving GET and HEAD with {@code Range: bytes=N-[M]},
 * either the files of a folder or byte arrays put at paths. Optionally it caps every response at a rate (a CDN
 * that limits each connection), holds each GET for a while (to count parallel downloads), and, per in-memory
 * path, misbehaves: each GET takes the next queued {@link Fault} of its path, or the path's permanent one.
 */
public final class LoopbackFileServer implements AutoCloseable {
    /** How a response goes wrong. */
    public enum Fault {
        NONE, THROTTLE, TRUNCATE, LIE_LENGTH, STALL, ERROR_500, NOT_FOUND, IGNORE_RANGE, WRONG_BYTES,
        WRONG_CONTENT_RANGE,
        /** A chunked body (no length) that never ends. */
        ENDLESS,
        /** The whole file as a chunked body: 200, no length, Range ignored. */
        CHUNKED
    }

    /** A GET as the server saw it; header names are case-insensitive. */
    public record Request(String method, String path, Map<String, String> headers) {
        public String header(String name) {
            return headers.get(name);
        }
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");
    private static final int CHUNK = 256 * 1024;

    public final List<Request> gets = new CopyOnWriteArrayList<>();
    public final AtomicInteger inFlight = new AtomicInteger();
    public final AtomicInteger maxInFlight = new AtomicInteger();
    /** Body bytes written to clients. */
    public final AtomicLong bytesServed = new AtomicLong();
    /** Each GET waits this long before it is answered. */
    public volatile long holdMillis;
    /** The rate of the {@link Fault#THROTTLE} fault. */
    public volatile long throttleBytesPerSecond = 64 * 1024;

    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Path dir;
    private volatile long capBytesPerSecond;
    private volatile boolean closed;
    private volatile long signedTtlMillis;
    private volatile boolean cutWhenExpired;

    /** Serves what {@link #serve} puts at paths. */
    public LoopbackFileServer() throws IOException {
        this(null, 0);
    }

    /** Serves the files of {@code dir}, each response capped at {@code capBytesPerSecond} (0: no cap). */
    public LoopbackFileServer(Path dir, long capBytesPerSecond) throws IOException {
        this.dir = dir;
        this.capBytesPerSecond = capBytesPerSecond;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** The URL of a path on this server, e.g. {@code url("/mirror")} or {@code url("model.onnx")}. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + (path.startsWith("/") ? "" : "/") + path;
    }

    public void serve(String path, byte[] data, Fault... queued) {
        routes.put(path, new Route(data, new ArrayDeque<>(Arrays.asList(queued)), Fault.NONE));
    }

    public void serveAlways(String path, byte[] data, Fault fault) {
        routes.put(path, new Route(data, new ArrayDeque<>(), fault));
    }

    /** Caps every response from now on (0: no cap). */
    public void cap(long bytesPerSecond) {
        this.capBytesPerSecond = bytesPerSecond;
    }

    /**
     * Serves every path also as {@code /r/<path>}: a 302 to a signed {@code /s/<expiry>/<path>} that answers 403 once
     * {@code ttlMillis} have passed (the way release assets are served). With {@code cutWhenExpired} a response still
     * streaming when its URL expires is cut off.
     */
    public void signedRedirects(long ttlMillis, boolean cutWhenExpired) {
        this.signedTtlMillis = ttlMillis;
        this.cutWhenExpired = cutWhenExpired;
    }

    /** Answers every request for {@code path} with a 302 to {@code location} (any URL). */
    public void redirect(String path, String location) {
        redirects.put(path, location);
    }

    /** The URL of {@code path} behind the signed redirect (see {@link #signedRedirects}). */
    public String redirectingUrl(String path) {
        return url("/r" + (path.startsWith("/") ? "" : "/") + path);
    }

    public List<Request> getsFor(String path) {
        return gets.stream().filter(r -> r.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            long expires = Long.MAX_VALUE;
            if (redirects.containsKey(path)) {
                recordGet(ex, path);
                ex.getResponseHeaders().set("Location", redirects.get(path));
                ex.sendResponseHeaders(302, -1);
                return;
            }
            if (signedTtlMillis > 0 && path.startsWith("/r/")) {
                recordGet(ex, path);
                ex.getResponseHeaders().set("Location", "/s/" + (System.currentTimeMillis() + signedTtlMillis)
                        + path.substring(2));
                ex.sendResponseHeaders(302, -1);
                return;
            }
            if (signedTtlMillis > 0 && path.startsWith("/s/")) {
                int slash = path.indexOf('/', 3);
                expires = Long.parseLong(path.substring(3, slash));
                if (System.currentTimeMillis() > expires) {
                    recordGet(ex, path);
                    send(ex, 403, "Request has expired");
                    return;
                }
                recordGet(ex, path);
                path = path.substring(slash);
            }
            Route route = routes.get(path);
            Path file = route == null ? file(path) : null;
            if (route == null && file == null) {
                send(ex, 404, "no such file");
                return;
            }
            long size = route != null ? route.data.length : Files.size(file);
            if ("HEAD".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().set("Content-Length", Long.toString(size));
                ex.sendResponseHeaders(200, -1);
                return;
            }
            Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
            if (expires == Long.MAX_VALUE) {
                gets.add(new Request(ex.getRequestMethod(), path, Collections.unmodifiableMap(headers)));
            }
            Fault fault = route == null ? Fault.NONE : route.next();
            hold();
            respond(ex, route, file, size, fault, headers.get("Range"), cutWhenExpired ? expires : Long.MAX_VALUE);
        } catch (IOException e) {
            // the client went away mid-response (cancelled, killed, timed out): what several tests do
            LoggerFactory.getLogger(LoopbackFileServer.class).debug("response ended early", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void recordGet(HttpExchange ex, String path) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k, v.get(0)));
        gets.add(new Request(ex.getRequestMethod(), path, Collections.unmodifiableMap(headers)));
    }

    private void respond(HttpExchange ex, Route route, Path file, long size, Fault fault, String range,
                         long cutAtMillis) throws IOException, InterruptedException {
        switch (fault) {
            case NOT_FOUND -> {
                send(ex, 404, "gone");
                return;
            }
            case ERROR_500 -> {
                send(ex, 500, "server error");
                return;
            }
            case CHUNKED -> {
                ex.sendResponseHeaders(200, 0);
                byte[] all = route != null ? route.data : Files.readAllBytes(file);
                ex.getResponseBody().write(all);
                bytesServed.addAndGet(all.length);
                return;
            }
            case ENDLESS -> {
                ex.sendResponseHeaders(200, 0); // chunked, no length
                byte[] junk = new byte[CHUNK];
                while (!closed) {
                    ex.getResponseBody().write(junk);
                    bytesServed.addAndGet(junk.length);
                }
                return;
            }
            default -> {
            }
        }
        long start = 0;
        long end = size;
        boolean ranged = false;
        Matcher m = range == null || fault == Fault.IGNORE_RANGE || fault == Fault.WRONG_BYTES ? null
                : RANGE.matcher(range);
        if (m != null && m.matches()) {
            start = Long.parseLong(m.group(1));
            if (start >= size) {
                ex.sendResponseHeaders(416, -1);
                return;
            }
            end = m.group(2).isEmpty() ? size : Math.min(size, Long.parseLong(m.group(2)) + 1);
            ranged = true;
        }
        int code = 200;
        if (start > 0 && fault == Fault.WRONG_CONTENT_RANGE) {
            // claims to start at 0 while the client asked for a later byte
            ex.getResponseHeaders().set("Content-Range", "bytes 0-" + (size - 1) + "/" + size);
            code = 206;
            start = 0;
        } else if (ranged) {
            ex.getResponseHeaders().set("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + size);
            code = 206;
        }
        long length = end - start;
        ex.sendResponseHeaders(code, fault == Fault.LIE_LENGTH ? length + 1000 : length);
        OutputStream out = ex.getResponseBody();
        switch (fault) {
            case STALL -> {
                out.flush();
                for (int i = 0; i < 600 && !closed; i++) {
                    TimeUnit.MILLISECONDS.sleep(50); // never a byte: the client's read timeout must fire
                }
                return;
            }
            case TRUNCATE -> end = start + length / 2; // then the connection ends short of its length
            default -> {
            }
        }
        long bps = fault == Fault.THROTTLE ? throttleBytesPerSecond : capBytesPerSecond;
        if (route != null) {
            byte[] data = route.data;
            if (fault == Fault.WRONG_BYTES) {
                data = data.clone();
                data[data.length / 2] ^= 0x5A;
            }
            sendBytes(out, data, start, end, bps, cutAtMillis);
        } else {
            sendFile(out, file, start, end, bps, cutAtMillis);
        }
    }

    private void sendBytes(OutputStream out, byte[] data, long start, long end, long bps, long cutAtMillis)
            throws IOException {
        Pacer pacer = new Pacer(bps);
        int chunk = pacer.chunk();
        for (long off = start; off < end; off += chunk) {
            cutIfExpired(cutAtMillis);
            int n = (int) Math.min(chunk, end - off);
            out.write(data, (int) off, n);
            out.flush();
            bytesServed.addAndGet(n);
            pacer.sent(n);
        }
    }

    private static void cutIfExpired(long cutAtMillis) throws IOException {
        if (System.currentTimeMillis() > cutAtMillis) {
            throw new IOException("the signed URL expired mid-response: cutting the connection");
        }
    }

    private void sendFile(OutputStream out, Path file, long start, long end, long bps, long cutAtMillis)
            throws IOException {
        Pacer pacer = new Pacer(bps);
        byte[] buf = new byte[pacer.chunk()];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ch.position(start);
            long left = end - start;
            int n;
            while (left > 0 && (n = ch.read(bb.clear().limit((int) Math.min(buf.length, left)))) > 0) {
                cutIfExpired(cutAtMillis);
                out.write(buf, 0, n);
                bytesServed.addAndGet(n);
                left -= n;
                pacer.sent(n);
            }
        }
        out.flush();
    }

    private Path file(String path) {
        if (dir == null) {
            return null;
        }
        Path f = dir.resolve(path.substring(1)).normalize();
        return f.startsWith(dir) && Files.isRegularFile(f) ? f : null;
    }

    private void hold() throws InterruptedException {
        long ms = holdMillis;
        if (ms > 0) {
            maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                TimeUnit.MILLISECONDS.sleep(ms);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private static void send(HttpExchange ex, int code, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(code, b.length);
        ex.getResponseBody().write(b);
    }

    @Override
    public void close() {
        closed = true;
        server.stop(0);
        pool.shutdownNow();
    }

    /** Keeps a response at a rate: small chunks, each sent when the schedule says so. */
    private static final class Pacer {
        private final long bytesPerSecond;
        private final long begin = System.nanoTime();
        private long sent;

        Pacer(long bytesPerSecond) {
            this.bytesPerSecond = bytesPerSecond;
        }

        int chunk() {
            return bytesPerSecond <= 0 ? CHUNK : (int) Math.max(1024, Math.min(CHUNK, bytesPerSecond / 20));
        }

        void sent(long n) {
            sent += n;
            if (bytesPerSecond > 0) {
                long wait = begin + (long) (sent * 1e9 / bytesPerSecond) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
    }

    private static final class Route {
        final byte[] data;
        final Deque<Fault> queued;
        final Fault always;

        Route(byte[] data, Deque<Fault> queued, Fault always) {
            this.data = data;
            this.queued = queued;
            this.always = always;
        }

        synchronized Fault next() {
            return queued.isEmpty() ? always : queued.poll();
        }
    }
}
