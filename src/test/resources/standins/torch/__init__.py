"""Stand-in torch: see standins/README.md."""
import json
import os
import types
import warnings

_CONFIG = json.load(open(os.environ["VISO_STANDIN"])).get("torch", {})
if _CONFIG.get("import_error"):
    raise OSError(_CONFIG["import_error"])

__version__ = _CONFIG.get("version", "2.4.1+cu124")
version = types.SimpleNamespace(cuda=_CONFIG.get("cuda"))
_DEVICES = _CONFIG.get("devices", [])
_ARCH = _CONFIG.get("arch", [])
_checked = []


def _runs_on(major, minor):
    for arch in _ARCH:
        kind, _, digits = arch.partition("_")
        if not digits.isdigit():
            continue
        n = int(digits)
        if kind == "sm" and n // 10 == major and n % 10 <= minor:
            return True
        if kind == "compute" and n <= major * 10 + minor:
            return True
    return False


class _Cuda:
    """Like torch.cuda: is_available(), device_count() and get_arch_list() never start CUDA; the device queries and
    the first CUDA tensor do (_lazy_init), which raises when CUDA cannot start and, once, warns about every GPU
    without kernels of its major version, as torch's queued _check_capability / _check_cubins do."""

    def is_available(self):
        if _CONFIG.get("init_warning"):
            warnings.warn(_CONFIG["init_warning"])
        return bool(_DEVICES) and version.cuda is not None

    def device_count(self):
        return len(_DEVICES) if self.is_available() else 0

    def get_device_name(self, i):
        return self.get_device_properties(i)["name"]

    def get_device_capability(self, i):
        return tuple(self.get_device_properties(i)["capability"])

    def get_device_properties(self, i):
        self._lazy_init()
        return _DEVICES[i]

    def get_arch_list(self):
        return list(_ARCH) if self.is_available() else []

    def _lazy_init(self):
        if _checked:
            return
        if _CONFIG.get("cuda_init_error"):
            raise RuntimeError(_CONFIG["cuda_init_error"])  # raised again on every call, as torch does
        _checked.append(True)
        supported = [int(a.partition("_")[2]) for a in _ARCH if a.startswith("sm_") and a[3:].isdigit()]
        for d in _DEVICES:
            major, minor = d["capability"]
            if not any(sm // 10 == major for sm in supported):
                warnings.warn("\n%s with CUDA capability sm_%d%d is not compatible with the current PyTorch"
                              " installation.\nThe current PyTorch install supports CUDA capabilities %s.\nIf you"
                              " want to use the %s GPU with PyTorch, please check the instructions at"
                              " https://pytorch.org/get-started/locally/\n"
                              % (d["name"], major, minor, " ".join(_ARCH), d["name"]))


cuda = _Cuda()


class Tensor:
    def __init__(self, values, device):
        self.values = values
        self.device = device

    def _check(self):
        if self.device.startswith("cuda"):
            i = int(self.device.partition(":")[2] or 0)
            major, minor = _DEVICES[i]["capability"]
            if not _runs_on(major, minor):
                raise RuntimeError("CUDA error: no kernel image is available for execution on the device\n"
                                   "CUDA kernel errors might be asynchronously reported at some other API call, so"
                                   " the stacktrace below might be incorrect.")

    def __mul__(self, k):
        self._check()
        return Tensor([v * k for v in self.values], self.device)

    def sum(self):
        self._check()
        return Tensor([sum(self.values)], self.device)

    def item(self):
        return self.values[0]


def ones(n, device="cpu"):
    if device.startswith("cuda"):
        if not cuda.is_available():
            raise AssertionError("Torch not compiled with CUDA enabled")
        cuda._lazy_init()
    return Tensor([1.0] * n, device)
