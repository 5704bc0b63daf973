package org.visomaster.launcher.infra.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** What the log masks, in the launcher's own lines, library lines and stack traces, at every level. */
class SecretMaskTest {
    @TempDir
    Path tmp;

    @AfterEach
    void backToDefaults() {
        LauncherLogging.reset();
    }

    @Test
    void parametersHeadersCredentialsAndUrlPasswordsAreMasked() {
        assertEquals("GET /?token=*** HTTP/1.1 [303 See Other]", SecretMask.mask("GET /?token=s3cr3t-t0k3n HTTP/1.1"
                + " [303 See Other]"));
        assertEquals("/api/status?x=1&token=***&y=2", SecretMask.mask("/api/status?x=1&token=abc&y=2"));
        assertEquals("Authorization: ***", SecretMask.mask("Authorization: Bearer abc.def"));
        assertEquals("cookie: ***", SecretMask.mask("cookie: visomaster_upload=xyz; other=1"));
        assertEquals("sent Bearer *** to the page", SecretMask.mask("sent Bearer abc-DEF_123 to the page"));
        assertEquals("--extra-index-url https://me:***@pypi.example.org/simple",
                SecretMask.mask("--extra-index-url https://me:hunter2@pypi.example.org/simple"));
        assertEquals("nothing secret here: 3 files (12 KiB)", SecretMask.mask("nothing secret here: 3 files (12 KiB)"));
        SecretMask.addSecret("Zq9-registered-value");
        assertEquals("value *** seen twice: ***", SecretMask.mask("value Zq9-registered-value seen twice:"
                + " Zq9-registered-value"));
        SecretMask.addSecret("ab");
        assertEquals("ab cd", SecretMask.mask("ab cd"), "too short to mask everywhere");
    }

    @Test
    void theFileMasksEveryLineStackTracesIncludedAndTheHttpServerStaysAtInfo() throws Exception {
        assertNull(LauncherLogging.start(tmp, LogLevel.TRACE, "serve"));
        SecretMask.addSecret("Kp4-token-in-a-stack");
        LoggerFactory.getLogger("org.visomaster.launcher.Test").warn("request GET /?token=plain-value failed",
                new IllegalStateException("bad Kp4-token-in-a-stack"));
        java.util.logging.Logger.getLogger("okhttp3.OkHttpClient").fine("Authorization: Bearer from-okhttp");
        // the JDK's server logs each request line at FINE (System.Logger DEBUG): never, even at trace
        java.util.logging.Logger.getLogger("com.sun.net.httpserver").fine("GET /?token=from-the-jdk HTTP/1.1");
        String log = Files.readString(tmp.resolve("launcher.log"));
        assertTrue(log.contains("request GET /?token=*** failed"), log);
        assertTrue(log.contains("java.lang.IllegalStateException: bad ***"), log);
        assertTrue(log.contains("okhttp3.OkHttpClient: Authorization: ***"), log);
        assertFalse(log.contains("plain-value") || log.contains("Kp4-token") || log.contains("from-okhttp"), log);
        assertFalse(log.contains("from-the-jdk") || log.contains("com.sun.net.httpserver"), log);
    }
}
