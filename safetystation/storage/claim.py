"""The first half of opening a database file: everything done before SQLAlchemy is needed — refuse
what is not SQLite, protect the file from outputs, take the writer lock (or fall back to reading
only), roll back a write a killed program left half done, and ``PRAGMA quick_check``.

It imports neither SQLAlchemy nor the ledger tables, so the window starts it on a worker thread the
moment it knows the path, while the core is still being imported (:class:`EarlyClaim`, #17): the
quick check of a ten-year database runs in SQLite, outside Python's GIL, beside the imports.
``storage.db.open_database`` does the second half (engine, migrations, seeding) from a :class:`Claim`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from safetystation.errors import DatabaseDamaged, DatabaseError, os_reason
from safetystation.outputs import protect
from safetystation.storage.backup import connect_read_only, recover_hot_journal
from safetystation.storage.lock import DatabaseInUse, WriterLock

APP_NAME = "SafetyStation"
CHECK_TIMEOUT_S = 10.0  # how long the quick check waits for another connection's transaction


SERVER_SCHEMES = ("postgresql", "postgres")


def is_server_url(target: object) -> bool:
    """True for a database URL naming a PostgreSQL server (``postgresql://user@host/db``); a path (or a
    ``sqlite://`` URL) is a station file. Light: the window asks before SQLAlchemy is imported."""
    if not isinstance(target, str) or "://" not in target:
        return False
    return target.split("://", 1)[0].lower().split("+", 1)[0] in SERVER_SCHEMES


def default_db_path() -> Path:
    """Where the station's database lives unless ``--db`` says otherwise."""
    return platformdirs.user_data_path(APP_NAME, appauthor=False) / "safetystation.db"


@dataclass
class Claim:
    """A database file ready for its engine: checked, and locked for writing unless ``read_only``."""

    path: Path
    exists: bool  # False: a new database is being made
    read_only: bool
    lock: WriterLock | None
    in_use_elsewhere: bool  # read-only because another program holds the writer lock

    def release(self) -> None:
        if self.lock is not None:
            self.lock.release()
            self.lock = None


def claim(
    path: Path,
    *,
    create: bool = True,
    read_only: bool = False,
    backup_dir: Path | None = None,
    fallback_read_only: bool = False,
    check: bool = True,
) -> Claim:
    """Check and lock ``path`` for opening (the parameters mean what they mean for ``open_database``).
    Raises ``DatabaseError`` (``DatabaseInUse``, ``DatabaseDamaged``) with a Chinese message; holds
    nothing then."""
    _check_is_sqlite(path)
    protect(path, backup_dir)  # no report, chart or PDF may ever be written over it
    exists = path.exists() and path.stat().st_size > 0
    if not exists and not create:
        raise DatabaseError(f"数据库文件“{path}”不存在。")
    if not exists and read_only:
        raise DatabaseError(f"数据库文件“{path}”不存在，无法以只读方式打开。")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DatabaseError(f"无法创建数据目录“{path.parent}”：{os_reason(e)}") from e
    if not exists and os.name == "posix":
        # An official record readable by the clerk alone (SQLite gives its -wal/-shm the same mode).
        with contextlib.suppress(FileExistsError):
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    lock = None
    in_use_elsewhere = False
    if not read_only:
        lock = WriterLock(path)
        try:
            lock.acquire()
        except DatabaseInUse:
            if not (fallback_read_only and exists):
                raise
            lock, read_only, in_use_elsewhere = None, True, True
        except DatabaseError:  # no lock file can be made: a read-only folder, CD or write-protected stick
            if not (fallback_read_only and exists):
                raise
            lock, read_only = None, True
    try:
        if exists and not read_only:
            recover_hot_journal(path)  # a write killed half-way is rolled back before anything else
        if exists and check:
            # Checked through a connection that cannot write, before any PRAGMA: a damaged file (or its
            # WAL) is never switched, checkpointed or recovered into by merely being looked at.
            _quick_check_read_only(path)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return Claim(path, exists, read_only, lock, in_use_elsewhere)


class EarlyClaim:
    """:func:`claim` begun on a worker thread; :meth:`result` waits for it and returns the claim or
    raises what it raised, on the caller's thread."""

    def __init__(self, path: Path, **options: object) -> None:
        self.path = path
        self._claim: Claim | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(options,), name="claim-database", daemon=True)
        self._thread.start()

    def _run(self, options: dict) -> None:
        try:
            self._claim = claim(self.path, **options)
        except BaseException as e:  # handed to the caller's thread by result()
            self._error = e

    def result(self) -> Claim:
        self._thread.join()
        if self._error is not None:
            error, self._error = self._error, None
            raise error
        assert self._claim is not None
        return self._claim


def _check_is_sqlite(path: Path) -> None:
    if not path.exists() or path.stat().st_size == 0:
        return
    with path.open("rb") as fh:
        magic = fh.read(16)
    if magic != b"SQLite format 3\x00":
        raise DatabaseError(f"“{path}”不是安监站台账数据库（不是 SQLite 文件），未做任何修改。")


# Tables the start-up check leaves to the backup's full integrity check: the stored photos and scans
# (#18) are most of a station's file (1.1 GB for 5,000 photos) and reading every page of them at each
# start costs seconds on a slow disk; no record, list or report reads them.
UNCHECKED_AT_START = ("attachment_blob",)


def _quick_check_read_only(path: Path) -> None:
    """SQLite's fast structural check; a damaged file raises ``DatabaseDamaged``. A file holding
    photos is checked table by table (each with its indexes), all but UNCHECKED_AT_START."""
    try:
        con = connect_read_only(path, timeout=CHECK_TIMEOUT_S)
    except sqlite3.Error as e:
        raise explain_db_error(path, e) from e
    try:
        tables = ["sqlite_master", *(r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'"))]
        if not set(UNCHECKED_AT_START) & set(tables):
            rows = [r[0] for r in con.execute("PRAGMA quick_check(20)")]
        else:
            rows = []
            for name in tables:
                if name not in UNCHECKED_AT_START:
                    quoted = '"' + name.replace('"', '""') + '"'
                    rows += [r[0] for r in con.execute(f"PRAGMA quick_check({quoted})") if r[0] != "ok"]
            rows = rows[:20] or ["ok"]
    except sqlite3.DatabaseError as e:
        raise explain_db_error(path, e) from e
    finally:
        con.close()
    if rows != ["ok"]:
        raise DatabaseDamaged(path, "；".join(rows))


def explain_db_error(path: Path | None, e: BaseException) -> DatabaseError:
    """A Chinese message for an SQLite failure: locked, read-only, disk full, damaged."""
    orig = getattr(e, "orig", None)
    msg = str(orig) if orig is not None else str(e)
    where = f"数据库“{path}”" if path is not None else "数据库"
    if "locked" in msg or "busy" in msg:
        return DatabaseError(f"{where}正被另一个程序占用，请稍后重试；刚才的修改没有保存，请再点一次保存。")
    if "readonly" in msg or "read-only" in msg or "query_only" in msg or "query-only" in msg:
        return DatabaseError(f"{where}是只读的（文件或所在文件夹没有写权限，或以只读方式打开），修改没有保存。")
    if "disk" in msg and "full" in msg:
        return DatabaseError(f"磁盘已满，无法写入{where}，修改没有保存。请清理磁盘后再保存。")
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return DatabaseDamaged(path or Path("?"), msg)
    if "unable to open" in msg:
        return DatabaseError(f"无法打开{where}（文件或所在文件夹不存在、没有权限，或位于只读位置）。")
    if "disk i/o" in msg.lower() or "i/o error" in msg.lower():
        if path is not None and _nearly_full(path.parent):  # in WAL mode a full disk shows as an I/O error
            return DatabaseError(f"磁盘已满，无法写入{where}，修改没有保存。请清理磁盘后再保存。")
        return DatabaseError(f"{where}读写出错（磁盘或U盘可能有问题，或已被拔出），修改没有保存。")
    return DatabaseError(f"{where}读写失败（SQLite：{msg}）。")


def _nearly_full(folder: Path) -> bool:
    try:
        return shutil.disk_usage(folder).free < 1024 * 1024
    except OSError:
        return False
