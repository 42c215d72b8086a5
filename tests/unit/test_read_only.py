"""Issue 15 §4–§6: reading never writes — not to a backup, a damaged file, or a file on read-only
media — and `check` tells "cannot open / busy / read-only" apart from "damaged"."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from safetystation.cli import main as cli
from safetystation.storage.backup import backup_file
from safetystation.storage.db import open_database
from tests.unit.dbsnap import corrupt

ROOT = Path(__file__).resolve().parents[2]


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file in the folder and its digest: nothing may appear, vanish or change."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


@pytest.fixture
def backup(demo_db, tmp_path) -> Path:
    made = backup_file(demo_db.path, tmp_path / "backups")
    demo_db.dispose()
    return made


@pytest.mark.parametrize(
    "args",
    [
        ["stats", "--month", "2026-10"],
        ["reminders", "--today", "2026-11-22"],
        ["compliance"],
        ["check"],
        ["export-ledger", "hazard", "-o", "{out}"],
        ["chart", "hazards", "--month", "2026-10", "-o", "{out}.png"],
    ],
    ids=lambda a: a[0],
)
def test_reading_a_backup_never_changes_it(backup, tmp_path, args):
    before = fingerprint(backup.parent)
    args = [a.replace("{out}", str(tmp_path / "out.xlsx")) for a in args]
    assert cli([*args, "--db", str(backup)]) == 0
    assert fingerprint(backup.parent) == before  # no WAL switch, no -wal/-shm, no lock file


def test_checking_a_damaged_file_changes_neither_it_nor_its_wal(demo_db, tmp_path, capsys):
    folder = tmp_path / "damaged"
    folder.mkdir()
    path = folder / "台账.db"
    # A live file with writes still in its WAL: copied while the writer holds it open.
    con = sqlite3.connect(demo_db.path)
    con.execute("PRAGMA wal_autocheckpoint=0")
    con.execute("UPDATE village SET note = 'wal 中的修改'")
    con.commit()
    shutil.copy(demo_db.path, path)
    shutil.copy(f"{demo_db.path}-wal", f"{path}-wal")
    con.close()
    corrupt(path)
    before = fingerprint(folder)
    assert cli(["check", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert "请用 restore" in err
    assert cli(["stats", "--month", "2026-10", "--db", str(path)]) == 1
    assert "损坏" in capsys.readouterr().err
    after = fingerprint(folder)
    after.pop("台账.db-shm", None)  # SQLite's shared-memory index for reading the WAL: no data in it
    assert after == before  # the WAL was not checkpointed into the damaged file, nor the file switched


def leave_hot_journal(path: Path) -> None:
    """A writer killed mid-transaction on a rollback-journal file: the journal and the half-written
    main file stay behind (3,000 villages inserted, none committed)."""
    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=DELETE")
    con.close()
    code = f"""
import os, sqlite3
con = sqlite3.connect({str(path)!r}, isolation_level=None)
con.execute("PRAGMA cache_size=1")
con.execute("BEGIN")
con.executemany("INSERT INTO village(name, kind, sort_order, created_at, updated_at) VALUES (?, 'village', 0,"
                " '2026-11-29 00:00:00', '2026-11-29 00:00:00')", [(f"村{{i}}",) for i in range(3000)])
os.kill(os.getpid(), 9)
"""
    subprocess.run([sys.executable, "-c", code], check=False)
    assert Path(f"{path}-journal").stat().st_size > 0


def test_a_hot_journal_is_recovered_not_reported(db, tmp_path, capsys):
    db.dispose()
    path = tmp_path / "interrupted.db"
    leave_hot_journal(db.path)
    shutil.copy(db.path, path)
    shutil.copy(f"{db.path}-journal", f"{path}-journal")
    assert cli(["check", "--db", str(path)]) == 0
    out = capsys.readouterr().out
    assert "已撤销上次被中断的写入" in out and "完整性检查：通过" in out
    assert sqlite3.connect(path).execute("select count(*) from village").fetchone()[0] == 0


@pytest.fixture
def read_only_mount(tmp_path):
    """A folder on a real read-only mount (root can bind-mount); skipped elsewhere, required in CI."""
    source, mount = tmp_path / "src", tmp_path / "ro"
    source.mkdir()
    mount.mkdir()
    try:
        subprocess.run(["mount", "--bind", str(source), str(mount)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as e:
        if os.environ.get("SAFETYSTATION_CI"):
            pytest.fail(f"cannot bind-mount here: {e}")
        pytest.skip("needs root to mount a read-only folder")
    try:
        subprocess.run(["mount", "-o", "remount,ro,bind", str(mount)], check=True, capture_output=True)
        yield source, mount
    finally:
        # Lazy: a connection still open in this process (the in-process CLI) must not keep it mounted.
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_read_only_media_can_be_read_checked_and_backed_up(demo_db, read_only_mount, tmp_path, capsys):
    source, mount = read_only_mount
    demo_db.dispose()
    shutil.copy(demo_db.path, source / "台账.db")  # a WAL-mode file, without -shm: the CD/USB case
    path = mount / "台账.db"
    with pytest.raises(OSError):
        (mount / "probe").write_text("x")
    assert cli(["stats", "--month", "2026-10", "--db", str(path)]) == 0
    assert cli(["check", "--db", str(path)]) == 0
    assert "完整性检查：通过" in capsys.readouterr().out
    assert cli(["backup", "--db", str(path), "--to", str(tmp_path / "copy")]) == 0
    assert len(list((tmp_path / "copy").glob("*.db"))) == 1
    window = open_database(path, fallback_read_only=True)  # what the window does: a read-only banner
    try:
        assert window.read_only
    finally:
        window.dispose()
    assert sorted(p.name for p in source.iterdir()) == ["台账.db"]


def test_a_backup_folder_on_read_only_media_is_one_chinese_line(demo_db, read_only_mount, capsys):
    """#15 §8: OSError 30 used to reach the clerk as a traceback (backup, import, restore)."""
    _, mount = read_only_mount
    path = demo_db.path
    demo_db.dispose()
    assert cli(["backup", "--db", str(path), "--to", str(mount / "备份")]) == 1
    err = capsys.readouterr().err
    assert "所在位置只读" in err and "Traceback" not in err and "Read-only" not in err


@pytest.fixture
def small_disk(tmp_path):
    """A 3 MB tmpfs (root only): a full disk, for real."""
    mount = tmp_path / "small"
    mount.mkdir()
    try:
        subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as e:
        if os.environ.get("SAFETYSTATION_CI"):
            pytest.fail(f"cannot mount a tmpfs here: {e}")
        pytest.skip("needs root to mount a small tmpfs")
    try:
        yield mount
    finally:
        # Lazy: a connection still open in this process (the in-process CLI) must not keep it mounted.
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_full_disk_loses_nothing_and_says_so(migrated_file, small_disk, capsys):
    path = small_disk / "台账.db"
    shutil.copy(migrated_file, path)
    filler = small_disk / "filler"
    # Fill the disk up to the last few KB; unbuffered, so closing it has nothing left to write (a
    # buffered file's close() raised ENOSPC again once the database grew to fill it unevenly).
    with filler.open("wb", buffering=0) as f:
        try:
            while True:
                f.write(b"\0" * 65536)
        except OSError:
            pass
    csv = small_disk.parent / "v.csv"
    csv.write_text("村(社区)名称,户数,人口\n" + "".join(f"新村{i},12,40\n" for i in range(3000)), encoding="utf-8")
    assert cli(["import", str(csv), "--ledger", "village", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert ("磁盘已满" in err or "空间" in err) and "Traceback" not in err and "disk is full" not in err, err
    filler.unlink()
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("select count(*) from village where name like '新村%'").fetchone()[0] == 0
    con.close()


def test_opening_for_work_rolls_a_hot_journal_back_first(db, tmp_path):
    """A file left with a hot rollback journal (a write killed half-way) opens for the window: the
    journal is rolled back under the writer lock, not reported as a read-only or damaged file."""
    db.dispose()
    leave_hot_journal(db.path)
    opened = open_database(db.path)
    try:
        assert not opened.read_only
    finally:
        opened.dispose()
    assert sqlite3.connect(db.path).execute("select count(*) from village").fetchone()[0] == 0
