package org.visomaster.launcher.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import org.visomaster.launcher.process.HostEnvironment;
import org.visomaster.launcher.provision.ProvisionService;
import org.visomaster.launcher.provision.Step;
import org.visomaster.launcher.workspace.ConfigException;
import org.visomaster.launcher.workspace.ConfigLoader;
import org.visomaster.launcher.workspace.LauncherConfig;
import org.visomaster.launcher.workspace.Workspace;
import org.visomaster.launcher.workspace.WorkspaceLocator;

/**
 * What a command runs with: its parsed arguments, the workspace, the configuration, the streams, and the engine's one
 * entry ({@link #provision()}), built from the catalogue the composition root hands in.
 */
public final class CliContext {
    private final CliArgs args;
    private final HostEnvironment host;
    private final PrintStream out;
    private final PrintStream err;
    private final Workspace workspace;
    private final Function<LauncherConfig, List<Step>> catalog;
    private LauncherConfig config;
    private ProvisionService provision;

    /** @param catalog the provisioning steps for a configuration */
    public CliContext(CliArgs args, HostEnvironment host, PrintStream out, PrintStream err,
                      Function<LauncherConfig, List<Step>> catalog) {
        this.args = args;
        this.host = host;
        this.out = out;
        this.err = err;
        this.catalog = catalog;
        String home = host.get("HOME") != null ? host.get("HOME") : System.getProperty("user.home");
        this.workspace = new Workspace(WorkspaceLocator.locate(args.global("--workspace"), host.vars(),
                java.nio.file.Path.of("/workspace"), java.nio.file.Path.of(home)));
    }

    public Workspace workspace() {
        return workspace;
    }

    /** Loads and validates the configuration once. */
    public LauncherConfig config() throws ConfigException {
        if (config == null) {
            config = ConfigLoader.load(workspace, args.global("--profile"), host.vars());
        }
        return config;
    }

    /** The engine for this workspace and configuration, made once (loads the configuration first). */
    public ProvisionService provision() throws ConfigException {
        if (provision == null) {
            LauncherConfig c = config();
            provision = new ProvisionService(workspace, c, host, catalog.apply(c));
        }
        return provision;
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
        return args.globalFlag("--json");
    }

    public boolean flag(String name) {
        return args.options().containsKey(name);
    }

    public String option(String name) {
        return args.options().get(name);
    }

    public List<String> positional() {
        return args.positional();
    }

    /** Fails with a usage error when an option outside {@code allowed} was given. */
    public void allowOptions(Set<String> allowed) throws UsageException {
        for (String o : args.options().keySet()) {
            if (!allowed.contains(o)) {
                throw new UsageException("unknown option " + o);
            }
        }
    }
}
