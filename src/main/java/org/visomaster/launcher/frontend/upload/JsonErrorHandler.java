package org.visomaster.launcher.frontend.upload;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.visomaster.launcher.infra.util.Json;

/**
 * What Jetty answers itself (a request it cannot parse, headers too large) in the page's own shape: JSON with one
 * sentence, as every other refusal, instead of Jetty's HTML page.
 */
final class JsonErrorHandler extends ErrorHandler {
    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) throws IOException {
        String sentence = switch (code) {
            case 400 -> "The request could not be read" + (message == null ? "" : " (" + message + ")")
                    + "; nothing was saved. Try again from the upload page.";
            case 431 -> "The request's headers are too large; clear this site's cookies and reload the upload page.";
            default -> "The request was refused (" + code + " " + HttpStatus.getMessage(code) + "); reload the "
                    + "upload page and try again.";
        };
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("accepted", false);
        n.put("error", sentence);
        n.put("message", sentence);
        response.getHeaders().put("Content-Type", "application/json; charset=utf-8");
        response.getHeaders().put("Cache-Control", "no-store");
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.write(true, ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(n)), callback);
    }
}
