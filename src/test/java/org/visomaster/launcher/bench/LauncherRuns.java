package org.visomaster.launcher.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.visomaster.launcher.frontend.app.Main;

/** Runs the launcher as users do, one JVM per command, and times the whole process (JVM start to exit). */
final class LauncherRuns {
    record Timed(int code, double seconds, String output) {
    }

    private LauncherRuns() {
    }

    static Timed run(Path workspace, Map<String, String> env, Path scratch, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "--workspace", workspace.toString()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(scratch, "out", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile());
        pb.environment().clear();
        pb.environment().putAll(env);
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(600, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("timed out: " + cmd);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        return new Timed(p.exitValue(), seconds, Files.readString(out, StandardCharsets.UTF_8));
    }
}
