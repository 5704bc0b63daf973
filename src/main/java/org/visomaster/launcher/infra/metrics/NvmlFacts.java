package org.visomaster.launcher.infra.metrics;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GPU facts through NVML: {@code nvmlDeviceGetCudaComputeCapability} per GPU, {@code nvmlSystemGetDriverVersion}
 * and {@code nvmlSystemGetCudaDriverVersion_v2} for the host. A function an old driver lacks leaves its fact unknown.
 */
final class NvmlFacts {
    private static final Logger LOG = LoggerFactory.getLogger(NvmlFacts.class);
    private NvmlFacts() {
    }

    static GpuFacts read(NvmlLibrary nvml, List<Pointer> devices, List<String> names) {
        List<GpuInfo> gpus = new ArrayList<>();
        for (int i = 0; i < devices.size(); i++) {
            gpus.add(new GpuInfo(i, names.get(i), capability(nvml, devices.get(i)), memory(nvml, devices.get(i))));
        }
        String driver = "";
        String cuda = "";
        try {
            byte[] buf = new byte[NvmlLibrary.SYSTEM_DRIVER_VERSION_BUFFER_SIZE];
            if (nvml.nvmlSystemGetDriverVersion(buf, buf.length) == NvmlLibrary.SUCCESS) {
                driver = NvmlGpuSource.cString(buf);
            }
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("nvmlSystemGetDriverVersion failed: the driver version stays unknown", e);
        }
        try {
            IntByReference v = new IntByReference();
            if (nvml.nvmlSystemGetCudaDriverVersion_v2(v) == NvmlLibrary.SUCCESS) {
                cuda = Capability.fromNvml(v.getValue());
            }
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("nvmlSystemGetCudaDriverVersion_v2 failed: the driver's CUDA"
                    + " version stays unknown", e);
        }
        return new GpuFacts(gpus, driver, cuda, GpuSourceKind.NVML, "");
    }

    private static String capability(NvmlLibrary nvml, Pointer device) {
        try {
            IntByReference major = new IntByReference();
            IntByReference minor = new IntByReference();
            if (nvml.nvmlDeviceGetCudaComputeCapability(device, major, minor) == NvmlLibrary.SUCCESS) {
                return major.getValue() + "." + minor.getValue();
            }
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("nvmlDeviceGetCudaComputeCapability failed (a driver without it): capability unknown", e);
        }
        return "";
    }

    private static long memory(NvmlLibrary nvml, Pointer device) {
        try (Memory m = new Memory(24)) {
            return nvml.nvmlDeviceGetMemoryInfo(device, m) == NvmlLibrary.SUCCESS ? m.getLong(0) : -1;
        } catch (LinkageError | RuntimeException e) {
            LOG.debug("nvmlDeviceGetMemoryInfo failed: memory unknown", e);
            return -1;
        }
    }
}
