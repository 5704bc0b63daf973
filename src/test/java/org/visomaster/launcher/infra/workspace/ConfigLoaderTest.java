package org.visomaster.launcher.infra.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
    @TempDir
    Path dir;

    private Workspace ws() {
        return new Workspace(dir);
    }

    @Test
    void defaultIsFusionTrackingMainWithItsStackFromTheCheckout() throws Exception {
        LauncherConfig c = ConfigLoader.load(ws(), null, Map.of());
        assertEquals("fusion", c.profile());
        assertEquals("main", c.ref());
        assertEquals("auto", c.requirementsFile());
        assertEquals("auto", c.pythonVersion());
        assertEquals("the default", ConfigLoader.profileSource(ws(), null, Map.of()));
    }

    @Test
    void anInstalledWorkspaceKeepsItsProfile() throws Exception {
        Files.createDirectories(ws().stateDir());
        Files.writeString(ws().stateFile(), "{\"source\": {\"mode\": \"clone\", \"remote\":"
                + " \"https://github.com/visomaster/VisoMaster.git\", \"ref\": \"v0.1.6\"}}");
        assertEquals("upstream", ConfigLoader.load(ws(), null, Map.of()).profile(),
                "installed before fusion was the default: stays upstream");
        assertEquals("kept from this workspace's installation (state.json)",
                ConfigLoader.profileSource(ws(), null, Map.of()));
        assertEquals("fusion", ConfigLoader.load(ws(), "fusion", Map.of()).profile(), "asking switches");
        Files.writeString(ws().stateFile(), "{\"source\": {\"mode\": \"clone\", \"profile\": \"fusion\"}}");
        assertEquals("fusion", ConfigLoader.load(ws(), null, Map.of()).profile());
        Files.writeString(ws().stateFile(), "{\"source\": {\"mode\": \"clone\", \"remote\":"
                + " \"https://github.com/VisoMasterFusion/VisoMaster-Fusion.git\"}}");
        assertEquals("fusion", ConfigLoader.load(ws(), null, Map.of()).profile(), "known by its remote");
    }

    @Test
    void upstreamHasTheOnnxruntimeOverride() throws Exception {
        LauncherConfig c = ConfigLoader.load(ws(), "upstream", Map.of());
        assertEquals("upstream", c.profile());
        assertEquals("https://github.com/visomaster/VisoMaster.git", c.repoUrl());
        assertEquals("3.10", c.pythonVersion());
        assertEquals("requirements_cu124.txt", c.requirementsFile());
        assertTrue(c.overrides().stream().anyMatch(o -> o.name().equals("onnxruntime-gpu")
                && o.requirement().startsWith("onnxruntime-gpu==1.22")));
        assertEquals(4, c.parallelDownloads());
        assertTrue(c.autoProvision());
        assertNull(c.modelsBaseUrl());
    }

    @Test
    void fusionProfileLeavesPythonAndIndexesToTheCheckout() throws Exception {
        LauncherConfig c = ConfigLoader.load(ws(), "fusion", Map.of());
        assertEquals("auto", c.pythonVersion());
        assertEquals("auto", c.requirementsFile());
        assertEquals(List.of(), c.extraIndexUrls());
        assertTrue(c.variants().isEmpty());
    }

    @Test
    void launcherJsonOverridesProfileAndEnvironmentOverridesBoth() throws Exception {
        Files.writeString(dir.resolve("launcher.json"),
                "{\"profile\": \"fusion\", \"ref\": \"dev\", \"parallelDownloads\": 6, \"autoProvision\": false}");
        LauncherConfig c = ConfigLoader.load(ws(), null, Map.of());
        assertEquals("fusion", c.profile());
        assertEquals("dev", c.ref());
        assertEquals(6, c.parallelDownloads());
        assertFalse(c.autoProvision());

        LauncherConfig e = ConfigLoader.load(ws(), null, Map.of("VISO_PROFILE", "upstream", "VISO_REF", "main",
                "VISO_REPO_URL", "file:///srv/mirror.git", "VISO_PARALLEL_DOWNLOADS", "8",
                "VISO_MODELS_BASE_URL", "http://127.0.0.1:9/assets", "VISO_UPLOAD_PORT", "18123"));
        assertEquals("upstream", e.profile());
        assertEquals(18123, e.uploadPort(), "the portal's Upload port (launcher-service.sh) beats launcher.json");
        assertEquals("main", e.ref());
        assertEquals("file:///srv/mirror.git", e.repoUrl());
        assertEquals(8, e.parallelDownloads());
        assertEquals("http://127.0.0.1:9/assets", e.modelsBaseUrl());
        assertEquals("fusion", ConfigLoader.load(ws(), "fusion", Map.of("VISO_PROFILE", "upstream")).profile(),
                "--profile wins over VISO_PROFILE");
    }

    @Test
    void badValuesNameTheFileTheKeyAndWhatIsAllowed() throws Exception {
        Path file = dir.resolve("launcher.json");
        Files.writeString(file, "{\"parallelDownloads\": 0}");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ws(), null, Map.of()));
        assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("parallelDownloads"), e.getMessage());
        assertTrue(e.getMessage().contains("1 to 32"), e.getMessage());

        Files.writeString(file, "{\"envManager\": \"pipenv\"}");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ws(), null, Map.of()));
        assertTrue(e.getMessage().contains("auto, uv, conda, venv"), e.getMessage());

        Files.writeString(file, "{\"reff\": \"main\"}");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ws(), null, Map.of()));
        assertTrue(e.getMessage().contains("\"reff\"") && e.getMessage().contains("unknown key"), e.getMessage());

        Files.writeString(file, "{\"ref\": \"main\",");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ws(), null, Map.of()));
        assertTrue(e.getMessage().contains("not valid JSON at line 1"), e.getMessage());

        Files.writeString(file, "{\"pythonVersion\": \"three\"}");
        e = assertThrows(ConfigException.class, () -> ConfigLoader.load(ws(), null, Map.of()));
        assertTrue(e.getMessage().contains("pythonVersion"), e.getMessage());
    }

    @Test
    void badEnvironmentValuesNameTheVariable() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(ws(), null, Map.of("VISO_PARALLEL_DOWNLOADS", "lots")));
        assertTrue(e.getMessage().contains("VISO_PARALLEL_DOWNLOADS"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(ws(), null, Map.of("VISO_UPLOAD_PORT", "70000")));
        assertTrue(e.getMessage().contains("VISO_UPLOAD_PORT") && e.getMessage().contains("1 to 65535"),
                e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(ws(), null, Map.of("VISO_MODELS_BASE_URL", "ftp://x")));
        assertTrue(e.getMessage().contains("VISO_MODELS_BASE_URL"), e.getMessage());
        e = assertThrows(ConfigException.class,
                () -> ConfigLoader.load(ws(), null, Map.of("VISO_PROFILE", "nightly")));
        assertTrue(e.getMessage().contains("VISO_PROFILE") && e.getMessage().contains("upstream, fusion"),
                e.getMessage());
    }

    @Test
    void workspaceLocationFollowsOptionThenEnvThenDefaultThenHome() throws Exception {
        Path home = dir.resolve("home");
        Path def = dir.resolve("workspace");
        assertEquals(dir.resolve("opt"), WorkspaceLocator.locate(dir.resolve("opt").toString(),
                Map.of("VISO_WORKSPACE", "/elsewhere"), def, home));
        assertEquals(Path.of("/elsewhere"), WorkspaceLocator.locate(null, Map.of("VISO_WORKSPACE", "/elsewhere"),
                def, home));
        assertEquals(home.resolve("visomaster-workspace"), WorkspaceLocator.locate(null, Map.of(), def, home));
        Files.createDirectories(def);
        assertEquals(def, WorkspaceLocator.locate(null, Map.of(), def, home));
    }
}
