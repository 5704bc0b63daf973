package org.visomaster.launcher.infra.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.visomaster.launcher.infra.workspace.Workspace;

/**
 * The command line, working directory and environment VisoMaster runs with (DESIGN.md §5): {@code <env>/bin/python
 * main.py} in the source root, with the environment {@link LaunchEnvironment} builds; a chosen GPU is passed as
 * {@link GpuOption} says. Building it creates the folders VisoMaster needs ({@code model_assets/dfm_models/},
 * {@code output/}) when missing.
 */
record VisoMasterCommand(List<String> argv, Path cwd, Map<String, String> env) {
    public VisoMasterCommand {
        argv = List.copyOf(argv);
        env = Map.copyOf(env);
    }

    /**
     * Builds the command, on GPU {@code gpu} (nvidia-smi's index; null: the app's default). Falls back to
     * {@code python3} on PATH when the workspace's env has no python (telling {@code notes} so); throws with a
     * sentence for the user when VisoMaster or any Python is missing.
     */
    static VisoMasterCommand of(Workspace ws, HostEnvironment host, Integer gpu, Consumer<String> notes)
            throws IOException {
        Path mainPy = ws.source().resolve("main.py");
        if (!Files.isRegularFile(mainPy)) {
            throw new IOException("VisoMaster is not installed: " + mainPy + " does not exist; run the setup first.");
        }
        createFoldersItNeeds(ws);
        Path python = ws.envPython();
        if (!Files.isExecutable(python)) {
            Optional<Path> fallback = host.which("python3");
            if (fallback.isEmpty()) {
                throw new IOException("No Python to run VisoMaster: " + python
                        + " does not exist and python3 is not on PATH; run the setup first.");
            }
            notes.accept(python + " does not exist; starting VisoMaster with " + fallback.get()
                    + " instead (its packages may be missing: run the setup to build the environment).");
            python = fallback.get();
        }
        List<String> argv = new ArrayList<>(List.of(python.toString(), "main.py"));
        Map<String, String> env = LaunchEnvironment.variables(ws, host);
        if (gpu != null) {
            GpuOption.apply(ws.source(), gpu, argv, env);
        }
        return new VisoMasterCommand(argv, ws.source(), env);
    }

    /**
     * VisoMaster crashes at start-up without {@code model_assets/dfm_models/}, and its output folder should exist:
     * the finish step creates both, but "Launch anyway" after a failed self-test (or any launch before finish)
     * must not depend on it. Only missing folders are created; nothing is moved or deleted.
     */
    private static void createFoldersItNeeds(Workspace ws) throws IOException {
        for (Path dir : List.of(ws.dfmModels(), ws.output())) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new IOException("VisoMaster needs the folder " + dir + ", which cannot be created (" + e
                        + "); move aside whatever is in its place, or make the workspace writable, then launch again.",
                        e);
            }
        }
    }
}
