"""The one door for a station's database file: open or create it (seeding the defaults), back it
up, check it, find the newest good backup, restore one.

The window and the command line call only this module for these jobs (an import-linter contract
keeps ``ui`` away from ``safetystation.storage``), so each rule lives once: the backup folder comes
from the per-machine settings, a manual backup refuses an empty file, and only the station head may
replace a healthy database with a backup.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from safetystation.config import AppConfig
from safetystation.defaults import install_defaults
from safetystation.errors import DatabaseDamaged, UserError
from safetystation.services.operators import Operator, PermissionDenied
from safetystation.storage import safety
from safetystation.storage.backup import backup_file, dump_server, recover_hot_journal, station_uid
from safetystation.storage.claim import EarlyClaim
from safetystation.storage.db import Database, default_db_path, is_server_url, open_database
from safetystation.storage.safety import Description, RestoreResult

__all__ = [
    "Database",
    "DatabaseDamaged",
    "Description",
    "RestoreResult",
    "SERVER_KEEPS_ITS_DATA",
    "backup_folder",
    "backup_server_to",
    "backup_to",
    "check",
    "default_db_path",
    "describe",
    "is_server_url",
    "newest_good_backup",
    "open_station",
    "restore_backup",
    "start_of_day_backup",
]


def backup_folder(db_path: Path) -> Path:
    """Where this database's backups go: ``backup_dir`` of the settings, else ``backups/`` beside it."""
    return AppConfig.load().backup_folder(db_path)


def open_station(
    path: Path | str | None = None,
    *,
    create: bool = True,
    read_only: bool = False,
    fallback_read_only: bool = False,
    early: EarlyClaim | None = None,
    station_id: int | None = None,
) -> Database:
    """Open (creating, upgrading or, for reading only, strictly read-only) the station database.

    A new file gets the default pick-lists and checklists (safetystation.defaults) in the same step.
    Raises ``DatabaseDamaged`` for a file that fails the quick check, ``DatabaseInUse`` when another
    program writes (unless ``fallback_read_only``), ``UserError`` for everything else expected.
    ``early``: the checks and the lock already begun for this file (services.opening.begin_opening).
    ``station_id``: on a PostgreSQL server, the township a county login works as (#19).
    """
    if station_id is not None and not is_server_url(path):
        raise UserError("--station-id 只用于几个乡镇共用的 PostgreSQL 数据库；本机数据库文件只有一个安监站。")
    if is_server_url(path):  # a PostgreSQL server: no file, so no file lock, quick check or file backups
        assert isinstance(path, str)
        return open_database(path, create=create, read_only=read_only, seed=install_defaults, station_id=station_id)
    target = Path(path) if path is not None else default_db_path()
    folder = backup_folder(target) if str(target) != ":memory:" else None
    return open_database(
        target,
        create=create,
        read_only=read_only,
        fallback_read_only=fallback_read_only,
        backup_dir=folder,
        seed=install_defaults,
        claimed=early.result() if early is not None else None,  # raises what the checks raised
    )


def backup_to(db_path: Path, folder: Path) -> Path:
    """A manual backup (never rotated away) of ``db_path`` into ``folder``, e.g. a USB stick."""
    if not db_path.exists():
        raise UserError(f"数据库文件“{db_path}”不存在。")
    if db_path.stat().st_size == 0:  # SQLite would copy it as an empty database and call that a backup
        raise UserError(f"数据库文件“{db_path}”是空文件（0 字节），没有可备份的内容；请检查是否选错了文件。")
    return backup_file(db_path, folder, reason=safety.MANUAL)


SERVER_KEEPS_ITS_DATA = (
    "这是服务器上的共用数据库（PostgreSQL），不是本机文件：它的检查、备份和恢复由数据库服务器负责，"
    "请数据库管理员在服务器上操作，例如\n"
    "  备份：pg_dump -Fc -f 安监台账.dump postgresql://用户@服务器/数据库名\n"
    "  恢复：pg_restore --clean --if-exists -d postgresql://用户@服务器/数据库名 安监台账.dump"
)


def backup_server_to(url: str, folder: Path) -> Path:
    """A manual backup of a PostgreSQL station database into ``folder`` with ``pg_dump`` (restore it
    with ``pg_restore``); the server's regular backups are its administrator's job."""
    return dump_server(url, folder)


def start_of_day_backup(db: Database, *, today: dt.date | None = None) -> Path | None:
    """The first start of each day backs the file up and rotates the folder; None: not needed today
    (or a read-only / in-memory database). Raises ``UserError`` when it cannot be made."""
    if db.path is None or db.read_only:
        return None
    safety.clean_leftovers(db.path)  # this process holds the writer lock: no restore is running
    config = AppConfig.load()
    return safety.daily_backup(
        db.path,
        config.backup_folder(db.path),
        today=today,
        keep_daily=config.keep_daily,
        keep_monthly=config.keep_monthly,
    )


def newest_good_backup(db_path: Path) -> Description | None:
    """The newest backup of this database that passes its checks (for the guided restore)."""
    # A damaged file's station id may be unreadable: then every backup of that file name is a candidate.
    return safety.newest_good_backup(backup_folder(db_path), db_path.stem, station_uid(db_path))


def describe(path: Path, *, full: bool = True) -> Description:
    """What a database or backup file holds and whether it is sound; never changes it."""
    return safety.describe(path, full=full)


@dataclass
class CheckResult:
    """What ``check`` found: the description, and whether an interrupted write was rolled back."""

    description: Description
    recovered: bool


def check(path: Path) -> CheckResult:
    """``integrity_check`` and the record counts. A hot journal left by a killed program is rolled
    back first (as SQLite would at the next open), so it is reported as recovered, not as damage."""
    if not path.exists():
        raise UserError(f"数据库文件“{path}”不存在。")
    recovered = recover_hot_journal(path)
    return CheckResult(safety.describe(path), recovered)


def restore_backup(backup: Path, db_path: Path, *, by: Operator | None) -> RestoreResult:
    """Replace ``db_path`` with ``backup`` (checked first; the current file is backed up or, when
    damaged, copied aside). Only the station head may replace a healthy database; a damaged one has
    no readable roster, and restoring is the way out of it, so anyone may. The caller has closed
    its own connections to ``db_path``."""
    if not backup.is_file():
        raise UserError(f"备份文件“{backup}”不存在。")
    if db_path.exists() and db_path.stat().st_size > 0 and safety.describe(db_path, full=False).ok:
        if by is None:
            raise PermissionDenied("只有安监站长可以从备份恢复数据库（请先选择操作员）。")
        by.require_head("从备份恢复数据库")
    result = safety.restore(backup, db_path, backup_folder(db_path))
    open_station(db_path).dispose()  # an older backup is upgraded now, with its own backup first
    return result
