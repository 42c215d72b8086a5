"""Cold start of the program against a bare QMainWindow process of the same Python and Qt.

Used by ``bench/run.py`` (from source) and by ``installer/linux/check.sh`` inside a clean root
against the installed runtime (``python3 coldstart.py --python /opt/safetystation/python/bin/python3
--root /opt/safetystation/app``). Standard library only, so it runs with any interpreter.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROBE = """
import os, sys, time
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, {root!r})
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView

def mark(name):  # a milestone, on the clock the runner started the process by (time.monotonic is system-wide)
    print(name, time.monotonic(), flush=True)

mode = sys.argv[1]
if mode == "bare":
    app = QApplication([])
    w = QMainWindow()
    w.setCentralWidget(QTableView())
    w.resize(1366, 768)
    w.show()
    app.processEvents()
    w.grab()  # the first paint is done
    mark("window")
else:  # the program's own start-up path (ui/app.py run())
    from ui.app import open_into, parse_args, prepare_application, show_main_window
    app = prepare_application()
    w = show_main_window()
    w.grab()
    mark("window")  # the window's frame on screen, before the core is loaded
    if mode == "ready":
        from PySide6.QtCore import QEventLoop

        def until(done):
            deadline = time.monotonic() + 60
            while not done():
                assert time.monotonic() < deadline, "timed out"
                app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 5)
            w.grab()

        code = open_into(w, parse_args(["--db", sys.argv[2], "--operator", "陈国强"]))
        assert code is None, code
        app.processEvents()
        w.grab()
        mark("home")  # 首页 painted: navigation with counts, the page's frame
        home = w.pages["home"]
        figures = lambda: all(label.text() != "…" for label in home.figure_labels.values())
        until(lambda: getattr(home, "filled", None) if hasattr(home, "filled") else figures())
        mark("filled")  # its reminders, 六有 cards and the month's figures
        until(lambda: home.charts is not None)
        mark("chart")  # and its chart (matplotlib)
"""


class Probe:
    """Runs the probe script as whole processes; each milestone is timed from the launch of the
    interpreter to the probe's mark (interpreter start, imports, painting — not the process's exit)."""

    def __init__(self, python: str, root: Path, workdir: Path) -> None:
        self.python = python
        self.script = workdir / "ui_probe.py"
        self.script.write_text(PROBE.format(root=str(root)), encoding="utf-8")
        home = workdir / "ui-home"  # the probe's own config and data folders, not the user's
        self.env = {**os.environ, "XDG_CONFIG_HOME": str(home / "config"), "XDG_DATA_HOME": str(home / "data")}
        # The installed program runs from the byte-code its build compiled (installer: compileall). With
        # PYTHONDONTWRITEBYTECODE (a development shell's setting) every probe compiled the program's own
        # modules from source again: ~0.14 s of a cold start that no clerk has. The probes keep their own
        # byte-code instead (written by the first, unmeasured run), outside the source tree.
        if self.env.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
            self.env["PYTHONPYCACHEPREFIX"] = str(workdir / "pycache")

    def marks(self, *args: str) -> dict[str, float]:
        """ms from launch to each milestone: bare → window; window → window; ready → window, home,
        filled, chart."""
        t0 = time.monotonic()
        out = subprocess.run(
            [self.python, str(self.script), *args], capture_output=True, text=True, check=True, env=self.env
        ).stdout
        return {name: (float(at) - t0) * 1000 for name, at in (line.split() for line in out.splitlines() if line)}

    def run(self, *args: str) -> float:
        """ms from launch to the probe's last milestone."""
        return list(self.marks(*args).values())[-1]

    def window_and_bare(self, repeat: int = 5) -> tuple[float, float]:
        """Median ms until the main window is on screen, and for the bare window."""
        self.run("bare")  # warm the page cache for both, as a second start on a clerk's PC would be
        self.run("window")
        window = statistics.median(self.run("window") for _ in range(repeat))
        bare = statistics.median(self.run("bare") for _ in range(repeat))
        return window, bare


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--python", default=sys.executable, help="the interpreter to measure")
    parser.add_argument("--root", type=Path, required=True, help="the folder holding main.py and ui/")
    parser.add_argument("--goal", type=float, default=1.5, help="exit 1 when the ratio is above this")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        window, bare = Probe(args.python, args.root, Path(tmp)).window_and_bare()
    ratio = window / bare
    print(
        f"{'cold start to main window on screen':<44} value {window:9.1f} ms   baseline {bare:9.1f} ms"
        f"   ratio {ratio:5.2f}×   goal ≤ {args.goal}×"
    )
    return 0 if ratio <= args.goal else 1


if __name__ == "__main__":
    sys.exit(main())
