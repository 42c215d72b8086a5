"""Test harness only (never installed): checks that run *inside* the installed program's Python, so they
see exactly what a clerk's PC runs — under wine through boot.py (check.sh), or on a Windows runner
directly (.github/workflows/windows.yml). Each prints what it found; a failed assertion exits non-zero.

    isolation                 sys.path is the bundle only, whatever PYTHONPATH says
    workbook XLSX             the exported month workbook opens in openpyxl with its 统计表 sheet
    window DB PNG             the program's real start path offscreen, 首页 with its chart, saved as PNG
"""

from __future__ import annotations

import os
import sys
import time
import warnings
from pathlib import Path


def isolation() -> None:
    home = Path(sys.executable).parent
    print("sys.path:", sys.path)
    assert sys.flags.isolated, "python311._pth should imply isolated mode"
    assert os.environ.get("PYTHONPATH"), "check.sh sets PYTHONPATH to prove it is ignored"
    outside = [p for p in sys.path if not Path(p).is_relative_to(home)]
    assert not outside, f"sys.path reaches outside the program folder: {outside}"
    import safetystation
    import ui

    for mod in (safetystation, ui):
        assert Path(mod.__file__).is_relative_to(home / "app"), mod.__file__


def workbook(path: str) -> None:
    import openpyxl

    wb = openpyxl.load_workbook(path)
    print("sheets:", wb.sheetnames)
    stats = [ws for ws in wb.worksheets if "统计表" in ws.title]
    assert stats, "no 统计表 sheet"
    ws = stats[0]
    assert ws.max_row > 10, f"{ws.title} has only {ws.max_row} rows"
    assert "隐患排查治理情况统计表" in str(ws["A1"].value), ws["A1"].value


def _fail_fast(kind: type[BaseException], error: BaseException, tb: object) -> None:
    import traceback

    traceback.print_exception(kind, error, tb)
    sys.stdout.flush()
    os._exit(70)


def window(db: str, png: str) -> None:
    # Offscreen: wine 8's `windows` platform plugin hangs while starting, and QT_QPA_PLATFORM set
    # outside wine did not reach Qt, so it is set here, in the process (DESIGN.md §7).
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtGui import QColor, QFontMetrics
    from PySide6.QtWidgets import QAbstractButton, QApplication, QComboBox, QGroupBox, QLabel, QTreeWidget

    from ui.app import open_into, parse_args, prepare_application, show_main_window

    t0 = time.perf_counter()
    app = prepare_application()
    sys.excepthook = _fail_fast  # the program's hook opens a dialog that nobody here would close
    win = show_main_window()
    code = open_into(win, parse_args(["--db", db, "--operator", "陈国强"]))
    assert code is None, f"open_into returned {code}"
    print(f"window ready in {time.perf_counter() - t0:.1f} s, platform {QApplication.platformName()}")
    assert QApplication.platformName() == "offscreen"
    home = win.pages.get("home")
    assert home is not None and win.stack.currentWidget() is home, "首页 is not the page shown"
    deadline = time.monotonic() + 120
    while (home.charts is None or home.charts.view.canvas is None) and time.monotonic() < deadline:
        win.grab()  # 首页 builds its figures and chart after its first paint
        app.processEvents()
    assert home.charts is not None and home.charts.view.canvas is not None, "首页's chart was not built"
    chart = home.charts.view.chart
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        home.charts.view.canvas.draw()
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    assert not missing, f"matplotlib lacks glyphs: {missing[:3]}"
    ax = chart.figure.axes[0]
    drawn = len(ax.patches) + len(ax.lines) + len(ax.collections)
    assert drawn > 0, "the chart has nothing drawn"
    print(f"chart “{chart.title}”: {drawn} artists")
    app.processEvents()
    image = win.grab().toImage()
    assert image.save(png), f"cannot write {png}"
    print(f"saved {png} ({image.width()}x{image.height()})")

    # Every Chinese character on screen must be in the font Qt draws it with (no boxes).
    texts = [win.windowTitle()]
    for w in win.findChildren(QLabel):
        texts.append(w.text()) if w.isVisible() else None
    for w in win.findChildren(QAbstractButton):
        texts.append(w.text()) if w.isVisible() else None
    for w in win.findChildren(QGroupBox):
        texts.append(w.title()) if w.isVisible() else None
    for w in win.findChildren(QComboBox):
        texts.extend(w.itemText(i) for i in range(w.count()))
    for tree in win.findChildren(QTreeWidget):
        it = tree.invisibleRootItem()
        stack = [it.child(i) for i in range(it.childCount())]
        while stack:
            item = stack.pop()
            texts.append(item.text(0))
            stack.extend(item.child(i) for i in range(item.childCount()))
    chars = {c for t in texts for c in t if "\u2e80" <= c <= "\u9fff" or "\uff00" <= c <= "\uffef"}
    fm = QFontMetrics(app.font())
    lacking = sorted(c for c in chars if not fm.inFontUcs4(ord(c)))
    print(f"{len(chars)} distinct Chinese characters on 首页, font {app.font().family()!r}")
    assert len(chars) > 50, "too little Chinese text found: is 首页 filled?"
    assert not lacking, f"characters the UI font lacks (drawn as boxes): {''.join(lacking)}"

    # The chart area is drawn, not blank: enough pixels differ from the background.
    canvas = home.charts.view.canvas
    shot = canvas.grab().toImage()
    bg = QColor(shot.pixel(2, 2))
    step = 3
    differ = total = 0
    for y in range(0, shot.height(), step):
        for x in range(0, shot.width(), step):
            total += 1
            differ += QColor(shot.pixel(x, y)) != bg
    print(f"chart canvas {shot.width()}x{shot.height()}: {100 * differ / total:.1f}% of pixels drawn")
    assert differ / total > 0.03, "the chart canvas looks blank"
    win.close()
    win.db.dispose()


if __name__ == "__main__":
    command, *args = sys.argv[1:]
    {"isolation": isolation, "workbook": workbook, "window": window}[command](*args)
    print(f"{command}: ok")
