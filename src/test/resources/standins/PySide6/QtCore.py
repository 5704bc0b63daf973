from PySide6 import _CONFIG


def qVersion():
    return _CONFIG.get("qt", "6.8.2")
