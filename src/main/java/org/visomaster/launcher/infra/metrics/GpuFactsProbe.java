package org.visomaster.launcher.infra.metrics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.visomaster.launcher.infra.process.HostEnvironment;

/**
 * Reads the {@link GpuFacts} once: NVML first ({@code libnvidia-ml.so.1}, or the library named by
 * {@code VISO_NVML_LIBRARY}), else {@code nvidia-smi} on PATH, else none; a driver library or nvidia-smi that is
 * there but reads no GPU gives {@link GpuFacts#driverFailing() failing} facts with its error. Never throws. Results are kept for a
 * short while per PATH and library, because several steps' cheap checks ask within one run.
 */
public final class GpuFactsProbe {
    /** Environment variable naming another NVML library (a path, or "none" to skip NVML). */
    public static final String NVML_LIBRARY_VARIABLE = "VISO_NVML_LIBRARY";
    private static final long KEEP_NANOS = 30_000_000_000L;

    private record Cached(GpuFacts facts, long atNanos) {
    }

    private static final Map<String, Cached> CACHE = new HashMap<>();

    private GpuFactsProbe() {
    }

    public static GpuFacts probe(HostEnvironment host) {
        String key = host.get("PATH") + "\n" + host.get(NVML_LIBRARY_VARIABLE);
        synchronized (CACHE) {
            Cached c = CACHE.get(key);
            if (c != null && System.nanoTime() - c.atNanos() < KEEP_NANOS) {
                return c.facts();
            }
        }
        GpuFacts facts = probeNow(host);
        synchronized (CACHE) {
            CACHE.put(key, new Cached(facts, System.nanoTime()));
        }
        return facts;
    }

    /** Without the cache. */
    public static GpuFacts probeNow(HostEnvironment host) {
        String library = host.get(NVML_LIBRARY_VARIABLE);
        if (library == null || library.isBlank()) {
            library = NvmlGpuSource.LIBRARY;
        }
        List<String> nvmlProblems = new ArrayList<>();
        if (!"none".equals(library)) {
            try (NvmlGpuSource nvml = NvmlGpuSource.open(library, nvmlProblems::add)) {
                if (nvml != null) {
                    return nvml.facts();
                }
            }
        }
        Optional<Path> smi = host.which("nvidia-smi");
        if (smi.isPresent()) {
            return SmiFacts.read(smi.get(), host);
        }
        if (!nvmlProblems.isEmpty()) {
            return GpuFacts.failing(GpuSourceKind.NVML, "the NVIDIA driver library " + library + " is there, but "
                    + nvmlProblems.get(0) + " (and nvidia-smi is not on PATH)");
        }
        return GpuFacts.none("No NVIDIA GPU detected (no NVIDIA driver library, and nvidia-smi is not on PATH)");
    }
}
