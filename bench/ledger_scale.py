"""Benchmark of a 1,000,000-row ledger in the window's table (issue #19 "Scale"): opening it to the
first painted rows, scrolling, jumping — each as a ratio to a plain COUNT(*) over the same rows.

    .venv/bin/python bench/ledger_scale.py [--rebuild] [--rows 1000000] [--db-url URL] [--repeat 5]

The ledger is the hazards (隐患排查治理台账) of a one-year demo township, copied with SQL
``INSERT … SELECT`` until it holds ``--rows`` live rows (each copy found a day earlier than the last,
so the dates spread over years); built once into bench/results/ledger-scale.db and, with ``--db-url``
(a PostgreSQL maintenance database, as the tests take it), into the database ``ss_ledger_scale`` on
that server, and reused. Each measurement runs in a fresh process (opening the database is not
timed); the process prints its own milliseconds. Measured, interleaved, medians of ``--repeat``:

- baseline: ``SELECT count(*) FROM hazard WHERE deleted_at IS NULL`` (the rows the ledger shows);
- open: the table model built (it counts the rows) and a QTableView (1366×768, offscreen) shown,
  events processed until its first rows are painted — with a bare QTableView, and with the window's
  own ledger page (LedgerPage: filter bar, sort arrow, column widths; its village filter is put in
  pinyin order right after the first paint unless pypinyin is loaded, ~150 ms to import); goal ≤ 200 ms;
- Qt's part of it: a QTableView over an in-memory model of as many rows showing the same cells (the
  first 200 rows' texts, read before the clock starts): painting them, glyphs included;
- next 10 blocks: after opening, the scrollbar moved block by block (200 rows each) ten times,
  each time until painted;
- middle / end: after opening, the scrollbar dragged to the middle / the end, until painted;
- 10 blocks from the middle: after the jump to the middle, ten blocks further down (OFFSET paging
  read ~500,000 rows for each of these).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
SQLITE_FILE = RESULTS / "ledger-scale.db"
PG_DATABASE = "ss_ledger_scale"
UNTIL = dt.date(2026, 11, 22)
COUNT_SQL = "SELECT count(*) FROM hazard WHERE deleted_at IS NULL"
MEASURES = {
    "count": "plain COUNT(*) (baseline)",
    "open": "open to first paint (QTableView)",
    "open_page": "open to first paint (LedgerPage)",
    "qt_only": "  Qt's part: the same cells from memory",
    "next10": "next 10 blocks, scrolling",
    "middle": "jump to the middle",
    "end": "jump to the end",
    "middle10": "10 blocks from the middle",
}
GOALS = {"open": "≤ 200 ms", "open_page": "≤ 200 ms"}


# --- building --------------------------------------------------------------------------------
def _grow(db: object, rows: int, server: bool) -> int:
    """Copy the demo's hazards, each copy a day earlier, until ``rows`` live rows (one statement)."""
    from sqlalchemy import text

    from safetystation.domain import get_spec

    table = get_spec("hazard").table
    names = [c.name for c in table.columns if c.name != "id"]
    cols = ", ".join(f'"{n}"' for n in names)
    with db.session() as s:  # type: ignore[attr-defined]
        live = s.execute(text(COUNT_SQL)).scalar_one()
        seed = s.execute(text("SELECT count(*) FROM hazard")).scalar_one()
        copies = -(-(rows - live) // seed) if rows > live else 0
        shifted = "h.found_date - k.k" if server else "date(h.found_date, '-' || k.k || ' days')"
        picked = ", ".join(shifted if n == "found_date" else f'h."{n}"' for n in names)
        counter = f"WITH RECURSIVE c(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM c WHERE k < {copies}) SELECT k FROM c"
        series = f"generate_series(1, {copies}) AS k(k)" if server else f"({counter}) AS k"
        # Exactly `rows` live rows: deleted rows are copied as they are, the live ones up to the number.
        s.execute(
            text(f"INSERT INTO hazard ({cols}) SELECT {picked} FROM {series} CROSS JOIN hazard AS h ORDER BY k.k, h.id")
        )
        over = s.execute(text(COUNT_SQL)).scalar_one() - rows
        if over > 0:
            s.execute(
                text(
                    "DELETE FROM hazard WHERE id IN (SELECT id FROM hazard WHERE deleted_at IS NULL "
                    f"ORDER BY id DESC LIMIT {over})"
                )
            )
        s.commit()
        return int(s.execute(text(COUNT_SQL)).scalar_one())


def build_sqlite(rows: int, rebuild: bool) -> str:
    from sqlalchemy import text

    from safetystation.demo import generate
    from safetystation.services.maintenance import open_station

    RESULTS.mkdir(parents=True, exist_ok=True)
    if rebuild:
        for p in RESULTS.glob(SQLITE_FILE.name + "*"):
            p.unlink()
    if not SQLITE_FILE.exists():
        t0 = time.perf_counter()
        db = open_station(SQLITE_FILE)
        try:
            generate(db, until=UNTIL, years=1)
            n = _grow(db, rows, server=False)
            with db.session() as s:
                s.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        finally:
            db.dispose()
        print(f"built {SQLITE_FILE.name}: {n:,} live hazards in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return str(SQLITE_FILE)


def build_server(url: str, rows: int, rebuild: bool) -> str:
    import psycopg
    from sqlalchemy import text

    from safetystation.demo import generate
    from safetystation.services.maintenance import open_station
    from safetystation.storage.db import server_url

    admin_url = server_url(url)
    target = admin_url.set(database=PG_DATABASE).render_as_string(hide_password=False)
    params = {"dbname": admin_url.database, "user": admin_url.username, "host": admin_url.host, "port": admin_url.port}
    if admin_url.password:
        params["password"] = admin_url.password
    with psycopg.connect(**{k: v for k, v in params.items() if v is not None}, autocommit=True) as admin:
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (PG_DATABASE,)).fetchone()
        if exists and not rebuild:
            return target
        admin.execute(f'DROP DATABASE IF EXISTS "{PG_DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{PG_DATABASE}"')
    t0 = time.perf_counter()
    db = open_station(target)
    try:
        generate(db, until=UNTIL, years=1)
        n = _grow(db, rows, server=True)
        with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:  # type: ignore[attr-defined]
            conn.execute(text("VACUUM ANALYZE hazard"))  # what autovacuum does after a load this size
    finally:
        db.dispose()
    print(f"built {PG_DATABASE}: {n:,} live hazards in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return target


# --- one measurement, in this (fresh) process ------------------------------------------------
def probe(measure: str, target: str) -> float:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView
    from sqlalchemy import text

    from safetystation.services.ledger import LedgerService
    from safetystation.services.maintenance import open_station
    from ui import ledger_model

    app = QApplication([])
    db = open_station(target)
    if measure == "count":
        t0 = time.perf_counter()
        with db.session() as s:
            s.execute(text(COUNT_SQL)).scalar_one()
        return (time.perf_counter() - t0) * 1000

    painted: list[int] = []

    class Painted(QTableView):
        def paintEvent(self, e):  # noqa: N802, ANN001
            super().paintEvent(e)
            painted.append(self.rowAt(0))

    def until_painted(view: QTableView, row: int) -> None:
        deadline = time.perf_counter() + 120
        while not painted or abs(painted[-1] - row) > 1:  # (the last row may show only in part)
            app.processEvents()
            if time.perf_counter() > deadline:
                raise TimeoutError(f"row {row} never painted ({painted[-3:]})")

    ledger = LedgerService(db)
    if measure == "qt_only":
        return _qt_only(app, ledger, Painted, until_painted)
    import ui.ledger_page as pages  # (imported with the window, before any ledger is opened)

    t0 = time.perf_counter()
    if measure == "open_page":
        pages.QTableView = Painted  # type: ignore[attr-defined,misc]  # the page's own table, observed
        page = pages.LedgerPage(ledger, "hazard")
        page.resize(1366, 768)
        page.show()
        view: QTableView = page.table
        model = page.model
    else:
        model = ledger_model.LedgerTableModel(ledger, "hazard")
        view = Painted()
        view.setModel(model)
        view.resize(1366, 768)
        view.show()
    until_painted(view, 0)
    opened = (time.perf_counter() - t0) * 1000
    assert model.rowCount() > 0 and model._blocks, "nothing was read"
    bar = view.verticalScrollBar()

    def go(row: int) -> None:
        bar.setValue(row)  # (scrolling by item: the bar's value is the top row)
        until_painted(view, bar.value())

    if measure in ("open", "open_page"):
        return opened
    block = ledger_model.BLOCK
    t0 = time.perf_counter()
    if measure == "next10":
        for k in range(1, 11):
            go(k * block)
    elif measure == "middle":
        go(model.rowCount() // 2)
    elif measure == "end":
        go(bar.maximum())
    elif measure == "middle10":
        middle = model.rowCount() // 2 // block * block
        go(middle)
        t0 = time.perf_counter()
        for k in range(1, 11):
            go(middle + k * block)
    else:
        raise SystemExit(f"unknown measure {measure}")
    elapsed = (time.perf_counter() - t0) * 1000
    reads = list(model.reads)
    print("reads: " + "; ".join(reads[-3:]), file=sys.stderr)
    return elapsed


def _qt_only(app: object, ledger: object, view_class: type, until_painted: object) -> float:
    from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

    from ui import ledger_model

    model = ledger_model.LedgerTableModel(ledger, "hazard")  # type: ignore[arg-type]
    n, columns = model.rowCount(), len(model.columns)
    cells = [[model.data(model.index(r, c)) for c in range(columns)] for r in range(min(n, ledger_model.BLOCK))]

    class Memory(QAbstractTableModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: N802, ANN001, ANN202, B008
            return 0 if parent.isValid() else n

        def columnCount(self, parent=QModelIndex()):  # noqa: N802, ANN001, ANN202, B008
            return 0 if parent.isValid() else columns

        def data(self, index, role=Qt.ItemDataRole.DisplayRole):  # noqa: ANN001, ANN202
            if role != Qt.ItemDataRole.DisplayRole:
                return None
            return cells[index.row() % len(cells)][index.column()]

        def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802, ANN001, ANN202
            return model.headerData(section, orientation, role)

    t0 = time.perf_counter()
    view = view_class()
    view.setModel(Memory())
    view.resize(1366, 768)
    view.show()
    until_painted(view, 0)  # type: ignore[operator]
    return (time.perf_counter() - t0) * 1000


# --- the run ---------------------------------------------------------------------------------
def measure_all(name: str, target: str, repeat: int) -> None:
    def once(measure: str) -> float:
        cmd = [sys.executable, __file__, "--probe", measure, "--target", target]
        out = subprocess.run(cmd, check=True, capture_output=True, text=True, cwd=ROOT)
        return float(out.stdout.strip().splitlines()[-1])

    for m in MEASURES:  # warm the page cache, the font cache and the server
        once(m)
    times: dict[str, list[float]] = {m: [] for m in MEASURES}
    for _ in range(repeat):  # interleaved: a busy moment of the machine hits all alike
        for m in MEASURES:
            times[m].append(once(m))
    base = statistics.median(times["count"])
    print(f"{name}: load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores, medians of {repeat}")
    for m, label in MEASURES.items():
        value = statistics.median(times[m])
        goal = f"   goal {GOALS[m]}" if m in GOALS else ""
        print(
            f"  {label:<40} value {value:9.1f} ms   baseline {base:9.1f} ms   ratio {value / base:6.2f}   "
            f"(min {min(times[m]):.1f}, max {max(times[m]):.1f}){goal}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--db-url", help="also on this PostgreSQL server (a maintenance database's URL)")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--only", choices=["sqlite", "postgresql"])
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    parser.add_argument("--target", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        print(f"{probe(args.probe, args.target):.3f}")
        return 0
    if args.only != "postgresql":
        measure_all(f"SQLite, {args.rows:,} hazards", build_sqlite(args.rows, args.rebuild), args.repeat)
    if args.db_url and args.only != "sqlite":
        target = build_server(args.db_url, args.rows, args.rebuild)
        measure_all(f"PostgreSQL, {args.rows:,} hazards", target, args.repeat)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
