package org.visomaster.launcher.infra.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.jul.LevelChangePropagator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import ch.qos.logback.core.rolling.FixedWindowRollingPolicy;
import ch.qos.logback.core.rolling.SizeBasedTriggeringPolicy;
import ch.qos.logback.core.util.Duration;
import ch.qos.logback.core.util.FileSize;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * Sets up the launcher's own log, {@code <workspace>/logs/launcher.log}: rotated at 5 MiB into
 * {@code launcher.1.log} … {@code launcher.3.log} (at most 20 MiB in all, plus what is logged while the size is
 * looked at), one line per event with the process id and the command. The window, the drop page, {@code provision}
 * and other CLI runs sharing a workspace all write this one file: {@link SharedRollingFileAppender} writes each line
 * under a lock on {@code logs/.launcher.log.lock}, so one process rotates and the others follow. Secrets are
 * masked in every line ({@link SecretMask}). JGit and OSHI log through SLF4J; OkHttp, JavaFX and the JDK's HTTP
 * server through java.util.logging, which is bridged here.
 *
 * <p>Until {@link #start} runs (and in tests that never call it) warnings go to stderr, see
 * {@link DefaultLogConfigurator}. When SLF4J is bound to something other than logback (a stale binding jar on the
 * class path), there is no launcher.log and {@link #start} says so.
 */
public final class LauncherLogging {
    public static final String FILE_NAME = "launcher.log";
    static final long MAX_FILE_BYTES = 5L << 20;
    static final int ROTATED_FILES = 3;
    /** How often the size is looked at: the file can outgrow its limit by what is logged in this time. */
    static final long SIZE_CHECK_MILLIS = 1000;
    static final String LOCK_FILE_NAME = ".launcher.log.lock";
    /** The libraries whose DEBUG lines only TRACE lets through (they are many and rarely help). */
    private static final List<String> LIBRARIES = List.of("org.eclipse.jgit", "okhttp3", "oshi", "javafx",
            "com.sun.javafx", "com.github.oshi", "org.apache.commons");
    /** Never below INFO: HTTP servers log request lines (the drop page's ?token= included) at DEBUG/FINE. */
    private static final List<String> NEVER_DEBUG = List.of("com.sun.net.httpserver", "org.eclipse.jetty");

    private LauncherLogging() {
    }

    /**
     * Sends every log line of this process to {@code logsDir/launcher.log} from now on (replacing an earlier
     * set-up). When the folder cannot be created, lines at WARN and above go to stderr instead and the reason is
     * returned (for the caller to say); null on success.
     */
    public static String start(Path logsDir, LogLevel level, String command) {
        return start(logsDir, level, command, MAX_FILE_BYTES, SIZE_CHECK_MILLIS);
    }

    static synchronized String start(Path logsDir, LogLevel level, String command, long maxFileBytes,
                                     long sizeCheckMillis) {
        LoggerContext ctx = context();
        if (ctx == null) {
            return "the launcher's log is off because SLF4J is bound to " + LoggerFactory.getILoggerFactory()
                    .getClass().getName() + " instead of logback (a stale jar on the class path: rebuild with"
                    + " ./mvnw package, which empties target/lib first)";
        }
        ctx.reset();
        bridgeJavaUtilLogging(ctx);
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        String problem = null;
        try {
            Files.createDirectories(logsDir);
            root.addAppender(rollingFile(ctx, logsDir, command, maxFileBytes, sizeCheckMillis));
            applyLevel(ctx, level);
        } catch (IOException | RuntimeException e) {
            problem = "the launcher's log cannot be written in " + logsDir + " (" + e.getMessage() + ")";
            ctx.reset();
            bridgeJavaUtilLogging(ctx);
            root.addAppender(stderr(ctx));
            root.setLevel(Level.WARN);
        }
        if (problem == null) {
            LoggerFactory.getLogger(LauncherLogging.class).info("{} started: pid {}, Java {}, log level {}", command,
                    ProcessHandle.current().pid(), Runtime.version(), level);
        }
        return problem;
    }

    /** Back to the state before {@link #start}: warnings on stderr, no file open. */
    public static synchronized void reset() {
        LoggerContext ctx = context();
        if (ctx != null) {
            ctx.reset();
            DefaultLogConfigurator.configureDefaults(ctx);
        }
    }

    /** logback's context, or null when SLF4J is bound to another implementation. */
    private static LoggerContext context() {
        ILoggerFactory factory = LoggerFactory.getILoggerFactory();
        return factory instanceof LoggerContext ctx ? ctx : null;
    }

    private static void applyLevel(LoggerContext ctx, LogLevel level) {
        Level ours = Level.toLevel(level.name());
        ctx.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(ours);
        if (level == LogLevel.DEBUG) {
            LIBRARIES.forEach(name -> ctx.getLogger(name).setLevel(Level.INFO));
        } else if (level == LogLevel.TRACE) {
            LIBRARIES.forEach(name -> ctx.getLogger(name).setLevel(Level.DEBUG));
        }
        if (level == LogLevel.DEBUG || level == LogLevel.TRACE) {
            NEVER_DEBUG.forEach(name -> ctx.getLogger(name).setLevel(Level.INFO));
        }
    }

    private static SharedRollingFileAppender rollingFile(LoggerContext ctx, Path dir, String command,
                                                         long maxFileBytes, long sizeCheckMillis) {
        SharedRollingFileAppender file = new SharedRollingFileAppender();
        file.setContext(ctx);
        file.setName("launcher.log");
        file.setFile(dir.resolve(FILE_NAME).toString());
        file.setLockFile(dir.resolve(LOCK_FILE_NAME));
        file.setAppend(true);

        FixedWindowRollingPolicy rolling = new FixedWindowRollingPolicy();
        rolling.setContext(ctx);
        rolling.setParent(file);
        rolling.setFileNamePattern(dir.resolve("launcher.%i.log").toString());
        rolling.setMinIndex(1);
        rolling.setMaxIndex(ROTATED_FILES);
        rolling.start();

        SizeBasedTriggeringPolicy<ILoggingEvent> trigger = new SizeBasedTriggeringPolicy<>();
        trigger.setContext(ctx);
        trigger.setMaxFileSize(new FileSize(maxFileBytes));
        trigger.setCheckIncrement(Duration.buildByMilliseconds(sizeCheckMillis)); // logback's default: a minute
        trigger.start();

        file.setRollingPolicy(rolling);
        file.setTriggeringPolicy(trigger);
        file.setEncoder(encoder(ctx, "%d{yyyy-MM-dd HH:mm:ss.SSS} %-5level [" + ProcessHandle.current().pid() + " "
                + command.replaceAll("[^A-Za-z0-9_-]", "") + "] [%thread] %logger{36}: %msg%n"));
        file.start();
        if (!file.isStarted()) {
            throw new IllegalStateException("the file could not be opened");
        }
        return file;
    }

    static ConsoleAppender<ILoggingEvent> stderr(LoggerContext ctx) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(ctx);
        console.setName("stderr");
        console.setTarget("System.err");
        console.setEncoder(encoder(ctx, "%-5level %logger{36}: %msg%n"));
        console.start();
        return console;
    }

    /** The pattern, with secrets masked, in UTF-8 whatever the locale. */
    private static LayoutWrappingEncoder<ILoggingEvent> encoder(LoggerContext ctx, String pattern) {
        MaskingLayout layout = new MaskingLayout();
        layout.setContext(ctx);
        layout.setPattern(pattern);
        layout.start();
        LayoutWrappingEncoder<ILoggingEvent> encoder = new LayoutWrappingEncoder<>();
        encoder.setContext(ctx);
        encoder.setLayout(layout);
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        return encoder;
    }

    /** java.util.logging (OkHttp, JavaFX) into SLF4J; JUL's levels follow ours so filtered lines cost nothing. */
    static void bridgeJavaUtilLogging(LoggerContext ctx) {
        LevelChangePropagator propagator = new LevelChangePropagator();
        propagator.setContext(ctx);
        propagator.setResetJUL(true);
        propagator.start();
        ctx.addListener(propagator);
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
