package org.visomaster.launcher.frontend.upload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.infra.util.Json;

/** The token, the cookie and the same-origin rule, over real HTTP. */
class UploadAuthTest {
    private static final MediaType BINARY = MediaType.get("application/octet-stream");

    @TempDir
    Path tmp;
    UploadTestSupport t;

    @BeforeEach
    void start() throws Exception {
        t = new UploadTestSupport(tmp, new UploadTestSupport.CapturingImporter(tmp.resolve("uploads")), List.of(),
                s -> s);
        Files.writeString(t.ws.output().resolve("result.mp4"), "video");
    }

    @AfterEach
    void stop() {
        t.close();
    }

    private Response call(Request.Builder b) throws IOException {
        return t.http.newCall(b.build()).execute();
    }

    private static RequestBody body() {
        return RequestBody.create(new byte[] {1, 2, 3}, BINARY);
    }

    @Test
    void everythingButTheHealthCheckNeedsTheToken() throws Exception {
        try (Response r = call(new Request.Builder().url(t.url("/healthz")))) {
            assertEquals(200, r.code());
            assertEquals("ok", r.body().string());
        }
        for (String path : new String[] {"/", "/api/status", "/api/events", "/api/outputs", "/api/outputs/result.mp4",
                "/no/such/page", "/healthz/../api/status"}) {
            for (String auth : new String[] {null, "Bearer wrong-token", "Basic dGVzdDp0ZXN0", "Bearer "}) {
                Request.Builder b = new Request.Builder().url(t.url(path));
                if (auth != null) {
                    b.header("Authorization", auth);
                }
                try (Response r = call(b)) {
                    assertEquals(401, r.code(), path + " with " + auth);
                    String text = r.body().string();
                    assertFalse(text.contains("video"), path);
                    if (!path.equals("/")) {
                        assertTrue(Json.MAPPER.readTree(text).get("error").asText().contains("token"), text);
                    } else {
                        assertTrue(text.contains("Open the Upload link from the Vast portal"), text);
                    }
                }
            }
        }
        try (Response r = call(new Request.Builder().url(t.url("/api/uploads/x.bin")).put(body()))) {
            assertEquals(401, r.code());
        }
        try (Response r = call(new Request.Builder().url(t.url("/api/uploads/x.bin?token=" + UploadTestSupport.TOKEN))
                .put(body()))) {
            assertEquals(401, r.code(), "the query token only works on GET (it then sets the cookie)");
        }
        try (Response r = call(new Request.Builder().url(t.url("/?token=nope")))) {
            assertEquals(401, r.code());
            assertNull(r.header("Set-Cookie"));
        }
        assertTrue(t.filesNamed("x.bin").isEmpty());
    }

    @Test
    void theBearerTokenOpensEveryEndpoint() throws Exception {
        for (String path : new String[] {"/", "/api/status", "/api/outputs", "/api/outputs/result.mp4"}) {
            try (Response r = call(new Request.Builder().url(t.url(path))
                    .header("Authorization", "Bearer " + UploadTestSupport.TOKEN))) {
                assertEquals(200, r.code(), path);
            }
        }
        try (Response r = call(new Request.Builder().url(t.url("/api/uploads/x.bin"))
                .header("Authorization", "Bearer " + UploadTestSupport.TOKEN).put(body()))) {
            assertEquals(201, r.code(), "no Origin needed with the bearer header");
        }
    }

    @Test
    void theTokenLinkSetsAStrictHttpOnlyCookieAndRedirectsWithoutIt() throws Exception {
        String cookie;
        try (Response r = call(new Request.Builder().url(t.url("/?token=" + UploadTestSupport.TOKEN + "&tab=2")))) {
            assertEquals(303, r.code());
            assertEquals("./?tab=2", r.header("Location"));
            String setCookie = r.header("Set-Cookie");
            assertTrue(setCookie.startsWith(RequestAuth.COOKIE + "="), setCookie);
            assertTrue(setCookie.contains("HttpOnly"), setCookie);
            assertTrue(setCookie.contains("SameSite=Strict"), setCookie);
            assertTrue(setCookie.contains("Path=/"), setCookie);
            assertFalse(setCookie.contains("Secure"), "plain http on loopback");
            assertFalse(setCookie.contains(UploadTestSupport.TOKEN), "the cookie is derived, not the token");
            cookie = setCookie.substring(0, setCookie.indexOf(';'));
        }
        try (Response r = call(new Request.Builder().url(t.url("/")).header("Cookie", cookie))) {
            assertEquals(200, r.code());
            String page = r.body().string();
            assertTrue(page.contains("id=\"drop\""));
            assertFalse(page.contains(UploadTestSupport.TOKEN), "the page never contains the token");
            assertTrue(r.header("Content-Security-Policy").contains("default-src 'none'"));
        }
        try (Response r = call(new Request.Builder().url(t.url("/api/outputs")).header("Cookie", "a=b; " + cookie))) {
            assertEquals(200, r.code(), "found among other cookies");
        }
        String origin = "http://127.0.0.1:" + t.server.port();
        try (Response r = call(new Request.Builder().url(t.url("/api/uploads/evil.bin")).header("Cookie", cookie)
                .header("Origin", "http://evil.example").put(body()))) {
            assertEquals(403, r.code());
        }
        try (Response r = call(new Request.Builder().url(t.url("/api/uploads/evil.bin")).header("Cookie", cookie)
                .put(body()))) {
            assertEquals(403, r.code(), "no Origin and no Referer: refused");
        }
        try (Response r = call(new Request.Builder().url(t.url("/api/uploads/evil.bin")).header("Cookie", cookie)
                .header("Origin", "null").put(body()))) {
            assertEquals(403, r.code());
        }
        try (Response r = call(new Request.Builder().url(t.url("/api/uploads/evil.bin")).header("Cookie", cookie)
                .header("Origin", "http://127.0.0.1:1").put(body()))) {
            assertEquals(403, r.code(), "another port of the same host is another origin");
        }
        assertTrue(t.filesNamed("evil.bin").isEmpty());
        try (Response r = call(new Request.Builder().url(t.url("/api/uploads/ok.bin")).header("Cookie", cookie)
                .header("Origin", origin).put(body()))) {
            assertEquals(201, r.code());
        }
        try (Response r = call(new Request.Builder().url(t.url("/api/uploads/ref.bin")).header("Cookie", cookie)
                .header("Referer", origin + "/").put(body()))) {
            assertEquals(201, r.code(), "Referer stands in when Origin is missing");
        }
        try (Response r = call(new Request.Builder().url(t.url("/")).header("Cookie", RequestAuth.COOKIE + "="
                + UploadTestSupport.TOKEN))) {
            assertEquals(401, r.code(), "the raw token is not a valid cookie");
        }
    }

    @Test
    void behindThePortalTheForwardedHostIsTheOrigin() throws Exception {
        String cookie;
        try (Response r = call(new Request.Builder().url(t.url("/?token=" + UploadTestSupport.TOKEN))
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "box.example:8443"))) {
            assertEquals(303, r.code());
            assertTrue(r.header("Set-Cookie").contains("Secure"), "TLS at the portal: Secure cookie");
            cookie = r.header("Set-Cookie").substring(0, r.header("Set-Cookie").indexOf(';'));
        }
        Request.Builder proxied = new Request.Builder().url(t.url("/api/uploads/portal.bin")).header("Cookie", cookie)
                .header("X-Forwarded-Proto", "https").header("X-Forwarded-Host", "box.example:8443");
        try (Response r = call(proxied.header("Origin", "https://box.example:8443").put(body()))) {
            assertEquals(201, r.code());
        }
        try (Response r = call(proxied.header("Origin", "http://127.0.0.1:" + t.server.port()).put(body()))) {
            assertEquals(403, r.code(), "the loopback address is not the browser's origin behind the portal");
        }
        try (Response r = call(new Request.Builder().url(t.url("/api/uploads/portal2.bin")).header("Cookie", cookie)
                .header("X-Forwarded-Host", "box.example").header("Origin", "https://box.example")
                .put(body()))) {
            assertEquals(201, r.code(), "default port on both sides");
        }
    }

    @Test
    void theTokenComesFromThePortalThenWebPasswordThenIsGenerated() {
        HostEnvironment none = new HostEnvironment(Map.of());
        assertEquals("portal", UploadToken.resolve(none.with(Map.of("OPEN_BUTTON_TOKEN", "portal",
                "WEB_PASSWORD", "pw"))).value());
        assertEquals("pw", UploadToken.resolve(none.with(Map.of("WEB_PASSWORD", "pw"))).value());
        UploadToken a = UploadToken.resolve(none);
        UploadToken b = UploadToken.resolve(none);
        assertTrue(a.generated());
        assertTrue(a.value().matches("[A-Za-z0-9_-]{32}"), a.value());
        assertNotEquals(a.value(), b.value());
        assertFalse(a.toString().contains(a.value()));
        assertTrue(a.matches(a.value()));
        assertFalse(a.matches(a.value() + "x"));
        assertFalse(a.matches(null));
    }

    @Test
    void theAnnouncementShowsAGeneratedTokenButNeverThePortalOne() throws Exception {
        assertEquals("Upload page: http://127.0.0.1:" + t.server.port() + "/?token=" + UploadTestSupport.TOKEN,
                t.server.announcement());
        try (UploadServer portal = new UploadServer(t.ws, (f, n) -> null, ProvisionFeed.of(t.service),
                UploadSettings.of(0, UploadToken.resolve(new HostEnvironment(Map.of("OPEN_BUTTON_TOKEN",
                        "s3cret-portal"))), 1000))) {
            portal.start();
            String line = portal.announcement();
            assertFalse(line.contains("s3cret-portal"), line);
            assertTrue(line.startsWith("Upload page: http://127.0.0.1:" + portal.port() + "/"), line);
            assertTrue(line.contains("OPEN_BUTTON_TOKEN"), line);
        }
    }
}
