import os

from PySide6 import _CONFIG

if _CONFIG.get("import_error"):
    raise ImportError(_CONFIG["import_error"])


class QApplication:
    _instance = None

    def __init__(self, argv):
        platform = os.environ.get("QT_QPA_PLATFORM", "xcb")
        if platform != "offscreen":
            raise RuntimeError("qt.qpa.xcb: could not connect to display")
        self._platform = platform
        QApplication._instance = self

    @classmethod
    def instance(cls):
        return cls._instance

    def platformName(self):
        return self._platform
