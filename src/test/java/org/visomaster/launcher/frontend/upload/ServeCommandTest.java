package org.visomaster.launcher.frontend.upload;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.frontend.app.Main;
import org.visomaster.launcher.frontend.cli.LauncherCli;
import org.visomaster.launcher.frontend.cli.LauncherCommand;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.Step;

class ServeCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** The launcher's command line with this serve command and the given catalogue. */
    private LauncherCli cli(ServeCommand cmd, List<Step> steps) {
        return cli(cmd, steps, Map.of());
    }

    private LauncherCli cli(ServeCommand cmd, List<Step> steps, Map<String, String> env) {
        Map<String, String> vars = new java.util.HashMap<>(env);
        vars.put("HOME", tmp.toString());
        vars.put("PATH", "/usr/bin:/bin");
        HostEnvironment host = new HostEnvironment(vars);
        return new LauncherCli(new LauncherCommand(host, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), steps), List.of(cmd));
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void servesUntilStoppedAndPrintsTheAddressWithTheTokenOnce() throws Exception {
        ServeCommand cmd = new ServeCommand();
        LauncherCli cli = cli(cmd, List.of(TinySteps.counting("one", "One", 1)));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.run("--workspace", tmp.toString(),
                "serve", "--port", "0"));
        await().until(() -> out().contains("Serving") || exit.isDone());
        Matcher m = Pattern.compile("Upload page: (http://127\\.0\\.0\\.1:(\\d+)/)\\?token=([A-Za-z0-9_-]+)")
                .matcher(out());
        assertTrue(m.find(), out() + err.toString(StandardCharsets.UTF_8));
        String token = m.group(3);
        assertEquals(1, out().split(Pattern.quote(token), -1).length - 1, "the token is printed exactly once");
        OkHttpClient http = new OkHttpClient.Builder().followRedirects(false).build();
        try (Response r = http.newCall(new Request.Builder().url(m.group(1) + "api/status")
                .header("Authorization", "Bearer " + token).build()).execute()) {
            assertEquals(200, r.code());
            assertTrue(r.body().string().contains("\"title\":\"One\""), "the step list comes from the catalogue");
        }
        try (Response r = http.newCall(new Request.Builder().url(m.group(1) + "?token=" + token).build()).execute()) {
            assertEquals(303, r.code());
        }
        http.connectionPool().evictAll();
        cmd.stop();
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
        assertEquals(1, out().split(Pattern.quote(token), -1).length - 1, "and nowhere else, requests included");
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Test
    void theWindowsPageListensOnThePortalsUploadPort() throws Exception {
        // launcher-service.sh exports VISO_UPLOAD_PORT from the portal's "Upload" entry; the window starts its
        // page through startFor(service, imports, -1, …), the port coming from the service's configuration
        int port = freePort();
        HostEnvironment host = new HostEnvironment(Map.of("HOME", tmp.toString(), "VISO_UPLOAD_PORT",
                String.valueOf(port)));
        org.visomaster.launcher.infra.workspace.Workspace ws = new org.visomaster.launcher.infra.workspace.Workspace(
                tmp.resolve("ws"));
        ws.ensureLayout();
        Files.writeString(ws.root().resolve("launcher.json"), "{\"uploadPort\": 17999}");
        var config = org.visomaster.launcher.infra.workspace.ConfigLoader.load(ws, "upstream", host.childVars());
        try (var service = new org.visomaster.launcher.engine.ProvisionService(ws, config, host, List.of());
             UploadServer page = UploadServer.startFor(service, new org.visomaster.launcher.imports.ImportService(ws),
                     -1, new PrintStream(out, true, StandardCharsets.UTF_8))) {
            assertEquals(port, page.port(), "VISO_UPLOAD_PORT wins over launcher.json's uploadPort");
        }
    }

    @Test
    void serveTakesVisoUploadPortAndItsPortOptionWins() throws Exception {
        int port = freePort();
        ServeCommand cmd = new ServeCommand();
        LauncherCli cli = cli(cmd, List.of(), Map.of("VISO_UPLOAD_PORT", String.valueOf(port)));
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.run("--workspace", tmp.toString(),
                "serve"));
        await().until(() -> out().contains("Serving") || exit.isDone());
        assertTrue(out().contains("Upload page: http://127.0.0.1:" + port + "/"), out() + err());
        cmd.stop();
        assertEquals(0, exit.get(10, TimeUnit.SECONDS));
    }

    @Test
    void aBusyPortIsOneClearSentence() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int code = cli(new ServeCommand(), List.of()).run("--workspace", tmp.toString(), "serve", "--port",
                    String.valueOf(busy.getLocalPort()));
            assertEquals(1, code);
            assertTrue(err().startsWith("Port " + busy.getLocalPort() + " on 127.0.0.1 is already in use"), err());
        }
    }

    @Test
    void aBadPortIsAUsageErrorInOneSentenceAndNothingIsServed() {
        Path ws = tmp.resolve("ws");
        assertEquals(2, cli(new ServeCommand(), List.of()).run("--workspace", ws.toString(), "serve", "--port",
                "http"));
        assertEquals("visomaster-launcher serve: Invalid value for option '--port': \"http\" is not a port number:"
                + " give one from 1 to 65535, or 0 for a free one", err().lines().findFirst().orElse(""));
        assertTrue(err().contains("See 'visomaster-launcher serve --help'"), err());
        assertEquals(2, cli(new ServeCommand(), List.of()).run("--workspace", ws.toString(), "serve", "--port",
                "70000"));
        assertTrue(err().contains("\"70000\" is not a port number"), err());
        assertEquals(2, cli(new ServeCommand(), List.of()).run("--workspace", ws.toString(), "serve", "--bogus"));
        assertTrue(err().contains("Unknown option: '--bogus'"), err());
        assertFalse(Files.exists(ws), "a refused command line touches no workspace");
    }

    @Test
    void serveIsListedInTheHelpAndHasItsOwn() {
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(help, true, StandardCharsets.UTF_8);
        assertEquals(0, Main.run(new String[] {"help"}, new HostEnvironment(Map.of()), ps, ps));
        assertTrue(help.toString(StandardCharsets.UTF_8).contains("  serve      Serves the browser drop page"),
                help.toString(StandardCharsets.UTF_8));
        help.reset();
        assertEquals(0, Main.run(new String[] {"serve", "--help"}, new HostEnvironment(Map.of()), ps, ps));
        assertTrue(help.toString(StandardCharsets.UTF_8).startsWith("Usage: visomaster-launcher serve "),
                help.toString(StandardCharsets.UTF_8));
        assertTrue(help.toString(StandardCharsets.UTF_8).contains("--port=N"), help.toString(StandardCharsets.UTF_8));
    }
}
