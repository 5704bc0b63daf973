package org.visomaster.launcher.infra.workspace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The workspace layout (usually /workspace on the rented box). Every path the launcher touches comes from here.
 */
public final class Workspace {
    private final Path root;

    public Workspace(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    public Path root() {
        return root;
    }

    /** VisoMaster's source tree (a git clone, or a folder the user provided). */
    public Path source() {
        return root.resolve("VisoMaster");
    }

    public Path envs() {
        return root.resolve("envs");
    }

    /** The Python environment VisoMaster runs in. */
    public Path env() {
        return envs().resolve("viso_env");
    }

    /** The environment's executables (python, pip, the tools its packages install). */
    public Path envBin() {
        return env().resolve("bin");
    }

    /** The environment's interpreter, the one VisoMaster runs with. */
    public Path envPython() {
        return envBin().resolve("python");
    }

    /** Extra binaries and libraries the user dropped (archives are extracted here); on VisoMaster's PATH. */
    public Path dependencies() {
        return root.resolve("dependencies");
    }

    /** A requirements file the user dropped; when present it replaces the profile's. */
    public Path userRequirements() {
        return root.resolve("requirements.txt");
    }

    public Path uploads() {
        return root.resolve("uploads");
    }

    /**
     * Where the upload page stages incoming files (same file system as the workspace, so an import moves them rather
     * than copying).
     */
    public Path incoming() {
        return uploads().resolve(".incoming");
    }

    /** Where models dropped before VisoMaster's source exists wait for the finish step to move them in. */
    public Path pendingModels() {
        return uploads().resolve("model_assets");
    }

    public Path output() {
        return root.resolve("output");
    }

    public Path logs() {
        return root.resolve("logs");
    }

    /** The readable log of provisioning runs (appended run after run). */
    public Path provisionLog() {
        return logs().resolve("provision.log");
    }

    /** Every event of provisioning runs, one JSON object per line (what the drop page replays). */
    public Path provisionEvents() {
        return logs().resolve("provision.jsonl");
    }

    /** Download caches kept with the workspace (uv's and pip's wheels), so a reinstall fetches nothing again. */
    public Path cache() {
        return root.resolve(".cache");
    }

    /** The launcher's own state: state.json, the lock, derived requirements. */
    public Path stateDir() {
        return root.resolve(".launcher");
    }

    public Path stateFile() {
        return stateDir().resolve("state.json");
    }

    /** What the launch remembers: the GPU the user picked, the GPU and TensorRT the engines were built for. */
    public Path launchSettingsFile() {
        return stateDir().resolve("launch.json");
    }

    /** The requirements the requirements step derived and installed (overrides and the wheel variant applied). */
    public Path derivedRequirements() {
        return stateDir().resolve("requirements.derived.txt");
    }

    public Path lockFile() {
        return stateDir().resolve("lock");
    }

    /** Optional per-workspace settings that override the profile. */
    public Path configFile() {
        return root.resolve("launcher.json");
    }

    public Path modelAssets() {
        return source().resolve("model_assets");
    }

    public Path dfmModels() {
        return modelAssets().resolve("dfm_models");
    }

    /** Creates the folders that must always exist. Never touches the source tree. */
    public void ensureLayout() throws IOException {
        for (Path p : new Path[] {envs(), dependencies(), uploads(), output(), logs(), stateDir()}) {
            Files.createDirectories(p);
        }
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
