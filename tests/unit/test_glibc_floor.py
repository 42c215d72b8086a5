"""The .deb's glibc floor check (installer/linux/glibc_floor.py) finds what it must refuse.

UOS 20 / Kylin V10 have glibc 2.28: a binary built against a newer glibc must stop the build, and
the pinned Qt wheels in this environment must pass (a future pin that raises the floor fails here
before any package is built).
"""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "installer" / "linux" / "glibc_floor.py"

pytestmark = pytest.mark.skipif(
    sys.platform != "linux" or shutil.which("objdump") is None, reason="needs Linux and objdump (binutils)"
)


def run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True)


def test_a_binary_needing_a_newer_glibc_is_refused(tmp_path: Path) -> None:
    # The build machine's own interpreter links to this machine's glibc (2.36 on Debian 12).
    spec = importlib.util.spec_from_file_location("glibc_floor", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    newest = module.needs(Path(sys.executable))["GLIBC"]
    shutil.copy(sys.executable, tmp_path / "python")
    result = run("--max", "2.28", tmp_path)
    if newest <= (2, 28):
        assert result.returncode == 0
    else:
        assert result.returncode == 1
        assert "need a newer system" in result.stderr and "python: GLIBC_" in result.stderr
    # The same file passes when the floor is its own newest symbol.
    assert run("--max", ".".join(map(str, newest)), "--max-glibcxx", "99", tmp_path).returncode == 0


def test_the_pinned_qt_wheels_stay_within_glibc_2_28() -> None:
    import PySide6
    import shiboken6

    result = run("--max", "2.28", Path(PySide6.__file__).parent, Path(shiboken6.__file__).parent)
    assert result.returncode == 0, result.stderr
    assert "newest GLIBC_2." in result.stderr


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    assert run(tmp_path).returncode == 1
