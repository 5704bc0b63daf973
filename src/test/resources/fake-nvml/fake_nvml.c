/*
 * A stand-in for libnvidia-ml.so.1, compiled by NvmlGpuSourceTest: two GPUs with fixed figures, enough processes
 * on GPU 0 to need a second, larger buffer, no graphics _v3 function (so the _v2 fallback runs), and one field
 * NVML reports as not supported. Built with -DINIT_FAILS, nvmlInit_v2 fails like a machine without a driver.
 * GPU facts: compute capability 9.0 and 8.9, driver 550.54.15 with CUDA 12.4; -DBLACKWELL makes GPU 0 an RTX 5090
 * (12.0) on driver 575.57.08 with CUDA 12.9; -DOLD_DRIVER lacks nvmlDeviceGetCudaComputeCapability and reports CUDA
 * 11.4 (driver 470.182.03).
 */
#include <stdio.h>

typedef struct {
    unsigned int pid;
    unsigned long long usedGpuMemory;
    unsigned int gpuInstanceId;
    unsigned int computeInstanceId;
} process_info;

#define MIB (1024ULL * 1024ULL)
static int devices[2];
static int initialised = 0;

static int index_of(void *h) { return h == &devices[0] ? 0 : h == &devices[1] ? 1 : -1; }

int fake_initialised(void) { return initialised; }

int nvmlInit_v2(void) {
#ifdef INIT_FAILS
    return 9; /* NVML_ERROR_DRIVER_NOT_LOADED */
#else
    initialised = 1;
    return 0;
#endif
}

int nvmlShutdown(void) { initialised = 0; return 0; }

int nvmlDeviceGetCount_v2(unsigned int *count) { *count = 2; return 0; }

int nvmlDeviceGetHandleByIndex_v2(unsigned int i, void **handle) {
    if (i > 1) return 2;
    *handle = &devices[i];
    return 0;
}

#ifdef BLACKWELL
#define GPU0 "NVIDIA GeForce RTX 5090"
#define CAP0_MAJOR 12
#define CAP0_MINOR 0
#define DRIVER "575.57.08"
#define CUDA 12090
#else
#define GPU0 "NVIDIA H100 80GB HBM3"
#define CAP0_MAJOR 9
#define CAP0_MINOR 0
#ifdef OLD_DRIVER
#define DRIVER "470.182.03"
#define CUDA 11040
#else
#define DRIVER "550.54.15"
#define CUDA 12040
#endif
#endif

int nvmlDeviceGetName(void *h, char *name, unsigned int length) {
    snprintf(name, length, "%s", index_of(h) == 0 ? GPU0 : "NVIDIA L4");
    return 0;
}

int nvmlSystemGetDriverVersion(char *version, unsigned int length) {
    snprintf(version, length, "%s", DRIVER);
    return 0;
}

int nvmlSystemGetCudaDriverVersion_v2(int *version) { *version = CUDA; return 0; }

#ifndef OLD_DRIVER
int nvmlDeviceGetCudaComputeCapability(void *h, int *major, int *minor) {
    *major = index_of(h) == 0 ? CAP0_MAJOR : 8;
    *minor = index_of(h) == 0 ? CAP0_MINOR : 9;
    return 0;
}
#endif

int nvmlDeviceGetUtilizationRates(void *h, unsigned int *u) {
    u[0] = index_of(h) == 0 ? 87 : 5;
    u[1] = 40;
    return 0;
}

int nvmlDeviceGetMemoryInfo(void *h, unsigned long long *m) {
    m[0] = (index_of(h) == 0 ? 81559ULL : 23034ULL) * MIB; /* total */
    m[2] = (index_of(h) == 0 ? 20480ULL : 100ULL) * MIB;   /* used */
    m[1] = m[0] - m[2];                                    /* free */
    return 0;
}

int nvmlDeviceGetTemperature(void *h, int sensor, unsigned int *t) {
    if (sensor != 0) return 2;
    if (index_of(h) == 1) return 3; /* NVML_ERROR_NOT_SUPPORTED */
    *t = 71;
    return 0;
}

int nvmlDeviceGetPowerUsage(void *h, unsigned int *mw) { *mw = index_of(h) == 0 ? 301250 : 30000; return 0; }

int nvmlDeviceGetEnforcedPowerLimit(void *h, unsigned int *mw) { *mw = index_of(h) == 0 ? 700000 : 72000; return 0; }

int nvmlDeviceGetComputeRunningProcesses_v3(void *h, unsigned int *count, process_info *infos) {
    unsigned int n = index_of(h) == 0 ? 70 : 1;
    if (*count < n) {
        *count = n;
        return 7; /* NVML_ERROR_INSUFFICIENT_SIZE */
    }
    for (unsigned int i = 0; i < n; i++) {
        infos[i].pid = 10000 + i;
        infos[i].usedGpuMemory = (i + 1) * MIB;
        infos[i].gpuInstanceId = 0xFFFFFFFF;
        infos[i].computeInstanceId = 0xFFFFFFFF;
    }
    if (index_of(h) == 0) {
        infos[69].pid = 4242;
        infos[69].usedGpuMemory = 1024 * MIB;
    } else {
        infos[0].pid = 4242;
        infos[0].usedGpuMemory = 512 * MIB;
    }
    *count = n;
    return 0;
}

int nvmlDeviceGetGraphicsRunningProcesses_v2(void *h, unsigned int *count, process_info *infos) {
    if (index_of(h) == 1) {
        *count = 0;
        return 0;
    }
    if (*count < 2) {
        *count = 2;
        return 7;
    }
    infos[0].pid = 4242;
    infos[0].usedGpuMemory = 300 * MIB;
    infos[1].pid = 5555;
    infos[1].usedGpuMemory = 0xFFFFFFFFFFFFFFFFULL; /* NVML_VALUE_NOT_AVAILABLE */
    *count = 2;
    return 0;
}
