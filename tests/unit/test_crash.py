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
    from safetystation.storage.db import open_database

    db = open_database(Path(sys.argv[1]))
    plan = plan_import(db, Path(sys.argv[2]), "enterprise")
    assert not plan.rejected, plan.summary()
    print("planned", flush=True)
    commit_import(db, plan, operator="崩溃测试", backup_dir=Path(sys.argv[3]))
    print("done", flush=True)
    """
)


def _counts(path: Path) -> tuple[str, int, int]:
    con = sqlite3.connect(path)
    try:
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        enterprises = con.execute("SELECT count(*) FROM enterprise").fetchone()[0]
        audited = con.execute("SELECT count(*) FROM audit_log WHERE ledger='enterprise'").fetchone()[0]
        return ok, enterprises, audited
    finally:
        con.close()


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_sigkill_during_bulk_import(migrated_file, tmp_path):
    source = tmp_path / "enterprises.csv"
    lines = ["单位名称,地址,从业人数,联系电话"]
    lines += [f"青石{i:04d}号加工厂,青石镇{i % 18 + 1}组,{i % 90 + 1},0571-6482{i:04d}" for i in range(ROWS)]
    source.write_text("\n".join(lines), encoding="utf-8")

    def run(db: Path, kill_after: float | None) -> tuple[bool, float]:
        """Run the import; kill it ``kill_after`` seconds after planning ends.
        Returns whether it finished and how long it ran after planning."""
        p = subprocess.Popen(
            [sys.executable, "-c", DRIVER, str(db), str(source), str(tmp_path / "backups")],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert p.stdout is not None
        assert p.stdout.readline().strip() == "planned"
        t0 = time.perf_counter()
        if kill_after is not None:
            time.sleep(kill_after)
            os.kill(p.pid, signal.SIGKILL)
        p.wait()
        elapsed = time.perf_counter() - t0
        finished = p.stdout.read().strip() == "done"
        p.stdout.close()
        return finished, elapsed

    # Calibrate: how long the write phase (backup + insert + commit) takes on this machine.
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
    assert outcomes["absent"] > 0  # the kills did land inside the write phase
    for backup in list_backups(tmp_path / "backups"):  # no half-written backup posing as a real one
        assert describe(backup).ok, backup
