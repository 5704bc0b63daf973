package org.visomaster.launcher.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.testing.FixtureVisoMaster;
import org.visomaster.launcher.testing.LoopbackFileServer;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.util.Sha256;

/**
 * P0: the two long steps overlap. A fixture VisoMaster whose requirements install 4 wheels of 50 MiB from a loopback
 * server capped at 6 MiB/s per connection (pip fetches one at a time) and whose 4 models of 50 MiB come from a model
 * server capped at 1.5 MiB/s per connection (4 at a time). The whole `provision` on a fresh workspace against
 * `--only requirements` and `--only models`, each alone on its own fresh workspace (their prerequisites installed
 * first, untimed). Goal: whole ≤ 0.7 × (requirements + models). Every time is a whole launcher process.
 * Run: ./mvnw -Pbench test -Dtest=ParallelProvisionBenchmark
 */
class ParallelProvisionBenchmark {
    private static final int FILES = 4;
    private static final int SIZE = 50 << 20;
    private static final long WHEEL_CAP = 6L << 20;
    private static final long MODEL_CAP = 3L << 19;

    @TempDir
    Path tmp;

    @Test
    void wholeProvisionAgainstItsTwoLongStepsAlone() throws Exception {
        Path wheels = Files.createDirectories(tmp.resolve("wheels"));
        StringBuilder requirements = new StringBuilder();
        try (FixtureVisoMaster f = FixtureVisoMaster.create(tmp, "print('fixture')\n", FILES, SIZE);
             LoopbackFileServer index = new LoopbackFileServer(wheels, WHEEL_CAP)) {
            for (int i = 0; i < FILES; i++) {
                String file = bigWheel(wheels, "bigpkg" + i, SIZE, i);
                requirements.append("bigpkg").append(i).append(" @ ").append(index.url(file)).append('\n');
            }
            f.writeLauncherJson();
            f.throttle(MODEL_CAP);
            Map<String, String> env = new HashMap<>(f.host().childVars());
            env.remove("PIP_FIND_LINKS");

            Path whole = workspace(f, "whole", requirements);
            LauncherRuns.Timed all = LauncherRuns.run(whole, env, tmp, "provision");
            assertEquals(0, all.code(), all.output());
            double overlap = overlapSeconds(whole);

            Path reqWs = workspace(f, "requirements", requirements);
            assertEquals(0, LauncherRuns.run(reqWs, env, tmp, "provision", "--only", "source,python").code());
            LauncherRuns.Timed req = LauncherRuns.run(reqWs, env, tmp, "provision", "--only", "requirements");
            assertEquals(0, req.code(), req.output());

            Path modelsWs = workspace(f, "models", requirements);
            assertEquals(0, LauncherRuns.run(modelsWs, env, tmp, "provision", "--only", "source").code());
            LauncherRuns.Timed models = LauncherRuns.run(modelsWs, env, tmp, "provision", "--only", "models");
            assertEquals(0, models.code(), models.output());

            for (Path ws : List.of(whole, modelsWs)) {
                for (String m : f.modelFiles) {
                    assertEquals(SIZE + f.modelFiles.indexOf(m) * 997L,
                            Files.size(ws.resolve("VisoMaster/model_assets").resolve(m)), m + " verified in " + ws);
                }
            }
            for (Path ws : List.of(whole, reqWs)) {
                assertTrue(Files.isRegularFile(sitePackages(ws).resolve("bigpkg3/payload.bin")),
                        "the wheels are installed in " + ws);
            }
            double sum = req.seconds() + models.seconds();
            StringBuilder out = new StringBuilder();
            out.append("\nP0: provision with packages and models at once — 4 wheels × 50 MiB at 6 MiB/s per connection,"
                    + " 4 models × 50 MiB at 1.5 MiB/s per connection, fresh workspaces, whole processes\n");
            out.append(String.format(Locale.ROOT, "| %-44s | %8s | %22s |%n", "run", "time", "ratio to the sum"));
            out.append("|" + "-".repeat(46) + "|" + "-".repeat(10) + "|" + "-".repeat(24) + "|\n");
            out.append(row("provision --only requirements (alone)", req.seconds(), sum));
            out.append(row("provision --only models (alone)", models.seconds(), sum));
            out.append(row("sum of the two (reference)", sum, sum));
            out.append(row("whole provision (goal ≤ 0.70 × the sum)", all.seconds(), sum));
            out.append(String.format(Locale.ROOT, "requirements and models ran side by side for %.1f s of the whole"
                    + " run (%d CPUs)%n", overlap, Runtime.getRuntime().availableProcessors()));
            System.out.println(out);
        }
    }

    private static String row(String what, double seconds, double sum) {
        return String.format(Locale.ROOT, "| %-44s | %6.1f s | %21.2f× |%n", what, seconds, seconds / sum);
    }

    /** A fresh workspace with the fixture's settings and a dropped requirements.txt naming the big wheels. */
    private Path workspace(FixtureVisoMaster f, String name, CharSequence requirements) throws IOException {
        Path ws = Files.createDirectories(tmp.resolve("ws-" + name));
        Files.copy(f.ws.configFile(), ws.resolve("launcher.json"));
        Files.writeString(ws.resolve("requirements.txt"), requirements);
        return ws;
    }

    private static Path sitePackages(Path ws) throws IOException {
        try (var s = Files.list(ws.resolve("envs/viso_env/lib"))) {
            return s.findFirst().orElseThrow().resolve("site-packages");
        }
    }

    /** How long the requirements and models steps of the whole run were running at the same time. */
    private static double overlapSeconds(Path ws) throws IOException {
        Map<String, Instant> starts = new HashMap<>();
        Map<String, Instant> ends = new HashMap<>();
        for (String line : Files.readAllLines(ws.resolve("logs/provision.jsonl"), StandardCharsets.UTF_8)) {
            JsonNode e = Json.MAPPER.readTree(line);
            String step = e.path("stepId").asText();
            if (e.path("type").asText().equals("StepStarted")) {
                starts.put(step, Instant.parse(e.path("time").asText()));
            } else if (e.path("type").asText().equals("StepFinished")) {
                ends.put(step, Instant.parse(e.path("time").asText()));
            }
        }
        Instant from = max(starts.get("requirements"), starts.get("models"));
        Instant to = min(ends.get("requirements"), ends.get("models"));
        return Math.max(0, (to.toEpochMilli() - from.toEpochMilli()) / 1000.0);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** A wheel holding {@code size} random (incompressible) bytes, stored uncompressed; returns its file name. */
    private static String bigWheel(Path dir, String name, int size, long seed) throws IOException {
        byte[] payload = new byte[size];
        new Random(seed).nextBytes(payload);
        String dist = name + "-1.0.dist-info";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(name + "/__init__.py", "".getBytes(StandardCharsets.UTF_8));
        files.put(name + "/payload.bin", payload);
        files.put(dist + "/METADATA", ("Metadata-Version: 2.1\nName: " + name + "\nVersion: 1.0\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put(dist + "/WHEEL", "Wheel-Version: 1.0\nGenerator: bench\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
                .getBytes(StandardCharsets.UTF_8));
        StringBuilder record = new StringBuilder();
        files.forEach((path, data) -> {
            var d = Sha256.newDigest();
            d.update(data);
            record.append(path).append(",sha256=").append(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(d.digest())).append(',').append(data.length).append('\n');
        });
        record.append(dist).append("/RECORD,,\n");
        files.put(dist + "/RECORD", record.toString().getBytes(StandardCharsets.UTF_8));
        String file = name + "-1.0-py3-none-any.whl";
        try (OutputStream os = Files.newOutputStream(dir.resolve(file)); ZipOutputStream zip = new ZipOutputStream(os)) {
            for (Map.Entry<String, byte[]> e : files.entrySet()) {
                ZipEntry z = new ZipEntry(e.getKey());
                z.setMethod(ZipEntry.STORED);
                CRC32 crc = new CRC32();
                crc.update(e.getValue());
                z.setCrc(crc.getValue());
                z.setSize(e.getValue().length);
                zip.putNextEntry(z);
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return file;
    }
}
