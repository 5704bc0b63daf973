package org.visomaster.launcher.ui;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.PersonIdent;
import org.visomaster.launcher.git.SourceStep;
import org.visomaster.launcher.models.ModelsStep;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.provision.Step;
import org.visomaster.launcher.provision.finish.FinishStep;
import org.visomaster.launcher.python.PythonStep;
import org.visomaster.launcher.python.RequirementsStep;
import org.visomaster.launcher.util.Sha256;
import org.visomaster.launcher.workspace.LauncherConfig;
import org.visomaster.launcher.workspace.Workspace;

/**
 * Everything a real provisioning run needs, offline: an upstream git repository (the fixture VisoMaster main.py, a
 * requirements file, a models manifest in upstream's format) cloned over file://, a local pip folder with a tiny
 * wheel (PIP_NO_INDEX / PIP_FIND_LINKS), and a loopback HTTP server with the model files (throttled if asked).
 */
public final class EngineFixture implements AutoCloseable {
    public static final String PREFIX = "https://github.com/visomaster/visomaster-assets/releases/download";

    public final Workspace ws;
    public final LauncherConfig config;
    public final HostEnvironment host;
    public final List<String> modelNames = new ArrayList<>();
    private final HttpServer server;

    private EngineFixture(Workspace ws, LauncherConfig config, HostEnvironment host, HttpServer server) {
        this.ws = ws;
        this.config = config;
        this.host = host;
        this.server = server;
    }

    /**
     * @param bytesPerSecond throttle of the model server per download (0: as fast as possible)
     */
    public static EngineFixture create(Path tmp, int models, int modelSize, long bytesPerSecond) throws Exception {
        Path upstream = tmp.resolve("upstream");
        Files.createDirectories(upstream.resolve("app/processors"));
        Files.writeString(upstream.resolve("main.py"), FixtureApp.MAIN_PY);
        Files.writeString(upstream.resolve("requirements_test.txt"), "tinypkg==1.0\n");
        Files.writeString(upstream.resolve(".gitignore"), "model_assets/\n");

        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        Random random = new Random(7);
        StringBuilder manifest = new StringBuilder("models_dir = './model_assets'\nassets_repo = \"" + PREFIX
                + "\"\n\nmodels_list = [\n");
        List<String> names = new ArrayList<>();
        for (int i = 0; i < models; i++) {
            String file = "fixture_model_" + i + ".onnx";
            byte[] data = new byte[modelSize + i * 997];
            random.nextBytes(data);
            MessageDigest md = Sha256.newDigest();
            md.update(data);
            manifest.append("    {\n        \"model_name\": \"FixtureModel").append(i).append("\",\n")
                    .append("        \"local_path\": f\"{models_dir}/").append(file).append("\",\n")
                    .append("        \"hash\": \"").append(Sha256.hex(md)).append("\",\n")
                    .append("        \"url\": f\"{assets_repo}/v0.1.0/").append(file).append("\"\n    },\n");
            server.createContext("/mirror/v0.1.0/" + file, exchange -> {
                exchange.getResponseHeaders().add("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, data.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    int chunk = 16 * 1024;
                    for (int off = 0; off < data.length; off += chunk) {
                        out.write(data, off, Math.min(chunk, data.length - off));
                        out.flush();
                        if (bytesPerSecond > 0) {
                            TimeUnit.MILLISECONDS.sleep(Math.max(1, chunk * 1000L / bytesPerSecond));
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            names.add(file);
        }
        manifest.append("]\n");
        Files.writeString(upstream.resolve("app/processors/models_data.py"), manifest.toString());
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();

        PersonIdent me = new PersonIdent("Test", "test@example.org");
        try (Git git = Git.init().setDirectory(upstream.toFile()).setInitialBranch("main").call()) {
            git.add().addFilepattern(".").call();
            git.commit().setMessage("fixture VisoMaster").setAuthor(me).setCommitter(me).call();
        }

        Path wheels = tmp.resolve("wheels");
        TinyWheel.build(wheels, "tinypkg", "1.0");
        HostEnvironment host = HostEnvironment.system().with(Map.of(
                "PIP_NO_INDEX", "1",
                "PIP_FIND_LINKS", wheels.toString(),
                "PIP_DISABLE_PIP_VERSION_CHECK", "1"));
        String python = pythonMinor();
        Workspace ws = new Workspace(tmp.resolve("ws"));
        LauncherConfig config = new LauncherConfig("test", "fixture VisoMaster", upstream.toUri().toString(), "main",
                python, "requirements_test.txt", List.of(), null, List.of(), "app/processors/models_data.py",
                PREFIX, "http://127.0.0.1:" + server.getAddress().getPort() + "/mirror", "venv", 2, true, 0,
                1L << 30);
        EngineFixture f = new EngineFixture(ws, config, host, server);
        f.modelNames.addAll(names);
        return f;
    }

    /** The standard steps, as the real catalogue lists them. */
    public static List<Step> steps() {
        return List.of(new SourceStep(), new PythonStep(), new RequirementsStep(), new ModelsStep(),
                new FinishStep());
    }

    private static String pythonMinor() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("python3", "-c", "import sys; print('%d.%d' % sys.version_info[:2])")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("python3 does not run: " + out);
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
