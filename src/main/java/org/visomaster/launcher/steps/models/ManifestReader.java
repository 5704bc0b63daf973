package org.visomaster.launcher.steps.models;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.visomaster.launcher.infra.process.CommandResult;
import org.visomaster.launcher.infra.process.CommandRunner;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.StepContext;
import org.visomaster.launcher.engine.StepFailedException;
import org.visomaster.launcher.steps.python.PythonEnv;
import org.visomaster.launcher.infra.workspace.LauncherConfig;

/**
 * Reads VisoMaster's models manifest (a Python module, e.g. {@code app/processors/models_data.py}) by running a
 * Python interpreter on it with the source root as working directory and printing {@code models_list} as JSON
 * between two sentinels, so that anything the module prints while importing cannot break the parsing.
 */
final class ManifestReader {
    static final String BEGIN = "@@VISO-LAUNCHER-MANIFEST-BEGIN@@";
    static final String END = "@@VISO-LAUNCHER-MANIFEST-END@@";
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    // tensorrt is blocked before the import: its entries (models_trt_list) are built locally and never downloaded,
    // and a present-but-broken tensorrt (missing libnvinfer) would otherwise make the whole manifest unreadable.
    private static final String SNIPPET = String.join("\n",
            "import importlib.util, json, os, sys",
            "sys.modules['tensorrt'] = None",
            "sys.path.insert(0, os.getcwd())",
            "spec = importlib.util.spec_from_file_location('visomaster_models_manifest', sys.argv[1])",
            "mod = importlib.util.module_from_spec(spec)",
            "spec.loader.exec_module(mod)",
            "models = getattr(mod, 'models_list', None)",
            "if not isinstance(models, (list, tuple)):",
            "    raise SystemExit('models_list is missing or is not a list in ' + sys.argv[1])",
            "out = [{str(k): (None if v is None else str(v)) for k, v in dict(m).items()} for m in models]",
            "sys.stdout.flush()",
            "sys.stderr.flush()",
            "print('\\n" + BEGIN + "' + json.dumps(out) + '" + END + "', flush=True)");

    private final Path python;

    public ManifestReader(Path python) {
        this.python = python;
    }

    /** Reads the manifest named by the context's config with the interpreter {@link #interpreter} lends. */
    public static Manifest read(StepContext ctx) throws StepFailedException, Cancellation.CancelledException {
        try (PythonEnv.Lease python = interpreter(ctx)) {
            return new ManifestReader(python.python()).read(ctx.workspace().source(), ctx.config(), ctx.host(),
                    ctx.cancellation());
        }
    }

    /**
     * The environment's interpreter when it is complete and the python step is not rebuilding it (this step may run
     * beside that one), else {@code python3} on PATH.
     */
    public static PythonEnv.Lease interpreter(StepContext ctx)
            throws StepFailedException, Cancellation.CancelledException {
        try {
            return PythonEnv.forScripts(ctx.workspace(), ctx.host()).orElseThrow(() -> new StepFailedException(
                    "No Python interpreter was found to read the models manifest (neither "
                            + PythonEnv.interpreter(ctx.workspace()) + " nor python3 on PATH); install python3 or run"
                            + " the python step first."));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Cancellation.CancelledException();
        }
    }

    public Manifest read(Path sourceRoot, LauncherConfig config, HostEnvironment host, Cancellation cancellation)
            throws StepFailedException, Cancellation.CancelledException {
        String module = config.modelsManifest();
        JsonNode models = readRaw(sourceRoot, module, host, cancellation);
        return ManifestParser.parse(models, sourceRoot, module, config.modelsUrlPrefix(), config.modelsBaseUrl());
    }

    /** The JSON array of {@code models_list}, values as strings. */
    public JsonNode readRaw(Path sourceRoot, String module, HostEnvironment host, Cancellation cancellation)
            throws StepFailedException, Cancellation.CancelledException {
        Path root = sourceRoot.toAbsolutePath().normalize();
        Path file = root.resolve(module).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file)) {
            throw new StepFailedException("The models manifest " + module + " is not in the VisoMaster source at "
                    + root + "; check the profile's modelsManifest or run the source step again.");
        }
        Map<String, String> env = new HashMap<>(host.childVars());
        env.put("PYTHONDONTWRITEBYTECODE", "1");
        env.put("PYTHONIOENCODING", "utf-8");
        List<String> payload = new ArrayList<>(1);
        CommandResult result;
        try {
            result = CommandRunner.run(List.of(python.toString(), "-B", "-c", SNIPPET, file.toString()), root, env,
                    TIMEOUT, line -> {
                        if (line.startsWith(BEGIN)) {
                            payload.add(line);
                        }
                    }, cancellation);
        } catch (IOException e) {
            throw new StepFailedException("The Python interpreter " + python + " could not be started to read "
                    + module + " (" + e.getMessage() + "); run the python step again or install python3.");
        }
        if (result.cancelled() && cancellation != null && cancellation.isCancelled()) {
            throw new Cancellation.CancelledException();
        }
        if (result.timedOut()) {
            throw new StepFailedException("Reading the models manifest " + module + " with " + python + " took longer"
                    + " than " + TIMEOUT.toSeconds() + " s and was stopped; see the lines below.",
                    result.lastLines());
        }
        if (result.exitCode() != 0 || payload.isEmpty()) {
            throw new StepFailedException("Reading the models manifest " + module + " with " + python
                    + " failed (exit code " + result.exitCode() + "); the VisoMaster source may be damaged or may not"
                    + " match the profile — see the lines below.", result.lastLines());
        }
        String line = payload.get(payload.size() - 1);
        int end = line.lastIndexOf(END);
        try {
            JsonNode models = JSON.readTree(line.substring(BEGIN.length(), end < 0 ? line.length() : end));
            if (models == null || !models.isArray()) {
                throw new IOException("not a JSON list");
            }
            return models;
        } catch (IOException e) {
            throw new StepFailedException("The models list printed by " + module + " could not be parsed as JSON ("
                    + e.getMessage() + "); the VisoMaster source may be damaged — see the lines below.",
                    result.lastLines());
        }
    }
}
