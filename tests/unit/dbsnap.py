"""Database files in tests: the whole content as SQL lines (what 'unchanged' and 'identical' mean),
damaging a file the way a bad sector or a virus would, and a station's file as an older program left it."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

from safetystation.storage.db import MIGRATIONS, open_database


def station_at(revision: str, tmp: Path) -> Path:
    """A station file migrated only up to ``revision`` (the program of that day) that keeps its books:
    its industry list holds 加油站. Returns the file; the next open_database upgrades it."""
    old = tmp / "migrations"
    later = lambda _dir, names: [n for n in names if n == "__pycache__" or n[:4].isdigit() and n[:4] > revision]  # noqa: E731
    shutil.copytree(MIGRATIONS, old, ignore=later)
    f = tmp / "station.db"
    open_database(f, script_location=old).dispose()
    con = sqlite3.connect(f)
    con.execute(
        "insert into industry (name, sort_order, high_risk, crowded, created_at, updated_at)"
        " values ('加油站', 1, 1, 0, '2025-01-01 00:00:00.000000', '2025-01-01 00:00:00.000000')"
    )
    con.commit()
    con.close()
    return f


def dump(path: Path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return list(con.iterdump())
    finally:
        con.close()


def corrupt(path: Path) -> None:
    """Overwrite pages in the middle of the file with garbage."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        for page in range(3, size // 4096, max(1, size // 4096 // 12)):
            fh.seek(page * 4096 + 100)
            fh.write(os.urandom(1500))
