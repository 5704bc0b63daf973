package org.visomaster.launcher.frontend.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.visomaster.launcher.infra.metrics.MetricsProbe;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.Cancellation;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.InstallFacts;
import org.visomaster.launcher.engine.StateStore;
import org.visomaster.launcher.engine.StepId;
import org.visomaster.launcher.engine.WorkspaceLock;
import org.visomaster.launcher.steps.python.PythonEnv;
import org.visomaster.launcher.steps.python.PythonLocator;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.util.Units;
import org.visomaster.launcher.infra.workspace.ConfigException;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * `doctor [--bundle [FILE]]`: GPU, driver, disk, Python, tools on PATH and workspace health, in one readable report;
 * with --bundle also the archive for a bug report (see {@link BundleOption}).
 */
@Command(name = "doctor", description = {"Checks the GPU (compute capability, driver and its CUDA, wheel variant,"
        + " last self-test), disk, Python, tools on PATH and the workspace, in one report (exit 1 on a problem).",
        "With --bundle it also writes one archive to attach to a bug report: the logs, the steps' state, the"
                + " derived requirements, the settings and this report, every token and password masked."})
public final class DoctorCommand extends WorkspaceCommand {
    enum Level { OK, WARNING, PROBLEM }

    record Check(String area, Level level, String message) {
    }

    @Option(names = "--bundle", arity = "0..1", paramLabel = "FILE", fallbackValue = BundleOption.DEFAULT,
            converter = BundleOption.Converter.class, description = {"write the bug report to FILE, a .tar.gz, .tgz or .zip"
            + " (default: launcher-report-<time>.tar.gz in the workspace's output folder); never replaces a file"})
    BundleOption bundle;

    @Spec
    CommandSpec spec;

    @Override
    protected int run(CliContext ctx) throws Exception {
        Path bundleFile = bundle == null ? null : bundle.target(ctx.workspace(), spec.commandLine());
        List<Check> checks = new ArrayList<>();
        Workspace ws = ctx.workspace();
        HostEnvironment host = ctx.host();
        LauncherConfig config = null;
        ProvisionService service = null;
        try {
            config = ctx.config();
            service = ctx.provision();
            var stack = org.visomaster.launcher.steps.stack.InstallStack.resolve(config, ws.source());
            checks.add(new Check("Config", Level.OK, "profile " + config.profile() + ": " + config.repoUrl() + " @ "
                    + config.ref() + ", " + stack.headline()));
        } catch (ConfigException e) {
            checks.add(new Check("Config", Level.PROBLEM, e.getMessage()));
        }
        workspaceChecks(ws, service, checks);
        gpuChecks(ctx.facts(), host, config, ws, checks);
        if (config != null) {
            pythonChecks(ws, config, host, checks);
        }
        toolChecks(host, checks);
        String metrics = metricsText(host, ws);
        ObjectNode report = Json.MAPPER.createObjectNode();
        ArrayNode arr = report.putArray("checks");
        checks.forEach(c -> arr.add(Json.MAPPER.valueToTree(c)));
        report.put("metrics", metrics);
        String json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
        String text = text(checks, metrics);
        int code = checks.stream().anyMatch(c -> c.level() == Level.PROBLEM) ? ExitCodes.FAILED : ExitCodes.OK;
        String bundled = null;
        if (bundleFile != null) {
            bundled = BundleOption.write(ctx, bundleFile, text, json);
            if (bundled == null) {
                code = ExitCodes.FAILED;
            } else {
                report.put("bundle", bundled);
                json = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(report);
            }
        }
        ctx.out().print(ctx.json() ? json + System.lineSeparator() : text);
        if (bundled != null && !ctx.json()) {
            ctx.out().println("Bug report: " + bundled + " (tokens and passwords masked); attach it to your report.");
        }
        return code;
    }

    private static String text(List<Check> checks, String metrics) {
        StringBuilder b = new StringBuilder();
        String area = "";
        for (Check c : checks) {
            if (!c.area().equals(area)) {
                area = c.area();
                b.append(area).append(":\n");
            }
            String mark = switch (c.level()) {
                case OK -> "  ok       ";
                case WARNING -> "  warning  ";
                case PROBLEM -> "  PROBLEM  ";
            };
            b.append(mark).append(c.message()).append('\n');
        }
        b.append("Live figures:\n");
        metrics.lines().forEach(l -> b.append("  ").append(l).append('\n'));
        return b.toString();
    }

    private static void workspaceChecks(Workspace ws, ProvisionService service, List<Check> out) {
        Path root = ws.root();
        if (!Files.isDirectory(root)) {
            out.add(new Check("Workspace", Level.WARNING, root + " does not exist yet; provision creates it."));
            return;
        }
        out.add(Files.isWritable(root) ? new Check("Workspace", Level.OK, root + " is writable")
                : new Check("Workspace", Level.PROBLEM, root + " is not writable: fix its permissions or choose"
                        + " another folder with --workspace."));
        try {
            long free = Files.getFileStore(root).getUsableSpace();
            out.add(new Check("Workspace", free < (20L << 30) ? Level.WARNING : Level.OK, Units.bytes(free)
                    + " free" + (free < (20L << 30) ? "; a full install needs about 20 GiB." : "")));
        } catch (IOException e) {
            out.add(new Check("Workspace", Level.WARNING, "free space unknown: " + e.getMessage()));
        }
        try (WorkspaceLock lock = WorkspaceLock.acquire(ws.lockFile())) {
            out.add(new Check("Workspace", Level.OK, "not locked by another launcher"));
        } catch (WorkspaceLock.LockedException e) {
            out.add(new Check("Workspace", Level.WARNING, "in use by another launcher (pid " + e.holderPid()
                    + "); provisioning is running or the window is open."));
        } catch (IOException e) {
            out.add(new Check("Workspace", Level.PROBLEM, "the lock file cannot be created: " + e.getMessage()));
        }
        if (service != null) {
            List<String> notDone = service.notDone().stream().map(StepId::name).toList();
            out.add(notDone.isEmpty() ? new Check("Workspace", Level.OK, "VisoMaster is installed and verified")
                    : new Check("Workspace", Level.WARNING, "not done yet: " + String.join(", ", notDone)
                            + "; run `visomaster-launcher provision`."));
        }
    }

    /** The GPU facts, the wheel variant for them, the driver check and the last self-test. */
    private static void gpuChecks(InstallFacts facts, HostEnvironment host, LauncherConfig config, Workspace ws,
                                  List<Check> out) {
        facts.gpu(Optional.ofNullable(config), host, new StateStore(ws.stateFile())).lines()
                .forEach(l -> out.add(new Check("GPU", switch (l.level()) {
                    case "ok" -> Level.OK;
                    case "warning" -> Level.WARNING;
                    default -> Level.PROBLEM;
                }, l.text())));
    }

    private static void pythonChecks(Workspace ws, LauncherConfig config, HostEnvironment host, List<Check> out) {
        Path env = PythonEnv.interpreter(ws);
        Optional<String> envVersion = Files.exists(env) ? PythonEnv.version(env.toString(), host) : Optional.empty();
        if (envVersion.isPresent()) {
            out.add(new Check("Python", Level.OK, "environment " + ws.env() + ": Python " + envVersion.get()));
        } else {
            out.add(new Check("Python", Level.WARNING, "no working environment at " + ws.env()
                    + " yet; provision builds it."));
        }
        var wanted = org.visomaster.launcher.steps.stack.InstallStack.resolve(config, ws.source()).python();
        if (wanted == null) {
            out.add(new Check("Python", Level.OK, "the Python version is read from the checkout once it is there"));
            return;
        }
        String version = wanted.value();
        Optional<String> base = PythonLocator.findBase(host, version, config.envManager());
        out.add(base.isPresent() ? new Check("Python", Level.OK, "Python " + version + " via "
                + base.get()) : new Check("Python", envVersion.isPresent() ? Level.WARNING : Level.PROBLEM,
                PythonLocator.notFoundSentence(version, config.envManager())));
    }

    private static void toolChecks(HostEnvironment host, List<Check> out) {
        tool(host, out, "git", Level.WARNING, "git is not on PATH: the launcher clones without it, but you will"
                + " want it to inspect the source; `apt-get install git`.");
        tool(host, out, "ffmpeg", Level.WARNING, "ffmpeg is not on PATH: VisoMaster needs it for videos;"
                + " `apt-get install ffmpeg` or drop a static build into dependencies/.");
        tool(host, out, "uv", Level.OK, "uv is not on PATH (optional: conda or python -m venv are used instead).");
        tool(host, out, "conda", Level.OK, "conda is not on PATH (optional).");
    }

    private static void tool(HostEnvironment host, List<Check> out, String name, Level ifMissing, String sentence) {
        Optional<Path> p = host.which(name);
        out.add(p.isPresent() ? new Check("Tools", Level.OK, name + ": " + p.get())
                : new Check("Tools", ifMissing, sentence));
    }

    private static String metricsText(HostEnvironment host, Workspace ws) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (PrintStream ps = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            Path disk = Files.isDirectory(ws.root()) ? ws.root() : Path.of(".");
            MetricsProbe.run(host, disk, 1, Duration.ofSeconds(1), -1, ps);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return buf.toString(StandardCharsets.UTF_8);
    }
}
