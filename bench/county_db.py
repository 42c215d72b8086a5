"""Benchmark of a county database on PostgreSQL (issue #19, "Scale"): 28 townships × 10 years in one
shared database, each township's rows behind row-level security.

    .venv/bin/python bench/county_db.py --db-url postgresql://postgres@127.0.0.1:54329/postgres
        [--rebuild] [--towns 28] [--source scale.db] [--repeat 3]

Built once (kept as the database ``safetystation_county_bench`` on that server; ``--rebuild`` makes it
again): the 10-year demo township (``demo --scale``, generated into bench/results/scale-demo.db when
no ``--source`` is given) is copied to the server as station 1 and replicated as stations 2…N — every
id and reference shifted, the station id set, each its own name and station uid — then ANALYZEd. Two
logins are made: a township's (station 1) and the county's.

Measured, each in a fresh process (the database opened and the code imported before the clock
starts), interleaved, median of ``--repeat``:

- one township's monthly figures as its own login (``township_from_db``: 月报表 + 统计表 of 2026-10,
  checked) — goal ≤ 200 ms; baseline: ``SELECT count(*)`` of every table the same login sees;
- the county's consolidated month as the county's login (``consolidate_from_db``: every township) —
  goal ≤ 1 s; baseline: the same counts over every township's rows.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

RESULTS = ROOT / "bench" / "results"
NAME = "safetystation_county_bench"
STRIDE = 10_000_000  # station k's ids are station 1's + (k - 1) × STRIDE
TOWN_LOGIN, COUNTY_LOGIN = "bench_town", "bench_county"
SKIPPED = {"alembic_version", "station_login"}
NEW_UID = "CASE key WHEN 'station_uid' THEN to_json(md5(random()::text))::text ELSE value END"


def _url(base: str, database: str, user: str | None = None) -> str:
    from sqlalchemy import make_url

    u = make_url(base).set(database=database)
    if user:
        u = u.set(username=user, password=None)
    return u.render_as_string(hide_password=False)


def _admin(base: str):  # noqa: ANN202
    import psycopg
    from sqlalchemy import make_url

    u = make_url(base)
    return psycopg.connect(
        dbname=u.database, user=u.username, password=u.password, host=u.host, port=u.port, autocommit=True
    )


def source_db(path: str | None) -> Path:
    if path:
        return Path(path)
    src = RESULTS / "scale-demo.db"
    if not src.exists():
        RESULTS.mkdir(parents=True, exist_ok=True)
        print("generating the 10-year demo township (several minutes)…", file=sys.stderr)
        subprocess.run(
            [sys.executable, "-m", "safetystation", "demo", "--scale", "--until", "2026-11-22", "--db", str(src)],
            cwd=ROOT,
            check=True,
        )
    return src


def build(base: str, source: Path, towns: int) -> None:
    import sqlite3

    from safetystation.demo import DEMO_TOWNS
    from safetystation.domain import metadata
    from safetystation.storage.db import open_database

    admin = _admin(base)
    admin.execute(f'DROP DATABASE IF EXISTS "{NAME}" WITH (FORCE)')  # type: ignore[arg-type]
    admin.execute(f'CREATE DATABASE "{NAME}"')  # type: ignore[arg-type]
    for role in (TOWN_LOGIN, COUNTY_LOGIN):
        admin.execute(f'DROP ROLE IF EXISTS "{role}"')  # type: ignore[arg-type]
        admin.execute(f'CREATE ROLE "{role}" LOGIN')  # type: ignore[arg-type]
    admin.close()
    url = _url(base, NAME)
    open_database(url).dispose()  # migrated, nothing seeded: every row comes from the source
    t0 = time.perf_counter()
    lite = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    pg = _admin(url)
    pg.autocommit = False
    present = {r[0] for r in lite.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    tables = [t for t in metadata.sorted_tables if t.name not in SKIPPED and t.name in present]
    with pg.cursor() as cur:
        cur.execute("SET session_replication_role = replica")  # references are consistent: not re-checked
        cur.execute("DELETE FROM setting")
        for t in tables:
            cols = [c.name for c in t.columns if c.name != "station_id"]
            quoted = ", ".join(f'"{c}"' for c in cols)
            with cur.copy(f'COPY "{t.name}" ({quoted}) FROM STDIN') as copy:
                for row in lite.execute(f'SELECT {quoted} FROM "{t.name}"'):
                    copy.write_row(row)
        print(f"copied station 1 in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
        for k in range(2, towns + 1):
            shift = (k - 1) * STRIDE
            for t in tables:
                cols = [c.name for c in t.columns if c.name != "station_id"]
                refs = {fk.parent.name for fk in t.foreign_keys}
                values = []
                for c in cols:
                    if t.name == "station" and c == "id":
                        values.append(str(k))
                    elif t.name == "station" and c in ("name", "town"):
                        values.append(f"'{DEMO_TOWNS[k - 1]}{'安监站' if c == 'name' else ''}'")
                    elif t.name == "setting" and c == "value":
                        values.append(NEW_UID)
                    elif c == "id" or c in refs or (t.name == "audit_log" and c == "record_id"):
                        values.append(f'"{c}" + {shift}')
                    else:
                        values.append(f'"{c}"')
                quoted = ", ".join(f'"{c}"' for c in cols)
                cur.execute(
                    f'INSERT INTO "{t.name}" ({quoted}, station_id) SELECT {", ".join(values)}, {k} '
                    f'FROM "{t.name}" WHERE station_id = 1'
                )
            print(f"  station {k} ({time.perf_counter() - t0:.0f} s)", file=sys.stderr)
        for t in tables:
            if "id" in t.c:
                top = f'(SELECT max(id) FROM "{t.name}")'
                cur.execute(f"SELECT setval(pg_get_serial_sequence('\"{t.name}\"', 'id'), {top})")
        logins = "INSERT INTO station_login (role, station_id) VALUES (%s, 1), (%s, 0)"
        cur.execute(logins, (TOWN_LOGIN, COUNTY_LOGIN))
        for role in (TOWN_LOGIN, COUNTY_LOGIN):
            cur.execute(f'GRANT USAGE ON SCHEMA public TO "{role}"')
            cur.execute(f'GRANT SELECT ON ALL TABLES IN SCHEMA public TO "{role}"')
    pg.commit()
    pg.autocommit = True
    pg.execute("ANALYZE")
    pg.close()
    print(f"built {towns} townships in {time.perf_counter() - t0:.0f} s", file=sys.stderr)


MEASURE = """
import datetime as dt, sys, time
sys.path.insert(0, {root!r})
from sqlalchemy import text
from safetystation.county.from_db import consolidate_from_db, township_from_db
from safetystation.domain import metadata
from safetystation.excel import export  # noqa: F401  (imported by those functions on first use: not timed)
from safetystation.storage.db import open_database
db = open_database({url!r}, create=False, read_only=True)
what = {what!r}
counts = "SELECT " + " + ".join(
    f'(SELECT count(*) FROM "{{t}}")' for t in metadata.tables if t not in ("station_login",)
)
t0 = time.perf_counter()
if what == "count":
    with db.engine.connect() as conn:
        n = conn.execute(text(counts)).scalar_one()
elif what == "town":
    t = township_from_db(db, year=2026, month=10, today=dt.date(2026, 11, 22))
    assert t.ok, [p.reason for p in t.problems]
    n = len(t.items)
else:
    c = consolidate_from_db(db, year=2026, month=10, today=dt.date(2026, 11, 22))
    assert all(t.ok for t in c.townships), [p.reason for p in c.problems]
    n = len(c.accepted)
print(time.perf_counter() - t0, n)
"""


def measure(url: str, what: str) -> tuple[float, int]:
    code = textwrap.dedent(MEASURE.format(root=str(ROOT), url=url, what=what))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if out.returncode != 0:
        raise SystemExit(f"{what} failed:\n{out.stderr}")
    seconds, n = out.stdout.split()
    return float(seconds), int(n)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db-url", required=True, help="a PostgreSQL server's URL (a superuser: makes a database, logins)")
    ap.add_argument("--rebuild", action="store_true")
    ap.add_argument("--towns", type=int, default=28)
    ap.add_argument("--source", help="a 10-year township database (default: bench/results/scale-demo.db)")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    admin = _admin(args.db_url)
    exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (NAME,)).fetchone() is not None
    admin.close()
    if args.rebuild or not exists:
        build(args.db_url, source_db(args.source), args.towns)
    town, county = _url(args.db_url, NAME, TOWN_LOGIN), _url(args.db_url, NAME, COUNTY_LOGIN)
    runs: dict[str, list[float]] = {k: [] for k in ("town count", "town", "county count", "county")}
    rows: dict[str, int] = {}
    for _ in range(args.repeat):
        for key, url, what in (
            ("town count", town, "count"),
            ("town", town, "town"),
            ("county count", county, "count"),
            ("county", county, "county"),
        ):
            seconds, n = measure(url, what)
            runs[key].append(seconds)
            rows[key] = n
    med = {k: statistics.median(v) * 1000 for k, v in runs.items()}
    print(
        f"county database: {rows['county count']:,} rows, {rows['county']} townships; "
        f"one township {rows['town count']:,} rows"
    )
    print(
        f"one township's month (as its login): {med['town']:.0f} ms (goal 200 ms); "
        f"COUNT(*) over its rows {med['town count']:.0f} ms; ratio {med['town'] / med['town count']:.2f}"
    )
    print(
        f"the county's consolidated month (county login): {med['county']:.0f} ms (goal 1000 ms); "
        f"COUNT(*) over every township's rows {med['county count']:.0f} ms; "
        f"ratio {med['county'] / med['county count']:.2f}"
    )


if __name__ == "__main__":
    main()
