package org.visomaster.launcher.infra.workspace;

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
 * @param variants         the profile's wheel variants (empty: one set of wheels for every GPU)
 * @param defaultVariant   the variant installed when no GPU is visible (null without variants)
 * @param wheelVariant     a variant forced by launcher.json's "wheelVariant" or VISO_WHEEL_VARIANT (null: chosen
 *                         from the GPU)
 * @param wheelVariantSource where the forced variant was set ("VISO_WHEEL_VARIANT" or the launcher.json path)
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
        long uploadMaxBytes,
        List<WheelVariant> variants,
        String defaultVariant,
        String wheelVariant,
        String wheelVariantSource) {

    public LauncherConfig {
        extraIndexUrls = List.copyOf(extraIndexUrls);
        overrides = List.copyOf(overrides);
        variants = List.copyOf(variants);
    }

    /** A configuration without wheel variants. */
    public LauncherConfig(String profile, String description, String repoUrl, String ref, String pythonVersion,
                          String requirementsFile, List<String> extraIndexUrls, String indexStrategy,
                          List<PinOverride> overrides, String modelsManifest, String modelsUrlPrefix,
                          String modelsBaseUrl, String envManager, int parallelDownloads, boolean autoProvision,
                          int uploadPort, long uploadMaxBytes) {
        this(profile, description, repoUrl, ref, pythonVersion, requirementsFile, extraIndexUrls, indexStrategy,
                overrides, modelsManifest, modelsUrlPrefix, modelsBaseUrl, envManager, parallelDownloads,
                autoProvision, uploadPort, uploadMaxBytes, List.of(), null, null, null);
    }

    /** The variant of that name, or null. */
    public WheelVariant variant(String name) {
        return variants.stream().filter(v -> v.name().equals(name)).findFirst().orElse(null);
    }
}
