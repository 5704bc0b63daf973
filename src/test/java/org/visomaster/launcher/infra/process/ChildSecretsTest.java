package org.visomaster.launcher.infra.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Real child processes print their environment: none of the portal's or Vast's secrets is in it. */
class ChildSecretsTest {
    private static final Map<String, String> SECRETS = Map.of("OPEN_BUTTON_TOKEN", "obt-Secret-1111",
            "WEB_PASSWORD", "web-Secret-2222", "VNC_PW", "vnc-Secret-3333", "CONTAINER_API_KEY", "api-Secret-4444");

    private static HostEnvironment hostWithSecrets() {
        Map<String, String> env = new HashMap<>(SECRETS);
        env.put("PATH", System.getenv("PATH"));
        env.put("VISO_MARKER", "seen");
        return new HostEnvironment(env);
    }

    private static String childEnvironment(Map<String, String> env) throws Exception {
        List<String> lines = new ArrayList<>();
        CommandResult r = CommandRunner.run(List.of("env"), null, env, Duration.ofSeconds(30), lines::add, null);
        assertEquals(0, r.exitCode());
        return String.join("\n", lines);
    }

    @Test
    void aChildStartedWithTheHostsVariablesSeesNoSecret() throws Exception {
        HostEnvironment host = hostWithSecrets();
        String env = childEnvironment(host.childVars());
        assertTrue(env.contains("VISO_MARKER=seen"), env);
        SECRETS.forEach((name, value) -> assertFalse(env.contains(name) || env.contains(value), name));
        assertEquals("vnc-Secret-3333", host.get("VNC_PW"), "the launcher itself still reads them");
    }

    @Test
    void aChildStartedWithAnyMapSeesNoSecret() throws Exception {
        String env = childEnvironment(hostWithSecrets().all());
        SECRETS.forEach((name, value) -> assertFalse(env.contains(value), name));
    }
}
