"""Benchmark for photos and scans on records (#18): a station with 5,000 photos in its database file.

    .venv/bin/python bench/photos.py [--photos 5000] [--kb 200] [--keep]

Builds the demo township twice into bench/results/ — as it is (the baseline) and with ``--photos``
photos of about ``--kb`` KB each spread over its records (5,000 × 200 KB ≈ 1 GB, what ten years of a
station's drill, hazard and meeting photos come to after downscaling) — then measures, each side in
fresh processes and as a ratio against the baseline measured in the same run:

- opening a record's form that has six photos (first open in a fresh process, and warm) ≤ 100 ms;
- the monthly report (must not change: photos are never read for statistics) ≤ 200 ms;
- a backup with its checks (SQLite backup API + integrity_check of the copy, what the program does)
  of the ~1 GB file ≤ 30 s, against ``sqlite3 FILE ".backup COPY"`` of the same file.

The photos are inserted with SQL from a pool of 24 photos prepared by the program's own code
(safetystation/images.py: downscaled, thumbnailed); running the whole pipeline 5,000 times would
measure Pillow, not the database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import json
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.run import RESULTS, UNTIL, report  # noqa: E402

OWNERS = ("drill_record", "hazard", "inspection", "meeting")

CHILD = """
import json, os, statistics, sys, time
t_start = time.perf_counter()
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, {root!r})
what, path = sys.argv[1], sys.argv[2]
out = {{}}
if what == "form":
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from safetystation.services.ledger import LedgerService
    from safetystation.services.operators import Operator
    from safetystation.storage.db import open_database
    from ui.record_form import RecordDialog
    db = open_database(path)
    ledger = LedgerService(db, operator=Operator("周晓燕"))
    key, rid = sys.argv[3], int(sys.argv[4])
    times = []
    for i in range(8):
        t0 = time.perf_counter()
        d = RecordDialog(ledger, key, rid)
        d.show()
        app.processEvents()
        d.grab()  # painted, thumbnails included
        times.append((time.perf_counter() - t0) * 1000)
        d.close()
        d.deleteLater()
        app.processEvents()
        if i == 0:
            out["photos"] = d.attachments.list.count() if d.attachments else 0
    out["first"], out["warm"] = times[0], statistics.median(times[1:])
elif what == "monthly":
    from safetystation.reports.monthly import hazard_table, monthly_report
    from safetystation.storage.db import open_database
    db = open_database(path)
    times = []
    for _ in range(8):
        t0 = time.perf_counter()
        monthly_report(db, 2026, 6)
        hazard_table(db, 2026, 6)
        times.append((time.perf_counter() - t0) * 1000)
    out["first"], out["warm"] = times[0], statistics.median(times[1:])
elif what == "backup":
    from pathlib import Path
    from safetystation.storage.backup import backup_file
    t0 = time.perf_counter()
    made = backup_file(Path(path), Path(sys.argv[3]), reason="手动")
    out["seconds"] = time.perf_counter() - t0
    out["size"] = made.stat().st_size
    made.unlink()
print(json.dumps(out))
"""


def child(*args: str) -> dict:
    r = subprocess.run(
        [sys.executable, "-c", CHILD.format(root=str(ROOT)), *args], capture_output=True, text=True, timeout=900
    )
    if r.returncode != 0:
        raise SystemExit(r.stderr[-3000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def build_demo(path: Path) -> None:
    from safetystation.demo import generate
    from safetystation.storage.db import open_database

    for p in path.parent.glob(path.name + "*"):
        p.unlink()
    db = open_database(path)
    generate(db, until=UNTIL)
    db.dispose()


def photo_pool(kb: int, n: int = 24) -> list:
    """``n`` photos of about ``kb`` KB as stored (2000×1500 JPEG), prepared by safetystation/images.py."""
    from PIL import Image, ImageDraw, ImageFilter

    from safetystation.images import prepare

    rng = random.Random(18)

    def photo(i: int, grain: Image.Image) -> Any:
        im = grain.copy()
        d = ImageDraw.Draw(im, "RGBA")
        for _k in range(30):
            x, y = rng.randint(0, 1900), rng.randint(0, 1400)
            c = (rng.randint(0, 255), rng.randint(0, 255), rng.randint(0, 255), 120)
            d.rectangle((x, y, x + rng.randint(50, 600), y + rng.randint(50, 400)), fill=c)
        out = io.BytesIO()
        im.save(out, "JPEG", quality=90)
        return prepare(f"IMG_{i:04d}.jpg", out.getvalue())

    sigma = 40.0
    for _ in range(8):  # the grain that gives about the size asked for
        grain = Image.effect_noise((2000, 1500), sigma).convert("RGB").filter(ImageFilter.GaussianBlur(1.2))
        size = len(photo(0, grain).data) / 1024
        if abs(size - kb) < kb * 0.15:
            break
        sigma *= (kb / size) ** 0.8
    return [photo(i, grain) for i in range(n)]


def add_photos(path: Path, count: int, kb: int) -> tuple[str, int]:
    """Insert ``count`` photos over the records of OWNERS (six on one drill record, the one the form
    bench opens); returns that record."""
    pool = photo_pool(kb)
    con = sqlite3.connect(path)
    rng = random.Random(5000)
    ids = {o: [r[0] for r in con.execute(f"SELECT id FROM {o} WHERE deleted_at IS NULL")] for o in OWNERS}
    bare = sorted(
        set(ids["drill_record"])
        - {r[0] for r in con.execute("SELECT owner_id FROM attachment WHERE owner = 'drill_record'")}
    )
    target = ("drill_record", bare[len(bare) // 2])  # a record with no demo photo: six exactly
    ids["drill_record"].remove(target[1])  # the others' photos go elsewhere: the form shows six
    owners = [target] * 6 + [(o, rng.choice(ids[o])) for o in rng.choices(OWNERS, [3, 4, 2, 1], k=count - 6)]
    now = dt.datetime(2026, 11, 1, 8, 0).isoformat(sep=" ")
    con.execute("BEGIN")
    for n, (owner, owner_id) in enumerate(owners):
        p = pool[n % len(pool)]
        data = p.data[:-2] + n.to_bytes(4, "big") + p.data[-2:]  # each stored file distinct
        cur = con.execute(
            "INSERT INTO attachment (created_at, updated_at, created_by, updated_by, owner, owner_id, kind, name,"
            " caption, sha256, size, original_size, width, height, original_width, original_height, taken,"
            " thumbnail) VALUES (?, ?, 'bench', 'bench', ?, ?, 'image', ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?)",
            (
                now,
                now,
                owner,
                owner_id,
                f"IMG_{n:05d}.jpg",
                f"照片{n}",
                hashlib.sha256(data).hexdigest(),
                len(data),
                len(data) * 3,
                p.width,
                p.height,
                p.original_width,
                p.original_height,
                p.thumbnail,
            ),
        )
        con.execute("INSERT INTO attachment_blob (attachment_id, data) VALUES (?, ?)", (cur.lastrowid, data))
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return target


def sqlite_backup_cli(src: Path, folder: Path) -> float:
    dest = folder / "cli-copy.db"
    dest.unlink(missing_ok=True)
    t0 = time.perf_counter()
    subprocess.run(["sqlite3", str(src), f".backup '{dest}'"], check=True)
    seconds = time.perf_counter() - t0
    dest.unlink()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--photos", type=int, default=5000)
    parser.add_argument("--kb", type=int, default=200, help="size of each stored photo")
    parser.add_argument("--keep", action="store_true", help="keep the databases in bench/results")
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    plain, photos = RESULTS / "photos-baseline.db", RESULTS / "photos-5000.db"
    t0 = time.perf_counter()
    build_demo(plain)
    for p in photos.parent.glob(photos.name + "*"):
        p.unlink()
    shutil.copy(plain, photos)
    target = add_photos(photos, args.photos, args.kb)
    with sqlite3.connect(photos) as con:
        n, stored = con.execute("SELECT count(*), sum(size) FROM attachment").fetchone()
    print(
        f"built: demo {plain.stat().st_size / 2**20:.0f} MB; with {n:,} photos ({stored / 2**20:.0f} MB stored) "
        f"{photos.stat().st_size / 2**20:.0f} MB, in {time.perf_counter() - t0:.0f} s"
    )

    forms = {db: [child("form", str(db), *map(str, target)) for _ in range(3)] for db in (plain, photos)}
    assert all(r["photos"] == 6 for r in forms[photos]), forms[photos]

    def med(db: Path, key: str, runs: dict) -> float:
        return statistics.median(r[key] for r in runs[db])

    report("record form, first open (fresh process)", med(photos, "first", forms), med(plain, "first", forms))
    report(
        "record form with 6 photos, warm (5,000 in db)",
        med(photos, "warm", forms),
        med(plain, "warm", forms),
        goal="≤ 100 ms",
    )
    monthly = {db: [child("monthly", str(db)) for _ in range(3)] for db in (plain, photos)}
    report("monthly report, first (fresh process)", med(photos, "first", monthly), med(plain, "first", monthly))
    report(
        "monthly report, warm (5,000 photos in db)",
        med(photos, "warm", monthly),
        med(plain, "warm", monthly),
        goal="≤ 200 ms",
    )

    # The start-up quick_check (storage/claim.py) reads every page, photos included.
    def quick(db: Path, skip_blobs: bool = False) -> float:
        con = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        t0 = time.perf_counter()
        if skip_blobs:  # PRAGMA quick_check(TABLE): that table and its indexes only (SQLite ≥ 3.33)
            for t in tables:
                if t != "attachment_blob":
                    assert con.execute(f'PRAGMA quick_check("{t}")').fetchone()[0] == "ok"
        else:
            assert con.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        seconds = time.perf_counter() - t0
        con.close()
        return seconds * 1000

    report("start-up quick_check, whole file", quick(photos), quick(plain))
    report("start-up quick_check, all but attachment_blob", quick(photos, True), quick(plain, True))

    folder = Path(tempfile.mkdtemp(prefix="photos-bench-", dir=RESULTS))
    ours, cli = [], []
    for _ in range(2):  # interleaved: the file is in the page cache for both alike
        cli.append(sqlite_backup_cli(photos, folder))
        ours.append(child("backup", str(photos), str(folder))["seconds"])
    report(
        f"backup + integrity_check of {photos.stat().st_size / 2**30:.2f} GB",
        statistics.median(ours),
        statistics.median(cli),
        unit="s ",
        goal="≤ 30 s (baseline: sqlite3 .backup)",
    )
    shutil.rmtree(folder, ignore_errors=True)
    if not args.keep:
        for p in [*RESULTS.glob("photos-baseline.db*"), *RESULTS.glob("photos-5000.db*")]:
            p.unlink()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
