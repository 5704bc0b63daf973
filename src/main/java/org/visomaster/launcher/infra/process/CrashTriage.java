package org.visomaster.launcher.infra.process;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Matches VisoMaster's last output lines against known crash causes. Rules are tried in a fixed order, most
 * specific and most fatal first, each against every line; the first rule with a matching line wins. That order
 * matters because a crash log often carries harmless warnings of another cause (onnxruntime prints "Failed to load
 * library libonnxruntime_providers_cuda" as a warning before many unrelated crashes). Matching is case-insensitive.
 */
public final class CrashTriage {
    private record Rule(Predicate<String> matches, Diagnosis diagnosis) {
    }

    private static final List<Rule> RULES = List.of(
            new Rule(any("no data transfer registered"), new Diagnosis("onnxruntime-gpu 1.20.0",
                    "onnxruntime-gpu 1.20.0 (pinned by VisoMaster's requirements) cannot copy tensors on Linux;"
                            + " run Repair (or re-run the Python packages step) so the launcher installs its"
                            + " 1.22 override.", true)),
            new Rule(any("no kernel image is available", "is not compatible with the current pytorch installation",
                    "cudaerrornokernelimagefordevice", "no longer supports this gpu because it is too old"),
                    new Diagnosis("GPU too new (or too old) for this torch",
                            "The installed torch has no kernels for this GPU (for example torch 2.4.1+cu124 on an"
                                    + " RTX 50xx or B200, sm_100/sm_120): run Repair so the launcher installs the"
                                    + " profile's wheel variant for this GPU (cu128 with torch 2.7.1+cu128 on the"
                                    + " upstream profile), or set VISO_WHEEL_VARIANT to it.", true)),
            new Rule(any("cuda driver version is insufficient", "nvidia driver on your system is too old",
                    "cudaerrorinsufficientdriver", "cuda_error_unsupported_ptx_version"),
                    new Diagnosis("NVIDIA driver too old",
                            "The NVIDIA driver is older than the CUDA version these wheels were built for: rent a host"
                                    + " with a newer driver (`visomaster-launcher doctor` shows the driver's CUDA and"
                                    + " what the wheels need), or force a wheel variant this driver can run with"
                                    + " VISO_WHEEL_VARIANT.", false)),
            new Rule(any("cuda out of memory", "outofmemoryerror", "cuda_error_out_of_memory",
                    "failed to allocate memory for requested buffer", "cuda failure 2: out of memory",
                    "cudaerrormemoryallocation"), new Diagnosis("GPU out of memory",
                    "The GPU ran out of memory: lower the resolution or the number of models in use, close other"
                            + " programs using the GPU, or rent a GPU with more memory.", false)),
            new Rule(any("tensorrt ep failed to create engine", "tensorrt ep could not build engine",
                    "failed to build tensorrt engine", "could not find any implementation for node",
                    "engine build failed", "tensorrt ep failed to build"), new Diagnosis("TensorRT engine build failed",
                    "TensorRT could not build an engine for a model (too little free GPU memory, or a TensorRT too"
                            + " old for this GPU): pick the CUDA provider instead of TensorRT in VisoMaster's"
                            + " settings, close other programs using the GPU, or run Repair so the wheel variant for"
                            + " this GPU is installed.", false)),
            new Rule(CrashTriage::missingModel, new Diagnosis("Missing model file",
                    "A model file under model_assets is missing or unreadable: run Repair to download and verify"
                            + " the models again.", true)),
            new Rule(any("ffmpeg: not found", "ffmpeg: command not found", "ffprobe: not found",
                    "no such file or directory: 'ffmpeg'", "no such file or directory: 'ffprobe'",
                    "ffmpeg not found", "ffmpeg is not installed"), new Diagnosis("ffmpeg not found",
                    "ffmpeg is not on VisoMaster's PATH: install it (apt-get install ffmpeg) or drop a static"
                            + " ffmpeg build onto the launcher so it lands in the workspace's dependencies folder.",
                    false)),
            new Rule(any("could not connect to display", "cannot open display"), new Diagnosis("No display",
                    "Qt could not reach the X display: start VisoMaster from the launcher inside the desktop"
                            + " (DISPLAY must point at the running desktop, usually :1).", false)),
            new Rule(any("could not load the qt platform plugin", "qt.qpa.plugin", "libxcb-cursor",
                    "xkbcommon", "no qt platform plugin could be initialized"), new Diagnosis("Qt xcb plugin",
                    "Qt could not load its xcb platform plugin because system libraries are missing: install"
                            + " libxcb-cursor0 and libxkbcommon-x11-0 (apt-get install libxcb-cursor0"
                            + " libxkbcommon-x11-0); the launcher's image has them, so this only happens outside"
                            + " it.", false)),
            // after the fatal causes above: onnxruntime prints a cuDNN load failure as a routine warning
            new Rule(CrashTriage::missingCudnn, new Diagnosis("cuDNN not found",
                    "torch or onnxruntime could not load cuDNN (libcudnn): the nvidia-cudnn wheel is missing or"
                            + " another CUDA installation on LD_LIBRARY_PATH shadows it; remove such entries from"
                            + " LD_LIBRARY_PATH and run Repair.", true)),
            new Rule(any("cuda is not available", "found no nvidia driver", "torch.cuda.is_available() is false",
                    "failed to load library libonnxruntime_providers_cuda", "no cuda gpus are available",
                    "torch not compiled with cuda enabled", "cudaexecutionprovider' is not in available provider",
                    "cudaexecutionprovider is not in available provider",
                    "cudaexecutionprovider' is not available", "cudaexecutionprovider is not available"),
                    new Diagnosis("CUDA not available",
                            "VisoMaster found no usable CUDA GPU: check that this machine has an NVIDIA GPU and"
                                    + " driver (nvidia-smi must work); if it does, re-run the Python packages step"
                                    + " so the CUDA builds of torch and onnxruntime-gpu get installed.", false)));

    private CrashTriage() {
    }

    /**
     * Triage with VisoMaster-Fusion's own crash report of this run, when it wrote one: the rules read the report's
     * traceback as well as the output, and the sentence names the report and the error it ends with.
     */
    static Optional<Diagnosis> diagnose(List<String> lastLines, Optional<CrashLog> report) {
        if (report.isEmpty()) {
            return diagnose(lastLines);
        }
        CrashLog log = report.get();
        List<String> all = new ArrayList<>(log.lines());
        all.addAll(lastLines == null ? List.of() : lastLines);
        String error = log.error();
        String says = error.isEmpty() ? "" : " says \"" + error + "\"";
        Optional<Diagnosis> known = diagnose(all);
        if (known.isPresent()) {
            Diagnosis d = known.get();
            return Optional.of(new Diagnosis(d.cause(), d.fix() + " VisoMaster's crash report " + log.path() + says
                    + ".", d.offerRepair()));
        }
        return Optional.of(new Diagnosis("VisoMaster's crash report", "VisoMaster crashed and its crash report "
                + log.path() + (says.isEmpty() ? " is empty" : says) + "; the launcher does not recognise this error:"
                + " read the report, and attach it to a bug report for VisoMaster.", false));
    }

    public static Optional<Diagnosis> diagnose(List<String> lastLines) {
        if (lastLines == null || lastLines.isEmpty()) {
            return Optional.empty();
        }
        List<String> lower = lastLines.stream().map(l -> l == null ? "" : l.toLowerCase(Locale.ROOT)).toList();
        for (Rule rule : RULES) {
            if (lower.stream().anyMatch(rule.matches())) {
                return Optional.of(rule.diagnosis());
            }
        }
        return Optional.empty();
    }

    private static Predicate<String> any(String... needles) {
        return line -> {
            for (String n : needles) {
                if (line.contains(n)) {
                    return true;
                }
            }
            return false;
        };
    }

    private static boolean missingCudnn(String line) {
        return line.contains("libcudnn") && (line.contains("cannot open shared object") || line.contains("not found")
                || line.contains("could not load") || line.contains("unable to load"));
    }

    private static boolean missingModel(String line) {
        if (line.contains("no_suchfile") || (line.contains("load model from") && line.contains("failed"))) {
            return true;
        }
        return line.contains("model_assets")
                && (line.contains("no such file or directory") || line.contains("filenotfounderror")
                || line.contains("does not exist") || line.contains("doesn't exist"));
    }
}
