package org.visomaster.launcher.frontend.upload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import org.visomaster.launcher.infra.util.Json;

/**
 * Small response helpers: every reply carries no-store and nosniff, errors are JSON {"error": sentence}. They send
 * and flush but leave closing the exchange to the router.
 */
final class HttpReplies {
    private HttpReplies() {
    }

    static void json(HttpExchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", Json.MAPPER.writeValueAsBytes(body));
    }

    static void error(HttpExchange ex, int status, String sentence) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("error", sentence);
        json(ex, status, n);
    }

    static void text(HttpExchange ex, int status, String contentType, String body) throws IOException {
        send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        commonHeaders(ex);
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            // flushed, not closed: closing is the router's job (see UploadServer#finish)
            OutputStream out = ex.getResponseBody();
            out.write(body);
            out.flush();
        }
    }

    static void commonHeaders(HttpExchange ex) {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        ex.getResponseHeaders().set("Referrer-Policy", "same-origin");
    }
}
