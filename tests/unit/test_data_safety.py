"""Data safety: the writer lock, start-up quick_check, backups with rotation, restore, operators and
their rights, the recycle bin, the audit history, and clear messages for locked/read-only/full files."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlalchemy.exc import OperationalError

from safetystation.cli import main as cli
from safetystation.config import AppConfig
from safetystation.domain import LEDGERS
from safetystation.errors import DatabaseError, UserError
from safetystation.services.ledger import LedgerService
from safetystation.services.operators import (
    Operator,
    OperatorService,
    PermissionDenied,
    hash_password,
    verify_password,
)
from safetystation.storage import db as dbmod
from safetystation.storage.backup import backup_file, station_uid
from safetystation.storage.db import DatabaseDamaged, explain_db_error, open_database
from safetystation.storage.lock import DatabaseInUse, is_locked_elsewhere
from safetystation.storage.safety import (
    daily_backup,
    describe,
    list_backups,
    newest_good_backup,
    restore,
    rotate,
)
from tests.unit.dbsnap import corrupt, dump
from tests.unit.factory import make

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def holder(tmp_path):
    """A second process that opens a database for writing and keeps it open until killed."""
    procs = []

    def start(path: Path) -> subprocess.Popen:
        code = textwrap.dedent(
            f"""
            import sys, time
            from safetystation.storage.db import open_database
            db = open_database({str(path)!r})
            print("ready", flush=True)
            time.sleep(60)
            """
        )
        p = subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, stdout=subprocess.PIPE, text=True)
        assert p.stdout is not None and p.stdout.readline().strip() == "ready"
        procs.append(p)
        return p

    yield start
    for p in procs:
        p.kill()
        p.wait()
        p.stdout.close()


# --- one writer ------------------------------------------------------------------------------------


def test_a_second_process_cannot_write(db, holder):
    db.dispose()
    holder(db.path)
    assert is_locked_elsewhere(db.path)
    with pytest.raises(DatabaseInUse, match="另一个安监站台账程序"):
        open_database(db.path)
    ro = open_database(db.path, fallback_read_only=True)
    try:
        assert ro.read_only and ro.in_use_elsewhere
        assert LedgerService(ro).count("village") == 0  # reading works
        with pytest.raises(DatabaseError, match="只读"):
            LedgerService(ro).create("village", {"name": "一村"})
    finally:
        ro.dispose()


def test_the_lock_is_released_when_the_holder_dies(db, holder):
    db.dispose()
    p = holder(db.path)
    p.kill()
    p.wait()
    again = open_database(db.path)  # the OS dropped the lock with the process: no stale lock
    assert not again.read_only
    again.dispose()


def test_the_same_process_may_open_twice(db):
    second = open_database(db.path)
    assert not second.read_only
    second.dispose()
    LedgerService(db).create("village", {"name": "一村"})  # the first one still holds the lock


# --- clear messages for files that cannot be written -------------------------------------------------


def test_a_locked_database_gives_a_message_and_keeps_nothing_half_done(db, monkeypatch):
    other = sqlite3.connect(db.path, timeout=0)
    other.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(dbmod, "BUSY_TIMEOUT_MS", 200)
    quick = open_database(db.path)
    try:
        with pytest.raises(DatabaseError, match="正被另一个程序占用"):
            LedgerService(quick).create("village", {"name": "一村"})
    finally:
        other.rollback()
        other.close()
        quick.dispose()
    assert LedgerService(db).count("village") == 0


def test_disk_full_and_read_only_messages():
    full = OperationalError("INSERT", {}, sqlite3.OperationalError("database or disk is full"))
    assert "磁盘已满" in str(explain_db_error(Path("s.db"), full))
    ro = OperationalError("INSERT", {}, sqlite3.OperationalError("attempt to write a readonly database"))
    assert "只读" in str(explain_db_error(Path("s.db"), ro))
    bad = OperationalError("SELECT", {}, sqlite3.DatabaseError("database disk image is malformed"))
    assert isinstance(explain_db_error(Path("s.db"), bad), DatabaseDamaged)


# --- damaged files ---------------------------------------------------------------------------------


def test_a_damaged_database_is_refused_at_start_with_a_message(demo_db):
    path = demo_db.path
    demo_db.dispose()
    corrupt(path)
    with pytest.raises(DatabaseDamaged, match="已损坏"):
        open_database(path)
    assert not describe(path).ok


def _damage_table(path: Path, table: str) -> None:
    """Overwrite the b-tree page header of ``table``'s root page with garbage."""
    con = sqlite3.connect(path)
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)).fetchone()[0]
    con.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size)
        fh.write(b"\xff" * 12)


def test_the_start_up_check_of_a_file_with_photos_still_finds_a_damaged_ledger(db, ledger):
    """A file holding photos is checked table by table at start, the stored photos left to the backup's
    full check (storage/claim.py UNCHECKED_AT_START): damage to a ledger is still refused."""
    from safetystation.services.attachments import AttachmentService
    from tests.unit.test_attachments import jpeg

    for n in range(30):
        ledger.create("village", {"name": f"第{n}村"})
    AttachmentService(ledger).add("village", 1, name="a.jpg", data=jpeg(800, 600))
    path = db.path
    db.dispose()
    _damage_table(path, "village")
    with pytest.raises(DatabaseDamaged, match="已损坏"):
        open_database(path)


def test_the_start_up_check_leaves_the_stored_photos_to_the_full_check(db, ledger):
    from safetystation.services.attachments import AttachmentService
    from tests.unit.test_attachments import jpeg

    village = ledger.create("village", {"name": "一村"})
    AttachmentService(ledger).add("village", village, name="a.jpg", data=jpeg(900, 700))
    path = db.path
    db.dispose()
    _damage_table(path, "attachment_blob")
    open_database(path).dispose()  # opens: the photos' pages are not read at start…
    con = sqlite3.connect(path)
    try:  # …and the full check (what a backup runs) finds the damage
        with pytest.raises(sqlite3.DatabaseError, match="malformed"):
            con.execute("PRAGMA integrity_check").fetchall()
    finally:
        con.close()


def test_guided_restore_from_the_newest_good_backup(demo_db, tmp_path):
    path = demo_db.path
    folder = tmp_path / "backups"
    older = backup_file(path, folder, reason="每日")
    LedgerService(demo_db).create("village", {"name": "新村"})
    newest = backup_file(path, folder, reason="导入前")
    bad = folder / newest.name.replace("导入前", "每日").replace(newest.name[-30:-20], "9" * 10)
    shutil.copy(newest, bad)
    corrupt(bad)  # a newer but damaged backup must be passed over
    demo_db.dispose()
    want = dump(newest)
    corrupt(path)

    good = newest_good_backup(folder, path.stem)
    assert good is not None and good.path == newest and good.path != older
    result = restore(good.path, path, folder)
    assert result.previous is not None and result.previous.name.endswith("损坏.db")
    assert result.previous.stat().st_size > 0  # the damaged file is kept, never deleted
    reopened = open_database(path)
    reopened.dispose()
    assert dump(path) == want


# --- backup → wipe → restore -----------------------------------------------------------------------


@pytest.mark.parametrize("wipe", ["file deleted", "records deleted"])
def test_backup_wipe_restore_gives_every_ledger_back(demo_db, tmp_path, wipe):
    path = demo_db.path
    demo_db.dispose()
    before = dump(path)
    usb = tmp_path / "U盘"
    assert cli(["backup", "--db", str(path), "--to", str(usb)]) == 0
    (made,) = list_backups(usb)
    assert dump(made) == before
    if wipe == "file deleted":
        for p in path.parent.glob(path.name + "*"):
            if not p.name.endswith(".lock"):
                p.unlink()
    else:
        con = sqlite3.connect(path)
        con.execute("PRAGMA foreign_keys=OFF")
        for spec in LEDGERS.values():
            con.execute(f'DELETE FROM "{spec.table.name}"')
        con.commit()
        con.close()
    assert cli(["restore", str(made), "--db", str(path), "--operator", "陈国强"]) == 0
    assert dump(path) == before


def test_restore_refuses_a_bad_backup_and_changes_nothing(db, tmp_path):
    LedgerService(db).create("village", {"name": "一村"})
    want = dump(db.path)
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    with pytest.raises(DatabaseError, match="不能用于恢复"):
        restore(junk, db.path, tmp_path / "b")
    foreign = tmp_path / "foreign.db"
    sqlite3.connect(foreign).execute("CREATE TABLE t (x)").connection.commit()
    with pytest.raises(DatabaseError, match="不是安监站台账数据库"):
        restore(foreign, db.path, tmp_path / "b")
    newer = backup_file(db.path, tmp_path / "b")
    con = sqlite3.connect(newer)
    con.execute("UPDATE alembic_version SET version_num='ffff9999'")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="更新版本"):
        restore(newer, db.path, tmp_path / "b")
    assert dump(db.path) == want


def test_restore_while_another_program_writes_is_refused(db, tmp_path, holder):
    made = backup_file(db.path, tmp_path / "b")
    db.dispose()
    want = dump(db.path)
    holder(db.path)
    with pytest.raises(DatabaseInUse):
        restore(made, db.path, tmp_path / "b")
    assert dump(db.path) == want


def test_restore_needs_the_station_head(demo_db, tmp_path, capsys):
    made = backup_file(demo_db.path, tmp_path / "b")
    service = OperatorService(demo_db)
    head = next(c for c in service.candidates() if c.role == "head")
    clerk = next(c for c in service.candidates() if c.role == "staff")
    service.set_password(head.staff_id, "qs2026", by=service.login(head.staff_id))
    demo_db.dispose()
    assert cli(["restore", str(made), "--db", str(demo_db.path), "--operator", clerk.name]) == 1
    assert "只有安监站长" in capsys.readouterr().err
    assert cli(["restore", str(made), "--db", str(demo_db.path), "--operator", head.name]) == 1
    assert "密码不正确" in capsys.readouterr().err
    os.environ["SAFETYSTATION_PASSWORD"] = "qs2026"
    try:
        assert cli(["restore", str(made), "--db", str(demo_db.path), "--operator", head.name]) == 0
    finally:
        del os.environ["SAFETYSTATION_PASSWORD"]


def test_check_command(demo_db, capsys):
    demo_db.dispose()
    assert cli(["check", "--db", str(demo_db.path)]) == 0
    out = capsys.readouterr().out
    assert "完整性检查：通过" in out and "辖区生产经营单位台账：150 条" in out
    corrupt(demo_db.path)
    assert cli(["check", "--db", str(demo_db.path)]) == 1
    assert "未通过" in capsys.readouterr().out


# --- automatic backups and rotation ----------------------------------------------------------------


def test_two_stations_with_the_same_file_name_keep_their_own_backups(tmp_path):
    """#15 §12: two databases named alike (two PCs' safetystation.db, one USB backup folder) rotated
    each other's backups away: backups are keyed by the station id, not by the file name alone."""
    folder = tmp_path / "shared-backups"
    from safetystation.services import maintenance

    for town in ("甲", "乙"):
        (tmp_path / town).mkdir()
    a = maintenance.open_station(tmp_path / "甲" / "safetystation.db")
    b = maintenance.open_station(tmp_path / "乙" / "safetystation.db")
    paths = (a.path, b.path)
    a.dispose()
    b.dispose()
    uids = [station_uid(p) for p in paths]
    assert None not in uids and uids[0] != uids[1]
    legacy = folder / "safetystation-20260101-080000-000000-每日.db"  # made before station ids
    start = dt.date(2026, 10, 1)
    for i in range(40):
        for p in paths:
            assert daily_backup(p, folder, today=start + dt.timedelta(days=i), keep_daily=5, keep_monthly=1)
    shutil.copy(list_backups(folder, "safetystation", uids[0])[-1], legacy)
    mine = [list_backups(folder, "safetystation", u) for u in uids]
    assert [len(m) for m in mine] == [6, 6]  # each: its 5 newest days (the month's newest among them) + the old one
    assert set(mine[0]) & set(mine[1]) == {legacy}
    assert all(uids[0][:8] in p.name for p in mine[0] if p != legacy)
    assert all(uids[1][:8] in p.name for p in mine[1] if p != legacy)
    assert legacy in mine[0] and legacy in mine[1]  # an old unkeyed backup still counts as the file's
    good = newest_good_backup(folder, "safetystation", uids[1])
    assert good is not None and uids[1][:8] in good.path.name
    assert station_uid(good.path) == uids[1]  # the backup carries its station's id


def test_daily_backup_once_a_day(db, tmp_path):
    folder = tmp_path / "b"
    today = dt.date(2026, 11, 22)
    first = daily_backup(db.path, folder, today=today)
    assert first is not None and describe(first).ok
    assert daily_backup(db.path, folder, today=today) is None
    assert daily_backup(db.path, folder, today=today + dt.timedelta(days=1)) is not None
    assert not list(folder.glob("*-wal")) and not list(folder.glob("*.part"))  # one self-contained file each


def test_rotation_keeps_30_days_12_months_manual_and_today(tmp_path):
    folder = tmp_path / "b"
    folder.mkdir()
    today = dt.date(2026, 11, 22)
    made = []
    for days_ago in range(0, 500, 1):
        when = dt.datetime.combine(today - dt.timedelta(days=days_ago), dt.time(8, 30))
        for hour, reason in ((8, "每日"), (15, "导入前")):
            p = folder / f"s-{when.replace(hour=hour):%Y%m%d-%H%M%S}-000000-{reason}.db"
            assert p.name.endswith(f"{hour:02d}3000-000000-{reason}.db")
            p.write_bytes(b"x")
            made.append(p)
    manual = folder / "s-20240101-120000-000000-手动.db"
    manual.write_bytes(b"x")
    other_db = folder / "other-20240101-120000-000000-每日.db"
    other_db.write_bytes(b"x")
    rotate(folder, "s", today=today)
    kept = {p.name for p in list_backups(folder, "s")}

    def name(day: dt.date, hour: int, reason: str) -> str:
        return f"s-{day:%Y%m%d}-{hour:02d}3000-000000-{reason}.db"

    expected = {name(today, 8, "每日"), manual.name}  # everything of today, and what was made by hand
    expected |= {name(today - dt.timedelta(days=i), 15, "导入前") for i in range(30)}  # newest of 30 days
    month_end = today
    for _ in range(12):  # the newest of each of 12 months: the last backup of its last day
        expected.add(name(month_end, 15, "导入前"))
        month_end = month_end.replace(day=1) - dt.timedelta(days=1)
    assert kept == expected
    assert other_db.exists()  # another database's backups are not touched


# --- operators, rights, recycle bin, history -------------------------------------------------------


def test_passwords_are_hashed_with_scrypt():
    stored = hash_password("青石2026")
    assert stored.startswith("scrypt$") and "青石2026" not in stored
    assert verify_password("青石2026", stored) and not verify_password("青石2025", stored)
    assert hash_password("青石2026") != stored  # salted
    assert not verify_password("x", "garbage")


def test_login_and_set_password(demo_db):
    service = OperatorService(demo_db)
    people = service.candidates()
    assert people[0].role == "head" and all(c.role != "village_officer" for c in people)
    head = service.login(people[0].staff_id)
    clerk = service.login(people[1].staff_id)
    assert head.is_head and not clerk.is_head
    service.set_password(clerk.staff_id, "1234", by=clerk)  # one's own
    with pytest.raises(PermissionDenied, match="密码不正确"):
        service.login(clerk.staff_id, "4321")
    assert service.login(clerk.staff_id, "1234").name == clerk.name
    with pytest.raises(PermissionDenied, match="只有安监站长"):
        service.set_password(head.staff_id, "abcd", by=clerk)
    service.set_password(clerk.staff_id, None, by=head)  # the head may clear it
    assert service.login(clerk.staff_id).name == clerk.name
    stored = LedgerService(demo_db).get("staff", clerk.staff_id)["password_hash"]
    assert stored is None
    with pytest.raises(UserError, match="密码只能"):
        LedgerService(demo_db).update("staff", clerk.staff_id, {"password_hash": "plain"})
    history = LedgerService(demo_db).history("staff", clerk.staff_id)
    assert [h.action for h in history[-2:]] == ["修改密码", "修改密码"]
    assert all("1234" not in str(h.changes) for h in history)


def test_an_empty_roster_does_not_lock_anyone_out(db):
    op = OperatorService(db).anonymous()
    assert op.is_head
    assert OperatorService(db).login_by_name("张三").is_head


def test_recycle_bin_restore_and_head_only_purge(ledger):
    keep = make(ledger, "village")
    gone = make(ledger, "village")
    ledger.delete("village", gone)
    ledger.delete("village", keep)
    ledger.restore("village", keep)
    assert [(e.ledger, e.record_id) for e in ledger.recycle_bin()] == [("village", gone)]
    clerk = Operator("周晓燕", 2, is_head=False)
    with pytest.raises(PermissionDenied, match="只有安监站长"):
        ledger.purge("village", gone, by=clerk)
    with pytest.raises(UserError, match="不在回收站"):
        ledger.purge("village", keep, by=Operator("陈国强", 1, is_head=True))
    ledger.purge("village", gone, by=Operator("陈国强", 1, is_head=True))
    assert ledger.recycle_bin() == []
    history = ledger.history("village", gone)
    assert [h.action for h in history] == ["新增", "删除（移入回收站）", "彻底删除"]
    assert history[-1].operator == "陈国强" and history[-1].changes  # its last values are kept


def test_a_referenced_record_cannot_be_purged(ledger):
    enterprise = make(ledger, "enterprise")
    make(ledger, "hazard", enterprise_id=enterprise)
    ledger.delete("enterprise", enterprise)
    with pytest.raises(UserError, match="仍被其他记录引用"):
        ledger.purge("enterprise", enterprise, by=Operator("站长", 1, is_head=True))
    assert ledger.get("enterprise", enterprise)["deleted_at"] is not None


def test_history_shows_who_changed_what(ledger):
    rid = make(ledger, "enterprise")
    ledger.update("enterprise", rid, {"risk_level": "red", "employees": 45})
    ledger.delete("enterprise", rid)
    ledger.restore("enterprise", rid)
    history = ledger.history("enterprise", rid)
    assert [h.action for h in history] == ["新增", "修改", "删除（移入回收站）", "从回收站恢复"]
    assert all(h.operator == "测试员" for h in history)
    changed = {label: (old, new) for label, old, new in history[1].changes}
    assert changed["风险等级"] == ("", "红(重大风险)")
    assert changed["从业人数"][1] == "45"


# --- issue 15 §12 -----------------------------------------------------------------------------------


def test_reading_commands_work_while_another_program_writes(demo_db, holder, tmp_path):
    """reminders and template fill only read: they used to refuse while the window held the lock."""
    from tests.unit.test_template import county_template

    path = demo_db.path
    demo_db.dispose()
    assert cli(["template", "register", str(county_template(tmp_path / "t.xlsx")), "--db", str(path)]) == 0
    holder(path)
    assert cli(["reminders", "--db", str(path), "--today", "2026-11-22"]) == 0
    out = tmp_path / "上报.xlsx"
    assert cli(["template", "fill", "--month", "2026-10", "-o", str(out), "--db", str(path)]) == 0
    assert out.stat().st_size > 0
    assert cli(["template", "register", str(tmp_path / "t.xlsx"), "--db", str(path)]) == 1  # writes: refused


def test_backing_up_a_zero_byte_database_is_an_error(tmp_path, capsys):
    empty = tmp_path / "台账.db"
    empty.write_bytes(b"")
    assert cli(["backup", "--db", str(empty), "--to", str(tmp_path / "u盘")]) == 1
    assert "0 字节" in capsys.readouterr().err
    assert not (tmp_path / "u盘").exists() or not any((tmp_path / "u盘").iterdir())


@pytest.mark.skipif(os.name != "posix", reason="file modes are POSIX")
def test_a_new_database_and_its_backups_are_private(tmp_path):
    db = open_database(tmp_path / "新.db")
    try:
        LedgerService(db).create("village", {"name": "一村"})
        assert stat.S_IMODE((tmp_path / "新.db").stat().st_mode) == 0o600
        made = backup_file(db.path, tmp_path / "backups")
        assert stat.S_IMODE(made.stat().st_mode) == 0o600
    finally:
        db.dispose()


def test_the_cli_checks_the_operator_like_the_window(demo_db, tmp_path, capsys, monkeypatch):
    """#15 §11: the audit trail recorded whatever --operator said, and a head's password was skipped."""
    monkeypatch.setenv("SAFETYSTATION_CONFIG", str(tmp_path / "config.json"))
    waits: list[float] = []
    monkeypatch.setattr("safetystation.services.operators.time.sleep", waits.append)
    service = OperatorService(demo_db)
    head = next(c for c in service.candidates() if c.role == "head")
    service.set_password(head.staff_id, "qs2026", by=service.login(head.staff_id))
    csv = tmp_path / "v.csv"
    csv.write_text("村(社区)名称,户数,人口\n新村一,12,40\n", encoding="utf-8")
    path = str(demo_db.path)
    demo_db.dispose()

    def run(operator: str, password: str | None) -> int:
        if password is None:
            monkeypatch.delenv("SAFETYSTATION_PASSWORD", raising=False)
        else:
            monkeypatch.setenv("SAFETYSTATION_PASSWORD", password)
        return cli(["import", str(csv), "--ledger", "village", "--db", path, "--operator", operator])

    assert run("冒名者", None) == 1
    unknown = capsys.readouterr().err
    assert run(head.name, "wrong") == 1
    wrong = capsys.readouterr().err
    assert "不在人员名册中，或密码不正确" in unknown and "不在人员名册中，或密码不正确" in wrong
    assert head.name not in unknown  # the roster is not listed to a guesser
    for _ in range(3):
        run(head.name, "wrong")
    assert waits and waits[-1] > waits[0] >= 1  # repeated failures slow down
    assert run(head.name, "qs2026") == 0
    with sqlite3.connect(path) as con:
        assert con.execute("select created_by from village where name='新村一'").fetchone()[0] == head.name


def test_the_restore_rule_lives_in_the_maintenance_service(demo_db, tmp_path):
    """#15 'one door': a healthy database is replaced by the station head only, whoever calls;
    a damaged one (no readable roster) may be restored by anyone — restoring is the way out."""
    from safetystation.services import maintenance

    backup = maintenance.backup_to(demo_db.path, tmp_path / "u盘")
    service = OperatorService(demo_db)
    people = service.candidates()
    head = service.login(next(c for c in people if c.role == "head").staff_id)
    clerk = service.login(next(c for c in people if c.role != "head").staff_id)
    path = demo_db.path
    demo_db.dispose()
    for who in (None, clerk):
        with pytest.raises(PermissionDenied):
            maintenance.restore_backup(backup, path, by=who)
    assert maintenance.restore_backup(backup, path, by=head).previous is not None
    corrupt(path)
    assert maintenance.restore_backup(backup, path, by=None).restored.ok
    assert maintenance.check(path).description.ok


def test_leftovers_of_killed_backups_and_restores_are_cleaned(db, tmp_path):
    """#15 §12: *.part-journal, *.part-wal and *.restoring* files used to stay forever."""
    from safetystation.services import maintenance

    folder = tmp_path / "backups"
    folder.mkdir()
    old = dt.datetime(2026, 1, 1).timestamp()
    stem = db.path.stem
    stale = [folder / f"{stem}-20260101-080000-000000-每日.db.part{x}" for x in ("", "-journal", "-wal")]
    for p in stale:
        p.write_bytes(b"x")
        os.utime(p, (old, old))
    beside = [db.path.with_name(db.path.name + x) for x in (".restoring", ".restoring-journal")]
    for p in beside:
        p.write_bytes(b"x")
    AppConfig(backup_dir=str(folder)).save()
    assert maintenance.start_of_day_backup(db) is not None
    assert not any(p.exists() for p in stale + beside)


def test_imports_rotate_their_backups(db, tmp_path):
    """#15 §12: every CLI import made a 导入前 backup that no rotation ever removed."""
    folder = tmp_path / "backups"
    AppConfig(backup_dir=str(folder), keep_daily=3, keep_monthly=1).save()
    for day in range(1, 11):
        backup_file(db.path, folder, reason="导入前", at=dt.datetime(2026, 10, day, 9))
    csv = tmp_path / "v.csv"
    csv.write_text("村(社区)名称,户数,人口\n新村一,12,40\n", encoding="utf-8")
    assert cli(["import", str(csv), "--ledger", "village", "--db", str(db.path)]) == 0
    kept = sorted(p.name for p in list_backups(folder))
    assert len(kept) == 3, kept  # the newest of each of the 3 most recent days (today counts), not 11
