package org.visomaster.launcher.metrics;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.List;

/**
 * GPU facts through NVML: {@code nvmlDeviceGetCudaComputeCapability} per GPU, {@code nvmlSystemGetDriverVersion}
 * and {@code nvmlSystemGetCudaDriverVersion_v2} for the host. A function an old driver lacks leaves its fact unknown.
 */
final class NvmlFacts {
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
            // unknown
        }
        try {
            IntByReference v = new IntByReference();
            if (nvml.nvmlSystemGetCudaDriverVersion_v2(v) == NvmlLibrary.SUCCESS) {
                cuda = Capability.fromNvml(v.getValue());
            }
        } catch (LinkageError | RuntimeException e) {
            // unknown
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
            // a driver without the function
        }
        return "";
    }

    private static long memory(NvmlLibrary nvml, Pointer device) {
        try (Memory m = new Memory(24)) {
            return nvml.nvmlDeviceGetMemoryInfo(device, m) == NvmlLibrary.SUCCESS ? m.getLong(0) : -1;
        } catch (LinkageError | RuntimeException e) {
            return -1;
        }
    }
}
