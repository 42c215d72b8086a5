"""Benchmarks: each measure is printed with a baseline measured in the same run, and their ratio.

    .venv/bin/python bench/run.py [--rebuild]

The 10-year demo township (``demo --scale``) is built once into bench/results/ and reused.
Timings are medians of several runs; the ratio, not the absolute time, is what to compare
between machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.coldstart import Probe  # noqa: E402
from safetystation.demo import SCALE, generate  # noqa: E402
from safetystation.domain import get_spec  # noqa: E402
from safetystation.reports.monthly import FLOWS, hazard_table, monthly_report, report_periods  # noqa: E402
from safetystation.services.maintenance import open_station  # noqa: E402
from safetystation.storage.db import open_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"
UNTIL = dt.date(2026, 11, 22)


def median_ms(
    fn: Callable[[], object], repeat: int = 7, warmup: int = 1, setup: Callable[[], object] | None = None
) -> float:
    """Median wall time of ``fn`` in ms; ``setup`` runs before each call, outside the timing."""
    for _ in range(warmup):
        if setup:
            setup()
        fn()
    times = []
    for _ in range(repeat):
        if setup:
            setup()
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def report(measure: str, value: float, baseline: float, unit: str = "ms", goal: str = "") -> None:
    ratio = value / baseline if baseline else float("inf")
    print(
        f"{measure:<44} value {value:9.1f} {unit}   baseline {baseline:9.1f} {unit}   ratio {ratio:6.2f}"
        + (f"   goal {goal}" if goal else "")
    )


def scale_db(rebuild: bool) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / "scale-demo.db"
    if rebuild or not path.exists():
        for p in RESULTS.glob("scale-demo.db*"):
            p.unlink()
        db = open_database(path)
        t0 = time.perf_counter()
        counts = generate(db, until=UNTIL, **SCALE)
        db.dispose()
        print(f"built {path.name}: {sum(counts.values()):,} records in {time.perf_counter() - t0:.1f} s")
    return path


def bench_monthly(path: Path) -> None:
    """Monthly statistics (all groups, four periods, plus the 12-column table) vs raw COUNT(*) queries."""
    db = open_database(path)
    year, month = 2026, 6

    def ours() -> None:
        monthly_report(db, year, month)
        hazard_table(db, year, month)

    periods = report_periods(year, month)
    raw = sqlite3.connect(path)
    # The baseline: one hand-written COUNT(*) per figure and period over the same date ranges, with no
    # conditions, no sums, no joins — the least work any implementation must do.
    queries = [
        (
            f"SELECT COUNT(*) FROM {get_spec(f.table).table.name} WHERE {f.date} >= ? AND {f.date} < ?",
            (str(p.start), str(p.end + dt.timedelta(days=1))),
        )
        for f in FLOWS
        for p in periods.values()
    ]

    def baseline() -> None:
        for q, args in queries:
            raw.execute(q, args).fetchone()

    report("monthly statistics, 10-year demo", median_ms(ours), median_ms(baseline), goal="≤ 200 ms")
    raw.close()
    db.dispose()


def export_db(source: Path) -> Path:
    """The scale township with its hazard ledger (30 columns) padded to 100,000 rows."""
    path = RESULTS / "export-100k.db"
    if path.exists():
        return path
    shutil.copy(source, path)
    con = sqlite3.connect(path)
    cols = [r[1] for r in con.execute("PRAGMA table_info(hazard)") if r[1] != "id"]
    names = ", ".join(cols)
    while con.execute("SELECT COUNT(*) FROM hazard").fetchone()[0] < 100_000:
        con.execute(
            f"INSERT INTO hazard ({names}) SELECT {names} FROM hazard LIMIT 100000 - (SELECT COUNT(*) FROM hazard)"
        )
    con.commit()
    con.close()
    return path


def bench_export(source: Path) -> None:
    """Export of a 100,000-row ledger against openpyxl write_only writing the same cells raw."""
    from openpyxl import Workbook

    from safetystation.excel.export import export_ledger
    from safetystation.services.ledger import LedgerService

    path = export_db(source)
    db = open_database(path)
    out = RESULTS / "export.xlsx"
    # The cells exactly as the export writes them (display values), prepared outside the timing.
    spec = get_spec("hazard")
    ledger = LedgerService(db)
    cols = [c for c in spec.columns if not c.hidden]
    from safetystation.domain.display import cell_value

    titles = {c.name: ledger.titles(c.ref, list(range(1, 200_000))) for c in cols if c.ref}
    rows = [
        [i + 1, *[cell_value(c, r[c.name], titles.get(c.name)) for c in cols]]
        for i, r in enumerate(row for batch in ledger.iter_rows("hazard") for row in batch)
    ]
    rows = [[float(v) if hasattr(v, "as_tuple") else v for v in r] for r in rows]

    def ours() -> None:
        export_ledger(db, "hazard", out)

    def baseline() -> None:
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("raw")
        for r in rows:
            ws.append(r)
        wb.save(RESULTS / "raw.xlsx")

    report(
        f"export {len(rows):,}-row ledger to xlsx",
        median_ms(ours, repeat=1, warmup=0) / 1000,  # minutes per run: one run each
        median_ms(baseline, repeat=1, warmup=0) / 1000,
        unit="s",
        goal="≤ 1.2×",
    )
    db.dispose()


def bench_import(tmp: Path) -> None:
    """Import of a 10,000-row workbook against calamine read + executemany of the same rows."""
    from openpyxl import Workbook
    from python_calamine import CalamineWorkbook

    from safetystation.domain.validators import credit_code_check_char
    from safetystation.excel.importer import commit_import, plan_import

    src = tmp / "10k.xlsx"
    if not src.exists():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("企业名录")
        ws.append(["辖区生产经营单位名录"])
        ws.append(
            [
                "单位名称",
                "统一社会信用代码",
                "行业类别",
                "地址",
                "法定代表人",
                "联系电话",
                "从业人数",
                "风险等级",
                "安全生产许可证有效期",
            ]
        )
        for i in range(10_000):
            body = f"91330522MA{i:07d}"
            ws.append(
                [
                    f"青石测试企业{i:05d}",
                    body + credit_code_check_char(body),
                    "工贸企业",
                    f"青石镇河口村{i % 12}组",
                    "张三",
                    "13800001111",
                    10 + i % 200,
                    "蓝黄橙红"[i % 4],
                    dt.date(2028, 1 + i % 12, 1),
                ]
            )
        wb.save(src)
    empty = tmp / "empty.db"
    if not empty.exists():
        open_station(empty).dispose()  # a new station, seeded with its defaults

    def fresh() -> Path:
        target = tmp / "import.db"
        for p in tmp.glob("import.db*"):
            p.unlink()
        shutil.copy(empty, target)
        return target

    opened = []

    def ours() -> None:
        db = opened.pop()
        commit_import(db, plan_import(db, src, "enterprise"), backup_dir=tmp / "backups")
        db.dispose()

    def setup() -> None:
        opened.append(open_database(fresh()))  # a clerk's database is already open when they import

    def baseline() -> None:
        target = fresh()
        rows = CalamineWorkbook.from_path(str(src)).get_sheet_by_name("企业名录").to_python()[2:]
        con = sqlite3.connect(target)
        now = dt.datetime.now().isoformat()
        con.executemany(
            "INSERT INTO enterprise (name, credit_code, address, legal_rep, phone, employees, status, "
            "is_key, created_at, updated_at) VALUES (?,?,?,?,?,?,'operating',0,?,?)",
            [(r[0], r[1], r[3], r[4], r[5], int(r[6]), now, now) for r in rows],
        )
        con.commit()
        con.close()

    report(
        "import 10,000-row workbook", median_ms(ours, repeat=3, setup=setup), median_ms(baseline, repeat=3), goal="≤ 2×"
    )


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def bench_ui(source: Path) -> None:
    """Open a 100,000-row ledger to first paint, RSS with it open, cold start against a bare window."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView

    from safetystation.services.ledger import LedgerService
    from ui.ledger_page import LedgerPage

    path = export_db(source)
    app = QApplication.instance() or QApplication([])
    db = open_database(path)
    ledger = LedgerService(db)
    rss_before = _rss_mb()

    def ours() -> None:
        page = LedgerPage(ledger, "hazard")
        page.resize(1366, 700)
        page.show()
        app.processEvents()
        page.grab()
        page.close()
        page.deleteLater()

    def baseline() -> None:
        view = QTableView()
        view.resize(1366, 700)
        view.show()
        app.processEvents()
        view.grab()
        view.close()
        view.deleteLater()

    report("open 100,000-row ledger to first paint", median_ms(ours), median_ms(baseline), goal="≤ 150 ms")
    page = LedgerPage(ledger, "hazard")
    page.show()
    app.processEvents()
    for row in range(0, 100_000, 5_000):  # scroll through it
        page.table.scrollTo(page.model.index(row, 0))
        app.processEvents()
    rss = _rss_mb()
    print(
        f"{'RSS with it open (scrolled through)':<44} value {rss:9.1f} MB   before {rss_before:9.1f} MB   goal ≤ 300 MB"
    )
    page.close()
    db.dispose()

    probe = Probe(sys.executable, ROOT, RESULTS)
    demo = RESULTS / "scale-demo.db"
    probe.run("ready", str(demo))  # the day's first start makes the daily backup; later starts do not
    probe.run("bare")
    runs: dict[str, list[float]] = {}
    for _ in range(7):  # interleaved, each in a fresh process: a busy moment of the machine hits all alike
        runs.setdefault("bare", []).append(probe.run("bare"))
        runs.setdefault("window", []).append(probe.run("window"))
        for name, ms in probe.marks("ready", str(demo)).items():
            runs.setdefault(name, []).append(ms)
    bare_ms = statistics.median(runs["bare"])
    # Each milestone from the launch of the interpreter (the process's exit is not counted: #17).
    report("cold start to main window on screen", statistics.median(runs["window"]), bare_ms, goal="≤ 1.5×")
    report("cold start to 首页 painted (100k-record db)", statistics.median(runs["home"]), bare_ms)
    report(
        "cold start to 首页 filled (100k-record db)",
        statistics.median(runs["filled"]),
        bare_ms,
        goal="≤ 800 ms (#17; reminders, 六有, figures)",
    )
    report("cold start to 首页 chart drawn (100k-record db)", statistics.median(runs["chart"]), bare_ms)


def bench_print(source: Path, tmp: Path) -> None:
    """Print a 1,000-row ledger to PDF against LibreOffice converting the same ledger's xlsx to PDF
    (the way a clerk gets the ledger on paper without this program)."""
    import os
    import subprocess
    import tempfile

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from safetystation.excel.export import export_ledger
    from safetystation.services.ledger import LedgerService, Query
    from ui.printing import ledger_to_pdf
    from ui.theme import install_font

    soffice = shutil.which("soffice")
    if soffice is None:
        print("print: LibreOffice (soffice) is not installed, no baseline; skipped")
        return
    app = QApplication.instance() or QApplication([])
    install_font(app)
    db = open_database(source, fallback_read_only=True)
    ledger = LedgerService(db)
    ids = [r["id"] for r in ledger.list("inspection", Query(order_by=("id",)), limit=1000)]
    query = Query(filters={"id": ids})
    xlsx = tmp / "print-1000.xlsx"
    export_ledger(db, "inspection", xlsx, query=query)
    pages = ledger_to_pdf(ledger, "inspection", tmp / "print-1000.pdf", query)
    profile = Path(tempfile.mkdtemp(prefix="lo-profile-"))

    def libreoffice() -> None:
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(tmp), str(xlsx)],
            capture_output=True, check=True, timeout=300,
        )  # fmt: skip

    ours = median_ms(lambda: ledger_to_pdf(ledger, "inspection", tmp / "print-1000.pdf", query), repeat=3)
    base = median_ms(libreoffice, repeat=3)
    report(f"print 1,000-row ledger to PDF ({pages} pages)", ours, base, goal="≤ 0.5×")
    db.dispose()
    shutil.rmtree(profile, ignore_errors=True)


READ_PROBE = """
import json, sys, time
sys.path.insert(0, {root!r})

def hwm():
    return [int(l.split()[1]) for l in open("/proc/self/status") if l.startswith("VmHWM:")][0] / 1024

def deep(rows):
    # The cell data itself: the row lists and the value objects in them (shared objects counted once).
    seen, total = set(), 0
    for row in rows:
        total += sys.getsizeof(row)
        for v in row:
            if id(v) not in seen:
                seen.add(id(v))
                total += sys.getsizeof(v)
    return total / 1024 / 1024

from safetystation.excel.reader import FileRefused, read_sheets
before = hwm()
t0 = time.perf_counter()
try:
    sheets = read_sheets(sys.argv[1])
except FileRefused as e:
    print(json.dumps({{"refused": str(e), "peak_mb": hwm() - before, "seconds": time.perf_counter() - t0}}))
    raise SystemExit(0)
took = time.perf_counter() - t0
peak = hwm() - before
print(json.dumps({{"rows": sum(len(s.rows) for s in sheets), "peak_mb": peak, "data_mb": deep(sheets[0].rows),
                  "seconds": took}}))
"""


def bench_read(tmp: Path) -> None:
    """Memory of reading a genuine 200,000-row workbook (the row limit) against its own cell data, and a
    tiny file with a huge used range (issue 15 §2): each in a fresh process."""
    import json
    import subprocess

    from openpyxl import Workbook

    big = tmp / "read-200000.xlsx"
    if not big.exists():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("企业名录")
        ws.append(
            [
                "单位名称",
                "统一社会信用代码",
                "地址",
                "从业人数",
                "联系电话",
                "风险等级",
                "负责人",
                "行业",
                "备注",
                "序号",
            ]
        )
        for i in range(199_999):
            ws.append([f"青石{i:06d}号加工厂", f"91330522MA{i:08d}", f"青石镇{i % 18 + 1}组", i % 300, f"0571-6{i:07d}",
                       "黄", f"负责人{i % 977}", "工贸", "", i])  # fmt: skip
        wb.save(big)
    far = tmp / "read-far-cell.xlsx"
    if not far.exists():
        wb = Workbook()
        wb.active["A1"] = "单位名称"
        wb.active.cell(1_048_576, 16_384, "远处")
        wb.save(far)
    probe = tmp / "read_probe.py"
    probe.write_text(READ_PROBE.format(root=str(ROOT)), encoding="utf-8")
    for path in (big, far):
        r = subprocess.run([sys.executable, str(probe), str(path)], capture_output=True, text=True, check=True)
        m = json.loads(r.stdout)
        if "refused" in m:
            print(
                f"{'read ' + path.name:<44} refused in {m['seconds']:.2f} s, peak {m['peak_mb']:.1f} MB"
                f"   goal: an answer within seconds in ≤ 300 MB ({m['refused'][:40]}…)"
            )
            continue
        print(
            f"{'read ' + path.name:<44} peak {m['peak_mb']:8.1f} MB   cell data {m['data_mb']:8.1f} MB"
            f"   ratio {m['peak_mb'] / max(m['data_mb'], 0.001):5.2f}×   {m['rows']:,} rows in {m['seconds']:.1f} s"
            "   goal ≤ about 2×"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the 10-year demo database")
    parser.add_argument(
        "--only", action="append", choices=["monthly", "export", "import", "ui", "print", "read"], help="run only these"
    )
    args = parser.parse_args()
    path = scale_db(args.rebuild)
    with sqlite3.connect(path) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        total = sum(con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables if t != "alembic_version")
    print(f"database: {path} ({total:,} records)")
    only = set(args.only or ["monthly", "export", "import", "ui", "print", "read"])
    if "monthly" in only:
        bench_monthly(path)
    if "import" in only:
        bench_import(RESULTS)
    if "export" in only:
        bench_export(path)
    if "ui" in only:
        bench_ui(path)
    if "print" in only:
        bench_print(path, RESULTS)
    if "read" in only:
        bench_read(RESULTS)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
