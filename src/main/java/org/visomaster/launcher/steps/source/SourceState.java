package org.visomaster.launcher.steps.source;

/**
 * State section "source": how the source tree was last brought to the wanted ref.
 *
 * @param mode   "clone" or "user-provided"
 * @param kind   branch, tag or commit (null for user-provided)
 * @param commit the commit HEAD was at after the last successful run (null for user-provided)
 * @param note   what the last run did, in words
 */
public record SourceState(String mode, String remote, String ref, String kind, String commit, String note) {
    public static final String SECTION = "source";
    public static final String CLONE = "clone";
    public static final String USER_PROVIDED = "user-provided";
}
