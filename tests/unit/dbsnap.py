"""Database files in tests: the whole content as SQL lines (what 'unchanged' and 'identical' mean),
and damaging a file the way a bad sector or a virus would."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path


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
