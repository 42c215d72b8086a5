"""Issue 15 §1: no output path — CLI or window — can overwrite the database, its companion files,
a backup or any other SQLite file; outputs are written to a temporary file and renamed into place."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from safetystation.errors import UserError
from safetystation.outputs import refusal, write_output

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "tests" / "data" / "samples"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safetystation", *args], cwd=cwd, capture_output=True, text=True, timeout=120
    )


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def station(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("station")
    db = folder / "台账.db"
    r = run("demo", "--db", str(db), "--years", "1", "--until", "2026-11-22")
    assert r.returncode == 0, r.stderr
    r = run("backup", "--db", str(db), "--to", str(folder / "backups"))
    assert r.returncode == 0, r.stderr
    return db


def files(folder: Path) -> dict[Path, str]:
    """Every file's digest, except the ones SQLite and the writer lock manage themselves."""
    own = ("-wal", "-shm", ".lock")
    return {p: digest(p) for p in folder.rglob("*") if p.is_file() and not p.name.endswith(own)}


def targets(db: Path) -> dict[str, Path]:
    backup = next((db.parent / "backups").glob("*.db"))
    other = db.parent / "其他乡镇.db"
    if not other.exists():
        shutil.copy(db, other)
    return {
        "database": db,
        "wal": Path(f"{db}-wal"),
        "lock": Path(f"{db}.lock"),
        "backup file": backup,
        "new file in backup folder": db.parent / "backups" / "月报.xlsx",
        "another database": other,
    }


COMMANDS = {
    "export-ledger": ["export-ledger", "hazard", "-o", "{out}"],
    "export-month": ["export-month", "--month", "2026-10", "-o", "{out}"],
    "chart": ["chart", "hazards", "--month", "2026-10", "-o", "{out}"],
    "template help": ["template", "help", "-o", "{out}"],
    "import --errors": [
        "import",
        str(SAMPLES / "村级隐患自查汇总.csv"),
        "--ledger",
        "hazard",
        "--valid-only",
        "--errors",
        "{out}",
    ],
}


CASES = [(command, "database") for command in COMMANDS] + [
    ("export-month", target)
    for target in ("wal", "lock", "backup file", "new file in backup folder", "another database")
]


@pytest.mark.parametrize("command,target", CASES)
def test_an_output_path_never_overwrites_the_database_or_a_backup(station, command, target):
    out = targets(station)[target]
    existed = out.exists()
    before = files(station.parent)
    args = [a.replace("{out}", str(out)) for a in COMMANDS[command]]
    r = run(*args, "--db", str(station))
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert r.stderr.startswith("错误：不能"), r.stderr
    assert "Traceback" not in r.stderr
    assert files(station.parent) == before  # nothing written, nothing left behind
    if target == "wal":  # SQLite's own: it may come and go with each connection, but never as a report
        assert not out.exists() or not out.read_bytes().startswith(b"PK")
    else:
        assert out.exists() == existed
    con = sqlite3.connect(station)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert con.execute("select count(*) from hazard").fetchone()[0] > 0
    con.close()


def test_the_print_command_refuses_the_database_too(station):
    r = subprocess.run(
        [sys.executable, "main.py", "--print", "hazard", "--pdf", str(station), "--db", str(station)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={**__import__("os").environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert "不能" in r.stderr and "Traceback" not in r.stderr
    assert sqlite3.connect(station).execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path):
    out = tmp_path / "月报.xlsx"
    out.write_bytes(b"old report")

    def half_then_fail(tmp: Path) -> None:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk pulled out")

    with pytest.raises(RuntimeError):
        write_output(out, half_then_fail)
    assert out.read_bytes() == b"old report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["月报.xlsx"]
    write_output(out, lambda tmp: tmp.write_bytes(b"new report"))
    assert out.read_bytes() == b"new report"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["月报.xlsx"]


def test_refusals_are_chinese_and_ordinary_paths_pass(tmp_path):
    assert refusal(tmp_path / "报表.xlsx") is None
    assert "文件夹" in (refusal(tmp_path) or "")
    db = tmp_path / "x.db"
    sqlite3.connect(db).execute("create table t(a)").connection.commit()
    assert "数据库" in (refusal(db) or "")
    assert "配套文件" in (refusal(Path(f"{db}-journal")) or "")
    with pytest.raises(UserError, match="数据库"):
        write_output(db, lambda tmp: tmp.write_bytes(b"x"))


def test_operating_system_and_sqlite_errors_reach_the_clerk_in_chinese():
    import errno

    from sqlalchemy.exc import OperationalError

    from safetystation.errors import os_reason
    from safetystation.storage.db import explain_db_error

    for code in (errno.EROFS, errno.ENOSPC, errno.EACCES, errno.ENOENT, errno.EIO):
        text = os_reason(OSError(code, "English text"))
        assert not re.search("[A-Za-z]{3,}", text), text  # "U盘" is Chinese; English words are not
    for english in ("unable to open database file", "disk I/O error", "database or disk is full"):
        message = str(
            explain_db_error(Path("/媒体/台账.db"), OperationalError("SELECT", {}, sqlite3.OperationalError(english)))
        )
        assert english not in message, message
