"""Stand-in onnxruntime: see standins/README.md."""
import json
import os
import sys
import types

_CONFIG = json.load(open(os.environ["VISO_STANDIN"])).get("onnxruntime", {})
if _CONFIG.get("import_error"):
    raise ImportError(_CONFIG["import_error"])

__version__ = _CONFIG.get("version", "1.22.0")


class NoSuchFile(Exception):
    pass


class Fail(Exception):
    pass


def get_available_providers():
    return list(_CONFIG.get("providers", ["CPUExecutionProvider"]))


class InferenceSession:
    def __init__(self, path, providers=None):
        if not os.path.isfile(path):
            raise NoSuchFile("[ONNXRuntimeError] : 3 : NO_SUCHFILE : Load model from %s failed:Load model %s failed."
                             " File doesn't exist" % (path, path))
        with open(path, "rb") as f:
            f.read(16)
        wanted = [p for p in (providers or get_available_providers()) if p in get_available_providers()]
        if "CUDAExecutionProvider" in wanted and _CONFIG.get("cuda_provider_error"):
            for line in _CONFIG["cuda_provider_error"]:
                print(line, file=sys.stderr, flush=True)
            wanted = [p for p in wanted if p not in ("CUDAExecutionProvider", "TensorrtExecutionProvider")]
        self._providers = wanted or ["CPUExecutionProvider"]

    def get_providers(self):
        return list(self._providers)

    def get_inputs(self):
        return [types.SimpleNamespace(name="input", shape=["batch", 3, "height", "width"], type="tensor(float)")]

    def run(self, outputs, feeds):
        x = feeds["input"]
        if _CONFIG.get("run_error"):
            raise Fail(_CONFIG["run_error"])
        if list(x.shape) != [1, 3, 64, 64] or str(x.dtype) != "float32":
            raise Fail("[ONNXRuntimeError] : 2 : INVALID_ARGUMENT : Got invalid dimensions for input")
        return [x.sum(axis=1)]
