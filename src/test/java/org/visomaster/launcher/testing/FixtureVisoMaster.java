package org.visomaster.launcher.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.util.Json;
import org.visomaster.launcher.util.Sha256;
import org.visomaster.launcher.workspace.LauncherConfig;
import org.visomaster.launcher.workspace.Workspace;

/**
 * Everything a real provisioning run needs, offline: an upstream git repository with a fixture VisoMaster (main.py,
 * app/, a requirements file, a models manifest in upstream's format), a local pip folder with a tiny wheel, and a
 * loopback HTTP server with the model files (Range support, optional per-connection throttle).
 */
public final class FixtureVisoMaster implements AutoCloseable {
    public static final String PREFIX = "https://github.com/visomaster/visomaster-assets/releases/download";
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d+)-(\\d*)");

    public final Path upstream;
    public final Path wheels;
    public final Workspace ws;
    public final List<String> modelFiles = new ArrayList<>();
    public final AtomicLong bytesServed = new AtomicLong();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, byte[]> files = new HashMap<>();
    private volatile long bytesPerSecond;

    private FixtureVisoMaster(Path tmp) throws IOException {
        upstream = tmp.resolve("upstream");
        wheels = tmp.resolve("wheels");
        ws = new Workspace(tmp.resolve("ws"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/mirror/", this::serve);
        server.setExecutor(executor);
        server.start();
    }

    /**
     * @param mainPy the fixture app's main.py
     * @param models how many model files (each {@code size} bytes plus a little, random content)
     */
    public static FixtureVisoMaster create(Path tmp, String mainPy, int models, int size) throws Exception {
        FixtureVisoMaster f = new FixtureVisoMaster(tmp);
        Files.createDirectories(f.upstream.resolve("app/processors"));
        Files.createDirectories(f.upstream.resolve("app/ui"));
        Files.writeString(f.upstream.resolve("app/__init__.py"), "");
        Files.writeString(f.upstream.resolve("main.py"), mainPy);
        Files.writeString(f.upstream.resolve("requirements_test.txt"),
                "# fixture requirements\n--extra-index-url https://download.pytorch.org/whl/cu124\n\ntinypkg==1.0 \n");
        Files.writeString(f.upstream.resolve(".gitignore"), "model_assets/\n");
        Random random = new Random(7);
        StringBuilder manifest = new StringBuilder("models_dir = './model_assets'\nassets_repo = \"" + PREFIX
                + "\"\n\ntry:\n    import tensorrt as trt\n    models_trt_list = [{'model_name': 'T', 'local_path': "
                + "f'{models_dir}/t.' + trt.__version__ + '.trt', 'hash': '00'}]\nexcept ModuleNotFoundError:\n"
                + "    models_trt_list = []\n\nmodels_list = [\n");
        for (int i = 0; i < models; i++) {
            String file = "fixture_model_" + i + ".onnx";
            byte[] data = new byte[size + i * 997];
            random.nextBytes(data);
            var md = Sha256.newDigest();
            md.update(data);
            manifest.append("    {\n        'model_name': 'FixtureModel").append(i).append("',\n")
                    .append("        'local_path': f'{models_dir}/").append(file).append("',\n")
                    .append("        'hash': '").append(Sha256.hex(md)).append("',\n")
                    .append("        'url': f'{assets_repo}/v0.1.0/").append(file).append("'\n    },\n");
            f.files.put("/mirror/v0.1.0/" + file, data);
            f.modelFiles.add(file);
        }
        manifest.append("]\n");
        Files.writeString(f.upstream.resolve("app/processors/models_data.py"), manifest.toString());
        PersonIdent me = new PersonIdent("Test", "test@example.org");
        try (Git git = Git.init().setDirectory(f.upstream.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("fixture VisoMaster").setAuthor(me).setCommitter(me).call();
        }
        Wheels.build(f.wheels, "tinypkg", "1.0");
        return f;
    }

    /** Caps each download connection at this many bytes per second (0: unlimited). */
    public void throttle(long bytesPerSecond) {
        this.bytesPerSecond = bytesPerSecond;
    }

    public String mirrorUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror";
    }

    /** Environment for the engine: pip offline from the wheel folder, no uv or conda on PATH. */
    public HostEnvironment host() {
        return HostEnvironment.system().with(Map.of("PIP_NO_INDEX", "1", "PIP_FIND_LINKS", wheels.toString(),
                "PIP_DISABLE_PIP_VERSION_CHECK", "1", "PATH", pathWithout("uv", "conda", "mamba", "micromamba")));
    }

    public LauncherConfig config() throws IOException, InterruptedException {
        return new LauncherConfig("upstream", "fixture VisoMaster", upstream.toUri().toString(), "main",
                pythonMinor(), "requirements_test.txt", List.of(), null, List.of(), "app/processors/models_data.py",
                PREFIX, mirrorUrl(), "venv", 4, true, 17860, 1L << 30);
    }

    /** Writes the same settings as {@link #config()} into the workspace's launcher.json, for CLI processes. */
    public void writeLauncherJson() throws IOException, InterruptedException {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("repoUrl", upstream.toUri().toString());
        n.put("ref", "main");
        n.put("pythonVersion", pythonMinor());
        n.put("requirementsFile", "requirements_test.txt");
        n.putArray("overrides");
        n.put("modelsBaseUrl", mirrorUrl());
        n.put("envManager", "venv");
        n.put("parallelDownloads", 4);
        Files.createDirectories(ws.root());
        Files.writeString(ws.configFile(), n.toPrettyString());
    }

    private void serve(HttpExchange ex) throws IOException {
        byte[] data = files.get(ex.getRequestURI().getPath());
        try (ex) {
            if (data == null) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if ("HEAD".equals(ex.getRequestMethod())) {
                ex.getResponseHeaders().add("Content-Length", String.valueOf(data.length));
                ex.sendResponseHeaders(200, -1);
                return;
            }
            long start = 0;
            long end = data.length;
            String range = ex.getRequestHeaders().getFirst("Range");
            Matcher m = range == null ? null : RANGE.matcher(range);
            if (m != null && m.matches() && Long.parseLong(m.group(1)) < data.length) {
                start = Long.parseLong(m.group(1));
                end = m.group(2).isEmpty() ? data.length : Math.min(data.length, Long.parseLong(m.group(2)) + 1);
                ex.getResponseHeaders().add("Content-Range", "bytes " + start + "-" + (end - 1) + "/" + data.length);
                ex.sendResponseHeaders(206, end - start);
            } else {
                ex.sendResponseHeaders(200, data.length);
            }
            OutputStream out = ex.getResponseBody();
            int chunk = 16 * 1024;
            for (long off = start; off < end; off += chunk) {
                int n = (int) Math.min(chunk, end - off);
                out.write(data, (int) off, n);
                out.flush();
                bytesServed.addAndGet(n);
                long bps = bytesPerSecond;
                if (bps > 0) {
                    TimeUnit.MICROSECONDS.sleep(n * 1_000_000L / bps);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientWentAway) {
            // the launcher was killed or cancelled mid-download: that is what some tests do
        }
    }

    public static String pythonMinor() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import sys; print('%d.%d' % sys.version_info[:2])")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("python3 does not run: " + out);
        }
        return out;
    }

    /** The real PATH minus folders holding any of these tools, so the venv + pip path is the one exercised. */
    public static String pathWithout(String... tools) {
        List<String> kept = new ArrayList<>();
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            boolean has = false;
            for (String t : tools) {
                has |= !dir.isEmpty() && Files.isExecutable(Path.of(dir, t));
            }
            if (!has) {
                kept.add(dir);
            }
        }
        return String.join(File.pathSeparator, kept);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
