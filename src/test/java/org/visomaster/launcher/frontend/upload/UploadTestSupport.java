package org.visomaster.launcher.frontend.upload;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import okhttp3.OkHttpClient;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.imports.ImportResult;

/** A real server on 127.0.0.1 (port 0) over a temporary workspace, and the helpers the upload tests share. */
final class UploadTestSupport implements AutoCloseable {
    static final String TOKEN = "test-token-0123456789";

    final Workspace ws;
    final ProvisionService service;
    final UploadServer server;
    final OkHttpClient http = new OkHttpClient.Builder().followRedirects(false)
            .readTimeout(Duration.ofSeconds(30)).writeTimeout(Duration.ofSeconds(30)).build();

    UploadTestSupport(Path root, FileImporter importer, List<Step> steps,
                      java.util.function.UnaryOperator<UploadSettings> tweak) throws Exception {
        ws = new Workspace(root);
        ws.ensureLayout();
        LauncherConfig config = ConfigLoader.load(ws, "upstream", Map.of());
        service = new ProvisionService(ws, config, HostEnvironment.system(), steps);
        UploadSettings settings = tweak.apply(UploadSettings.of(0, UploadToken.of(TOKEN), 64L << 20)
                .withReserve(0).withHeartbeat(Duration.ofMillis(300)));
        server = new UploadServer(ws, importer, ProvisionFeed.of(service), settings);
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.port() + path;
    }

    /** Every file under the workspace whose name is {@code name}, wherever the import put it. */
    List<Path> filesNamed(String name) throws IOException {
        try (Stream<Path> s = Files.walk(ws.root())) {
            return s.filter(p -> p.getFileName().toString().equals(name)).toList();
        }
    }

    boolean incomingEmpty() throws IOException {
        return !server.hasTemporaries();
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
        server.stop();
        service.close();
    }

    /** A raw HTTP/1.1 exchange: sends {@code head} (CRLF lines, no blank line) and an optional body, reads all. */
    static String raw(int port, String head, byte[] body) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(20_000);
            OutputStream out = s.getOutputStream();
            out.write((head + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = s.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    /**
     * Sends {@code head} (with no body, whatever its Content-Length says) and reads one response: headers, then as
     * many body bytes as its Content-Length — without waiting for the connection to close.
     */
    static String rawAnswerOnly(int port, String head) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
            while (!buf.toString(StandardCharsets.ISO_8859_1).contains("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                buf.write(b);
            }
            String headers = buf.toString(StandardCharsets.ISO_8859_1);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(headers);
            int length = m.find() ? Integer.parseInt(m.group(1)) : 0;
            return headers + new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
    }

    static int statusOf(String rawResponse) {
        return Integer.parseInt(rawResponse.substring(9, 12));
    }

    /**
     * Takes what the server hands over exactly as given (name and bytes) and moves it to uploads/&lt;name&gt; —
     * lets transport tests check the hand-over itself, independent of how the import classifies files.
     */
    static final class CapturingImporter implements FileImporter {
        final List<String> names = new CopyOnWriteArrayList<>();
        private final Path uploads;
        volatile boolean refuse;

        CapturingImporter(Path uploads) {
            this.uploads = uploads;
        }

        @Override
        public ImportResult importFile(Path file, String originalName) {
            names.add(originalName);
            if (refuse) {
                return new ImportResult(originalName, ImportResult.Kind.OTHER, false, null,
                        "Refused for the test; nothing was kept.", Set.of());
            }
            try {
                Path dest = uploads.resolve(originalName);
                Files.move(file, dest);
                return new ImportResult(originalName, ImportResult.Kind.OTHER, true, dest,
                        "Saved to uploads/" + originalName + ".", Set.of());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
