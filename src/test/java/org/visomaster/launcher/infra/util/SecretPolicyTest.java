package org.visomaster.launcher.infra.util;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The one secret rule: which variables are secret, what text is masked, what a child process gets. */
class SecretPolicyTest {
    @Test
    void secretNamesAreWordsOfTheName() {
        for (String name : List.of("OPEN_BUTTON_TOKEN", "WEB_PASSWORD", "VNC_PW", "CONTAINER_API_KEY", "HF_TOKEN",
                "GITHUB_TOKEN", "db_passwd", "MY_SECRET", "OPENAI_APIKEY", "SMTP_PASS")) {
            assertTrue(SecretPolicy.isSecretName(name), name);
        }
        for (String name : List.of("PATH", "PWD", "DISPLAY", "XKB_DEFAULT_KEYMAP", "KEYBOARD", "VISO_PROFILE",
                "PASSTHROUGH", "XAUTHORITY")) {
            assertFalse(SecretPolicy.isSecretName(name), name);
        }
    }

    @Test
    void urlCredentialsAreMaskedAndJsonStaysJson() throws Exception {
        assertEquals("Cloning https://me:***@git.example.org/VisoMaster.git at main …",
                SecretPolicy.mask("Cloning https://me:hunter2-Pw@git.example.org/VisoMaster.git at main …"));
        assertEquals("Could not reach https://***@github.com/org/repo: 401",
                SecretPolicy.mask("Could not reach https://ghp_0123456789abcdefABCDEF@github.com/org/repo: 401"));
        assertEquals("file:///srv/mirror.git and https://github.com/a/b and git@github.com:a/b stay",
                SecretPolicy.mask("file:///srv/mirror.git and https://github.com/a/b and git@github.com:a/b stay"));

        String json = "{\"remote\":\"https://me:hunter2-Pw@h/r.git\",\"next\":\"x@y\",\"token\":\"abc-def\"}";
        String masked = SecretPolicy.mask(json);
        assertEquals("{\"remote\":\"https://me:***@h/r.git\",\"next\":\"x@y\",\"token\":\"***\"}", masked);
        JsonNode n = Json.MAPPER.readTree(masked);
        assertEquals("x@y", n.get("next").asText());
    }

    @Test
    void childrenGetNoSecretVariableButPipAndUvIndexCredentials() {
        Map<String, String> env = Map.of("PATH", "/usr/bin", "OPEN_BUTTON_TOKEN", "t0k3n-value", "WEB_PASSWORD",
                "pw-value", "VNC_PW", "vnc-value", "CONTAINER_API_KEY", "key-value", "HF_TOKEN", "hf-value",
                "PIP_INDEX_URL", "https://u:p@idx/simple", "UV_INDEX_PRIVATE_PASSWORD", "uv-value", "DISPLAY", ":1");
        assertEquals(Map.of("PATH", "/usr/bin", "PIP_INDEX_URL", "https://u:p@idx/simple",
                "UV_INDEX_PRIVATE_PASSWORD", "uv-value", "DISPLAY", ":1"), SecretPolicy.childEnvironment(env));
    }
}
