package org.visomaster.launcher.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.visomaster.launcher.steps.models.DownloadListener;
import org.visomaster.launcher.steps.models.DownloadManager;
import org.visomaster.launcher.steps.models.DownloadResult;
import org.visomaster.launcher.steps.models.FileHasher;
import org.visomaster.launcher.steps.models.HttpClients;
import org.visomaster.launcher.steps.models.ModelEntry;
import org.visomaster.launcher.engine.Cancellation;

/** The three ways of fetching the same files that the download benchmarks compare. */
final class DownloadBench {
    private DownloadBench() {
    }

    /** The launcher's DownloadManager (hashing while streaming, .part + rename); returns seconds. */
    static double launcher(List<ModelEntry> entries, Path root, int parallel) throws Exception {
        return launcher(entries, root, DownloadManager.Settings.defaults(parallel));
    }

    /** The launcher's DownloadManager with these settings; returns seconds. */
    static double launcher(List<ModelEntry> entries, Path root, DownloadManager.Settings settings) throws Exception {
        settle(root);
        long t0 = System.nanoTime();
        try (DownloadManager m = new DownloadManager(HttpClients.shared(), settings, new FileHasher())) {
            List<DownloadResult> results = m.downloadAll(entries, root, DownloadListener.NONE, new Cancellation());
            for (DownloadResult r : results) {
                if (!r.ok()) {
                    throw new IllegalStateException(r.failure());
                }
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** One plain stream after another with the same OkHttpClient, no hashing; returns seconds. */
    static double sequential(List<ModelEntry> entries, Path root) throws Exception {
        settle(root);
        Files.createDirectories(root);
        OkHttpClient client = HttpClients.shared();
        byte[] buf = new byte[1 << 20];
        long t0 = System.nanoTime();
        for (ModelEntry e : entries) {
            try (Response r = client.newCall(new Request.Builder().url(e.url()).build()).execute();
                 InputStream in = r.body().byteStream();
                 OutputStream out = Files.newOutputStream(root.resolve(Path.of(e.relativePath()).getFileName()))) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            }
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** {@code curl --parallel --parallel-max N}; returns seconds, or -1 when curl is not installed. */
    static double curl(List<ModelEntry> entries, Path root, int parallel) throws Exception {
        if (!isOnPath("curl")) {
            return -1;
        }
        settle(root);
        Files.createDirectories(root);
        List<String> argv = new ArrayList<>(List.of("curl", "--parallel", "--parallel-max", Integer.toString(parallel),
                "--no-progress-meter", "--fail"));
        for (ModelEntry e : entries) {
            argv.add("-o");
            argv.add(root.resolve(Path.of(e.relativePath()).getFileName()).toString());
            argv.add(e.url());
        }
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(argv).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("curl failed with exit code " + p.exitValue());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * {@code aria2c -j4 -x8 -s8} (its other settings at their defaults) over an input file of the same URLs; returns
     * seconds, or -1 when aria2c is not installed.
     */
    static double aria2c(List<ModelEntry> entries, Path root) throws Exception {
        if (!isOnPath("aria2c")) {
            return -1;
        }
        settle(root);
        Files.createDirectories(root);
        StringBuilder input = new StringBuilder();
        for (ModelEntry e : entries) {
            input.append(e.url()).append("\n  out=").append(Path.of(e.relativePath()).getFileName()).append('\n');
        }
        Path list = root.resolve("urls.txt");
        Files.writeString(list, input);
        List<String> argv = List.of("aria2c", "-j4", "-x8", "-s8", "-d", root.toString(), "-i", list.toString(),
                "--console-log-level=warn", "--summary-interval=0", "--download-result=hide", "--quiet=true");
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(argv).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("aria2c failed with exit code " + p.exitValue());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /**
     * Deletes the previous output and flushes dirty pages (outside the timing), so that no run pays for the previous
     * run's write-back: curl never fsyncs, the launcher does, and it would otherwise wait for curl's pages too.
     */
    static void settle(Path root) throws Exception {
        BenchFiles.deleteTree(root);
        if (isOnPath("sync")) {
            new ProcessBuilder("sync").inheritIO().start().waitFor();
        }
    }

    static boolean isOnPath(String tool) {
        return org.visomaster.launcher.infra.process.HostEnvironment.system().which(tool).isPresent();
    }
}
