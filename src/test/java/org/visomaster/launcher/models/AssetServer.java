package org.visomaster.launcher.models;

import java.io.IOException;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import okio.Buffer;

/**
 * A MockWebServer on 127.0.0.1 serving test files with Range support, scripted per path to misbehave: each GET
 * takes the next queued fault of its path, or the path's permanent fault, or none.
 */
final class AssetServer implements AutoCloseable {
    enum Fault {
        NONE, THROTTLE, TRUNCATE, LIE_LENGTH, STALL, ERROR_500, NOT_FOUND, IGNORE_RANGE, WRONG_BYTES,
        WRONG_CONTENT_RANGE
    }

    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-");

    private final MockWebServer server = new MockWebServer();
    private final Map<String, Route> routes = new ConcurrentHashMap<>();
    final List<RecordedRequest> gets = new CopyOnWriteArrayList<>();
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile long holdMillis;
    volatile long throttleBytesPerSecond = 64 * 1024;

    AssetServer() throws IOException {
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) throws InterruptedException {
                return respond(request);
            }
        });
        server.start(InetAddress.getByName("127.0.0.1"), 0);
    }

    /** The URL of a path on this server, e.g. {@code url("/mirror")}. */
    String url(String path) {
        return server.url(path).toString();
    }

    void serve(String path, byte[] data, Fault... queued) {
        routes.put(path, new Route(data, new ArrayDeque<>(Arrays.asList(queued)), Fault.NONE));
    }

    void serveAlways(String path, byte[] data, Fault fault) {
        routes.put(path, new Route(data, new ArrayDeque<>(), fault));
    }

    List<RecordedRequest> getsFor(String path) {
        return gets.stream().filter(r -> r.getUrl().encodedPath().equals(path)).toList();
    }

    private MockResponse respond(RecordedRequest req) throws InterruptedException {
        String path = req.getUrl().encodedPath();
        Route route = routes.get(path);
        if (route == null) {
            return new MockResponse.Builder().code(404).body("no such file").build();
        }
        if ("HEAD".equals(req.getMethod())) {
            return new MockResponse.Builder().code(200).setHeader("Content-Length", route.data.length).build();
        }
        gets.add(req);
        Fault fault;
        synchronized (route) {
            fault = route.queued.isEmpty() ? route.always : route.queued.poll();
        }
        if (holdMillis > 0) {
            int now = inFlight.incrementAndGet();
            maxInFlight.accumulateAndGet(now, Math::max);
            Thread.sleep(holdMillis);
            inFlight.decrementAndGet();
        }
        byte[] data = route.data;
        switch (fault) {
            case NOT_FOUND:
                return new MockResponse.Builder().code(404).body("gone").build();
            case ERROR_500:
                return new MockResponse.Builder().code(500).body("server error").build();
            case WRONG_BYTES: {
                byte[] bad = data.clone();
                bad[bad.length / 2] ^= 0x5A;
                return full(bad).build();
            }
            case IGNORE_RANGE:
                return full(data).build();
            default:
                break;
        }
        long start = rangeStart(req);
        if (start >= data.length) {
            return new MockResponse.Builder().code(416).build();
        }
        MockResponse.Builder b;
        if (fault == Fault.WRONG_CONTENT_RANGE && start > 0) {
            // claims to start at 0 while the client asked for a later byte
            b = new MockResponse.Builder().code(206)
                    .setHeader("Content-Range", "bytes 0-" + (data.length - 1) + "/" + data.length)
                    .body(new Buffer().write(data));
        } else if (start > 0) {
            b = new MockResponse.Builder().code(206)
                    .setHeader("Content-Range", "bytes " + start + "-" + (data.length - 1) + "/" + data.length)
                    .body(new Buffer().write(data, (int) start, data.length - (int) start));
        } else {
            b = full(data);
        }
        switch (fault) {
            case THROTTLE -> b.throttleBody(throttleBytesPerSecond / 20, 50, TimeUnit.MILLISECONDS);
            case TRUNCATE -> b.onResponseBody(new SocketEffect.CloseSocket());
            case STALL -> b.onResponseBody(SocketEffect.Stall.INSTANCE);
            case LIE_LENGTH -> b.setHeader("Content-Length", data.length - start + 1000)
                    .onResponseEnd(new SocketEffect.CloseSocket());
            default -> {
            }
        }
        return b.build();
    }

    private static MockResponse.Builder full(byte[] data) {
        return new MockResponse.Builder().code(200).body(new Buffer().write(data));
    }

    private static long rangeStart(RecordedRequest req) {
        String range = req.getHeaders().get("Range");
        if (range == null) {
            return 0;
        }
        Matcher m = RANGE.matcher(range);
        return m.matches() ? Long.parseLong(m.group(1)) : 0;
    }

    @Override
    public void close() {
        server.close();
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
    }
}
