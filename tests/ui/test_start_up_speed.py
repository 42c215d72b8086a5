"""What keeps the start (#17) and a ledger's first paint (#19 scale) fast, pinned so that it cannot
silently come back: each check runs in a fresh interpreter, where nothing was imported or collected
before (in this test process pypinyin, ui.printing and the collector's state are whatever earlier tests
left).

- a ledger page is painted before pypinyin (0.15 s) and ui.printing are imported; its village filter
  holds every village from the start, in pinyin order right after the first paint, and a village
  chosen before then stays chosen;
- the start-up (ui.app.open_into) pauses the cyclic garbage collector while it imports the core, and
  runs it again with what was loaded set apart (frozen) before any dialog — also when it gives up.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from safetystation.services.ledger import LedgerService

ROOT = Path(__file__).resolve().parents[2]


def _child(code: str, tmp_path: Path, *args: str) -> dict:
    """Run ``code`` in a fresh interpreter (offscreen Qt, its own settings); it prints one JSON line."""
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "SAFETYSTATION_CONFIG": str(tmp_path / "config.json"),
    }
    out = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    return json.loads(out.stdout.strip().splitlines()[-1])


LEDGER_PAGE = """
    import json, sys, time
    from PySide6.QtWidgets import QApplication
    from safetystation.services.ledger import LedgerService
    from safetystation.services.maintenance import open_station
    from ui.ledger_page import LedgerPage

    app = QApplication([])
    ledger = LedgerService(open_station(sys.argv[1]))
    page = LedgerPage(ledger, "hazard")
    box = page.filters["village_id"]
    built = {
        "pypinyin": "pypinyin" in sys.modules,
        "printing": "ui.printing" in sys.modules,
        "villages": sorted(box.itemData(i) for i in range(1, box.count())),
    }
    chosen = box.itemData(box.count() - 1)  # the last one the database gave
    page.set_filter("village_id", chosen)  # as a chart or a reminder opens the ledger on a village
    if sys.argv[2] == "popup":  # the list opened before anything was painted
        box.showPopup()
        built["in_order_when_opened"] = not page._refs_unsorted
        box.hidePopup()
    page.resize(1200, 700)
    page.show()
    deadline = time.monotonic() + 30
    while "pypinyin" not in sys.modules or page._refs_unsorted:  # painted, then put in order
        app.processEvents()
        assert time.monotonic() < deadline, "the village list was never put in order"
    from safetystation.pinyin import sort_key

    names = [box.itemText(i) for i in range(1, box.count())]
    print(json.dumps({
        **built,
        "names": names,
        "in_pinyin_order": names == sorted(names, key=sort_key),
        "after": sorted(box.itemData(i) for i in range(1, box.count())),
        "chosen": box.currentData() == chosen,
        "query": page.query().filters == {"village_id": chosen},
        "documents": [a.text() for a in page.document_actions],
        "printing_after": "ui.printing" in sys.modules,
    }, ensure_ascii=False))
"""


def test_a_ledger_page_is_painted_before_pinyin_and_printing_are_loaded(demo_db, tmp_path):
    villages = sorted(LedgerService(demo_db).lookup("village").values())
    path = demo_db.path
    demo_db.dispose()  # (its writer lock) the child opens it
    got = _child(LEDGER_PAGE, tmp_path, str(path), "paint")
    assert not got["pypinyin"] and not got["printing"], got  # neither was needed to build the page
    assert got["villages"] == villages == got["after"] and len(villages) > 3  # every village, from the start
    assert got["in_pinyin_order"], got["names"]  # in order once painted
    assert got["chosen"] and got["query"], got  # the village chosen before the first paint stays chosen
    assert got["printing_after"] and any("整改通知书" in t for t in got["documents"]), got  # when asked for


def test_the_village_list_opened_before_the_first_paint_is_in_pinyin_order(demo_db, tmp_path):
    path = demo_db.path
    demo_db.dispose()
    got = _child(LEDGER_PAGE, tmp_path, str(path), "popup")
    assert not got["pypinyin"] and got["in_order_when_opened"] and got["in_pinyin_order"], got
    assert got["chosen"] and got["query"], got


START_UP = """
    import gc, json, sys
    from ui.app import open_into, parse_args, prepare_application, show_main_window

    app = prepare_application()
    window = show_main_window()
    frozen_before = gc.get_freeze_count()
    seen = {}

    def imports(event, args):  # the collector when the ledger tables are imported, and 首页's page
        if event == "import" and args[0] == "safetystation.domain":
            seen.setdefault("paused", not gc.isenabled())
        if event == "import" and args[0] == "ui.home_page":  # (after the dialogs of the start)
            seen.setdefault("running_at_home", gc.isenabled())

    sys.addaudithook(imports)
    code = open_into(window, parse_args(["--db", sys.argv[1], "--operator", sys.argv[2]]))
    app.processEvents()
    print(json.dumps({
        "code": code,
        **seen,
        "enabled": gc.isenabled(),
        "frozen": gc.get_freeze_count() - frozen_before,
        "home": type(window.stack.currentWidget()).__name__,
        "pypinyin": "pypinyin" in sys.modules,
        "printing": "ui.printing" in sys.modules,
    }))
"""


def test_the_start_pauses_the_collector_while_the_core_loads_and_sets_it_apart(demo_db, tmp_path):
    from safetystation.services.operators import OperatorService

    path = demo_db.path
    operator = OperatorService(demo_db).candidates()[0].name
    demo_db.dispose()  # the program opens it itself
    got = _child(START_UP, tmp_path, str(path), operator)
    assert got["code"] is None and got["home"] == "HomePage", got
    assert got["paused"] is True and got["running_at_home"] is True and got["enabled"] is True, got
    assert got["frozen"] > 50_000, got  # the core's modules, tables and mappers
    assert not got["pypinyin"] and not got["printing"], got  # 首页 needs neither


def test_a_start_that_gives_up_runs_the_collector_again(tmp_path):
    bad = tmp_path / "台账.db"
    bad.write_text("这不是数据库", encoding="utf-8")
    code = """
        import gc, json, sys
        from PySide6.QtWidgets import QMessageBox
        from ui.app import open_into, parse_args, prepare_application, show_main_window

        QMessageBox.critical = lambda *a, **k: None
        app = prepare_application()
        window = show_main_window()
        code = open_into(window, parse_args(["--db", sys.argv[1]]))
        print(json.dumps({"code": code, "enabled": gc.isenabled()}))
    """
    assert _child(code, tmp_path, str(bad)) == {"code": 1, "enabled": True}
