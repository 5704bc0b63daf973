package org.visomaster.launcher.guard;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A JDK HttpServer on 127.0.0.1 that records every request (method, path with query, headers, body) and answers
 * each method with a set status and body: the stand-in Vast API and the webhook receivers of the guard's tests.
 */
public final class RecordingServer implements AutoCloseable {
    public record Recorded(String name, String method, String path, Map<String, String> headers, String body) {
        String header(String h) {
            return headers.get(h.toLowerCase(java.util.Locale.ROOT));
        }

        /** A line in a trace that is not a request: what the test did at that moment. */
        static Recorded marker(String text) {
            return new Recorded("--", "", text, Map.of(), "");
        }

        /** One readable line per request, for the report's trace. */
        String line() {
            if (name.equals("--")) {
                return "-- " + path;
            }
            String auth = header("Authorization");
            String ctype = header("Content-Type");
            String title = header("Title");
            return name + ": " + method + " " + path + (ctype == null ? "" : "  Content-Type: " + ctype)
                    + (title == null ? "" : "  Title: " + title) + (auth == null ? "" : "  Authorization: "
                    + (auth.startsWith("Bearer ") ? "Bearer <key>" : "?")) + (body.isEmpty() ? "" : "  body: " + body);
        }
    }

    private record Answer(int status, String body) {
    }

    private final String name;
    private final HttpServer server;
    private final List<Recorded> requests;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    /** {@code log} collects the requests of several servers in the order they came. */
    RecordingServer(String name, List<Recorded> log) throws IOException {
        this.name = name;
        this.requests = log;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public RecordingServer(String name) throws IOException {
        this(name, new CopyOnWriteArrayList<>());
    }

    RecordingServer answer(String method, int status, String body) {
        answers.put(method, new Answer(status, body));
        return this;
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    int port() {
        return server.getAddress().getPort();
    }

    public List<Recorded> requests() {
        return requests.stream().filter(r -> r.name().equals(name)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        Map<String, String> headers = new TreeMap<>();
        ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(java.util.Locale.ROOT), String.join(",", v)));
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        requests.add(new Recorded(name, ex.getRequestMethod(), ex.getRequestURI().toString(), headers, body));
        Answer a = answers.getOrDefault(ex.getRequestMethod(), new Answer(200, "{}"));
        byte[] out = a.body().getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(a.status(), out.length == 0 ? -1 : out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
