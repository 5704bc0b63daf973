"""VisoMaster Launcher's GPU self-test, run with the environment's interpreter before VisoMaster is launched.

Each check prints one line "SELFTEST {json}" with: check, level (ok, info, warning, failure), sentence, fix.
Anything else on stdout/stderr (library warnings, onnxruntime's own log) is output the launcher keeps for triage.

Arguments: --expect torch,onnxruntime,pyside6 (what the requirements install; only those are checked),
--gpu yes|no (whether the launcher sees an NVIDIA GPU), --model PATH (a small ONNX model to run once).
"""
import argparse
import json
import os
import sys
import warnings

REPAIR = "run Repair (or provision --only requirements) so the Python packages step installs it again"
ONNX_TYPES = {
    "tensor(float)": "float32", "tensor(float16)": "float16", "tensor(double)": "float64",
    "tensor(int64)": "int64", "tensor(int32)": "int32", "tensor(int8)": "int8", "tensor(uint8)": "uint8",
    "tensor(bool)": "bool",
}


def report(check, level, sentence, fix=""):
    print("SELFTEST " + json.dumps({"check": check, "level": level, "sentence": sentence, "fix": fix}), flush=True)


def first_line(error):
    text = str(error).strip().splitlines()
    return type(error).__name__ + (": " + text[0].strip() if text else "")


def arch_covers(archs, major, minor):
    """True when torch has SASS for this GPU (same major, minor not above) or PTX it can compile (not newer)."""
    capability = major * 10 + minor
    for arch in archs:
        kind, _, digits = arch.partition("_")
        if not digits.isdigit():
            continue  # sm_90a and the like run only on their exact GPU
        number = int(digits)
        if kind == "sm" and number // 10 == major and number % 10 <= minor:
            return True
        if kind == "compute" and number <= capability:
            return True
    return False


def check_torch(gpu):
    try:
        import torch
    except Exception as e:  # an ImportError, or an OSError for a missing CUDA library
        report("torch", "failure", "torch does not import: " + first_line(e) + ".", REPAIR)
        return
    built = torch.version.cuda
    report("torch", "ok", "torch " + torch.__version__ + " imports ("
           + ("built for CUDA " + built if built else "a CPU-only build") + ").")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        available = torch.cuda.is_available()
    for w in caught:
        print("torch warning: " + str(w.message).strip().replace("\n", " "), flush=True)
    if not available:
        if not gpu:
            report("cuda", "warning", "torch " + torch.__version__ + " sees no CUDA GPU, and none is visible on"
                   " this machine: VisoMaster needs an NVIDIA GPU to run well.")
        elif not built:
            report("cuda", "failure", "torch " + torch.__version__ + " is a CPU-only build, so it cannot use the"
                   " GPU.", "install a CUDA build of torch: check the torch pin and its index URL in the"
                   " requirements, then run Repair")
        else:
            why = "; ".join(str(w.message).strip().splitlines()[0] for w in caught)
            report("cuda", "failure", "torch " + torch.__version__ + " (CUDA " + built + ") cannot use the GPU:"
                   " torch.cuda.is_available() is False" + (" (" + why + ")" if why else "") + ".",
                   "check the driver with nvidia-smi; a driver too old for CUDA " + built
                   + " needs another host or another wheel variant")
        return
    report("cuda", "ok", "CUDA is available to torch: " + str(torch.cuda.device_count()) + " GPU(s).")
    archs = torch.cuda.get_arch_list()
    for i in range(torch.cuda.device_count()):
        check_kernel(torch, archs, i)


def check_kernel(torch, archs, i):
    """The device's name and capability come from torch's lazy CUDA init, which warns about a GPU this torch has no
    kernels for and raises when CUDA cannot start: both are caught here, like the kernel's own errors."""
    name, sm, covered = "GPU %d" % i, "", False
    try:
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            try:
                name = torch.cuda.get_device_name(i)
                major, minor = torch.cuda.get_device_capability(i)
                sm = "sm_%d%d" % (major, minor)
                covered = arch_covers(archs, major, minor)
                value = float((torch.ones(16, device="cuda:%d" % i) * 2).sum().item())
            finally:
                for w in caught:
                    print("torch warning: " + str(w.message).strip().replace("\n", " "), flush=True)
        if value != 32.0:
            raise RuntimeError("a kernel returned %s instead of 32.0" % value)
    except Exception as e:
        if not sm:
            report("cuda", "failure", "torch " + torch.__version__ + " could not start CUDA on " + name + ": "
                   + first_line(e) + ".", "check the GPU with nvidia-smi: another process may hold it (exclusive"
                   " compute mode) or the driver is broken; restart the instance, or rent another host")
            return
        has = archs[0] + " … " + archs[-1] if archs else "none"
        report("kernel", "failure", name + " is " + sm + ", which torch " + torch.__version__
               + (" could not run a kernel on" if covered else " has no kernels for")
               + " (it has " + has + "): " + first_line(e) + ".",
               "install wheels built for " + sm + ": run Repair so the launcher picks the wheel variant for"
               " this GPU, or set VISO_WHEEL_VARIANT")
        return
    report("kernel", "ok", name + " (" + sm + ") runs a CUDA kernel with torch " + torch.__version__
           + ("" if covered else ", through PTX compiled on the fly") + ".")


def check_onnxruntime(gpu, model):
    try:
        import onnxruntime as ort
    except Exception as e:
        report("onnxruntime", "failure", "onnxruntime does not import: " + first_line(e) + ".", REPAIR)
        return
    providers = list(ort.get_available_providers())
    has_cuda = "CUDAExecutionProvider" in providers
    if gpu and not has_cuda:
        report("onnxruntime", "failure", "onnxruntime " + ort.__version__ + " offers no CUDAExecutionProvider"
               " (only " + ", ".join(providers) + ").", "the CPU package onnxruntime is probably installed"
               " beside or instead of onnxruntime-gpu: pip uninstall onnxruntime, then run Repair")
        return
    report("onnxruntime", "ok", "onnxruntime " + ort.__version__ + " offers " + ", ".join(providers) + ".")
    check_tensorrt("TensorrtExecutionProvider" in providers)
    if model:
        check_session(ort, model, gpu and has_cuda)


TENSORRT_DISTRIBUTIONS = ("tensorrt", "tensorrt-cu12", "tensorrt_cu12", "tensorrt-cu13", "tensorrt_cu13",
                          "tensorrt-cu12-libs", "tensorrt_cu12_libs", "tensorrt-cu13-libs", "tensorrt_cu13_libs")


def tensorrt_version():
    from importlib import metadata
    for dist in TENSORRT_DISTRIBUTIONS:
        try:
            return metadata.version(dist), dist
        except metadata.PackageNotFoundError:
            continue
    return None, None


def load_nvinfer(soname):
    """Where libnvinfer loads from: the loader's path, else the tensorrt*_libs folder pip installs it into."""
    import ctypes
    import glob
    try:
        ctypes.CDLL(soname)
        return soname, None
    except OSError as e:
        error = e
    for folder in sys.path:
        for path in sorted(glob.glob(os.path.join(folder or ".", "tensorrt*libs", soname))):
            try:
                ctypes.CDLL(path)
                return path, None
            except OSError as e:
                error = e
    return None, error


def check_tensorrt(offered):
    """A note, never a failure: that onnxruntime was built with TensorRT proves nothing about TensorRT itself."""
    version, dist = tensorrt_version()
    if version is None:
        if offered:
            report("tensorrt", "info", "onnxruntime was built with TensorRT, but no tensorrt package is installed:"
                   " VisoMaster's TensorRT models will not run; its CUDA provider is not affected.")
        return
    soname = "libnvinfer.so." + version.split(".")[0]
    where, error = load_nvinfer(soname)
    if where is None:
        report("tensorrt", "info", "TensorRT " + version + " (package " + dist + ") is installed, but " + soname
               + " does not load (" + first_line(error) + "): VisoMaster's TensorRT models will not run; its CUDA"
               " provider is not affected.")
        return
    report("tensorrt", "info", "TensorRT " + version + " (package " + dist + "): " + soname + " loads"
           + ("" if where == soname else " from " + where) + "; VisoMaster builds its TensorRT engines the first"
           " time such a model is used, which takes minutes.")


def check_session(ort, model, on_gpu):
    name = os.path.basename(model)
    wanted = ["CUDAExecutionProvider", "CPUExecutionProvider"] if on_gpu else ["CPUExecutionProvider"]
    try:
        session = ort.InferenceSession(model, providers=wanted)
    except Exception as e:
        report("session", "failure", "The model " + name + " does not load in onnxruntime: " + first_line(e) + ".",
               "run Repair to verify the model files again")
        return
    used = session.get_providers()
    if on_gpu and (not used or used[0] != "CUDAExecutionProvider"):
        report("session", "failure", "onnxruntime loaded " + name + " on " + ", ".join(used)
               + " because its CUDA provider could not start (the reason is in the lines above).",
               "usually cuDNN 9 or CUDA 12 libraries are missing (libcudnn / libcublasLt not found): run Repair;"
               " if it persists, the onnxruntime-gpu and torch pins disagree about CUDA or cuDNN")
        return
    where = "on the GPU (CUDAExecutionProvider)" if on_gpu else "on the CPU"
    try:
        import numpy
        feeds = {}
        for i in session.get_inputs():
            shape = [d if isinstance(d, int) and d > 0 else (1 if n == 0 else 64) for n, d in enumerate(i.shape)]
            feeds[i.name] = numpy.zeros(shape, dtype=ONNX_TYPES.get(i.type, "float32"))
        session.run(None, feeds)
    except Exception as e:
        text = str(e)
        gpu_error = any(k in text for k in ("CUDA", "CUDNN", "cudnn", "cuBLAS", "CUBLAS", "cublas"))
        report("session", "failure" if gpu_error else "warning", name + " loads " + where + " but running it"
               " once on zeros failed: " + first_line(e) + ".",
               "the GPU libraries failed: run Repair" if gpu_error else "this may be the guessed input shape"
               " rather than the installation")
        return
    report("session", "ok", name + " loads and runs once " + where + ".")


def check_pyside6():
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    try:
        import PySide6
        from PySide6 import QtCore, QtWidgets
        app = QtWidgets.QApplication.instance() or QtWidgets.QApplication(["visomaster-selftest"])
        platform = app.platformName()
    except Exception as e:
        text = str(e)
        missing = "install the missing system library (apt-get install libgl1 libegl1 libxkbcommon0 libglib2.0-0)"
        report("pyside6", "failure", "PySide6 does not start with the offscreen platform: " + first_line(e) + ".",
               missing if "cannot open shared object" in text else REPAIR)
        return
    report("pyside6", "ok", "PySide6 " + PySide6.__version__ + " (Qt " + QtCore.qVersion() + ") starts with the "
           + platform + " platform.")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--expect", default="")
    parser.add_argument("--gpu", choices=["yes", "no"], default="yes")
    parser.add_argument("--model", default="")
    args = parser.parse_args()
    expect = {e.strip().lower() for e in args.expect.split(",") if e.strip()}
    gpu = args.gpu == "yes"
    report("python", "info", "Python " + sys.version.split()[0] + " at " + sys.executable + ".")
    if "torch" in expect:
        check_torch(gpu)
    if "onnxruntime" in expect:
        check_onnxruntime(gpu, args.model)
    if "pyside6" in expect:
        check_pyside6()
    if not expect:
        report("nothing", "warning", "The requirements install none of torch, onnxruntime and PySide6, so there"
               " was nothing to test on the GPU.")


if __name__ == "__main__":
    main()
