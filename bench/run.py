"""Benchmarks: each measure is printed with a baseline measured in the same run, and their ratio.

    .venv/bin/python bench/run.py [--rebuild]

The 10-year demo township (``demo --scale``) is built once into bench/results/ and reused.
Timings are medians of several runs; the ratio, not the absolute time, is what to compare
between machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from safetystation.demo import SCALE, generate  # noqa: E402
from safetystation.domain import get_spec  # noqa: E402
from safetystation.reports.monthly import FLOWS, hazard_table, monthly_report, report_periods  # noqa: E402
from safetystation.storage.db import open_database  # noqa: E402

RESULTS = ROOT / "bench" / "results"
UNTIL = dt.date(2026, 11, 22)


def median_ms(fn: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(repeat):
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rebuild", action="store_true", help="rebuild the 10-year demo database")
    args = parser.parse_args()
    path = scale_db(args.rebuild)
    with sqlite3.connect(path) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        total = sum(con.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in tables if t != "alembic_version")
    print(f"database: {path} ({total:,} records)")
    bench_monthly(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
