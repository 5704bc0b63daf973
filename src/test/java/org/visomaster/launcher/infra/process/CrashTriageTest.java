package org.visomaster.launcher.infra.process;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CrashTriageTest {
    private static final String ORT_CUDA_WARNING = "2025-03-10 12:01:07.123 [E:onnxruntime:Default,"
            + " provider_bridge_ort.cc:1862 TryGetProviderInfo_CUDA] /onnxruntime_src/onnxruntime/core/session/"
            + "provider_bridge_ort.cc:1539 onnxruntime::Provider& onnxruntime::ProviderLibrary::Get()"
            + " [ONNXRuntimeError] : 1 : FAIL : Failed to load library libonnxruntime_providers_cuda.so with error:"
            + " libcublasLt.so.12: cannot open shared object file: No such file or directory";

    private static String cause(String text) {
        Optional<Diagnosis> d = CrashTriage.diagnose(text.lines().toList());
        assertTrue(d.isPresent(), "no diagnosis for:\n" + text);
        assertFalse(d.get().fix().isBlank());
        assertTrue(d.get().fix().endsWith("."), d.get().fix());
        return d.get().cause();
    }

    @Test
    void qtXcbPluginWithoutLibxcbCursor() {
        assertEquals("Qt xcb plugin", cause("""
                qt.qpa.plugin: From 6.5.0, xcb-cursor0 or libxcb-cursor0 is needed to load the Qt xcb platform plugin.
                qt.qpa.plugin: Could not load the Qt platform plugin "xcb" in "" even though it was found.
                This application failed to start because no Qt platform plugin could be initialized. \
                Reinstalling the application may fix this problem.

                Available platform plugins are: eglfs, linuxfb, minimal, minimalegl, offscreen, vnc, wayland, xcb.
                """));
        assertEquals("Qt xcb plugin", cause("""
                /workspace/envs/viso_env/bin/python: symbol lookup error: \
                libQt6XcbQpa.so.6: undefined symbol: xkb_x11_keymap_new_from_device, version LIBXKBCOMMON_X11_0.5.0
                """));
    }

    @Test
    void qtWithoutReachableDisplayIsNamedAsSuch() {
        Optional<Diagnosis> d = CrashTriage.diagnose(List.of(
                "qt.qpa.xcb: could not connect to display :1",
                "qt.qpa.plugin: Could not load the Qt platform plugin \"xcb\" in \"\" even though it was found.",
                "This application failed to start because no Qt platform plugin could be initialized."));
        assertEquals("No display", d.orElseThrow().cause());
        assertTrue(d.get().fix().contains("DISPLAY"));
    }

    @Test
    void cudaNotAvailable() {
        assertEquals("CUDA not available", cause("""
                Traceback (most recent call last):
                  File "/workspace/VisoMaster/main.py", line 1, in <module>
                    from app.ui import main_ui
                  File "/workspace/envs/viso_env/lib/python3.10/site-packages/torch/cuda/__init__.py", line 314, in _lazy_init
                    torch._C._cuda_init()
                RuntimeError: Found no NVIDIA driver on your system. Please check that you have an NVIDIA GPU \
                and installed a driver from http://www.nvidia.com/Download/index.aspx
                """));
        assertEquals("CUDA not available", cause(ORT_CUDA_WARNING + "\n"
                + "/workspace/envs/viso_env/lib/python3.10/site-packages/onnxruntime/capi/onnxruntime_inference_"
                + "collection.py:69: UserWarning: Specified provider 'CUDAExecutionProvider' is not in available"
                + " provider names.Available providers: 'AzureExecutionProvider, CPUExecutionProvider'\n"
                + "Segmentation fault (core dumped)\n"));
        assertEquals("CUDA not available", cause("AssertionError: Torch not compiled with CUDA enabled"));
    }

    @Test
    void onnxruntimeDataTransferPinOffersRepair() {
        Optional<Diagnosis> d = CrashTriage.diagnose("""
                Traceback (most recent call last):
                  File "/workspace/VisoMaster/app/processors/workers/frame_worker.py", line 56, in run
                    self.process_and_emit_task()
                  File "/workspace/VisoMaster/app/processors/models_processor.py", line 1402, in run_inswapper
                    self.models['Inswapper128'].run_with_iobinding(io_binding)
                  File "/workspace/envs/viso_env/lib/python3.10/site-packages/onnxruntime/capi/onnxruntime_inference_collection.py", line 331, in run_with_iobinding
                    self._sess.run_with_iobinding(iobinding._iobinding, run_options)
                RuntimeError: Error in execution: There's no data transfer registered for copying tensors from \
                Device:[DeviceType:1 MemoryType:0 DeviceId:0] to Device:[DeviceType:0 MemoryType:0 DeviceId:0]
                """.lines().toList());
        assertEquals("onnxruntime-gpu 1.20.0", d.orElseThrow().cause());
        assertTrue(d.get().fix().contains("1.22"));
        assertTrue(d.get().offerRepair());
    }

    @Test
    void cudaOutOfMemoryFromTorchAndOnnxruntime() {
        assertEquals("GPU out of memory", cause("""
                  File "/workspace/envs/viso_env/lib/python3.10/site-packages/torch/nn/functional.py", line 4552, in interpolate
                    return torch._C._nn.upsample_bilinear2d(input, output_size, align_corners, scale_factors)
                torch.OutOfMemoryError: CUDA out of memory. Tried to allocate 2.00 GiB. GPU 0 has a total capacity \
                of 23.65 GiB of which 1.06 GiB is free. Process 4127 has 22.58 GiB memory in use.
                """));
        assertEquals("GPU out of memory", cause(ORT_CUDA_WARNING + "\n"
                + "onnxruntime.capi.onnxruntime_pybind11_state.RuntimeException: [ONNXRuntimeError] : 6 :"
                + " RUNTIME_EXCEPTION : Non-zero status code returned while running Conv node. Name:'Conv_12'"
                + " Status Message: /onnxruntime_src/onnxruntime/core/framework/bfc_arena.cc:376"
                + " void* onnxruntime::BFCArena::AllocateRawInternal(size_t, bool, onnxruntime::Stream*, bool,"
                + " onnxruntime::WaitNotificationFn) Failed to allocate memory for requested buffer of size"
                + " 1073741824\n"));
        assertEquals("GPU out of memory", cause("CUDA_ERROR_OUT_OF_MEMORY: out of memory"));
    }

    @Test
    void missingModelFileOffersRepair() {
        Optional<Diagnosis> d = CrashTriage.diagnose("""
                Traceback (most recent call last):
                  File "/workspace/VisoMaster/app/processors/models_processor.py", line 121, in load_model
                    model_instance = onnxruntime.InferenceSession(self.models_path[model_name], providers=self.providers)
                onnxruntime.capi.onnxruntime_pybind11_state.NoSuchFile: [ONNXRuntimeError] : 3 : NO_SUCHFILE : \
                Load model from ./model_assets/inswapper_128.fp16.onnx failed:Load model \
                ./model_assets/inswapper_128.fp16.onnx failed. File doesn't exist
                """.lines().toList());
        assertEquals("Missing model file", d.orElseThrow().cause());
        assertTrue(d.get().offerRepair());
        assertEquals("Missing model file", cause("""
                  File "/workspace/VisoMaster/app/ui/widgets/actions/layout_actions.py", line 88, in add_dfm_models
                    for model_file in os.listdir(models_dir):
                FileNotFoundError: [Errno 2] No such file or directory: './model_assets/dfm_models'
                """));
    }

    @Test
    void ffmpegNotFound() {
        assertEquals("ffmpeg not found", cause("""
                  File "/usr/lib/python3.10/subprocess.py", line 1863, in _execute_child
                    raise child_exception_type(errno_num, err_msg, err_filename)
                FileNotFoundError: [Errno 2] No such file or directory: 'ffmpeg'
                """));
        assertEquals("ffmpeg not found", cause("/bin/sh: 1: ffmpeg: not found"));
        assertEquals("ffmpeg not found", cause("FileNotFoundError: [Errno 2] No such file or directory: 'ffprobe'"));
    }

    @Test
    void fatalCauseWinsOverAnEarlierWarningOfAnotherCause() {
        // the onnxruntime CUDA-provider warning is printed before many unrelated crashes
        assertEquals("Missing model file", cause(ORT_CUDA_WARNING + "\n"
                + "FileNotFoundError: [Errno 2] No such file or directory: './model_assets/dfm_models'"));
    }

    @Test
    void matchingIgnoresCase() {
        assertEquals("GPU out of memory", cause("RUNTIMEERROR: cuda OUT OF MEMORY. tried to allocate 20.00 MiB"));
    }

    @Test
    void torchWithoutKernelsForTheGpuNamesTheVariant() {
        Optional<Diagnosis> d = CrashTriage.diagnose("""
                /workspace/envs/viso_env/lib/python3.10/site-packages/torch/cuda/__init__.py:230: UserWarning:
                NVIDIA GeForce RTX 5090 with CUDA capability sm_120 is not compatible with the current PyTorch installation.
                The current PyTorch install supports CUDA capabilities sm_50 sm_60 sm_70 sm_75 sm_80 sm_86 sm_90.
                Traceback (most recent call last):
                  File "/workspace/VisoMaster/app/processors/models_processor.py", line 88, in __init__
                RuntimeError: CUDA error: no kernel image is available for execution on the device
                CUDA kernel errors might be asynchronously reported at some other API call, so the stacktrace below might be incorrect.
                """.lines().toList());
        assertEquals("GPU too new (or too old) for this torch", d.orElseThrow().cause());
        assertTrue(d.get().fix().contains("cu128"), d.get().fix());
        assertTrue(d.get().fix().contains("VISO_WHEEL_VARIANT"), d.get().fix());
        assertTrue(d.get().offerRepair());
        // the kernel error wins over the CUDA-provider warning printed before it
        assertEquals("GPU too new (or too old) for this torch", cause(ORT_CUDA_WARNING + "\n"
                + "torch.AcceleratorError: CUDA error: no kernel image is available for execution on the device"));
    }

    @Test
    void aDriverTooOldForTheWheelsCudaIsNamed() {
        assertEquals("NVIDIA driver too old", cause("""
                /workspace/envs/viso_env/lib/python3.10/site-packages/torch/cuda/__init__.py:128: UserWarning: CUDA \
                initialization: The NVIDIA driver on your system is too old (found version 11040). Please update your \
                GPU driver by downloading and installing a new version from the URL: http://www.nvidia.com/Download/index.aspx
                """));
        assertEquals("NVIDIA driver too old", cause("RuntimeError: CUDA error: CUDA driver version is insufficient for"
                + " CUDA runtime version"));
    }

    @Test
    void tensorRtEngineBuildFailures() {
        assertEquals("TensorRT engine build failed", cause("""
                2025-03-10 12:05:44.812 [E:onnxruntime:Default, tensorrt_execution_provider.h:88 log] [2025-03-10 \
                12:05:44   ERROR] 10: Could not find any implementation for node /model/Conv_12.
                onnxruntime.capi.onnxruntime_pybind11_state.Fail: [ONNXRuntimeError] : 1 : FAIL : TensorRT EP failed \
                to create engine from network for fused node: TensorrtExecutionProvider_TRTKernel_graph_main_1_0
                """));
    }

    @Test
    void cudnnThatCannotBeLoaded() {
        Optional<Diagnosis> d = CrashTriage.diagnose(List.of(
                "Could not load library libcudnn_cnn_infer.so.8. Error: libcudnn_cnn_infer.so.8: cannot open shared"
                        + " object file: No such file or directory",
                "Aborted (core dumped)"));
        assertEquals("cuDNN not found", d.orElseThrow().cause());
        assertTrue(d.get().fix().contains("LD_LIBRARY_PATH"), d.get().fix());
        assertEquals("cuDNN not found", cause(ORT_CUDA_WARNING.replace("libcublasLt.so.12", "libcudnn.so.9")));
    }

    /** onnxruntime's routine cuDNN warning must not hide the fatal cause printed after it. */
    @Test
    void theRoutineCudnnProviderWarningLosesToTheRealFatalCause() {
        String cudnnWarning = ORT_CUDA_WARNING.replace("libcublasLt.so.12", "libcudnn.so.9");
        assertEquals("Missing model file", cause(cudnnWarning + "\n"
                + "FileNotFoundError: [Errno 2] No such file or directory: './model_assets/dfm_models'"));
        assertEquals("ffmpeg not found", cause(cudnnWarning + "\n/bin/sh: 1: ffmpeg: not found"));
        assertEquals("No display", cause(cudnnWarning + "\nqt.qpa.xcb: could not connect to display :1"));
        assertEquals("Qt xcb plugin", cause(cudnnWarning + "\nqt.qpa.plugin: Could not load the Qt platform plugin"
                + " \"xcb\" in \"\" even though it was found."));
        // alone, or beside a mere "CUDA not available", it is still the cause
        assertEquals("cuDNN not found", cause(cudnnWarning + "\nRuntimeError: CUDA is not available"));
    }

    @Test
    void unknownCausesAreNotGuessed() {
        assertTrue(CrashTriage.diagnose(List.of(
                "Traceback (most recent call last):",
                "  File \"/workspace/VisoMaster/main.py\", line 12, in <module>",
                "KeyError: 'FaceSwapper'")).isEmpty());
        assertTrue(CrashTriage.diagnose(List.of()).isEmpty());
        assertTrue(CrashTriage.diagnose(null).isEmpty());
        // a model file that loaded fine is not a missing one
        assertTrue(CrashTriage.diagnose(List.of("Loading ./model_assets/inswapper_128.fp16.onnx",
                "Segmentation fault (core dumped)")).isEmpty());
    }
}
