package org.visomaster.launcher.frontend.app;

import java.io.PrintStream;
import java.util.List;
import org.visomaster.launcher.frontend.cli.DoctorCommand;
import org.visomaster.launcher.frontend.cli.GuardCommand;
import org.visomaster.launcher.frontend.cli.ImportCommand;
import org.visomaster.launcher.frontend.cli.LaunchCommand;
import org.visomaster.launcher.frontend.cli.LauncherCli;
import org.visomaster.launcher.frontend.cli.LauncherCommand;
import org.visomaster.launcher.frontend.cli.ModelsCommand;
import org.visomaster.launcher.frontend.cli.ProvisionCommand;
import org.visomaster.launcher.frontend.cli.StatusCommand;
import org.visomaster.launcher.infra.logging.SecretMask;
import org.visomaster.launcher.infra.process.HostEnvironment;
import org.visomaster.launcher.frontend.ui.GuiCommand;
import org.visomaster.launcher.frontend.upload.ServeCommand;
import org.visomaster.launcher.frontend.upload.UploadServer;
import org.visomaster.launcher.frontend.upload.UploadToken;

/**
 * Entry point and composition root: it wires the step catalogue, the engine's one service and the commands. Not a
 * JavaFX Application, so the thin jar runs on a plain class path.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        // commands block until their work is done (gui: until the window closes), so exiting here is safe
        System.exit(run(args, HostEnvironment.system(), System.out, System.err));
    }

    public static int run(String[] argv, HostEnvironment host, PrintStream out, PrintStream err) {
        // the drop page's token never reaches the log, whichever command logs it
        UploadToken.VARIABLES.forEach(name -> SecretMask.addSecret(host.get(name)));
        return cli(host, out, err).run(argv);
    }

    /** Every command, in help order, with the standard steps. */
    static LauncherCli cli(HostEnvironment host, PrintStream out, PrintStream err) {
        return new LauncherCli(new LauncherCommand(host, out, err, StepCatalog.standard(), StepCatalog.facts()), List.of(
                new GuiCommand(List.of(
                        // the browser drop page lives as long as the window
                        s -> UploadServer.startFor(s.provision(), s.imports(), -1, out))),
                new ProvisionCommand(), new LaunchCommand(), new StatusCommand(), new ModelsCommand(),
                new ImportCommand(), new DoctorCommand(), new ServeCommand(), new GuardCommand()));
    }
}
