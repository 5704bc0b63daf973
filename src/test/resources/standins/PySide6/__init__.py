"""Stand-in PySide6: see standins/README.md."""
import json
import os

_CONFIG = json.load(open(os.environ["VISO_STANDIN"])).get("pyside6", {})
__version__ = _CONFIG.get("version", "6.8.2.1")
