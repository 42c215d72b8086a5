"""The Qt desktop program (PySide6). Talks to data only through safetystation.services."""
