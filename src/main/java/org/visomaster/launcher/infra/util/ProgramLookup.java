package org.visomaster.launcher.infra.util;

import java.nio.file.Path;
import java.util.Optional;

/** Finds a program the way the shell's {@code command -v} does. {@code process.HostEnvironment} is the real one. */
@FunctionalInterface
public interface ProgramLookup {
    /** The first executable called {@code name} on PATH (or {@code name} itself when it is a path). */
    Optional<Path> which(String name);
}
