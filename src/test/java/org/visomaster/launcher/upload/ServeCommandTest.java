package org.visomaster.launcher.upload;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.app.Main;
import org.visomaster.launcher.cli.CliArgs;
import org.visomaster.launcher.cli.CliContext;
import org.visomaster.launcher.cli.UsageException;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.provision.Step;

class ServeCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private CliContext context(List<Step> steps, String... args) throws UsageException {
        HostEnvironment host = new HostEnvironment(Map.of("HOME", tmp.toString(), "PATH", "/usr/bin:/bin"));
        return new CliContext(CliArgs.parse(args, Set.of("--port")), host,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8),
                config -> steps);
    }

    private CliContext context(String... args) throws UsageException {
        return context(List.of(), args);
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void servesUntilStoppedAndPrintsTheAddressWithTheTokenOnce() throws Exception {
        ServeCommand cmd = new ServeCommand();
        CliContext ctx = context(List.of(TinySteps.counting("one", "One", 1)), "--workspace", tmp.toString(), "serve",
                "--port", "0");
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
            try {
                return cmd.run(ctx);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
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

    @Test
    void aBusyPortIsOneClearSentence() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            ServeCommand cmd = new ServeCommand();
            int code = cmd.run(context("--workspace", tmp.toString(), "serve", "--port",
                    String.valueOf(busy.getLocalPort())));
            assertEquals(1, code);
            String e = err.toString(StandardCharsets.UTF_8);
            assertTrue(e.startsWith("Port " + busy.getLocalPort() + " on 127.0.0.1 is already in use"), e);
        }
    }

    @Test
    void aBadPortIsAUsageError() throws Exception {
        ServeCommand cmd = new ServeCommand();
        UsageException e = assertThrows(UsageException.class,
                () -> cmd.run(context("--workspace", tmp.toString(), "serve", "--port", "http")));
        assertTrue(e.getMessage().contains("--port needs a port number"), e.getMessage());
        assertThrows(UsageException.class,
                () -> cmd.run(context("--workspace", tmp.toString(), "serve", "--port", "70000")));
        assertThrows(UsageException.class,
                () -> cmd.run(context("--workspace", tmp.toString(), "serve", "--bogus")));
    }

    @Test
    void serveIsListedInTheHelp() {
        ByteArrayOutputStream help = new ByteArrayOutputStream();
        int code = Main.run(new String[] {"help"}, new HostEnvironment(Map.of()), new PrintStream(help, true,
                StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
        assertEquals(0, code);
        assertTrue(help.toString(StandardCharsets.UTF_8).contains("usage: serve [--port N]"));
    }
}
