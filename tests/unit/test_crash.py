"""Crash test: a bulk import killed with SIGKILL at random moments leaves a sound database holding
either the whole import or none of it — never part of it, never a broken file or backup."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from safetystation.storage.db import open_database
from safetystation.storage.safety import describe, list_backups

ROOT = Path(__file__).resolve().parents[2]
ROWS = 3000
TRIALS = 50

DRIVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from safetystation.excel.importer import commit_import, plan_import
    from safetystation.services.operators import Operator
    from safetystation.storage.db import open_database

    db = open_database(Path(sys.argv[1]))
    plan = plan_import(db, Path(sys.argv[2]), "enterprise")
    assert not plan.rejected, plan.summary()
    print("planned", flush=True)
    import time
    t0 = time.perf_counter()
    commit_import(db, plan, operator=Operator("崩溃测试"), backup_dir=Path(sys.argv[3]))
    # When the commit returned: the kill window is measured to here, not to the process's exit.
    print(f"done {time.perf_counter() - t0:.4f}", flush=True)
    """
)


def run_killed(args: list[str], ready: str, kill_after: float | None) -> tuple[bool, float]:
    """Run ``python -c args…``; once it prints ``ready``, SIGKILL it after ``kill_after`` seconds
    (None: let it finish). Returns whether it finished ("done SECONDS") and how long its work took."""
    p = subprocess.Popen([sys.executable, "-c", *args], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert p.stdout is not None and p.stdout.readline().strip() == ready
    t0 = time.perf_counter()
    if kill_after is not None:
        time.sleep(kill_after)
        os.kill(p.pid, signal.SIGKILL)
    p.wait()
    said = p.stdout.read().split()
    p.stdout.close()
    finished = bool(said) and said[0] == "done"
    return finished, float(said[1]) if finished else time.perf_counter() - t0


def _counts(path: Path) -> tuple[str, int, int]:
    con = sqlite3.connect(path)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        enterprises = con.execute("SELECT count(*) FROM enterprise").fetchone()[0]
        audited = con.execute("SELECT count(*) FROM audit_log WHERE ledger='enterprise'").fetchone()[0]
        return ok, enterprises, audited
    finally:
        con.close()


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_sigkill_during_bulk_import(migrated_file, tmp_path):
    source = tmp_path / "enterprises.csv"
    lines = ["单位名称,地址,从业人数,联系电话"]
    lines += [f"青石{i:04d}号加工厂,青石镇{i % 18 + 1}组,{i % 90 + 1},0571-6482{i:04d}" for i in range(ROWS)]
    source.write_text("\n".join(lines), encoding="utf-8")

    def run(db: Path, kill_after: float | None) -> tuple[bool, float]:
        return run_killed([DRIVER, str(db), str(source), str(tmp_path / "backups")], "planned", kill_after)

    # Calibrate: how long the write phase (backup + insert + commit) takes on this machine, up to
    # the moment commit_import returns (kills after that would only test a finished import).
    db = tmp_path / "calibrate.db"
    db.write_bytes(migrated_file.read_bytes())
    finished, write_time = run(db, None)
    assert finished
    assert _counts(db) == ("ok", ROWS, ROWS)

    rng = random.Random(20261122)
    outcomes = {"absent": 0, "present": 0}
    for trial in range(TRIALS):
        db = tmp_path / f"trial{trial}.db"
        db.write_bytes(migrated_file.read_bytes())
        run(db, rng.uniform(0, write_time))
        ok, enterprises, audited = _counts(db)
        assert ok == "ok", f"trial {trial}: {ok}"
        assert enterprises in (0, ROWS), f"trial {trial}: {enterprises} rows — a partial import"
        assert audited == enterprises, f"trial {trial}: audit trail out of step"
        outcomes["present" if enterprises else "absent"] += 1
        opened = open_database(db)  # and the program opens it normally afterwards
        opened.dispose()
    print(f"\n{TRIALS} kills over {write_time:.2f} s of writing: {outcomes}")
    # Most kills land before the commit: what is tested is the rollback, not a finished import.
    assert outcomes["absent"] >= TRIALS // 2, outcomes
    for backup in list_backups(tmp_path / "backups"):  # no half-written backup posing as a real one
        assert describe(backup).ok, backup


KEEPER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from safetystation.services import maintenance
    from safetystation.services.operators import OperatorService

    job, db_path, other = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3])
    print("ready", flush=True)
    t0 = time.perf_counter()
    if job == "backup":
        maintenance.backup_to(db_path, other)
    else:
        db = maintenance.open_station(db_path)
        head = OperatorService(db).login_by_name("陈国强")
        db.dispose()
        maintenance.restore_backup(other, db_path, by=head)
    print(f"done {time.perf_counter() - t0:.4f}", flush=True)
    """
)


@pytest.mark.slow
@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
@pytest.mark.parametrize("job", ["backup", "restore"])
def test_sigkill_during_backup_and_restore(demo_file, tmp_path, job):
    """A backup or restore killed at any moment leaves a database that check calls sound, holding
    either the old or the restored content, and no half backup that looks like a real one."""
    from safetystation.services import maintenance

    source = tmp_path / "source.db"
    source.write_bytes(demo_file.read_bytes())
    restored_from = tmp_path / "older.db"  # a backup with one village fewer: tells the two contents apart
    con = sqlite3.connect(source)
    village = con.execute("select count(*) from village").fetchone()[0]
    con.close()
    older = maintenance.backup_to(source, tmp_path / "keep")
    con = sqlite3.connect(older)
    con.execute(
        "delete from village where id = (select max(id) from village where id not in (select village_id"
        " from enterprise where village_id is not null) and id not in (select village_id from hazard"
        " where village_id is not null))"
    )
    con.commit()
    con.close()
    older.rename(restored_from)

    def run(db: Path, other: Path, kill_after: float | None) -> tuple[bool, float]:
        return run_killed([KEEPER, job, str(db), str(other)], "ready", kill_after)

    def fresh(n: int) -> Path:
        db = tmp_path / f"trial{n}" / "台账.db"
        db.parent.mkdir()
        db.write_bytes(source.read_bytes())
        return db

    calibrate = fresh(999)
    other = tmp_path / "u盘" if job == "backup" else restored_from
    finished, took = run(calibrate, other, None)
    assert finished
    rng = random.Random(20261129)
    seen = set()
    for trial in range(12):
        db = fresh(trial)
        run(db, other, rng.uniform(0, took))
        result = maintenance.check(db)
        assert result.description.ok, (trial, result.description.problems)
        villages = sqlite3.connect(db).execute("select count(*) from village").fetchone()[0]
        assert villages in (village, village - 1), (trial, villages)
        seen.add(villages)
        for folder in (tmp_path / "u盘", db.parent / "backups"):
            for backup in list_backups(folder):
                assert describe(backup).ok, backup  # a half-made backup never carries a real name
    if job == "backup":
        assert seen == {village}
