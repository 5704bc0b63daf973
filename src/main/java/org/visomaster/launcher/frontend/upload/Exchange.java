package org.visomaster.launcher.frontend.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * One request and its response, in the blocking style the handlers are written in. Everything a handler learns
 * about the request (such as whether its body was read) lives here, so nothing leaks between requests.
 * {@link #close} completes the exchange exactly once; Jetty then reads (or drops, closing the connection) what
 * remains of an unread body without blocking a thread.
 */
final class Exchange {
    private final Request request;
    private final Response response;
    private final Callback callback;
    private OutputStream body;
    private boolean closed;

    Exchange(Request request, Response response, Callback callback) {
        this.request = request;
        this.response = response;
        this.callback = callback;
    }

    String method() {
        return request.getMethod();
    }

    /** The path exactly as on the request line (still percent-encoded). */
    String rawPath() {
        String p = request.getHttpURI().getPath();
        return p == null || p.isEmpty() ? "/" : p;
    }

    String rawQuery() {
        return request.getHttpURI().getQuery();
    }

    HttpFields requestHeaders() {
        return request.getHeaders();
    }

    String header(String name) {
        return request.getHeaders().get(name);
    }

    List<String> headers(String name) {
        return request.getHeaders().getValuesList(name);
    }

    void setHeader(String name, String value) {
        response.getHeaders().put(name, value);
    }

    void addHeader(String name, String value) {
        response.getHeaders().add(name, value);
    }

    /**
     * Sets the status and length, as the JDK server's {@code sendResponseHeaders} did: {@code length} -1 means no
     * body, 0 a body of unknown length (streamed). The headers go out with the first write or at {@link #close}.
     */
    void sendHeaders(int status, long length) {
        response.setStatus(status);
        if (length != 0) {
            response.getHeaders().put("Content-Length", Long.toString(Math.max(length, 0)));
        }
    }

    /** True once the status line and headers have gone out: an error can then only cut the connection. */
    boolean committed() {
        return response.isCommitted();
    }

    /** The request body, read with blocking reads that fail when the connection idles out. */
    InputStream requestBody() {
        return Content.Source.asInputStream(request);
    }

    synchronized OutputStream responseBody() {
        if (body == null) {
            body = Content.Sink.asOutputStream(response);
        }
        return body;
    }

    /** Ends the response (writing what is buffered) and hands the connection back to Jetty. Idempotent. */
    void close() {
        OutputStream out;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            out = body;
        }
        try {
            if (out != null) {
                out.close();
            }
            callback.succeeded();
        } catch (IOException | RuntimeException e) {
            callback.failed(e);
        }
    }

    /** Ends the exchange as failed: Jetty answers 500 if nothing was sent yet, else it cuts the connection. */
    void fail(Throwable t) {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        callback.failed(t);
    }
}
