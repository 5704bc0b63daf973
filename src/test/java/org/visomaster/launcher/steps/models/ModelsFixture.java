package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import okhttp3.OkHttpClient;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionEvent;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.testing.LoopbackFileServer;
import org.visomaster.launcher.infra.util.Sha256;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * A workspace whose VisoMaster source has an {@code app/processors/models_data.py} in upstream's real format
 * (f-strings over models_dir and assets_repo, the tensorrt try-block), its URLs on the real GitHub prefix, and a
 * mirror base URL pointing at the {@link LoopbackFileServer} that serves the files under {@code /mirror/...}.
 */
final class ModelsFixture {
    static final String PREFIX = "https://github.com/visomaster/visomaster-assets/releases/download";
    static final String MANIFEST = "app/processors/models_data.py";
    private static final String[][] NAMES = {
            {"Inswapper128", "inswapper_128.fp16.onnx", "v0.1.0"},
            {"SimSwapArcFace", "simswap_arcface_backbone.onnx", "v0.1.0"},
            {"RetinaFace", "det_10g.onnx", "v0.1.0"},
            {"FaceParser", "faceparser_resnet34.onnx", "v0.1.0"},
            {"RD64ClipText", "rd64-uni-refined.pth", "v0.1.0"},
            {"LivePortraitMotionExtractor", "liveportrait_onnx/motion_extractor.onnx", "v0.1.0_lp"},
            {"LivePortraitStitchingEye", "liveportrait_onnx/stitching_eye.onnx", "v0.1.0_lp"},
            {"LivePortraitWarpingSpade", "liveportrait_onnx/warping_spade.onnx", "v0.1.0_lp"},
    };

    record Model(String name, String relativePath, String urlPath, byte[] data) {
        String sha256() {
            return Sha256.hex(digest(data));
        }

        private static java.security.MessageDigest digest(byte[] d) {
            java.security.MessageDigest md = Sha256.newDigest();
            md.update(d);
            return md;
        }
    }

    final Workspace ws;
    final LoopbackFileServer server;
    final List<Model> models = new ArrayList<>();
    final Queue<ProvisionEvent> events = new ConcurrentLinkedQueue<>();
    final Cancellation cancellation = new Cancellation();
    private StateStore state;

    ModelsFixture(Path tmp, LoopbackFileServer server, int count, int size) throws IOException {
        this.ws = new Workspace(tmp.resolve("ws"));
        this.server = server;
        Random random = new Random(42);
        for (int i = 0; i < count; i++) {
            String[] n = NAMES[i % NAMES.length];
            String suffix = i < NAMES.length ? "" : "-" + i;
            String file = n[1].replace(".", suffix + ".");
            byte[] data = new byte[size + i * 1000];
            random.nextBytes(data);
            String basename = file.substring(file.lastIndexOf('/') + 1);
            models.add(new Model(n[0] + suffix, "model_assets/" + file, "/mirror/" + n[2] + "/" + basename, data));
        }
        for (Model m : models) {
            server.serve(m.urlPath(), m.data());
        }
        Files.createDirectories(ws.source().resolve("app/processors"));
        writeManifest(models);
    }

    Model model(int i) {
        return models.get(i);
    }

    Path file(Model m) {
        return ws.source().resolve(m.relativePath());
    }

    Path part(Model m) {
        return ws.source().resolve(m.relativePath() + ".part");
    }

    /** Writes models_data.py the way upstream spells it. */
    void writeManifest(List<Model> list) throws IOException {
        StringBuilder py = new StringBuilder();
        py.append("models_dir = './model_assets'\n");
        py.append("assets_repo = \"").append(PREFIX).append("\"\n\n");
        py.append("try:\n    import tensorrt as trt\n    models_trt_list = [\n        {\n");
        py.append("            'model_name': 'LivePortraitMotionExtractor', \n");
        py.append("            'local_path': f'{models_dir}/liveportrait_onnx/motion_extractor.' + trt.__version__")
                .append(" + '.trt', \n");
        py.append("            'hash': '8cab6d8fe093a07ee59e14bf83b9fbc90732ce7a6c1732b88b59f4457bea6204'\n");
        py.append("        }\n    ]\nexcept ModuleNotFoundError:\n    models_trt_list = []\n\n");
        py.append("arcface_mapping_model_dict = {\n    'Inswapper128': 'Inswapper128ArcFace',\n}\n\n");
        py.append("models_list = [\n");
        for (Model m : list) {
            String local = m.relativePath().substring("model_assets/".length());
            String tagAndName = m.urlPath().substring("/mirror/".length());
            py.append("    {\n");
            py.append("        \"model_name\": \"").append(m.name()).append("\",\n");
            py.append("        \"local_path\": f\"{models_dir}/").append(local).append("\",\n");
            py.append("        \"hash\": \"").append(m.sha256()).append("\",\n");
            py.append("        \"url\": f\"{assets_repo}/").append(tagAndName).append("\"\n\n");
            py.append("    },\n");
        }
        py.append("]\n");
        writeSource(MANIFEST, py.toString());
    }

    void writeSource(String relative, String text) throws IOException {
        Path p = ws.source().resolve(relative);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    LauncherConfig config(int parallel) {
        return config(PREFIX, server.url("/mirror"), parallel);
    }

    static LauncherConfig config(String prefix, String baseUrl, int parallel) {
        return new LauncherConfig("upstream", "test", "file:///nowhere", "main", "3.11", "requirements.txt",
                List.of(), null, List.of(), MANIFEST, prefix, baseUrl, "venv", parallel, true, 17860, 1L << 30);
    }

    /** A fresh context (re-reading state.json like a new launcher process would). */
    StepContext ctx(LauncherConfig config) {
        return ctx(config, HostEnvironment.system());
    }

    StepContext ctx(LauncherConfig config, HostEnvironment host) {
        state = new StateStore(ws.stateFile());
        return new StepContext(ws, config, host, state, events::add, cancellation, ModelsStep.ID);
    }

    static OkHttpClient testClient() {
        return HttpClients.shared().newBuilder().readTimeout(Duration.ofMillis(800)).build();
    }

    static DownloadManager manager(int parallel) {
        return new DownloadManager(testClient(), DownloadManager.Settings.withBackoff(parallel, Duration.ofMillis(5)),
                new FileHasher());
    }

    static ModelsStep step(boolean verifyAll) {
        return new ModelsStep(verifyAll, ModelsFixture::manager);
    }

    List<ModelEntry> entries() {
        List<ModelEntry> out = new ArrayList<>();
        for (Model m : models) {
            out.add(new ModelEntry(m.name(), m.relativePath(), m.sha256(), server.url(m.urlPath())));
        }
        return out;
    }

    <T extends ProvisionEvent> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
