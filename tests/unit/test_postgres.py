"""The shared PostgreSQL mode (#19): opening by URL, the command line, backups with pg_dump, and what
replaces the file's one-writer lock — several writers at once, optimistic concurrency on edits (two
clerks editing one record get a conflict, never a silent overwrite), and a client killed mid-import
leaving nothing half-written. Needs ``--db-url`` (``.ci/run`` starts a server; skipped without it)."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

from safetystation.domain import get_spec
from safetystation.domain.system import AuditLog
from safetystation.errors import UserError
from safetystation.services.ledger import EditConflict, LedgerService
from safetystation.services.operators import Operator
from safetystation.storage.db import Database, head_revision, open_database

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.postgres
AL = AuditLog.__table__  # type: ignore[attr-defined]


@pytest.fixture(autouse=True)
def _needs_server(pg_server):
    if pg_server is None:
        pytest.skip("needs a PostgreSQL server: --db-url (see README, 测试)")


@pytest.fixture
def blank_url(pg_server):
    """The URL of a new, empty database on the server (an administrator's ``createdb``)."""
    name = pg_server.blank()
    yield pg_server.url_of(name)
    pg_server.drop(name)


def cli(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safetystation", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


def count(db: Database, table: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(text(f'SELECT count(*) FROM "{table}"')).scalar_one())


def audits(db: Database, ledger: str) -> int:
    with db.engine.connect() as conn:
        return int(conn.execute(select(func.count()).where(AL.c.ledger == ledger)).scalar_one())


def test_the_fixture_database_is_on_the_server(db):
    assert db.is_server and db.path is None
    assert db.engine.dialect.name == "postgresql"
    assert db.location.startswith("postgresql://") and db.engine.url.database in db.location


def test_a_new_server_database_is_migrated_and_seeded_once_and_reopens(blank_url):
    first = open_database(blank_url)
    with first.engine.connect() as conn:
        stamped = conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one()
    first.dispose()
    from safetystation.services.maintenance import open_station

    seeded = open_station(blank_url)  # already migrated: not seeded again
    again = open_station(blank_url)
    try:
        assert stamped == head_revision()
        assert count(seeded, "station") == count(again, "station")
    finally:
        seeded.dispose()
        again.dispose()


def test_a_server_database_with_other_tables_is_refused_untouched(blank_url):
    from sqlalchemy import create_engine

    from safetystation.storage.db import server_url

    engine = create_engine(server_url(blank_url))
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE payroll (id int)"))
    engine.dispose()
    with pytest.raises(UserError, match="不是安监站台账数据库"):
        open_database(blank_url)


def test_an_unreachable_server_is_a_chinese_message():
    with pytest.raises(UserError, match="连接不上|不存在"):
        open_database("postgresql://nobody@127.0.0.1:1/none")


def test_cli_init_stats_and_backup_on_a_server(blank_url, tmp_path):
    r = cli("init", "--db", blank_url, "--station", "青石镇安监站", "--town", "青石镇", "--county", "东山县")
    assert r.returncode == 0, r.stderr
    assert "数据库已就绪：postgresql" in r.stdout
    r = cli("stats", "--month", "2026-06", "--db", blank_url)
    assert r.returncode == 0, r.stderr
    assert "检查次数" in r.stdout
    for command in ("check", "restore"):
        args = ["restore", str(tmp_path / "x.db")] if command == "restore" else ["check"]
        r = cli(*args, "--db", blank_url)
        assert r.returncode == 1
        assert "数据库服务器负责" in r.stderr and "pg_dump" in r.stderr
    if shutil.which("pg_dump") is None:
        pytest.skip("pg_dump (the PostgreSQL client) is not installed")
    r = cli("backup", "--db", blank_url, "--to", str(tmp_path / "bk"))
    assert r.returncode == 0, r.stderr
    (dump,) = (tmp_path / "bk").glob("*.dump")
    assert dump.read_bytes()[:5] == b"PGDMP"  # pg_dump's custom format, for pg_restore
    listing = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True, check=True)
    assert "TABLE DATA public station" in listing.stdout


# --- several writers ------------------------------------------------------------------------------


def two_clerks(db: Database) -> tuple[Database, LedgerService, LedgerService]:
    """A second program on the same server database (its own engine and connections)."""
    other = open_database(db.engine.url.render_as_string(hide_password=False))
    return other, LedgerService(db, operator=Operator("甲")), LedgerService(other, operator=Operator("乙"))


def test_two_clerks_editing_one_record_get_a_conflict_not_an_overwrite(db):
    other, a, b = two_clerks(db)
    try:
        rid = a.create("village", {"name": "河口村"})
        opened_by_a = a.get("village", rid)  # both open the form
        opened_by_b = b.get("village", rid)
        b.update("village", rid, {"name": "河口社区"}, seen=opened_by_b["updated_at"])
        with pytest.raises(EditConflict, match="已被“乙”于.*修改过.*没有保存"):
            a.update("village", rid, {"name": "河口新村"}, seen=opened_by_a["updated_at"])
        assert a.get("village", rid)["name"] == "河口社区"  # B's change stands
        assert [h.action for h in a.history("village", rid)].count("修改") == 1
        # A reopens the record and saves again: now it is A's turn.
        fresh = a.get("village", rid)
        a.update("village", rid, {"name": "河口新村"}, seen=fresh["updated_at"])
        assert b.get("village", rid)["name"] == "河口新村"
    finally:
        other.dispose()


def test_a_save_racing_another_transaction_is_a_conflict(db):
    """B's transaction holds the row; A reads the old version and waits on the row lock; when B
    commits, A's UPDATE (of the version A read) matches nothing: a conflict, B's change kept."""
    other, a, _b = two_clerks(db)
    rid = a.create("village", {"name": "龙潭村"})
    t = get_spec("village").table
    outcome: list[BaseException | None] = []
    try:
        with other.engine.connect() as conn:
            tx = conn.begin()
            conn.execute(update(t).where(t.c.id == rid).values(name="龙潭社区", updated_at=func.now(), updated_by="乙"))

            def save() -> None:
                try:
                    a.update("village", rid, {"name": "龙潭新村"})
                    outcome.append(None)
                except BaseException as e:  # handed to the test's thread
                    outcome.append(e)

            worker = threading.Thread(target=save)
            worker.start()
            deadline = time.monotonic() + 20
            while time.monotonic() < deadline:  # until A waits on B's row lock
                waiting = conn.execute(
                    text("SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = :d"),
                    {"d": db.engine.url.database},
                ).scalar_one()
                if waiting:
                    break
                time.sleep(0.05)
            else:
                pytest.fail("the second save never waited for the first transaction")
            tx.commit()
        worker.join(30)
        assert len(outcome) == 1 and isinstance(outcome[0], EditConflict), outcome
        assert a.get("village", rid)["name"] == "龙潭社区"
    finally:
        other.dispose()


def test_two_imports_at_once_both_land_with_their_own_ids(db):
    other, a, b = two_clerks(db)
    n = 300
    done: dict[str, list[int]] = {}
    errors: list[BaseException] = []

    def run(service: LedgerService, name: str) -> None:
        try:
            with service.db.session() as s:
                done[name] = service.bulk_insert(s, "village", [{"name": f"{name}村{i:03d}"} for i in range(n)])
                time.sleep(0.2)  # both transactions open at once
                s.commit()
        except BaseException as e:
            errors.append(e)

    try:
        workers = [threading.Thread(target=run, args=(svc, name)) for svc, name in ((a, "甲"), (b, "乙"))]
        for w in workers:
            w.start()
        for w in workers:
            w.join(60)
        assert not errors, errors
        assert len(set(done["甲"]) | set(done["乙"])) == 2 * n
        assert audits(db, "village") == 2 * n
        assert a.create("village", {"name": "之后新增村"}) not in done["甲"] + done["乙"]  # the sequence moved on
    finally:
        other.dispose()


KILLED_IMPORT = textwrap.dedent(
    """
    import sys, time
    from safetystation.services.ledger import LedgerService
    from safetystation.services.operators import Operator
    from safetystation.storage.db import open_database

    db = open_database(sys.argv[1])
    service = LedgerService(db, operator=Operator("导入员"))
    with db.session() as s:
        service.bulk_insert(s, "village", [{"name": f"导入村{i:04d}"} for i in range(2000)])
        print("inserted", flush=True)
        time.sleep(120)  # killed here, before the commit
        s.commit()
    """
)


def test_a_client_killed_mid_import_leaves_nothing_half_written(db):
    url = db.engine.url.render_as_string(hide_password=False)
    before, before_audits = count(db, "village"), audits(db, "village")
    with subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, url], cwd=ROOT, stdout=subprocess.PIPE, text=True
    ) as proc:
        try:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "inserted"  # 2,000 rows and their audit rows sent
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(30)
        finally:
            if proc.poll() is None:
                proc.kill()
    # The server rolls the dead client's transaction back: no village, no audit row, no lock left.
    ledger = LedgerService(db, operator=Operator("测试员"))
    rid = ledger.create("village", {"name": "导入村0000"})  # would wait or collide if anything were left
    assert count(db, "village") == before + 1
    assert audits(db, "village") == before_audits + 1
    assert ledger.get("village", rid)["name"] == "导入村0000"
