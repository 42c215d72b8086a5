"""Issue 15 §7: a database path with URL-special characters opens exactly that file."""

from __future__ import annotations

from pathlib import Path

import pytest

from safetystation.storage.db import open_database

NAMES = ["q?mark", "a#b", "p%41c", "s;c", "空 格", "中文", "x?mode=ro&y"]


@pytest.mark.parametrize("folder", NAMES)
def test_odd_characters_in_the_path_open_that_very_file(tmp_path: Path, folder: str) -> None:
    path = tmp_path / folder / f"台账{folder}.db"
    path.parent.mkdir()
    db = open_database(path)
    try:
        assert db.path == path
        with db.session() as s:
            assert s.connection().exec_driver_sql("PRAGMA database_list").fetchall()[0][2] == str(path)
    finally:
        db.dispose()
    assert path.stat().st_size > 0
    # Nothing was created anywhere else (a "q" beside the folder, a file named up to the "?"…).
    assert sorted(p.name for p in tmp_path.iterdir()) == [folder]
    assert {p.name for p in path.parent.iterdir()} <= {
        path.name,
        path.name + ".lock",
        path.name + "-wal",
        path.name + "-shm",
    }
    again = open_database(path, create=False)
    again.dispose()
