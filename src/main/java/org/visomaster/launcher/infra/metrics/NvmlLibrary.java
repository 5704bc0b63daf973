package org.visomaster.launcher.infra.metrics;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;

/**
 * The few NVML functions the meters and the GPU facts need, bound by JNA. Every function returns an nvmlReturn_t (0 = success).
 * Structs are passed as raw memory and read at their C offsets (see {@link NvmlGpuSource}); device handles are
 * opaque pointers. A function the installed driver lacks throws UnsatisfiedLinkError when called.
 */
interface NvmlLibrary extends Library {
    int SUCCESS = 0;
    int ERROR_INSUFFICIENT_SIZE = 7;
    int TEMPERATURE_GPU = 0;
    int DEVICE_NAME_BUFFER_SIZE = 96;
    int SYSTEM_DRIVER_VERSION_BUFFER_SIZE = 80;

    int nvmlInit_v2();

    int nvmlShutdown();

    int nvmlDeviceGetCount_v2(IntByReference count);

    int nvmlDeviceGetHandleByIndex_v2(int index, PointerByReference device);

    int nvmlDeviceGetName(Pointer device, byte[] name, int length);

    int nvmlSystemGetDriverVersion(byte[] version, int length);

    /** The highest CUDA version the driver supports, as 1000 * major + 10 * minor (12080 for 12.8). */
    int nvmlSystemGetCudaDriverVersion_v2(IntByReference version);

    int nvmlDeviceGetCudaComputeCapability(Pointer device, IntByReference major, IntByReference minor);

    /** nvmlUtilization_t {unsigned int gpu; unsigned int memory;}: 8 bytes. */
    int nvmlDeviceGetUtilizationRates(Pointer device, Pointer utilization);

    /** nvmlMemory_t {unsigned long long total, free, used;}: 24 bytes. */
    int nvmlDeviceGetMemoryInfo(Pointer device, Pointer memory);

    int nvmlDeviceGetTemperature(Pointer device, int sensorType, IntByReference celsius);

    int nvmlDeviceGetPowerUsage(Pointer device, IntByReference milliwatts);

    int nvmlDeviceGetEnforcedPowerLimit(Pointer device, IntByReference milliwatts);

    /** nvmlProcessInfo_t (v2 and v3) {uint pid; ulonglong usedGpuMemory; uint gpuInstanceId, computeInstanceId;}. */
    int nvmlDeviceGetComputeRunningProcesses_v3(Pointer device, IntByReference count, Pointer infos);

    int nvmlDeviceGetComputeRunningProcesses_v2(Pointer device, IntByReference count, Pointer infos);

    int nvmlDeviceGetGraphicsRunningProcesses_v3(Pointer device, IntByReference count, Pointer infos);

    int nvmlDeviceGetGraphicsRunningProcesses_v2(Pointer device, IntByReference count, Pointer infos);
}
