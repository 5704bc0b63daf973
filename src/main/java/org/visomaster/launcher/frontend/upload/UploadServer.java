package org.visomaster.launcher.frontend.upload;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.imports.ImportService;

/**
 * The browser drop page: upload files into the workspace, follow provisioning, download outputs. Listens on
 * 127.0.0.1 only (the Vast portal proxies it); every endpoint but {@code /healthz} needs the token. Nothing here
 * logs requests, so neither the token nor file names end up in a log. Jetty serves it, set up against slow clients ({@link HttpListener}).
 */
public final class UploadServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(UploadServer.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Workspace ws;
    private final ProvisionFeed feed;
    private final UploadSettings settings;
    private final RequestAuth auth;
    private final UploadReceiver receiver;
    private final OutputFiles outputs;
    private final EventStream events;
    private final String page;
    private HttpListener server;

    public UploadServer(Workspace ws, FileImporter importer, ProvisionFeed feed, UploadSettings settings) {
        this.ws = ws;
        this.feed = feed;
        this.settings = settings;
        this.auth = new RequestAuth(settings.token());
        this.receiver = new UploadReceiver(ws, importer, settings);
        this.outputs = new OutputFiles(ws.output());
        this.events = new EventStream(feed, settings.heartbeat());
        this.page = resource("page.html");
    }

    /**
     * The one call the window and {@code serve} make: the server for this provisioning service on {@code port}
     * (the configured uploadPort when negative), started, its address printed once on {@code announce}.
     */
    public static UploadServer startFor(ProvisionService service, ImportService imports, int port,
                                        PrintStream announce) throws IOException {
        return startFor(service.workspace(), imports::importFile, ProvisionFeed.of(service),
                UploadSettings.of(port < 0 ? service.config().uploadPort() : port,
                        UploadToken.resolve(service.host()), service.config().uploadMaxBytes()), announce);
    }

    public static UploadServer startFor(Workspace ws, FileImporter importer, ProvisionFeed feed,
                                        UploadSettings settings, PrintStream announce) throws IOException {
        UploadServer s = new UploadServer(ws, importer, feed, settings);
        s.start();
        announce.println(s.announcement());
        return s;
    }

    public synchronized void start() throws IOException {
        if (server != null) {
            throw new IllegalStateException("already started");
        }
        ws.ensureLayout();
        receiver.sweepLeftovers();
        server = HttpListener.start(settings, this::handle);
    }

    /** The port actually bound (useful with port 0). */
    public synchronized int port() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        return server.port();
    }

    public String address() {
        return "http://127.0.0.1:" + port() + "/";
    }

    /**
     * The one line that shows where the page is. A generated token is part of it (there is no other way to learn
     * it); a token from the environment is not repeated, since the portal already hands it to the browser.
     */
    public String announcement() {
        UploadToken t = settings.token();
        if (t.generated() || "given".equals(t.source())) {
            return "Upload page: " + address() + "?token=" + t.value();
        }
        return "Upload page: " + address() + " (open it from the Vast portal's \"Upload\" entry, or add ?token=<"
                + t.source() + ">)";
    }

    int eventClients() {
        return events.clientCount();
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        events.close();
        server.close();
        server = null;
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(Exchange ex) {
        boolean handedOff = false;
        try {
            handedOff = route(ex);
        } catch (Throwable t) {
            if (ex.committed()) {
                // half a download went out: a client that left is no fault; cutting the connection is all that is left
                if (t instanceof IOException) {
                    LOG.debug("a response on {} was cut short: the client left or stalled", ex.rawPath(), t);
                } else {
                    LOG.error("the upload page failed on {} {}", ex.method(), ex.rawPath(), t);
                }
                ex.fail(t);
                return;
            }
            LOG.error("the upload page failed on {} {}", ex.method(), ex.rawPath(), t);
            try {
                HttpReplies.error(ex, 500, "The upload page hit an internal error (" + t.getClass().getSimpleName()
                        + "); try again, and attach logs/launcher.log to a bug report if it keeps happening.");
            } catch (IOException | RuntimeException e) {
                LOG.debug("no error page: the response was already under way or the client left", e);
                ex.fail(t);
            }
        } finally {
            if (!handedOff) {
                ex.close();
            }
        }
    }

    /** Answers the request; returns true when another thread now owns the exchange (the event stream). */
    private boolean route(Exchange ex) throws IOException {
        String path = ex.rawPath();
        String method = ex.method();
        if (path.equals("/healthz")) {
            if (!method.equals("GET") && !method.equals("HEAD")) {
                methodNotAllowed(ex, "GET");
                return false;
            }
            HttpReplies.text(ex, 200, "text/plain; charset=utf-8", "ok");
            return false;
        }
        String tokenParam = queryParam(ex.rawQuery(), "token");
        if (tokenParam != null && method.equals("GET")) {
            if (settings.token().matches(tokenParam)) {
                redirectWithCookie(ex, path, ex.rawQuery());
            } else {
                unauthorized(ex, path, "The link's token is not valid; open the Upload link from the Vast portal "
                        + "again.");
            }
            return false;
        }
        switch (auth.check(method, ex.requestHeaders())) {
            case UNAUTHORIZED -> {
                unauthorized(ex, path, "Open the Upload link from the Vast portal (or the address the launcher "
                        + "printed at start); this page needs its token.");
                return false;
            }
            case FOREIGN_ORIGIN -> {
                HttpReplies.error(ex, 403, "This request did not come from the upload page itself (its Origin does "
                        + "not match); reload the page and try again.");
                return false;
            }
            case OK -> {
            }
        }
        if (path.equals("/")) {
            requireGet(ex, method, () -> sendPage(ex));
        } else if (path.equals("/api/status")) {
            requireGet(ex, method, () -> HttpReplies.json(ex, 200, feed.status()));
        } else if (path.equals("/api/events")) {
            if (method.equals("GET")) {
                return events.open(ex);
            }
            methodNotAllowed(ex, "GET");
        } else if (path.equals("/api/guard")) {
            requireGet(ex, method, () -> HttpReplies.json(ex, 200, GuardEndpoint.status(ws)));
        } else if (path.equals("/api/guard/keep")) {
            if (method.equals("POST")) {
                GuardEndpoint.keepRunning(ex, ws);
            } else {
                methodNotAllowed(ex, "POST");
            }
        } else if (path.equals("/api/outputs")) {
            requireGet(ex, method, () -> listOutputs(ex));
        } else if (path.startsWith("/api/outputs/")) {
            requireGet(ex, method, () -> download(ex, path.substring("/api/outputs/".length())));
        } else if (path.startsWith("/api/uploads/")) {
            if (!method.equals("PUT")) {
                methodNotAllowed(ex, "PUT");
                return false;
            }
            receiver.handle(ex, path.substring("/api/uploads/".length()));
        } else {
            HttpReplies.error(ex, 404, "There is nothing at this address; open the upload page at /.");
        }
        return false;
    }

    private interface Action {
        void run() throws IOException;
    }

    private static void requireGet(Exchange ex, String method, Action a) throws IOException {
        if (method.equals("GET")) {
            a.run();
        } else {
            methodNotAllowed(ex, "GET");
        }
    }

    private static void methodNotAllowed(Exchange ex, String allowed) throws IOException {
        ex.setHeader("Allow", allowed);
        HttpReplies.error(ex, 405, "This address only answers " + allowed + ".");
    }

    private void unauthorized(Exchange ex, String path, String sentence) throws IOException {
        if (path.equals("/")) {
            String html = "<!doctype html><html><head><meta charset=\"utf-8\"><title>Upload — sign in</title></head>"
                    + "<body style=\"font-family:sans-serif;margin:3em\"><h1>VisoMaster upload</h1><p>"
                    + sentence + "</p></body></html>";
            HttpReplies.text(ex, 401, "text/html; charset=utf-8", html);
        } else {
            HttpReplies.error(ex, 401, sentence);
        }
    }

    /** Sets the cookie and sends the browser to the same address without the token (relative, for proxies). */
    private void redirectWithCookie(Exchange ex, String path, String rawQuery) throws IOException {
        StringBuilder rest = new StringBuilder();
        for (String p : rawQuery.split("&")) {
            if (!p.isEmpty() && !p.equals("token") && !p.startsWith("token=")) {
                rest.append(rest.length() == 0 ? "?" : "&").append(p);
            }
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        ex.addHeader("Set-Cookie", auth.cookieHeader(ex.requestHeaders()));
        ex.setHeader("Location", "./" + last + rest);
        HttpReplies.commonHeaders(ex);
        ex.sendHeaders(303, -1);
    }

    private void sendPage(Exchange ex) throws IOException {
        byte[] b = new byte[18];
        RANDOM.nextBytes(b);
        String nonce = Base64.getEncoder().encodeToString(b);
        ex.setHeader("Content-Security-Policy", "default-src 'none'; script-src 'nonce-" + nonce
                + "'; style-src 'nonce-" + nonce + "'; connect-src 'self'; img-src 'self' data:; "
                + "form-action 'none'; frame-ancestors 'none'; base-uri 'none'");
        HttpReplies.text(ex, 200, "text/html; charset=utf-8", page.replace("__NONCE__", nonce));
    }

    private void listOutputs(Exchange ex) throws IOException {
        ArrayNode list = Json.MAPPER.createArrayNode();
        for (OutputFiles.Entry e : outputs.list()) {
            ObjectNode n = list.addObject();
            n.put("name", e.path());
            n.put("size", e.size());
            n.put("mtime", e.mtime().toString());
        }
        HttpReplies.json(ex, 200, list);
    }

    private void download(Exchange ex, String rawPath) throws IOException {
        Path file;
        try {
            file = outputs.resolve(rawPath);
        } catch (OutputFiles.Refused r) {
            HttpReplies.error(ex, r.status, r.getMessage());
            return;
        }
        try (FileChannel ch = FileChannel.open(file)) {
            long size = ch.size();
            HttpReplies.commonHeaders(ex);
            ex.setHeader("Content-Type", "application/octet-stream");
            ex.setHeader("Content-Disposition", OutputFiles.contentDisposition(file.getFileName().toString()));
            ex.sendHeaders(200, size == 0 ? -1 : size);
            if (size > 0) {
                OutputStream out = ex.responseBody();
                try (InputStream in = java.nio.channels.Channels.newInputStream(ch)) {
                    byte[] buf = new byte[256 * 1024];
                    long left = size;
                    for (int r; left > 0 && (r = in.read(buf, 0, (int) Math.min(buf.length, left))) > 0; ) {
                        out.write(buf, 0, r);
                        left -= r;
                    }
                }
            }
        }
    }

    /** The raw value of {@code name} in a query string, percent-decoded; null when absent. */
    static String queryParam(String rawQuery, String name) {
        if (rawQuery == null) {
            return null;
        }
        for (String p : rawQuery.split("&")) {
            int eq = p.indexOf('=');
            String key = eq < 0 ? p : p.substring(0, eq);
            if (key.equals(name)) {
                try {
                    return eq < 0 ? "" : UploadNames.percentDecode(p.substring(eq + 1).replace('+', ' '));
                } catch (IllegalArgumentException e) {
                    return "";
                }
            }
        }
        return null;
    }

    private static String resource(String name) {
        try (InputStream in = UploadServer.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the upload page is missing from the launcher (" + name + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("the upload page cannot be read: " + e.getMessage(), e);
        }
    }

    Path incomingDir() {
        return receiver.incoming();
    }

    /** For tests: cuts every open connection, as a laptop's sleep or a network change does. */
    synchronized void dropConnections() {
        server.dropConnections();
    }

    /** For tests: whether any temporary upload file is still around. */
    boolean hasTemporaries() throws IOException {
        if (!Files.isDirectory(incomingDir())) {
            return false;
        }
        try (var s = Files.list(incomingDir())) {
            return s.findAny().isPresent();
        }
    }
}
