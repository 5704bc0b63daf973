package org.visomaster.launcher.engine;

import java.time.Instant;

/** The last outcome of a step, as kept in state.json's "steps" section. */
public record StepRecord(StepStatus status, String detail, Instant finishedAt) {
}
