package org.visomaster.launcher.steps.models;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the servers how big files are: a HEAD request per URL (redirects followed), in parallel with short timeouts;
 * when a server gives no length to HEAD, a one-byte Range GET whose Content-Range carries the total.
 */
final class SizeProbe {
    private static final Logger LOG = LoggerFactory.getLogger(SizeProbe.class);
    private static final Pattern TOTAL = Pattern.compile("bytes\\s+\\d+-\\d+/(\\d+)");
    private static final int PARALLEL = 8;

    private final OkHttpClient client;

    public SizeProbe(OkHttpClient client) {
        this.client = client;
    }

    public SizeProbe() {
        this(HttpClients.probing());
    }

    /** relativePath → size in bytes, or -1 when the server did not say (or did not answer in time). */
    public Map<String, Long> sizes(List<ModelEntry> entries) {
        Map<String, Long> out = new HashMap<>();
        if (entries.isEmpty()) {
            return out;
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(PARALLEL, entries.size()), r -> {
            Thread t = new Thread(r, "model-size-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            Map<String, Future<Long>> futures = new HashMap<>();
            for (ModelEntry e : entries) {
                futures.put(e.relativePath(), pool.submit(() -> size(e.url())));
            }
            for (Map.Entry<String, Future<Long>> f : futures.entrySet()) {
                long size;
                try {
                    size = f.getValue().get(30, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    size = -1;
                } catch (Exception ex) {
                    LOG.debug("the size of {} is unknown", f.getKey(), ex);
                    size = -1;
                }
                out.put(f.getKey(), size);
            }
        } finally {
            pool.shutdownNow();
        }
        return out;
    }

    /** The size of one URL, or -1. */
    public long size(String url) {
        try (Response r = client.newCall(RedirectGuard.tagged(new Request.Builder()).url(url).head()
                .header("Accept-Encoding", "identity").build()).execute()) {
            String len = r.header("Content-Length");
            if (r.code() == 200 && len != null) {
                return Long.parseLong(len.trim());
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("HEAD {} failed; trying a ranged GET", url, e);
        }
        try (Response r = client.newCall(RedirectGuard.tagged(new Request.Builder()).url(url).header("Range", "bytes=0-0")
                .header("Accept-Encoding", "identity").build()).execute()) {
            Matcher m = TOTAL.matcher(String.valueOf(r.header("Content-Range")));
            if (r.code() == 206 && m.matches()) {
                return Long.parseLong(m.group(1));
            }
        } catch (IOException | IllegalArgumentException e) {
            LOG.debug("the size of {} is unknown", url, e);
            return -1;
        }
        return -1;
    }
}
