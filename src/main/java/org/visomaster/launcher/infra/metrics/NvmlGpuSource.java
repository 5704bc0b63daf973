package org.visomaster.launcher.infra.metrics;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GPU figures straight from the driver's NVML library ({@code libnvidia-ml.so.1}) through JNA. Any call that fails
 * leaves its field unknown; nothing here throws to the caller.
 */
final class NvmlGpuSource implements GpuSource {
    private static final Logger LOG = LoggerFactory.getLogger(NvmlGpuSource.class);
    static final String LIBRARY = "libnvidia-ml.so.1";
    private static final int PROCESS_INFO_SIZE = 24;
    private static final int PROCESS_MEMORY_OFFSET = 8;
    /** NVML_VALUE_NOT_AVAILABLE, (unsigned long long) -1. */
    private static final long NOT_AVAILABLE = -1L;

    private enum ProcessList { COMPUTE, GRAPHICS }

    private final NvmlLibrary nvml;
    private final List<Pointer> devices;
    private final List<String> names;
    /** Which versioned process-list function works: 3, 2, or 0 when neither exists; per list kind. */
    private final int[] processApi = {3, 3};
    /** The GPUs whose read failure is logged already. */
    private final java.util.Set<Integer> failedOnce = new java.util.HashSet<>();
    private boolean closed;

    private NvmlGpuSource(NvmlLibrary nvml, List<Pointer> devices, List<String> names) {
        this.nvml = nvml;
        this.devices = devices;
        this.names = names;
    }

    /** Opens NVML from the driver, or returns null when it is missing, fails to start or sees no GPU. */
    static NvmlGpuSource open() {
        return open(LIBRARY);
    }

    /** Same, from a given library name or path (tests load a stand-in library). */
    static NvmlGpuSource open(String library) {
        return open(library, problem -> { });
    }

    /**
     * Same; {@code problem} hears why when the library loads but NVML does not start or sees no GPU (a broken
     * driver). A missing library is not a problem: the next source is tried.
     */
    static NvmlGpuSource open(String library, Consumer<String> problem) {
        NvmlLibrary lib;
        try {
            lib = Native.load(library, NvmlLibrary.class);
        } catch (LinkageError | RuntimeException e) {
            // no driver library (or no JNA native support): not an error, the next source is tried
            LOG.debug("NVML ({}) cannot be loaded", library, e);
            return null;
        }
        try {
            int rc = lib.nvmlInit_v2();
            if (rc != NvmlLibrary.SUCCESS) {
                problem.accept("nvmlInit_v2 failed with " + errorName(rc));
                return null;
            }
            IntByReference count = new IntByReference();
            rc = lib.nvmlDeviceGetCount_v2(count);
            if (rc != NvmlLibrary.SUCCESS || count.getValue() <= 0) {
                problem.accept(rc != NvmlLibrary.SUCCESS ? "nvmlDeviceGetCount_v2 failed with " + errorName(rc)
                        : "NVML sees no GPU");
                lib.nvmlShutdown();
                return null;
            }
            List<Pointer> devices = new ArrayList<>();
            List<String> names = new ArrayList<>();
            int lastError = NvmlLibrary.SUCCESS;
            for (int i = 0; i < count.getValue(); i++) {
                PointerByReference handle = new PointerByReference();
                rc = lib.nvmlDeviceGetHandleByIndex_v2(i, handle);
                if (rc != NvmlLibrary.SUCCESS) {
                    LOG.warn("NVML cannot open GPU {}: {}", i, errorName(rc)); // e.g. a GPU the container may not see
                    lastError = rc;
                    continue;
                }
                devices.add(handle.getValue());
                names.add(name(lib, handle.getValue(), i));
            }
            if (devices.isEmpty()) {
                problem.accept("nvmlDeviceGetHandleByIndex_v2 failed for every GPU with " + errorName(lastError));
                lib.nvmlShutdown();
                return null;
            }
            return new NvmlGpuSource(lib, devices, names);
        } catch (LinkageError | RuntimeException e) {
            LOG.warn("NVML from {} failed to start", library, e);
            problem.accept("NVML failed to start (" + e + ")");
            return null;
        }
    }

    /** "NVML_ERROR_DRIVER_NOT_LOADED (9)" for the return codes a broken host gives, else "error 42". */
    static String errorName(int rc) {
        String name = switch (rc) {
            case 3 -> "NVML_ERROR_NOT_SUPPORTED";
            case 4 -> "NVML_ERROR_NO_PERMISSION";
            case 9 -> "NVML_ERROR_DRIVER_NOT_LOADED";
            case 12 -> "NVML_ERROR_LIBRARY_NOT_FOUND";
            case 15 -> "NVML_ERROR_GPU_IS_LOST";
            case 16 -> "NVML_ERROR_RESET_REQUIRED";
            case 18 -> "NVML_ERROR_LIB_RM_VERSION_MISMATCH";
            case 999 -> "NVML_ERROR_UNKNOWN";
            default -> "error";
        };
        return name + " (" + rc + ")";
    }

    static String name(NvmlLibrary lib, Pointer device, int index) {
        byte[] buf = new byte[NvmlLibrary.DEVICE_NAME_BUFFER_SIZE];
        if (lib.nvmlDeviceGetName(device, buf, buf.length) != NvmlLibrary.SUCCESS) {
            return "GPU " + index;
        }
        return cString(buf);
    }

    /** A NUL-terminated UTF-8 string from an NVML buffer. */
    static String cString(byte[] buf) {
        int len = 0;
        while (len < buf.length && buf[len] != 0) {
            len++;
        }
        return new String(buf, 0, len, StandardCharsets.UTF_8);
    }

    /** Asks the open library for the facts of its GPUs and driver (see {@link NvmlFacts}). */
    GpuFacts facts() {
        synchronized (this) {
            return closed ? GpuFacts.none("NVML was closed") : NvmlFacts.read(nvml, devices, names);
        }
    }

    @Override
    public GpuSourceKind kind() {
        return GpuSourceKind.NVML;
    }

    @Override
    public synchronized List<GpuSample> sample() {
        List<GpuSample> out = new ArrayList<>();
        if (closed) {
            return out;
        }
        for (int i = 0; i < devices.size(); i++) {
            try {
                out.add(sample(i, devices.get(i)));
            } catch (LinkageError | RuntimeException e) {
                if (failedOnce.add(i)) { // once per GPU: this runs every second
                    LOG.debug("NVML could not read GPU {} ({}); it shows no figures while that lasts", i,
                            names.get(i), e);
                }
                out.add(new GpuSample(i, names.get(i), Double.NaN, -1, -1, Double.NaN, Double.NaN, Double.NaN));
            }
        }
        return out;
    }

    private GpuSample sample(int index, Pointer device) {
        double util = Double.NaN;
        try (Memory u = new Memory(8)) {
            if (nvml.nvmlDeviceGetUtilizationRates(device, u) == NvmlLibrary.SUCCESS) {
                util = Integer.toUnsignedLong(u.getInt(0));
            }
        }
        long total = -1;
        long used = -1;
        try (Memory m = new Memory(24)) {
            if (nvml.nvmlDeviceGetMemoryInfo(device, m) == NvmlLibrary.SUCCESS) {
                total = m.getLong(0);
                used = m.getLong(16);
            }
        }
        IntByReference v = new IntByReference();
        double temp = nvml.nvmlDeviceGetTemperature(device, NvmlLibrary.TEMPERATURE_GPU, v) == NvmlLibrary.SUCCESS
                ? v.getValue() : Double.NaN;
        double power = nvml.nvmlDeviceGetPowerUsage(device, v) == NvmlLibrary.SUCCESS
                ? Integer.toUnsignedLong(v.getValue()) / 1000.0 : Double.NaN;
        double limit = nvml.nvmlDeviceGetEnforcedPowerLimit(device, v) == NvmlLibrary.SUCCESS
                ? Integer.toUnsignedLong(v.getValue()) / 1000.0 : Double.NaN;
        return new GpuSample(index, names.get(index), util, used, total, temp, power, limit);
    }

    /**
     * The pid's GPU memory summed over GPUs (per GPU the larger of its compute and graphics entries, since a
     * process with both contexts is listed twice). -1 when no list names the pid: inside a container NVML reports
     * host pids, so "not listed" cannot be told from "not visible".
     */
    @Override
    public synchronized long processGpuMemory(long pid) {
        if (closed || pid <= 0) {
            return -1;
        }
        long sum = -1;
        for (Pointer device : devices) {
            long onDevice = Math.max(usedBy(device, ProcessList.COMPUTE, pid),
                    usedBy(device, ProcessList.GRAPHICS, pid));
            if (onDevice >= 0) {
                sum = Math.max(sum, 0) + onDevice;
            }
        }
        return sum;
    }

    /** Bytes the pid uses on the device per one process list, or -1 when not listed or unknown. */
    private long usedBy(Pointer device, ProcessList list, long pid) {
        int capacity = 64;
        for (int attempt = 0; attempt < 3; attempt++) {
            try (Memory infos = new Memory((long) capacity * PROCESS_INFO_SIZE)) {
                IntByReference count = new IntByReference(capacity);
                int rc = callProcessList(device, list, count, infos);
                if (rc == NvmlLibrary.ERROR_INSUFFICIENT_SIZE) {
                    capacity = count.getValue() + 16;
                    continue;
                }
                if (rc != NvmlLibrary.SUCCESS) {
                    return -1;
                }
                int n = Math.min(count.getValue(), capacity);
                for (int i = 0; i < n; i++) {
                    long offset = (long) i * PROCESS_INFO_SIZE;
                    if (Integer.toUnsignedLong(infos.getInt(offset)) == pid) {
                        long used = infos.getLong(offset + PROCESS_MEMORY_OFFSET);
                        return used == NOT_AVAILABLE ? -1 : used;
                    }
                }
                return -1;
            }
        }
        return -1;
    }

    /** Calls the _v3 function, falling back to _v2 on older drivers; an unknown return code when neither exists. */
    private int callProcessList(Pointer device, ProcessList list, IntByReference count, Pointer infos) {
        int k = list.ordinal();
        if (processApi[k] == 3) {
            try {
                return list == ProcessList.COMPUTE
                        ? nvml.nvmlDeviceGetComputeRunningProcesses_v3(device, count, infos)
                        : nvml.nvmlDeviceGetGraphicsRunningProcesses_v3(device, count, infos);
            } catch (UnsatisfiedLinkError e) {
                LOG.debug("this driver's NVML has no _v3 process list; using _v2", e);
                processApi[k] = 2;
            }
        }
        if (processApi[k] == 2) {
            try {
                return list == ProcessList.COMPUTE
                        ? nvml.nvmlDeviceGetComputeRunningProcesses_v2(device, count, infos)
                        : nvml.nvmlDeviceGetGraphicsRunningProcesses_v2(device, count, infos);
            } catch (UnsatisfiedLinkError e) {
                LOG.debug("this driver's NVML lists no processes; VisoMaster's VRAM is not shown", e);
                processApi[k] = 0;
            }
        }
        return -1;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            try {
                nvml.nvmlShutdown();
            } catch (LinkageError | RuntimeException e) {
                LOG.debug("nvmlShutdown failed; nothing left to release", e);
            }
        }
    }
}
