package org.visomaster.launcher.guard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.workspace.ConfigException;
import org.visomaster.launcher.infra.workspace.Workspace;

class GuardSettingsTest {
    private static final String KEY = "vast-scoped-key-0123456789abcdef";
    @TempDir
    Path dir;

    private Workspace ws() {
        return new Workspace(dir.resolve("ws"));
    }

    private GuardSettings load(Map<String, String> env) throws ConfigException {
        return GuardSettings.load(ws(), env, dir.resolve("no-environ"));
    }

    @Test
    void onVastTheDefaultIsSixtyMinutes() throws Exception {
        GuardSettings s = load(Map.of("CONTAINER_ID", "4242", "CONTAINER_API_KEY", KEY));
        assertEquals(60, s.idleStopMinutes());
        assertTrue(s.stopsWhenIdle());
        assertEquals("https://console.vast.ai", s.vastApiUrl().toString());
        assertEquals("The box stops itself after 60 minutes of idleness (instance 4242, the default on Vast;"
                + " VISO_IDLE_STOP_MINUTES=0 turns it off).", s.describe());
        assertFalse(s.toString().contains(KEY), "the key stays out of toString: " + s);
    }

    @Test
    void offVastItIsOffAndSaysItCannotStopTheBox() throws Exception {
        GuardSettings s = load(Map.of());
        assertEquals(0, s.idleStopMinutes());
        assertFalse(s.stopsWhenIdle());
        GuardSettings asked = load(Map.of("VISO_IDLE_STOP_MINUTES", "30"));
        assertFalse(asked.stopsWhenIdle());
        assertTrue(asked.describe().contains("not a Vast instance"), asked.describe());
        assertTrue(asked.describe().contains("cannot stop it"), asked.describe());
    }

    @Test
    void theIdAndKeyAreReadFromPid1sEnvironmentToo() throws Exception {
        Path environ = dir.resolve("environ");
        Files.write(environ, ("PATH=/usr/bin\0CONTAINER_ID=777\0CONTAINER_API_KEY=" + KEY + "\0")
                .getBytes(StandardCharsets.UTF_8));
        GuardSettings s = GuardSettings.load(ws(), Map.of(), environ);
        assertEquals("777", s.containerId());
        assertEquals(KEY, s.apiKey());
        assertTrue(s.stopsWhenIdle());
    }

    @Test
    void decimalsZeroAndLauncherJson() throws Exception {
        Map<String, String> vast = Map.of("CONTAINER_ID", "1", "CONTAINER_API_KEY", KEY);
        Files.createDirectories(ws().root());
        Files.writeString(ws().configFile(), "{\"idleStopMinutes\": 0.5, \"notifyUrl\": \"https://ntfy.sh/t\","
                + " \"vastApiUrl\": \"http://127.0.0.1:9\"}");
        GuardSettings s = GuardSettings.load(ws(), vast, null);
        assertEquals(0.5, s.idleStopMinutes());
        assertEquals("https://ntfy.sh/t", s.notifyUrl());
        assertEquals("http://127.0.0.1:9", s.vastApiUrl().toString());
        var env = new java.util.HashMap<>(vast);
        env.put("VISO_IDLE_STOP_MINUTES", "0");
        GuardSettings off = GuardSettings.load(ws(), env, null);
        assertFalse(off.stopsWhenIdle(), "the variable wins over launcher.json");
        assertEquals("The idle stop is off (VISO_IDLE_STOP_MINUTES=0).", off.describe());
        env.put("VISO_IDLE_STOP_MINUTES", "1,5");
        assertEquals(1.5, GuardSettings.load(ws(), env, null).idleStopMinutes());
    }

    @Test
    void badValuesAreOneSentence() {
        ConfigException e = assertThrows(ConfigException.class, () -> load(Map.of("VISO_IDLE_STOP_MINUTES", "soon")));
        assertTrue(e.getMessage().contains("VISO_IDLE_STOP_MINUTES") && e.getMessage().contains("not a number"),
                e.getMessage());
        assertThrows(ConfigException.class, () -> load(Map.of("VISO_IDLE_STOP_MINUTES", "-1")));
        ConfigException url = assertThrows(ConfigException.class, () -> load(Map.of("VISO_NOTIFY_URL", "ftp://x")));
        assertTrue(url.getMessage().contains("VISO_NOTIFY_URL"), url.getMessage());
        assertNull(Pid1Environment.read(dir.resolve("missing")).get("CONTAINER_ID"));
    }
}
