package org.visomaster.launcher.infra.logging;

import org.visomaster.launcher.infra.util.SecretPolicy;

/** The log's side of {@link SecretPolicy}: applied to each formatted line, stack traces included, by {@link MaskingLayout}. */
public final class SecretMask {
    static final String MASK = SecretPolicy.MASK;

    private SecretMask() {
    }

    /** Masks this value in every line written from now on; see {@link SecretPolicy#addSecret}. */
    public static void addSecret(String value) {
        SecretPolicy.addSecret(value);
    }

    public static String mask(String line) {
        return SecretPolicy.mask(line);
    }
}
