package org.visomaster.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.testing.FixtureVisoMaster;
import org.visomaster.launcher.infra.util.Json;

/**
 * P4: a no-op `provision` on a complete workspace with 57 model files, as a whole process (JVM start to exit), against
 * the same JVM printing its version (the floor any command pays). Also a forced run of the models step, to count
 * how many files the verified cache lets it skip hashing. Run: ./mvnw -Pbench test -Dtest=NoOpProvisionBenchmark
 */
class NoOpProvisionBenchmark {
    @TempDir
    Path tmp;

    @Test
    void noOpProvision() throws Exception {
        try (FixtureVisoMaster f = FixtureVisoMaster.create(tmp, "print('fixture')\n", 57, 256 * 1024)) {
            f.writeLauncherJson();
            assertEquals(0, launcher(f, "provision").code(), "the first, real run succeeds");
            long served = f.bytesServed.get();

            double reference = best(f, 5, "--version");
            double noop = best(f, 5, "provision");
            LauncherRuns.Timed forced = launcher(f, "provision", "--only", "models");
            assertEquals(0, forced.code());
            JsonNode lastRun = Json.MAPPER.readTree(f.ws.stateFile().toFile()).path("models").path("lastRun");
            long hashed = lastRun.path("filesHashed").asLong(-1);
            assertEquals(served, f.bytesServed.get(), "no bytes downloaded by the no-op runs");

            System.out.println();
            System.out.println("P4  no-op provision, 57 verified models (best of 5, whole process)");
            System.out.println("| run                                   | seconds | ratio to reference | goal        |");
            System.out.println("|---------------------------------------|---------|--------------------|-------------|");
            row("reference: visomaster-launcher --version", reference, reference, "");
            row("provision (everything done)", noop, reference, "≤ 2.0 s");
            row("provision --only models (forced)", forced.seconds(), reference, "0 re-hashed");
            System.out.println("files re-hashed by the forced models run: " + hashed + " of 57");
            System.out.println("bytes downloaded after the first run: " + (f.bytesServed.get() - served));
        }
    }

    private static void row(String name, double s, double ref, String goal) {
        System.out.printf(Locale.ROOT, "| %-37s | %7.2f | %17.2fx | %-11s |%n", name, s, s / ref, goal);
    }

    private double best(FixtureVisoMaster f, int n, String... args) throws Exception {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            LauncherRuns.Timed t = launcher(f, args);
            assertEquals(0, t.code(), String.join(" ", args));
            best = Math.min(best, t.seconds());
        }
        return best;
    }

    private LauncherRuns.Timed launcher(FixtureVisoMaster f, String... args) throws Exception {
        return LauncherRuns.run(f.ws.root(), f.host().childVars(), tmp, args);
    }
}
