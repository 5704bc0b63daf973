package org.visomaster.launcher.frontend.ui;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * P5 and P6 of issue 3, measured on real windows under Xvfb (not Monocle), each against a plain JavaFX "hello"
 * window in the same run. Run with {@code ./mvnw -Pbench test -Dtest=UiBenchmark}; prints a table, asserts nothing.
 *
 * <ul>
 *   <li>P5 cold start: from spawning the process to its first pulse after the window is shown (median of 3), and to
 *       the window with every view built and laid out; the launcher is started the way users start it, through
 *       {@code bin/visomaster-launcher} (packaged jar, the JVM options of {@code assets/jvm.options}).</li>
 *   <li>P5 memory: VmRSS after 60 s idle with the meters sampling once a second.</li>
 *   <li>P6: 100,000 console lines pushed from a background thread as fast as possible: the longest gap between
 *       pulses and the worst {@code Platform.runLater} latency while they arrive (the window stays usable); the
 *       launcher's JVM gets the options of {@code assets/jvm.options}.</li>
 * </ul>
 */
class UiBenchmark {
    static final int RUNS = 3;
    static final int IDLE_SECONDS = 60;
    static final int FEED = 100_000;

    @TempDir
    Path tmp;
    private final List<String> rows = new ArrayList<>();

    @Test
    void launcherWindowAgainstHello() throws Exception {
        Process xvfb = startXvfb();
        String display = ":" + xvfbDisplay;
        try {
            buildLauncher();
            List<Long> launcherStart = new ArrayList<>();
            List<Long> launcherReady = new ArrayList<>();
            List<Long> helloStart = new ArrayList<>();
            for (int i = 0; i < RUNS; i++) {
                Started s = firstFrame(launcherCommand(workspace("start-" + i)), display, false);
                launcherStart.add(s.millis);
                launcherReady.add(s.readyMillis);
                helloStart.add(firstFrame(benchCommand("hello", tmp, 0), display, false).millis);
            }
            row("P5 cold start → first frame (median of " + RUNS + ")", median(launcherStart),
                    median(helloStart), "ms", "≤ 1500 ms");
            row("P5 cold start → every view laid out (median of " + RUNS + ")", median(launcherReady),
                    median(helloStart), "ms", "hello: first frame");

            Started launcher = firstFrame(launcherCommand(workspace("idle")), display, true);
            Started hello = firstFrame(benchCommand("hello", tmp, 0), display, true);
            TimeUnit.SECONDS.sleep(IDLE_SECONDS);
            long launcherRss = rssMiB(launcher.process);
            long helloRss = rssMiB(hello.process);
            stop(launcher.process);
            stop(hello.process);
            row("P5 RSS after " + IDLE_SECONDS + " s idle, meters on", launcherRss, helloRss, "MiB", "≤ 250 MB");

            List<Map<String, Double>> feedLauncher = feed(benchCommand("launcher", workspace("feed"), FEED), display);
            List<Map<String, Double>> feedHello = feed(benchCommand("hello", tmp, FEED), display);
            String[] round = {"1st flood, cold JVM", "2nd flood, same JVM"};
            for (int r = 0; r < 2; r++) {
                Map<String, Double> l = feedLauncher.get(r);
                Map<String, Double> h = feedHello.get(r);
                row("P6 longest FX stall, " + FEED + " lines (" + round[r] + ")", l.get("maxPulseGapMs"),
                        h.get("maxPulseGapMs"), "ms", "≤ 50 ms");
                row("P6 worst runLater latency (" + round[r] + ")", l.get("maxPingMs"), h.get("maxPingMs"), "ms",
                        "usable");
                row("P6 all lines in the console (" + round[r] + ")", l.get("shownMs"), h.get("produceMs"), "ms",
                        "hello: producing only");
            }
        } finally {
            xvfb.destroy();
            xvfb.waitFor(5, TimeUnit.SECONDS);
        }
        System.out.println();
        System.out.printf("%-58s %13s %13s %7s   %s%n", "UiBenchmark (Xvfb, prism sw)", "launcher", "hello",
                "ratio", "target");
        rows.forEach(System.out::println);
        System.out.println();
    }

    private void row(String name, double launcher, double hello, String unit, String target) {
        rows.add(String.format(Locale.ROOT, "%-58s %9.1f %-3s %9.1f %-3s %7.2f   %s", name, launcher, unit, hello,
                unit, hello > 0 ? launcher / hello : Double.NaN, target));
    }

    private int xvfbDisplay;

    private Process startXvfb() throws IOException, InterruptedException {
        for (int n = 90; n < 140; n++) {
            if (!Files.exists(Path.of("/tmp/.X11-unix/X" + n)) && !Files.exists(Path.of("/tmp/.X" + n + "-lock"))) {
                xvfbDisplay = n;
                break;
            }
        }
        Process p = new ProcessBuilder("Xvfb", ":" + xvfbDisplay, "-screen", "0", "1280x800x24", "-nolisten", "tcp")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("xvfb.log").toFile()).start();
        for (int i = 0; i < 50 && !Files.exists(Path.of("/tmp/.X11-unix/X" + xvfbDisplay)); i++) {
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return p;
    }

    /** A workspace that does not provision by itself (no network here): the window, the checks and the meters. */
    private Path workspace(String name) throws IOException {
        Path ws = tmp.resolve(name);
        Files.createDirectories(ws);
        Files.writeString(ws.resolve("launcher.json"), "{\"autoProvision\": false}\n");
        return ws;
    }

    private static List<String> java() {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return new ArrayList<>(List.of(java, "-Dprism.order=sw", "-Djavafx.cachedir="
                + Path.of(System.getProperty("java.io.tmpdir"), "viso-bench-jfx"), "-cp",
                System.getProperty("java.class.path")));
    }

    private static final Path WRAPPER = Path.of("bin", "visomaster-launcher").toAbsolutePath();

    /** The wrapper packages the launcher when the sources are newer than its jar: once here, not while timed. */
    private static void buildLauncher() throws IOException, InterruptedException {
        Process p = new ProcessBuilder(WRAPPER.toString(), "--version").redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new AssertionError("bin/visomaster-launcher --version failed (exit " + p.exitValue() + ")");
        }
    }

    /** As users start it; the environment adds software rendering (as in the image) and the frame report. */
    private List<String> launcherCommand(Path ws) {
        return List.of(WRAPPER.toString(), "--workspace", ws.toString(), "gui", "--no-maximize");
    }

    private Map<String, String> launcherEnvironment() {
        return Map.of("VISO_JAVA_OPTS", "-Dprism.order=sw -D" + LauncherApplication.REPORT_FIRST_FRAME + "=true",
                "XDG_CACHE_HOME", tmp.resolve("cache").toString());
    }

    /** The options users' JVMs get (assets/jvm.options), for the launcher's own feed process. */
    static List<String> productJvmOptions() throws IOException {
        return Files.readAllLines(Path.of("assets", "jvm.options")).stream().map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static List<String> benchCommand(String mode, Path ws, int feed) throws IOException {
        List<String> cmd = java();
        cmd.add(1, "-Drounds=2");
        if ("launcher".equals(mode)) {
            cmd.addAll(1, productJvmOptions());
        }
        cmd.addAll(List.of(UiBenchApp.Main.class.getName(), mode, ws.toString(), Integer.toString(feed)));
        return cmd;
    }

    /** {@code readyMillis}: to the window with every view laid out (the first frame for the hello window). */
    private record Started(Process process, long millis, long readyMillis) {
    }

    /** Spawns the window and waits for its first frame; stops it again unless {@code keep}. */
    private Started firstFrame(List<String> cmd, String display, boolean keep) throws Exception {
        boolean launcher = cmd.get(0).equals(WRAPPER.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        // as the wrappers do with software rendering (the hello window too, so memory compares like with like)
        pb.environment().put("GDK_GL", "disable");
        if (launcher) {
            pb.environment().putAll(launcherEnvironment());
        }
        long t0 = System.currentTimeMillis();
        Process p = pb.start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<long[]> frame = CompletableFuture.supplyAsync(() -> {
            long[] at = {-1, -1};
            try {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    if (line.startsWith("FIRST_FRAME ")) {
                        at[0] = Long.parseLong(line.substring(12).trim());
                        if (!launcher) {
                            at[1] = at[0];
                            return at;
                        }
                    } else if (line.startsWith("WINDOW_READY ")) {
                        at[1] = Long.parseLong(line.substring(13).trim());
                        return at;
                    }
                }
            } catch (IOException e) {
                return at;
            }
            return at;
        });
        long[] at = frame.get(60, TimeUnit.SECONDS);
        if (at[0] < 0 || at[1] < 0) {
            throw new AssertionError("no first frame or no ready window from " + cmd);
        }
        // keep draining the output so the child never blocks on a full pipe
        Thread drain = new Thread(() -> {
            try {
                while (out.readLine() != null) {
                    // discard
                }
            } catch (IOException e) {
                org.slf4j.LoggerFactory.getLogger(UiBenchmark.class).debug("the benchmarked child's output ended", e);
            }
        });
        drain.setDaemon(true);
        drain.start();
        if (!keep) {
            stop(p);
        }
        return new Started(p, at[0] - t0, at[1] - t0);
    }

    /** One map per round of the feed (two rounds in one JVM). */
    private List<Map<String, Double>> feed(List<String> cmd, String display) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("DISPLAY", display);
        pb.environment().put("GDK_GL", "disable");
        Process p = pb.start();
        Pattern feed = Pattern.compile("FEED lines=(\\d+) produceMs=(\\d+) shownMs=(\\d+) maxPulseGapMs=([\\d.]+) "
                + "maxPingMs=([\\d.]+)");
        List<Map<String, Double>> rounds = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null && rounds.size() < 2; line = out.readLine()) {
                Matcher m = feed.matcher(line);
                if (m.find()) {
                    rounds.add(Map.of("produceMs", Double.parseDouble(m.group(2)), "shownMs",
                            Double.parseDouble(m.group(3)), "maxPulseGapMs", Double.parseDouble(m.group(4)),
                            "maxPingMs", Double.parseDouble(m.group(5))));
                }
            }
        }
        p.waitFor(30, TimeUnit.SECONDS);
        stop(p);
        if (rounds.size() < 2) {
            throw new AssertionError("fewer than two FEED lines from " + cmd);
        }
        return rounds;
    }

    private static long rssMiB(Process p) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + p.pid() + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", "")) / 1024;
            }
        }
        throw new IOException("no VmRSS for " + p.pid());
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(20, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private static double median(List<Long> values) {
        List<Long> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(sorted.size() / 2);
    }
}
