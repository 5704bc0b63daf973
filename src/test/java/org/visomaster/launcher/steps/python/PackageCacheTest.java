package org.visomaster.launcher.steps.python;

import org.visomaster.launcher.steps.requirements.RequirementsStep;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.testing.Wheels;
import org.visomaster.launcher.infra.workspace.LauncherConfig;

/**
 * pip's download cache lives on the workspace: a rebuilt environment installs its packages again without fetching
 * the wheels again. The index is a loopback server that answers like PyPI (Cache-Control: immutable); pip caches
 * plain-http downloads only from a trusted host, which the real https indexes need not be.
 */
class PackageCacheTest {
    static final String PY = PyTestSupport.python3Version();

    @TempDir
    Path tmp;

    @Test
    void aRebuiltEnvironmentReinstallsFromTheWorkspaceCache() throws Exception {
        rebuildTwice(Map.of());
    }

    /** The Vast base image sets its own uv cache, turns caching off and keeps uv's Pythons off the volume. */
    @Test
    void theHostsOwnCacheSettingsDoNotTakeTheInstallsOffTheWorkspace() throws Exception {
        Path elsewhere = tmp.resolve("elsewhere");
        rebuildTwice(Map.of("UV_CACHE_DIR", elsewhere.resolve("uv").toString(), "UV_NO_CACHE", "1",
                "UV_PYTHON_INSTALL_DIR", elsewhere.resolve("python_install").toString(),
                "PIP_NO_CACHE_DIR", "1", "PIP_CACHE_DIR", elsewhere.resolve("pip").toString()));
        assertTrue(Files.notExists(elsewhere), "nothing cached outside the workspace");
    }

    private void rebuildTwice(Map<String, String> hostCacheSettings) throws Exception {
        Path wheels = tmp.resolve("wheels");
        Path wheel = Wheels.build(wheels, "cachedpkg", "1.0");
        Files.writeString(wheels.resolve("index.html"), "<a href=\"" + wheel.getFileName() + "\">wheel</a>\n");
        AtomicInteger wheelFetches = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", ex -> serve(ex, wheels, wheelFetches));
        server.start();
        try {
            String index = "http://127.0.0.1:" + server.getAddress().getPort() + "/index.html";
            Path home = Files.createDirectories(tmp.resolve("home"));
            Map<String, String> vars = new HashMap<>(Map.of("PIP_NO_INDEX", "1", "PIP_FIND_LINKS", index,
                    "PIP_TRUSTED_HOST", "127.0.0.1", "HOME", home.toString()));
            vars.putAll(hostCacheSettings);
            PyTestSupport t = new PyTestSupport(tmp.resolve("ws"), vars);
            t.host = t.host.with(Collections.singletonMap("XDG_CACHE_HOME", null));
            LauncherConfig config = PyTestSupport.config(PY, "venv", List.of());
            Files.createDirectories(t.ws.source());
            Files.writeString(t.ws.source().resolve("requirements.txt"), "cachedpkg==1.0\n");

            new PythonStep().run(t.ctx(config, PythonStep.ID));
            new RequirementsStep().run(t.ctx(config, RequirementsStep.ID));
            assertEquals(1, wheelFetches.get());
            assertTrue(Files.isDirectory(t.ws.cache().resolve("pip")), "pip's cache is on the workspace");
            assertTrue(Files.notExists(home.resolve(".cache/pip")), "not in the home folder");

            Files.move(t.ws.env(), t.ws.envs().resolve("viso_env.old"));
            new PythonStep().run(t.ctx(config, PythonStep.ID));
            new RequirementsStep().run(t.ctx(config, RequirementsStep.ID));
            assertEquals(1, wheelFetches.get(), "the rebuilt environment got the wheel from the cache");
            List<String> out = new ArrayList<>();
            CommandRunner.run(List.of(PythonEnv.interpreter(t.ws).toString(), "-c",
                    "import importlib.metadata as m; print(m.version('cachedpkg'))"), null, t.host.childVars(),
                    Duration.ofSeconds(60), out::add, null);
            assertEquals(List.of("1.0"), out);
        } finally {
            server.stop(0);
        }
    }

    private static void serve(HttpExchange ex, Path dir, AtomicInteger wheelFetches) throws IOException {
        try (ex) {
            Path file = dir.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(dir) || !Files.isRegularFile(file) || !"GET".equals(ex.getRequestMethod())) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            if (file.toString().endsWith(".whl")) {
                wheelFetches.incrementAndGet();
            }
            byte[] body = Files.readAllBytes(file);
            ex.getResponseHeaders().set("Content-Type", file.toString().endsWith(".html") ? "text/html"
                    : "application/octet-stream");
            ex.getResponseHeaders().set("Cache-Control", "max-age=365000000, immutable, public");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
        }
    }
}
