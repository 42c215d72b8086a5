"""Screenshots of the real program on the demo township, one PNG per page and screen size, for looking
at what a clerk sees on a small screen (#20 §4, §5, §8).

    python scripts/screenshots.py --out /tmp/shots [--display :82] [--sizes 1024x700 1366x768]

For each size an Xvfb server is started on ``--display`` (Xvfb and ImageMagick's ``import`` must be
installed), the demo database is made with ``python -m safetystation demo``, and the program starts
through its own start-up code (``ui.app``: font, translations, main window, database, operator) with
its settings in a temporary folder. The window fills the screen (there is no window manager, so no
title bar: the whole screen is the window). Every page of the navigation is shown in turn, then a
record form (before and after its required fields are filled), the import dialog on a sample from
``tests/data/samples``, the print preview, and keyboard focus moved with Tab onto a checkbox, a
button and a table; each is saved with ``import -window root``. ``log.txt`` beside the PNGs lists,
for every shot, the window's size and its minimum size, so a page that cannot shrink to the screen
shows as a number too.

This is a tool, not a test: it takes about a minute and asserts nothing (tests/ui has the checks).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "tests" / "data" / "samples"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="folder for the PNG files")
    parser.add_argument("--display", default=":82", help="the X display number Xvfb may use")
    parser.add_argument("--sizes", nargs="+", default=["1024x700", "1366x768"])
    parser.add_argument("--prefix", default="", help="put before every file name (e.g. before_)")
    parser.add_argument("--only", nargs="*", default=[], help="only the shots whose names contain one of these")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--size", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return shoot_all(args)
    args.out.mkdir(parents=True, exist_ok=True)
    code = 0
    with tempfile.TemporaryDirectory(prefix="shots-") as tmp:
        demo = Path(tmp) / "demo.db"
        subprocess.run([sys.executable, "-m", "safetystation", "demo", "--db", str(demo)], cwd=ROOT, check=True)
        for size in args.sizes:
            code |= run_size(args, size, demo, Path(tmp))
    return code


def run_size(args: argparse.Namespace, size: str, demo: Path, tmp: Path) -> int:
    """One Xvfb of ``size``, the program under it, the Xvfb stopped again."""
    db = tmp / f"demo-{size}.db"
    shutil.copy(demo, db)
    xvfb = subprocess.Popen(
        ["Xvfb", args.display, "-screen", "0", f"{size}x24", "-nolisten", "tcp"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        socket = Path(f"/tmp/.X11-unix/X{args.display.lstrip(':')}")
        deadline = time.monotonic() + 10
        while not socket.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        settings = tmp / f"settings-{size}"
        settings.mkdir()
        env = dict(
            os.environ,
            DISPLAY=args.display,
            QT_QPA_PLATFORM="xcb",
            XDG_CONFIG_HOME=str(settings),  # QSettings (remembered window size) starts empty
            HOME=str(settings),
            SAFETYSTATION_CONFIG=str(settings / "config.json"),
        )
        command = [sys.executable, str(Path(__file__).resolve()), "--child", "--out", str(args.out)]
        command += ["--db", str(db), "--size", size, "--prefix", args.prefix, "--only", *args.only]
        return subprocess.run(command, cwd=ROOT, env=env).returncode
    finally:
        xvfb.terminate()
        xvfb.wait()


# --- inside the program (the child process) --------------------------------------------------------
def shoot_all(args: argparse.Namespace) -> int:
    sys.path.insert(0, str(ROOT))
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QWidget

    from ui.app import open_into, parse_args, prepare_application, show_main_window

    width, height = (int(n) for n in args.size.split("x"))
    app = prepare_application()
    window = show_main_window()
    if open_into(window, parse_args(["--db", str(args.db), "--operator", "周晓燕"])) is not None:
        print("the program did not open the demo database", file=sys.stderr)
        return 1
    window.setGeometry(QRect(0, 0, width, height))
    window.activateWindow()  # no window manager gives it the keyboard: focus marks are drawn for the active window
    log = (args.out / f"{args.prefix}{args.size}_log.txt").open("w", encoding="utf-8")
    counter = iter(range(100))

    def settle(seconds: float = 0.4) -> None:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            app.processEvents()
            time.sleep(0.02)

    def wanted(name: str) -> bool:
        return not args.only or any(part in name for part in args.only)

    def shoot(name: str, widget: QWidget | None = None, seconds: float = 0.4) -> None:
        if not wanted(name):
            return
        settle(seconds)
        file = args.out / f"{args.prefix}{args.size}_{next(counter):02d}_{name}.png"
        subprocess.run(["import", "-window", "root", str(file)], check=True)
        shown = widget or window
        hint = shown.minimumSizeHint()
        line = (
            f"{file.name}: {type(shown).__name__} {shown.width()}×{shown.height()},"
            f" minimumSizeHint {hint.width()}×{hint.height()}, window minimumSizeHint"
            f" {window.minimumSizeHint().width()}×{window.minimumSizeHint().height()}"
        )
        print(line)
        log.write(line + "\n")

    keys = [key for key, item in _nav_order(window)]
    for key in keys:
        if not wanted(key):
            continue
        page = window.open_page(key)
        window.setGeometry(QRect(0, 0, width, height))  # a page wider than the screen would widen it
        shoot(key, seconds=2.5 if key == "home" else 0.6)
        if key == "reports":
            page.tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
            shoot("reports_charts", seconds=2.5)
            page.tabs.setCurrentWidget(page.narrative)  # type: ignore[attr-defined]
            shoot("reports_text", seconds=0.6)
            page.tabs.setCurrentIndex(0)  # type: ignore[attr-defined]

    if wanted("focus"):
        shoot_focus(window, shoot, settle)
    if wanted("form"):
        shoot_forms(window, shoot)
    if wanted("import"):
        from ui.import_dialog import ImportDialog

        for key, sample in (("enterprise", "县下发_辖区企业名录.xlsx"), ("hazard", "村级隐患自查汇总.csv")):
            dialog = ImportDialog(window.ledger, key, SAMPLES / sample, parent=window)
            dialog.show()
            shoot(f"import_{key}", dialog, seconds=1.0)
            dialog.done(0)
    if wanted("print"):
        for key in ("hazard", "six_haves"):
            preview = window.open_page(key).print_preview()  # type: ignore[attr-defined]
            if preview is not None:
                shoot(f"print_preview_{key}", preview, seconds=2.0)
                preview.done(0)
    log.close()
    window.db.dispose()
    return 0


def shoot_focus(window: Any, shoot: Any, settle: Any) -> None:
    """Keyboard focus moved with Tab as a clerk would (#20 §5): onto the 回收站 checkbox, a button, the
    table (then a row), on the enterprise ledger; and onto a checkbox of a record form."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QCheckBox, QScrollArea

    from ui.record_form import RecordDialog

    def tab_to(target: Any, start: Any) -> None:
        for _ in range(60):
            if QApplication.focusWidget() is target:
                break
            QTest.keyClick(QApplication.focusWidget() or start, Qt.Key.Key_Tab)
            settle(0.02)
        focused = QApplication.focusWidget()
        print(f"  Tab → {type(focused).__name__} {getattr(focused, 'text', lambda: '')()!r}")

    page = window.open_page("enterprise")
    page.search.setFocus()
    settle()
    tab_to(page.bin_box, window)
    shoot("focus_checkbox")
    tab_to(next(iter(page.filters.values())), window)
    shoot("focus_combo")
    tab_to(page.add_button, window)
    shoot("focus_button")
    tab_to(page.print_button, window)
    shoot("focus_toolbutton")
    tab_to(page.table, window)
    QTest.keyClick(page.table, Qt.Key.Key_Down)
    shoot("focus_table")
    inspection = window.open_page("inspection")
    inspection.search.setFocus()
    tab_to(inspection.date_from.edit, window)
    shoot("focus_date")
    form = RecordDialog(window.ledger, "hazard", parent=window)
    form.show()
    form.activateWindow()
    settle()
    box = next(e.widget for e in form.editors.values() if isinstance(e.widget, QCheckBox) and e.widget.isEnabled())
    tab_to(box, form)
    form.findChild(QScrollArea).ensureWidgetVisible(box)
    shoot("focus_form_checkbox", form)
    form.done(0)


def shoot_forms(window: Any, shoot: Any) -> None:
    """A new hazard's form with its red 必填 hints, the same form with them filled in (the hints go and
    the rows must stay where they were), and an existing enterprise opened for editing."""
    import datetime as dt

    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit

    from ui.date_field import DateField
    from ui.record_form import RecordDialog

    form = RecordDialog(window.ledger, "hazard", parent=window)
    form.show()
    shoot("form_hazard_new", form)
    for name, editor in form.editors.items():
        w = editor.widget
        if not form.errors[name].isVisible():
            continue
        if isinstance(w, QPlainTextEdit):
            w.insertPlainText("消防通道堆放杂物")
        elif isinstance(w, QLineEdit):
            w.insert("示例")
        elif isinstance(w, DateField):
            w.set_date(dt.date.today() + dt.timedelta(days=10))
    shoot("form_hazard_filled", form)
    form.done(0)
    form = RecordDialog(window.ledger, "enterprise", 1, parent=window)
    form.show()
    shoot("form_enterprise_edit", form)
    form.done(0)


def _nav_order(window: object) -> list[tuple[str, object]]:
    """The navigation's pages top to bottom, as the clerk sees them."""
    items = window.items  # type: ignore[attr-defined]
    by_item = {id(item): key for key, item in items.items()}
    out = []
    tree = window.nav  # type: ignore[attr-defined]
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        for item in [top, *(top.child(j) for j in range(top.childCount()))]:
            key = by_item.get(id(item))
            if key is not None:
                out.append((key, item))
    return out


if __name__ == "__main__":
    sys.exit(main())
