"""Benchmark of the county consolidation (issue #19): 28 township month workbooks into 县汇总.xlsx.

    .venv/bin/python bench/county.py [--rebuild] [--towns 28]

The townships (``demo --town N``: one year each, own seed and name, each in its own new database so
each has its own station uid) are generated and exported once into bench/results/county-2026-10/
and reused. Measured, interleaved, each run in a fresh process (what a clerk's click or command
costs, Python's start and imports included):

- ours: ``python -m safetystation county consolidate FOLDER --month 2026-10 -o …`` (read, check,
  write the county workbook with its charts); goal ≤ 3 s;
- baseline: a fresh process that only opens the same files with python-calamine and lays out the
  same sheets (报送信息, 月报表, 隐患排查治理情况统计表) — reading alone, no checks, nothing written.

The peak memory (max RSS) of the consolidating process is printed too.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
FOLDER = RESULTS / "county-2026-10"
UNTIL = dt.date(2026, 10, 31)
TODAY = dt.date(2026, 11, 5)

BASELINE = """
import sys
from pathlib import Path
from python_calamine import CalamineWorkbook
wanted = {"报送信息", "月报表", "隐患排查治理情况统计表"}
n = 0
for f in sorted(Path(sys.argv[1]).glob("*.xlsx")):
    wb = CalamineWorkbook.from_path(str(f))
    for name in wb.sheet_names:
        if name in wanted:
            n += len(wb.get_sheet_by_name(name).to_python(skip_empty_area=False))
print(n)
"""


def build(towns: int, rebuild: bool) -> list[Path]:
    from safetystation.demo import DEMO_SEED, DEMO_TOWNS, generate
    from safetystation.excel.export import export_report
    from safetystation.services.maintenance import open_station

    if rebuild and FOLDER.exists():
        shutil.rmtree(FOLDER)
    FOLDER.mkdir(parents=True, exist_ok=True)
    dbs = RESULTS / "county-dbs"
    dbs.mkdir(exist_ok=True)
    files = []
    for n in range(1, towns + 1):
        out = FOLDER / f"{n:02d}-{DEMO_TOWNS[n - 1]}-2026年10月.xlsx"
        files.append(out)
        if out.exists():
            continue
        t0 = time.perf_counter()
        path = dbs / f"town{n:02d}.db"
        for p in dbs.glob(f"town{n:02d}.db*"):
            p.unlink()
        db = open_station(path)
        try:
            generate(db, until=UNTIL, years=1, seed=DEMO_SEED + n - 1, town=DEMO_TOWNS[n - 1])
            export_report(db, 2026, 10, out, today=TODAY)
        finally:
            db.dispose()
        print(f"  generated {out.name} in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
    return files


CPU: dict[str, list[float]] = {}


def run(cmd: list[str]) -> float:
    """Wall time in ms; the child's CPU time (user + system) is kept in CPU, by script: on a machine
    others are loading, wall time grows with their load and CPU time does not."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, cwd=ROOT)
    wall = (time.perf_counter() - t0) * 1000
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    CPU.setdefault(cmd[1], []).append(cpu)
    return wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rebuild", action="store_true", help="generate the township workbooks again")
    parser.add_argument("--towns", type=int, default=28)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    files = build(args.towns, args.rebuild)
    size = sum(f.stat().st_size for f in files) / 1024 / 1024
    print(f"townships: {len(files)} workbooks in {FOLDER} ({size:.1f} MB)")
    out = RESULTS / "县汇总-2026-10.xlsx"
    probe = RESULTS / "county_baseline.py"
    probe.write_text(BASELINE, encoding="utf-8")
    env_python = sys.executable
    ours_cmd = [env_python, "-m", "safetystation", "county", "consolidate", str(FOLDER), "--month", "2026-10"]
    ours_cmd += ["-o", str(out)]
    base_cmd = [env_python, str(probe), str(FOLDER)]
    os.environ.setdefault("PYTHONPATH", str(ROOT))
    run(ours_cmd)  # warm the page cache and the font cache
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # only ours has run so far
    run(base_cmd)
    ours, base = [], []
    for _ in range(args.repeat):  # interleaved: a busy moment of the machine hits both alike
        ours.append(run(ours_cmd))
        base.append(run(base_cmd))
    value, baseline = statistics.median(ours), statistics.median(base)
    print(
        f"{'county consolidate ' + str(len(files)) + ' townships':<44} value {value:9.1f} ms   baseline "
        f"{baseline:9.1f} ms   ratio {value / baseline:6.2f}   goal ≤ 3000 ms"
    )
    cpu_ours, cpu_base = statistics.median(CPU[ours_cmd[1]]), statistics.median(CPU[base_cmd[1]])
    print(
        f"{'  CPU time (user + system)':<44} value {cpu_ours:9.1f} ms   baseline {cpu_base:9.1f} ms   "
        f"ratio {cpu_ours / cpu_base:6.2f}   load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(f"{'  peak memory of a consolidation (max RSS)':<44} {peak:9.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
