package org.visomaster.launcher.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;

/**
 * What the update tests of the command line and of the window share: Fusion-like checkouts (a requirements file, the
 * Python the README names, a torch pin), stand-in wheels whose 3.0.0 torch cannot load its CUDA libraries, an H100
 * on driver 580, and the Python 3.12 from pyenv the second environment needs.
 */
public final class FusionUpdateFixture {
    public static final FakeNvidiaSmi.Box H100_580 = new FakeNvidiaSmi.Box("580.65.06", "13.0",
            List.of("0, NVIDIA H100 80GB HBM3, 9.0, 81559"), true);

    private FusionUpdateFixture() {
    }

    /** A Fusion-like checkout of this version: its requirements file, the Python its README names, its torch pin. */
    public static Map<String, String> files(String version, String requirements, String python, String torch) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("main.py", "print('VisoMaster-Fusion')\n");
        f.put("app/__init__.py", "");
        f.put("app/processors/models_data.py", "models_dir = './model_assets'\nmodels_trt_list = []\n"
                + "models_list = []\n");
        f.put(".gitignore", "model_assets/\n");
        f.put(requirements, "torch==" + torch + "\nonnxruntime-gpu==1.22.0\nPySide6==6.8.2.1\n");
        f.put("README.md", "# VisoMaster Fusion\n\n```\nuv venv --python " + python + "\nuv pip install -r "
                + requirements + "\n```\n");
        f.put("version.json", "{\n  \"version\": \"" + version + "\"\n}\n");
        return f;
    }
    /** The stand-ins, each torch reporting its own version; 3.0.0's torch cannot load its CUDA libraries. */
    public static void buildWheels(Path dir) throws IOException {
        String torch = standin("torch/__init__.py");
        for (String v : List.of("2.8.0+cu129", "2.11.1+cu130")) {
            Wheels.build(dir, "torch", v, Map.of("torch/__init__.py", torch.replace("2.4.1+cu124", v)));
        }
        Wheels.build(dir, "torch", "2.11.0+cu130", Map.of("torch/__init__.py", "raise OSError('libcudnn_graph.so.9:"
                + " cannot open shared object file: No such file or directory')\n"));
        Wheels.build(dir, "onnxruntime_gpu", "1.22.0", Map.of("onnxruntime/__init__.py",
                standin("onnxruntime/__init__.py")));
        Wheels.build(dir, "PySide6", "6.8.2.1", Map.of("PySide6/__init__.py", standin("PySide6/__init__.py"),
                "PySide6/QtCore.py", standin("PySide6/QtCore.py"), "PySide6/QtWidgets.py",
                standin("PySide6/QtWidgets.py")));
    }
    private static String standin(String path) throws IOException {
        try (InputStream in = FusionUpdateFixture.class.getResourceAsStream("/standins/" + path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
    public static ObjectId head(Path ws) throws IOException {
        try (Git git = Git.open(ws.resolve("VisoMaster").toFile())) {
            return git.getRepository().resolve(Constants.HEAD);
        }
    }
    public static Optional<Path> python312() throws InterruptedException {
        try {
            return python312FromPyenv();
        } catch (IOException noPyenv) {
            return Optional.empty();
        }
    }
    private static Optional<Path> python312FromPyenv() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("pyenv", "root").redirectErrorStream(true).start();
        String root = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        if (p.waitFor() != 0 || !Files.isDirectory(Path.of(root, "versions"))) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(Path.of(root, "versions"))) {
            return versions.filter(v -> v.getFileName().toString().startsWith("3.12"))
                    .map(v -> v.resolve("bin/python3.12")).filter(Files::isExecutable).findFirst();
        }
    }
}
