"""Keeping the station's file safe: describing and checking databases, daily backups with rotation,
finding the newest good backup, and restoring one.

Restore never overwrites anything unrecoverable: the backup is checked first (integrity_check,
a station database this program can read), the current file is backed up — or, when it is too
damaged for the SQLite backup API, copied aside byte for byte — and only then replaced, atomically.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from safetystation.domain import LEDGERS
from safetystation.errors import DatabaseError, os_reason
from safetystation.storage.backup import backup_file, connect_read_only, copy_checked, station_uid
from safetystation.storage.db import MIGRATIONS, _alembic_config
from safetystation.storage.lock import WriterLock

MANUAL = "手动"
DAILY = "每日"
DAMAGED = "损坏"  # a byte copy of a damaged file, kept for experts; never rotated away
# <file stem>-<station id, 8 hex; absent in backups made before 0002>-<date>-<time>-<µs>-<reason>.db
_NAME = re.compile(
    r"^(?P<stem>.+?)(?:-(?P<sid>[0-9a-f]{8}))?-(?P<date>\d{8})-(?P<time>\d{6})-(?P<us>\d{6})-(?P<reason>[^/\\]+)\.db$"
)


@dataclass
class Description:
    """What a database or backup file holds, and whether it is sound."""

    path: Path
    size: int
    created: dt.datetime  # from the backup's name, else the file's modification time
    reason: str | None  # why the backup was made (每日, 导入前, 手动…); None for a live database
    ok: bool
    problems: list[str] = field(default_factory=list)
    revision: str | None = None
    station: str | None = None
    counts: dict[str, tuple[int, int]] = field(default_factory=dict)  # ledger title → (records, in recycle bin)
    unopened: str | None = None  # why the file could not be opened (then nothing is known of its contents)

    @property
    def total(self) -> int:
        return sum(n for n, _ in self.counts.values())

    def lines(self) -> list[str]:
        head = f"{self.path.name}：{self.station or '（未填站名）'}，{self.created:%Y-%m-%d %H:%M}"
        if self.reason:
            head += f"，{self.reason}备份"
        if self.unopened:
            return [head, f"完整性检查：未能进行 — {self.unopened}"]
        out = [head, f"完整性检查：{'通过' if self.ok else '未通过 — ' + '；'.join(self.problems)}"]
        if self.counts:
            out.append(f"记录合计 {self.total} 条")
            out += [f"  {t}：{n} 条" + (f"（回收站 {d} 条）" if d else "") for t, (n, d) in self.counts.items()]
        return out


class _Name(NamedTuple):
    stem: str
    sid: str | None  # the station id the backup was made of (None: made before ids existed)
    when: dt.datetime
    reason: str


def _parse_name(path: Path) -> _Name | None:
    m = _NAME.match(path.name)
    if not m:
        return None
    when = dt.datetime.strptime(m["date"] + m["time"] + m["us"], "%Y%m%d%H%M%S%f")
    return _Name(m["stem"], m["sid"], when, m["reason"])


def describe(path: Path, *, full: bool = True) -> Description:
    """Check and summarise a database file without changing it (``full``: integrity_check, else quick_check)."""
    parsed = _parse_name(path)
    try:
        size = path.stat().st_size
        mtime = dt.datetime.fromtimestamp(path.stat().st_mtime)
    except OSError as e:
        raise DatabaseError(f"无法读取“{path}”：{os_reason(e)}") from e
    d = Description(path, size, parsed.when if parsed else mtime, parsed.reason if parsed else None, ok=False)
    with path.open("rb") as fh:
        if fh.read(16) != b"SQLite format 3\x00":
            d.problems.append("不是 SQLite 数据库文件")
            return d
    try:
        con = connect_read_only(path, timeout=2)
    except sqlite3.Error as e:
        # Not being able to open a file says nothing about its contents: not "damaged".
        text = str(e).lower()
        if "locked" in text or "busy" in text:
            d.unopened = "正被另一个程序占用，暂时无法检查，请稍后再试"
        elif "unable to open" in text or "readonly" in text or "read-only" in text or "permission" in text:
            d.unopened = "无法打开（没有读取权限、位置只读，或有未完成的写入需要先恢复）"
        else:
            d.problems.append(f"SQLite：{e}")
            return d
        d.problems.append(d.unopened)
        return d
    try:
        rows = [r[0] for r in con.execute(f"PRAGMA {'integrity_check' if full else 'quick_check'}(20)")]
        d.ok = rows == ["ok"]
        if not d.ok:
            d.problems += rows
        tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables:
            d.ok = False
            d.problems.append("不是安监站台账数据库")
            return d
        d.revision = con.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        if "station" in tables:
            row = con.execute("SELECT name FROM station WHERE deleted_at IS NULL ORDER BY id LIMIT 1").fetchone()
            d.station = row[0] if row else None
        for spec in LEDGERS.values():
            if spec.table.name in tables:
                live, binned = con.execute(
                    f'SELECT count(*) - count(deleted_at), count(deleted_at) FROM "{spec.table.name}"'
                ).fetchone()
                d.counts[spec.title] = (live, binned)
    except sqlite3.Error as e:
        d.ok = False
        d.problems.append(str(e))
    finally:
        con.close()
    return d


def readable_revision(revision: str | None) -> bool:
    """True when this program knows the revision (equal to or older than its own newest)."""
    if revision is None:
        return False
    from alembic.script import ScriptDirectory  # only when a backup is examined, not at start-up

    script = ScriptDirectory.from_config(_alembic_config(script_location=MIGRATIONS))
    try:
        script.get_revision(revision)
    except Exception:
        return False
    return True


def list_backups(folder: Path, stem: str | None = None, sid: str | None = None) -> list[Path]:
    """The program's backup files in ``folder``, newest first: of the database file named ``stem``
    if given, and then of station ``sid`` if given (backups from before station ids count as ours)."""
    if not folder.is_dir():
        return []
    found = []
    for p in folder.iterdir():
        parsed = _parse_name(p)
        if parsed and (stem is None or parsed.stem == stem) and (sid is None or parsed.sid in (sid[:8], None)):
            found.append((parsed.when, p))
    return [p for _, p in sorted(found, reverse=True)]


def newest_good_backup(folder: Path, stem: str | None = None, sid: str | None = None) -> Description | None:
    """The newest backup that passes integrity_check and this program can open."""
    for p in list_backups(folder, stem, sid):
        d = describe(p)
        if d.ok and readable_revision(d.revision):
            return d
    return None


def rotate(
    folder: Path, stem: str, sid: str | None = None, *, keep_daily: int = 30, keep_monthly: int = 12, today: dt.date
) -> list[Path]:
    """Delete old automatic backups; return what was deleted.

    Kept: every backup made by hand (手动), every copy of a damaged file (损坏), every backup of
    today, the newest backup of each of the ``keep_daily`` most recent days that have one, and the
    newest of each of the ``keep_monthly`` most recent months.
    """
    autos = []
    for p in list_backups(folder, stem, sid):
        parsed = _parse_name(p)
        assert parsed is not None
        if parsed.reason not in (MANUAL, DAMAGED):
            autos.append((parsed.when, p))
    keep: set[Path] = {p for when, p in autos if when.date() == today}
    days: dict[dt.date, Path] = {}
    months: dict[tuple[int, int], Path] = {}
    for when, p in autos:  # newest first, so the first seen per day/month is its newest
        days.setdefault(when.date(), p)
        months.setdefault((when.year, when.month), p)
    keep.update(list(days.values())[:keep_daily])
    keep.update(list(months.values())[:keep_monthly])
    deleted = []
    for part in folder.glob(f"{stem}-*.db.part*"):  # left by a crash during a backup (and its journal)
        if part.stat().st_mtime < dt.datetime.now().timestamp() - 3600:
            part.unlink(missing_ok=True)
            deleted.append(part)
    for _, p in autos:
        if p not in keep:
            p.unlink(missing_ok=True)
            deleted.append(p)
    return deleted


def clean_leftovers(db_path: Path) -> list[Path]:
    """Remove what a restore killed half-way left beside the database (``.restoring`` and its
    journal files). Only for a caller holding the writer lock: no restore can be running then."""
    gone = []
    for p in db_path.parent.glob(f"{db_path.name}.restoring*"):
        p.unlink(missing_ok=True)
        gone.append(p)
    return gone


def daily_backup(
    db_path: Path, folder: Path, *, today: dt.date | None = None, keep_daily: int = 30, keep_monthly: int = 12
) -> Path | None:
    """The start-up backup: once a day (the first start of the day), then rotation."""
    today = today or dt.date.today()
    stem, sid = db_path.stem, station_uid(db_path)
    for p in list_backups(folder, stem, sid):
        parsed = _parse_name(p)
        if parsed and parsed.reason == DAILY and parsed.when.date() == today:
            return None
    # Named for ``today`` (the day it stands for), at the time of day it is made.
    made = backup_file(db_path, folder, reason=DAILY, at=dt.datetime.combine(today, dt.datetime.now().time()))
    rotate(folder, stem, sid, keep_daily=keep_daily, keep_monthly=keep_monthly, today=today)
    return made


@dataclass
class RestoreResult:
    restored: Description
    previous: Path | None  # the backup (or raw copy) of the file that was replaced


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def restore(backup: Path, target: Path, folder: Path) -> RestoreResult:
    """Replace ``target`` with ``backup`` after checking it and backing ``target`` up into ``folder``.

    The caller must have closed its own connections to ``target``; another program holding the
    writer lock makes this fail with ``DatabaseInUse`` and nothing changes.
    """
    info = describe(backup)
    if not info.ok:
        raise DatabaseError(f"备份“{backup.name}”不能用于恢复：{'；'.join(info.problems)}。当前数据库未做任何修改。")
    if not readable_revision(info.revision):
        raise DatabaseError(f"备份“{backup.name}”由更新版本的程序创建，请先升级本程序。当前数据库未做任何修改。")
    lock = WriterLock(target)
    lock.acquire()
    try:
        previous = _save_current(target, folder)
        staging = target.with_name(target.name + ".restoring")
        staging.unlink(missing_ok=True)
        try:
            ok = copy_checked(backup, staging)
        except sqlite3.Error as e:
            staging.unlink(missing_ok=True)
            raise DatabaseError(f"从“{backup.name}”恢复失败：{e}。当前数据库未做任何修改。") from e
        if ok != "ok":
            staging.unlink(missing_ok=True)
            raise DatabaseError(f"恢复出的文件校验失败：{ok}。当前数据库未做任何修改。")
        # The old file's -wal/-shm belong to it (their content is in ``previous``); a stale WAL
        # beside the restored file would be replayed into it, so they go first.
        for suffix in ("-wal", "-shm"):
            target.with_name(target.name + suffix).unlink(missing_ok=True)
        os.replace(staging, target)
        _fsync_dir(target.parent)
    finally:
        lock.release()
    return RestoreResult(info, previous)


def _save_current(target: Path, folder: Path) -> Path | None:
    """Back up the file about to be replaced; when it is too damaged, copy its bytes aside."""
    if not target.exists() or target.stat().st_size == 0:
        return None
    try:
        return backup_file(target, folder, reason="恢复前")
    except DatabaseError:
        pass
    folder.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    raw = folder / f"{target.stem}-{stamp}-{DAMAGED}.db"
    try:
        shutil.copy2(target, raw)
        wal = target.with_name(target.name + "-wal")
        if wal.exists():
            shutil.copy2(wal, raw.with_name(raw.name + "-wal"))
    except OSError as e:
        raise DatabaseError(f"无法先保存当前数据库的副本（{os_reason(e)}），为保护数据未做恢复。") from e
    return raw
