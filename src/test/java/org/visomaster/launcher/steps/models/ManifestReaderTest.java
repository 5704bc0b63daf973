package org.visomaster.launcher.steps.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.steps.python.PythonEnv;
import org.visomaster.launcher.testing.LoopbackFileServer;

class ManifestReaderTest {
    @TempDir
    Path tmp;
    LoopbackFileServer server;
    ModelsFixture fx;

    @BeforeEach
    void setUp() throws Exception {
        server = new LoopbackFileServer();
        fx = new ModelsFixture(tmp, server, 8, 1000);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void readsUpstreamFormatWithoutTensorrtAndAppliesTheMirror() throws Exception {
        Manifest m = ManifestReader.read(fx.ctx(fx.config(4)));
        assertEquals(List.of(), m.rejected());
        assertEquals(8, m.entries().size());
        ModelEntry first = m.entries().get(0);
        assertEquals("Inswapper128", first.name());
        assertEquals("model_assets/inswapper_128.fp16.onnx", first.relativePath());
        assertEquals(fx.model(0).sha256(), first.sha256());
        assertEquals(server.url("/mirror/v0.1.0/inswapper_128.fp16.onnx"), first.url());
        assertEquals("model_assets/liveportrait_onnx/motion_extractor.onnx", m.entries().get(5).relativePath());
        assertTrue(m.entries().stream().noneMatch(e -> e.relativePath().endsWith(".trt")));
        assertTrue(Files.notExists(fx.ws.source().resolve("app/processors/__pycache__")), "no bytecode written");
    }

    @Test
    void withoutMirrorTheManifestUrlsAreKept() throws Exception {
        Manifest m = ManifestReader.read(fx.ctx(ModelsFixture.config(ModelsFixture.PREFIX, null, 4)));
        assertEquals(ModelsFixture.PREFIX + "/v0.1.0/inswapper_128.fp16.onnx", m.entries().get(0).url());
    }

    @Test
    void aBrokenTensorrtOnThePathIsNeverImported() throws Exception {
        fx.writeSource("tensorrt/__init__.py", "raise RuntimeError('libnvinfer.so.10: cannot open shared object')\n");
        Manifest m = ManifestReader.read(fx.ctx(fx.config(4)));
        assertEquals(8, m.entries().size());
    }

    @Test
    void fusionStyleAbsolutePathsBecomeRelative() throws Exception {
        fx.writeSource(ModelsFixture.MANIFEST, String.join("\n",
                "import os",
                "from pathlib import Path",
                "models_dir = Path(__file__).resolve().parent.parent.parent / \"model_assets\"",
                "os.makedirs(models_dir / \"ref-ldm_embedding/ckpts\", exist_ok=True)",
                "assets_repo = \"" + ModelsFixture.PREFIX + "\"",
                "models_list = [",
                "    {",
                "        \"model_name\": \"RefLdm\",",
                "        \"local_path\": f\"{models_dir}/ref-ldm_embedding/ckpts/refldm.ckpt\",",
                "        \"hash\": \"" + "AD".repeat(32) + "\",",
                "        \"url\": \"https://github.com/ChiWeiHsiao/ref-ldm/releases/download/1.0.0/refldm.ckpt\",",
                "    },",
                "]", ""));
        Manifest m = ManifestReader.read(fx.ctx(fx.config(4)));
        assertEquals(List.of(), m.rejected());
        ModelEntry e = m.entries().get(0);
        assertEquals("model_assets/ref-ldm_embedding/ckpts/refldm.ckpt", e.relativePath());
        assertEquals("ad".repeat(32), e.sha256(), "hash normalised to lower case");
        assertEquals("https://github.com/ChiWeiHsiao/ref-ldm/releases/download/1.0.0/refldm.ckpt", e.url(),
                "URLs outside the mirrored prefix are left alone");
    }

    @Test
    void strayOutputFromTheModuleDoesNotBreakParsing() throws Exception {
        String original = Files.readString(fx.ws.source().resolve(ModelsFixture.MANIFEST));
        fx.writeSource(ModelsFixture.MANIFEST, "import sys\nprint('[not json')\nprint('hello', end='')\n"
                + "print('warning: something', file=sys.stderr)\n" + original + "print('bye')\n");
        assertEquals(8, ManifestReader.read(fx.ctx(fx.config(4))).entries().size());
    }

    @Test
    void entriesLeavingTheSourceTreeOrMalformedAreRejectedWithASentence() throws Exception {
        String good = "a".repeat(64);
        fx.writeSource(ModelsFixture.MANIFEST, String.join("\n",
                "models_dir = './model_assets'",
                "assets_repo = \"" + ModelsFixture.PREFIX + "\"",
                "models_list = [",
                entry("Good", "f\"{models_dir}/good.onnx\"", good, "f\"{assets_repo}/v0.1.0/good.onnx\""),
                entry("DotDot", "f\"{models_dir}/../../outside.onnx\"", good, "f\"{assets_repo}/v/x.onnx\""),
                entry("Absolute", "'/etc/cron.d/evil'", good, "f\"{assets_repo}/v/x.onnx\""),
                entry("NoUrl", "f\"{models_dir}/nourl.onnx\"", good, "None"),
                entry("ShortHash", "f\"{models_dir}/short.onnx\"", "abc123", "f\"{assets_repo}/v/s.onnx\""),
                entry("FtpUrl", "f\"{models_dir}/ftp.onnx\"", good, "'ftp://example.org/x.onnx'"),
                "]", ""));
        Manifest m = ManifestReader.read(fx.ctx(fx.config(4)));
        assertEquals(List.of("model_assets/good.onnx"), m.entries().stream().map(ModelEntry::relativePath).toList());
        assertEquals(5, m.rejected().size(), m.rejected().toString());
        assertTrue(m.rejected().get(0).contains("\"DotDot\"") && m.rejected().get(0).contains("leaves the VisoMaster"));
        assertTrue(m.rejected().get(1).contains("/etc/cron.d/evil"));
        assertTrue(m.rejected().get(2).contains("no download url"));
        assertTrue(m.rejected().get(3).contains("not a SHA-256"));
        assertTrue(m.rejected().get(4).contains("not an http(s) URL"));
    }

    @Test
    void aModuleThatRaisesFailsWithASentenceAndTheTraceback() throws Exception {
        fx.writeSource(ModelsFixture.MANIFEST, "models_dir = './model_assets'\nraise ValueError('boom in manifest')\n");
        StepFailedException e = assertThrows(StepFailedException.class,
                () -> ManifestReader.read(fx.ctx(fx.config(4))));
        assertTrue(e.getMessage().startsWith("Reading the models manifest app/processors/models_data.py"),
                e.getMessage());
        assertTrue(e.lastLines().stream().anyMatch(l -> l.contains("ValueError: boom in manifest")),
                e.lastLines().toString());
    }

    @Test
    void aModuleWithoutModelsListFails() throws Exception {
        fx.writeSource(ModelsFixture.MANIFEST, "models_dir = './model_assets'\n");
        StepFailedException e = assertThrows(StepFailedException.class,
                () -> ManifestReader.read(fx.ctx(fx.config(4))));
        assertTrue(e.lastLines().stream().anyMatch(l -> l.contains("models_list is missing")));
    }

    @Test
    void aMissingManifestFileIsNamed() throws Exception {
        Files.delete(fx.ws.source().resolve(ModelsFixture.MANIFEST));
        StepFailedException e = assertThrows(StepFailedException.class,
                () -> ManifestReader.read(fx.ctx(fx.config(4))));
        assertTrue(e.getMessage().contains("is not in the VisoMaster source"), e.getMessage());
    }

    @Test
    void noPythonAnywhereIsOneClearSentence() {
        HostEnvironment noPath = HostEnvironment.system().with(Map.of("PATH", tmp.resolve("empty").toString()));
        StepFailedException e = assertThrows(StepFailedException.class,
                () -> ManifestReader.interpreter(fx.ctx(fx.config(4), noPath)));
        assertTrue(e.getMessage().startsWith("No Python interpreter was found"), e.getMessage());
    }

    @Test
    void theEnvironmentsPythonIsPreferred() throws Exception {
        Path envPython = fx.ws.env().resolve("bin/python");
        Files.createDirectories(envPython.getParent());
        Files.createSymbolicLink(envPython, HostEnvironment.system().which("python3").orElseThrow());
        try (PythonEnv.Lease lease = ManifestReader.interpreter(fx.ctx(fx.config(4)))) {
            assertEquals(envPython, lease.python());
        }
    }

    @Test
    void mirrorReplacesOnlyAWholePrefix() {
        String p = "https://h/download";
        assertEquals("http://m/x/v1/a.onnx", ManifestParser.mirror("https://h/download/v1/a.onnx", p, "http://m/x/"));
        assertEquals("http://m/x/v1/a.onnx", ManifestParser.mirror("https://h/download/v1/a.onnx", p, "http://m/x"));
        assertEquals("https://h/downloads/a", ManifestParser.mirror("https://h/downloads/a", p, "http://m"));
        assertEquals("https://o/a", ManifestParser.mirror("https://o/a", p, "http://m"));
        assertEquals("https://h/download/a", ManifestParser.mirror("https://h/download/a", p, null));
    }

    private static String entry(String name, String path, String hash, String url) {
        return "    {\"model_name\": \"" + name + "\", \"local_path\": " + path + ", \"hash\": \"" + hash
                + "\", \"url\": " + url + "},";
    }
}
