package org.visomaster.launcher.frontend.app;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.visomaster.launcher.engine.WorkspaceLock;
import org.visomaster.launcher.testing.FixtureVisoMaster;
import org.visomaster.launcher.infra.util.Json;
import org.visomaster.launcher.infra.util.Sha256;

/** The command line as a user runs it: a separate JVM per run, against a fixture VisoMaster, killed at will. */
class ProvisionCliTest {
    private static final int MODEL_SIZE = 3 << 20;

    @TempDir
    Path tmp;
    FixtureVisoMaster fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = FixtureVisoMaster.create(tmp, "print('fixture VisoMaster')\n", 3, MODEL_SIZE);
        fixture.writeLauncherJson();
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private Process start(String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--workspace", fixture.ws.root().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(tmp.resolve("out-" + System.nanoTime() + ".txt").toFile());
        pb.environment().clear();
        pb.environment().putAll(fixture.host().childVars());
        return pb.start();
    }

    private record Run(int code, String output) {
    }

    private Run run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--workspace", fixture.ws.root().toString()));
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("run-" + System.nanoTime() + ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().clear();
        pb.environment().putAll(fixture.host().childVars());
        Process p = pb.start();
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "the launcher finished");
        return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private Path model(String file) {
        return fixture.ws.source().resolve("model_assets").resolve(file);
    }

    private long largestPart() throws IOException {
        Path dir = fixture.ws.source().resolve("model_assets");
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".part")).mapToLong(p -> p.toFile().length()).max().orElse(0);
        }
    }

    private void waitForPartOf(long bytes, Process p) {
        await().alias("a download started").atMost(Duration.ofSeconds(120)).until(() -> {
            assertTrue(p.isAlive(), "the launcher is still downloading");
            return largestPart() >= bytes;
        });
    }

    private void assertAllModelsVerified() throws Exception {
        for (String f : fixture.modelFiles) {
            assertTrue(Files.isRegularFile(model(f)), f + " is in place");
            assertFalse(Files.exists(model(f + ".part")), f + ".part is gone");
        }
        JsonNode state = Json.MAPPER.readTree(fixture.ws.stateFile().toFile());
        for (String step : List.of("preflight", "source", "python", "requirements", "models", "finish")) {
            String status = state.path("steps").path(step).path("status").asText();
            assertTrue(List.of("DONE", "WARNING", "SKIPPED").contains(status), step + " ended " + status);
        }
    }

    @Test
    void fromNothingToVerifiedThenASecondRunIsANoOp() throws Exception {
        Run first = run("provision");
        assertEquals(0, first.code(), first.output());
        assertAllModelsVerified();
        assertTrue(first.output().contains("Done: VisoMaster is installed and verified."), first.output());
        long served = fixture.bytesServed.get();
        Path env = fixture.ws.env().resolve("bin/python");
        long envTime = Files.getLastModifiedTime(env.toRealPath().getParent()).toMillis();

        Run second = run("provision");
        assertEquals(0, second.code(), second.output());
        assertEquals(served, fixture.bytesServed.get(), "nothing downloaded again");
        assertEquals(7, second.output().lines().filter(l -> l.contains("skipped: already done")).count(),
                second.output());
        assertEquals(envTime, Files.getLastModifiedTime(env.toRealPath().getParent()).toMillis());

        Run status = run("status");
        assertEquals(0, status.code());
        assertTrue(status.output().contains("VisoMaster is installed and verified."), status.output());
        JsonNode statusJson = Json.MAPPER.readTree(run("--json", "status").output());
        assertEquals(3, statusJson.path("models").path("verified").asInt(), statusJson.toString());
        assertEquals("main", statusJson.path("source").path("ref").asText(), statusJson.toString());
        assertTrue(statusJson.path("python").path("version").asText().startsWith(FixtureVisoMaster.pythonMinor()),
                statusJson.toString());
        Run models = run("--json", "models", "--verify");
        assertEquals(0, models.code(), models.output());
        JsonNode list = Json.MAPPER.readTree(models.output());
        assertEquals(3, list.size());
        list.forEach(m -> assertEquals("VERIFIED", m.get("state").asText()));
    }

    @Test
    void sigtermThenSigkillMidDownloadThenARerunConverges() throws Exception {
        fixture.throttle(400 * 1024);
        Process p = start("provision");
        waitForPartOf(1 << 20, p);
        p.destroy(); // SIGTERM: a clean stop
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "SIGTERM stopped the run");
        assertTrue(largestPart() > 0, "partial downloads are kept for resume");
        for (String f : fixture.modelFiles) {
            assertFalse(Files.exists(model(f)), "nothing half-written under a final name: " + f);
        }
        String log = Files.readString(fixture.ws.logs().resolve("provision.log"));
        assertTrue(log.contains("Models was stopped"), log);
        // the steps running beside the models (the Python environment, its packages) stopped and saved their state
        // too: every step that started has ended before the process exited
        List<String> started = new ArrayList<>();
        List<String> finished = new ArrayList<>();
        for (String line : Files.readAllLines(fixture.ws.logs().resolve("provision.jsonl"))) {
            JsonNode e = Json.MAPPER.readTree(line);
            (e.path("type").asText().equals("StepStarted") ? started : e.path("type").asText().equals("StepFinished")
                    ? finished : new ArrayList<String>()).add(e.path("stepId").asText());
        }
        assertTrue(started.contains("python"), "the python step ran beside the models: " + started);
        assertTrue(finished.containsAll(started), "started " + started + ", finished " + finished);
        assertTrue(log.contains("Stopped: "), log);

        long servedBefore = fixture.bytesServed.get();
        Process q = start("provision");
        waitForPartOf(2 << 20, q);
        q.destroyForcibly(); // SIGKILL: no chance to clean up
        assertTrue(q.waitFor(30, TimeUnit.SECONDS));
        long servedByKilledRun = fixture.bytesServed.get() - servedBefore;

        fixture.throttle(0);
        long beforeLast = fixture.bytesServed.get();
        Run last = run("provision");
        assertEquals(0, last.code(), last.output());
        assertAllModelsVerified();
        long total = 0;
        for (String f : fixture.modelFiles) {
            total += Files.size(model(f));
        }
        assertTrue(fixture.bytesServed.get() - beforeLast < total,
                "the last run resumed the parts instead of starting over (" + (fixture.bytesServed.get() - beforeLast)
                        + " of " + total + " bytes fetched; the killed run had fetched " + servedByKilledRun + ")");
        for (String f : fixture.modelFiles) {
            String expected = Files.readString(fixture.upstream.resolve("app/processors/models_data.py"));
            assertTrue(expected.contains(Sha256.ofFile(model(f))), f + " has the manifest's hash");
        }
    }

    @Test
    void withoutTheProfilesPythonEveryModelIsStillFetchedAndTheOneMissingThingIsNamed() throws Exception {
        ObjectNode config = (ObjectNode) Json.MAPPER.readTree(fixture.ws.configFile().toFile());
        config.put("pythonVersion", "3.99");
        config.put("envManager", "auto");
        Files.writeString(fixture.ws.configFile(), config.toPrettyString());
        Run r = run("provision");
        assertEquals(1, r.code(), r.output());
        for (String f : fixture.modelFiles) {
            assertTrue(Files.isRegularFile(model(f)), f + " was downloaded and verified meanwhile");
        }
        JsonNode steps = Json.MAPPER.readTree(fixture.ws.stateFile().toFile()).path("steps");
        assertEquals("DONE", steps.path("source").path("status").asText());
        assertEquals("DONE", steps.path("models").path("status").asText());
        assertEquals("FAILED", steps.path("python").path("status").asText());
        assertEquals("BLOCKED", steps.path("requirements").path("status").asText());
        assertEquals("BLOCKED", steps.path("finish").path("status").asText());
        String last = r.output().strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals("Failed: Python environment: No Python 3.99 found: install uv (it downloads Python by itself) or"
                + " python3.99, or pick another profile. Waiting on it: Python packages, GPU self-test, Finishing touches. Every other"
                + " step is done.", last);
        assertTrue(r.output().contains("[python]       failed: No Python 3.99 found"), r.output());
    }

    @Test
    void aSecondRunnerExitsThreeNamingTheHolder() throws Exception {
        Files.createDirectories(fixture.ws.stateDir());
        try (WorkspaceLock lock = WorkspaceLock.acquire(fixture.ws.lockFile())) {
            Run r = run("provision");
            assertEquals(3, r.code(), r.output());
            assertTrue(r.output().contains("pid " + ProcessHandle.current().pid()), r.output());
        }
    }

    @Test
    void configurationAndUsageErrorsExitTwoAndRunNothing() throws Exception {
        Files.writeString(fixture.ws.configFile(), "{\"parallelDownloads\": \"many\"}");
        Run bad = run("provision");
        assertEquals(2, bad.code(), bad.output());
        assertTrue(bad.output().contains(fixture.ws.configFile().toString()) && bad.output().contains(
                "parallelDownloads"), bad.output());
        assertFalse(Files.exists(fixture.ws.source()), "nothing ran");
        fixture.writeLauncherJson();
        Run usage = run("provision", "--from", "download");
        assertEquals(2, usage.code(), usage.output());
        assertTrue(usage.output().contains("preflight, source, python, requirements, models, selftest, finish"), usage.output());
        Run dry = run("provision", "--dry-run");
        assertEquals(0, dry.code(), dry.output());
        assertFalse(Files.exists(fixture.ws.source()), "a dry run changes nothing");
        assertTrue(dry.output().contains("would run"), dry.output());
    }

    @Test
    void importPlacesFilesAndNamesTheStepToRerun() throws Exception {
        Path req = tmp.resolve("requirements.txt");
        Files.writeString(req, "tinypkg==1.0\n");
        Path empty = tmp.resolve("empty.onnx");
        Files.createFile(empty);
        Run r = run("import", req.toString(), empty.toString());
        assertEquals(1, r.code(), "one file was refused: " + r.output());
        assertTrue(Files.exists(fixture.ws.userRequirements()));
        assertTrue(r.output().contains("provision --from requirements"), r.output());
        assertTrue(r.output().contains("refused empty.onnx"), r.output());
    }

}
