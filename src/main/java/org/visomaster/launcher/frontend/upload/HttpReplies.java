package org.visomaster.launcher.frontend.upload;

import com.fasterxml.jackson.databind.node.ObjectNode;
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

    static void json(Exchange ex, int status, Object body) throws IOException {
        send(ex, status, "application/json; charset=utf-8", Json.MAPPER.writeValueAsBytes(body));
    }

    static void error(Exchange ex, int status, String sentence) throws IOException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("error", sentence);
        json(ex, status, n);
    }

    static void text(Exchange ex, int status, String contentType, String body) throws IOException {
        send(ex, status, contentType, body.getBytes(StandardCharsets.UTF_8));
    }

    static void send(Exchange ex, int status, String contentType, byte[] body) throws IOException {
        commonHeaders(ex);
        ex.setHeader("Content-Type", contentType);
        ex.sendHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            // written, not closed: closing is the router's job (UploadServer#handle)
            OutputStream out = ex.responseBody();
            out.write(body);
        }
    }

    static void commonHeaders(Exchange ex) {
        ex.setHeader("Cache-Control", "no-store");
        ex.setHeader("X-Content-Type-Options", "nosniff");
        ex.setHeader("Referrer-Policy", "same-origin");
    }
}
