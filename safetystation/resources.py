"""Paths of the files shipped in ``resources/`` (the bundled font is used by Qt, matplotlib and PDFs)."""

from __future__ import annotations

import sys
from pathlib import Path


def resources_dir() -> Path:
    """``resources/`` beside the program, or inside a PyInstaller bundle."""
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) / "resources" if bundle else Path(__file__).resolve().parents[1] / "resources"


FONT_FILE = resources_dir() / "fonts" / "NotoSansSC-GBK-Regular.otf"
FONT_FAMILY = "SafetyStation Sans SC"  # the renamed Noto Sans CJK SC subset (scripts/make_font_subset.py)
QT_TRANSLATIONS = resources_dir() / "translations"
