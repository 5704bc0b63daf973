package org.visomaster.launcher.frontend.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.engine.InstallFacts;
import org.visomaster.launcher.engine.ProvisionService;
import org.visomaster.launcher.engine.Step;
import org.visomaster.launcher.infra.workspace.ConfigException;
import org.visomaster.launcher.infra.workspace.ConfigLoader;
import org.visomaster.launcher.infra.workspace.LauncherConfig;
import org.visomaster.launcher.infra.workspace.Workspace;
import org.visomaster.launcher.infra.workspace.WorkspaceLocator;

/**
 * What a command runs with: the global options, the workspace, the configuration, the streams, and the engine's one
 * entry ({@link #provision()}), built from the catalogue the composition root hands in.
 */
public final class CliContext {
    private final String profile;
    private final boolean json;
    private final HostEnvironment host;
    private final PrintStream out;
    private final PrintStream err;
    private final Workspace workspace;
    private final List<Step> steps;
    private final InstallFacts facts;
    private LauncherConfig config;
    private ProvisionService provision;

    CliContext(Path workspaceOption, String profile, boolean json, HostEnvironment host, PrintStream out,
               PrintStream err, List<Step> steps, InstallFacts facts) {
        this.facts = facts;
        this.profile = profile;
        this.json = json;
        this.host = host;
        this.out = out;
        this.err = err;
        this.steps = steps;
        String home = host.get("HOME") != null ? host.get("HOME") : System.getProperty("user.home");
        this.workspace = new Workspace(WorkspaceLocator.locate(workspaceOption == null ? null
                : workspaceOption.toString(), host.all(), WorkspaceLocator.DEFAULT_ROOT, Path.of(home)));
    }

    public Workspace workspace() {
        return workspace;
    }

    /** Loads and validates the configuration once. */
    public LauncherConfig config() throws ConfigException {
        if (config == null) {
            config = ConfigLoader.load(workspace, profile, host.all());
        }
        return config;
    }

    /** The engine for this workspace and configuration, made once (loads the configuration first). */
    public ProvisionService provision() throws ConfigException {
        if (provision == null) {
            provision = new ProvisionService(workspace, config(), host, steps, facts);
        }
        return provision;
    }

    /**
     * What the steps tell about models and the GPU, for commands that must answer without a working configuration
     * (doctor); the others ask {@link #provision()}.
     */
    public InstallFacts facts() {
        return facts;
    }

    /** The --profile option as given (null when absent). */
    public String profileOption() {
        return profile;
    }

    public HostEnvironment host() {
        return host;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public boolean json() {
        return json;
    }
}
