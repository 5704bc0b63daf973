package org.visomaster.launcher.steps.source;

/**
 * State section "source": how the source tree was last brought to the wanted ref.
 *
 * @param mode        "clone" (the launcher's own clone, updated by it) or "user-provided" (a folder or a clone of
 *                    any fork put there by you: used as it is, never fetched)
 * @param remote      origin's URL (the configured one for a clone; whatever a provided clone has, or null)
 * @param kind        branch, tag or commit (null for a provided folder that is not a clone)
 * @param commit      the commit HEAD was at after the last successful run (null for a folder that is not a clone)
 * @param note        what the last run did, in words
 * @param profile     the profile it was installed with (a workspace keeps it when no profile is asked for)
 * @param version     the app's version at that commit (version.json, else a tag, else the short id)
 * @param hostChoice  when the host chose an older version than the branch's newest: the sentence saying why
 * @param host        the GPUs and driver the version was chosen for ({@code GpuFacts.identity()}; null: not chosen)
 */
public record SourceState(String mode, String remote, String ref, String kind, String commit, String note,
                          String profile, String version, String hostChoice, String host) {
    public static final String SECTION = "source";
    public static final String CLONE = "clone";
    public static final String USER_PROVIDED = "user-provided";

    public SourceState(String mode, String remote, String ref, String kind, String commit, String note) {
        this(mode, remote, ref, kind, commit, note, null, null, null, null);
    }
}
