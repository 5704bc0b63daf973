package org.visomaster.launcher.infra.process;

/**
 * A recognised crash cause. {@code cause} is a short label, {@code fix} one sentence saying what happened and what to
 * do, {@code offerRepair} whether the window should offer its Repair action.
 */
public record Diagnosis(String cause, String fix, boolean offerRepair) {
}
