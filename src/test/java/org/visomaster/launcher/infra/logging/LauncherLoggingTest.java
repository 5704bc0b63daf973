package org.visomaster.launcher.infra.logging;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.visomaster.launcher.frontend.app.Main;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.EventBus;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.infra.workspace.ConfigException;

class LauncherLoggingTest {
    @TempDir
    Path tmp;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @AfterEach
    void backToDefaults() {
        LauncherLogging.reset();
    }

    private int main(Map<String, String> env, String... args) {
        HostEnvironment host = new HostEnvironment(Map.of("HOME", tmp.toString(), "PATH", "/usr/bin:/bin"))
                .with(env);
        return Main.run(args, host, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String log(Path ws) throws Exception {
        return Files.readString(ws.resolve("logs/launcher.log"));
    }

    @Test
    void everyCommandWritesLauncherLogAtInfo() throws Exception {
        Path ws = tmp.resolve("ws");
        assertEquals(0, main(Map.of(), "--workspace", ws.toString(), "status"));
        String log = log(ws);
        assertTrue(log.contains("INFO  [" + ProcessHandle.current().pid() + " status]"), log);
        assertTrue(log.contains("status started: pid " + ProcessHandle.current().pid()), log);
        assertTrue(log.contains("log level INFO"), log);
        assertFalse(log.contains("DEBUG"), "no debug lines by default: " + log);
    }

    @Test
    void verboseAndTheVariableTurnOnDebug() throws Exception {
        Path a = tmp.resolve("a");
        assertEquals(0, main(Map.of(), "--workspace", a.toString(), "status", "--verbose"));
        assertTrue(log(a).contains("DEBUG [" + ProcessHandle.current().pid() + " status] [main] "
                + "o.v.l.frontend.cli.LauncherCli: command line: [--workspace, " + a + ", status, --verbose]"),
                log(a));

        Path b = tmp.resolve("b");
        assertEquals(0, main(Map.of("VISO_LOG_LEVEL", "debug"), "--workspace", b.toString(), "--json", "status"));
        assertTrue(log(b).contains("log level DEBUG") && log(b).contains("command line:"), log(b));

        Path c = tmp.resolve("c");
        assertEquals(0, main(Map.of("VISO_LOG_LEVEL", "warn"), "--workspace", c.toString(), "status"));
        assertFalse(log(c).contains("INFO"), "warn and above only: " + log(c));
    }

    @Test
    void aBadLevelIsAConfigurationError() {
        assertEquals(2, main(Map.of("VISO_LOG_LEVEL", "loud"), "--workspace", tmp.resolve("ws").toString(),
                "status"));
        assertEquals("Configuration error: environment variable VISO_LOG_LEVEL: \"loud\" is not a log level"
                + " (allowed: error, warn, info, debug, trace)", err.toString(StandardCharsets.UTF_8).strip());
        assertThrows(ConfigException.class, () -> LogLevel.of(false, "verbose"));
        assertEquals(LogLevel.TRACE, assertDoesNotThrow(true, "TRACE"));
        assertEquals(LogLevel.DEBUG, assertDoesNotThrow(true, "warn"));
        assertEquals(LogLevel.INFO, assertDoesNotThrow(false, " "));
    }

    private static LogLevel assertDoesNotThrow(boolean verbose, String value) {
        try {
            return LogLevel.of(verbose, value);
        } catch (ConfigException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void libraryWarningsThroughSlf4jAndJavaUtilLoggingLandInTheFile() throws Exception {
        assertNull(LauncherLogging.start(tmp.resolve("logs"), LogLevel.INFO, "gui"));
        // JGit and OSHI use SLF4J; OkHttp and JavaFX use java.util.logging
        LoggerFactory.getLogger("org.eclipse.jgit.transport.TransportHttp").warn("jgit warning");
        LoggerFactory.getLogger("org.eclipse.jgit.transport.TransportHttp").debug("jgit debug");
        java.util.logging.Logger.getLogger("okhttp3.OkHttpClient").warning("A connection was leaked");
        java.util.logging.Logger.getLogger("okhttp3.OkHttpClient").fine("okhttp fine");
        String log = Files.readString(tmp.resolve("logs/launcher.log"));
        assertTrue(log.contains("WARN  [" + ProcessHandle.current().pid() + " gui]"), log);
        assertTrue(log.contains("jgit warning"), log);
        assertTrue(log.contains("okhttp3.OkHttpClient: A connection was leaked"), log);
        assertFalse(log.contains("jgit debug") || log.contains("okhttp fine"), log);
    }

    @Test
    void debugKeepsTheLibrariesAtInfoAndTraceLetsThemThrough() throws Exception {
        LauncherLogging.start(tmp.resolve("d"), LogLevel.DEBUG, "provision");
        LoggerFactory.getLogger("org.visomaster.launcher.steps.models.X").debug("ours at debug");
        LoggerFactory.getLogger("org.eclipse.jgit.X").debug("jgit at debug");
        String debug = Files.readString(tmp.resolve("d/launcher.log"));
        assertTrue(debug.contains("ours at debug") && !debug.contains("jgit at debug"), debug);

        LauncherLogging.start(tmp.resolve("t"), LogLevel.TRACE, "provision");
        java.util.logging.Logger.getLogger("okhttp3.OkHttpClient").fine("okhttp fine");
        assertTrue(Files.readString(tmp.resolve("t/launcher.log")).contains("okhttp fine"));
    }

    @Test
    void anEventListenerThatThrowsIsLoggedWithItsStackTrace() throws Exception {
        LauncherLogging.start(tmp.resolve("logs"), LogLevel.INFO, "gui");
        EventBus bus = new EventBus();
        bus.subscribe(e -> {
            throw new IllegalStateException("listener bug");
        });
        List<ProvisionEvent> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        bus.subscribe(seen::add);
        bus.emit(new ProvisionEvent.LogLine(java.time.Instant.now(), org.visomaster.launcher.engine.StepId.of("source"), "hello"));
        assertEquals(1, seen.size(), "the others still get the event");
        String log = Files.readString(tmp.resolve("logs/launcher.log"));
        assertTrue(log.contains("failed on LogLine"), log);
        assertTrue(log.contains("java.lang.IllegalStateException: listener bug"), log);
        assertTrue(log.contains("at org.visomaster.launcher.engine.EventBus.emit"), "with the stack: " + log);
    }

    @Test
    void theLogIsRotatedAndBounded() throws Exception {
        Path dir = tmp.resolve("logs");
        LauncherLogging.start(dir, LogLevel.INFO, "serve", 64 * 1024, 5);
        org.slf4j.Logger log = LoggerFactory.getLogger("org.visomaster.launcher.Test");
        String line = "x".repeat(1000);
        java.util.concurrent.atomic.AtomicLong written = new java.util.concurrent.atomic.AtomicLong();
        // the size is looked at every 5 ms here: keep writing until the window is full and rolled over again
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (int i = 0; i < 100; i++) {
                log.info(line);
            }
            return written.addAndGet(100 * 1000) > 8 * 64 * 1024 && Files.exists(dir.resolve("launcher.3.log"));
        });
        List<String> names;
        try (Stream<Path> s = Files.list(dir)) {
            names = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of(".launcher.log.lock", "launcher.1.log", "launcher.2.log", "launcher.3.log",
                "launcher.log"), names);
        assertEquals(0, Files.size(dir.resolve(".launcher.log.lock")), "the lock file holds nothing");
        try (Stream<Path> s = Files.list(dir)) {
            long total = s.mapToLong(p -> p.toFile().length()).sum();
            assertTrue(total < written.get(), "the oldest lines were dropped: " + total + " of " + written);
        }
    }

    /** A jar of an older build (slf4j-nop) first on the class path: one sentence, and the command still works. */
    @Test
    void anotherSlf4jBindingOnTheClassPathIsOneSentenceNotACrash() throws Exception {
        Path nop = Path.of(System.getProperty("staleBindingJar"));
        assertTrue(Files.isRegularFile(nop), "the build copies slf4j-nop to " + nop);
        Path ws = tmp.resolve("ws");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", nop + java.io.File.pathSeparator + System.getProperty("java.class.path"), Main.class.getName(),
                "--workspace", ws.toString(), "status").redirectOutput(tmp.resolve("out.txt").toFile())
                .redirectError(tmp.resolve("err.txt").toFile());
        pb.environment().putAll(Map.of("HOME", tmp.toString()));
        Process p = pb.start();
        assertTrue(p.waitFor(120, java.util.concurrent.TimeUnit.SECONDS));
        String stderr = Files.readString(tmp.resolve("err.txt"));
        assertEquals(0, p.exitValue(), stderr);
        assertFalse(stderr.contains("ClassCastException"), stderr);
        assertTrue(stderr.contains("visomaster-launcher: the launcher's log is off because SLF4J is bound to"
                + " org.slf4j.helpers.NOPLoggerFactory instead of logback (a stale jar on the class path: rebuild with"
                + " ./mvnw package, which empties target/lib first); continuing without it."), stderr);
        assertTrue(Files.readString(tmp.resolve("out.txt")).contains("preflight"), "status printed its steps");
    }

    @Test
    void anUnwritableFolderFallsBackToStderrWithASentence() throws Exception {
        Path file = Files.writeString(tmp.resolve("not-a-folder"), "x");
        String problem = LauncherLogging.start(file.resolve("logs"), LogLevel.INFO, "status");
        assertTrue(problem.startsWith("the launcher's log cannot be written in " + file.resolve("logs")), problem);
    }
}
