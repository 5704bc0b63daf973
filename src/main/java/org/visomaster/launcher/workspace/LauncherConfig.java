package org.visomaster.launcher.workspace;

import java.util.List;

/**
 * The effective settings for one workspace: a bundled profile, then {@code launcher.json}, then environment
 * variables. Built and validated by {@link ConfigLoader}; immutable.
 *
 * @param envManager       auto, uv, conda or venv
 * @param modelsManifest   path of VisoMaster's models module, relative to the source root
 * @param modelsBaseUrl    mirror that replaces the manifest's download prefix (null: use the manifest's URLs)
 * @param modelsUrlPrefix  the prefix of the manifest's URLs that {@code modelsBaseUrl} replaces
 * @param indexStrategy    uv's --index-strategy, or null
 */
public record LauncherConfig(
        String profile,
        String description,
        String repoUrl,
        String ref,
        String pythonVersion,
        String requirementsFile,
        List<String> extraIndexUrls,
        String indexStrategy,
        List<PinOverride> overrides,
        String modelsManifest,
        String modelsUrlPrefix,
        String modelsBaseUrl,
        String envManager,
        int parallelDownloads,
        boolean autoProvision,
        int uploadPort,
        long uploadMaxBytes) {

    public LauncherConfig {
        extraIndexUrls = List.copyOf(extraIndexUrls);
        overrides = List.copyOf(overrides);
    }
}
