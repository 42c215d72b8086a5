"""One writer per database file: an OS file lock beside the database (``station.db.lock``).

The lock is held by a process for as long as it has the database open for writing. It is an OS lock
(``fcntl.flock`` / ``LockFileEx`` through filelock), so the system releases it when the process
ends in any way — a crash or a power cut never leaves a stale lock behind. Within one process the
lock is re-entrant: several ``Database`` objects on the same file share it.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout

from safetystation.errors import DatabaseError, os_reason


class DatabaseInUse(DatabaseError):
    """Another program (another window or a command) is writing this database."""

    def __init__(self, path: Path):
        super().__init__(
            f"数据库“{path}”正由另一个安监站台账程序（另一个窗口或命令）使用。"
            "两个程序不能同时修改同一个数据库：请先关闭另一个程序，或以只读方式打开。"
        )
        self.path = path


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class WriterLock:
    """The writer lock of one database file; ``acquire`` fails at once if another process holds it."""

    def __init__(self, db_path: Path):
        self.db_path = db_path
        self._lock = FileLock(lock_path(db_path.resolve()), timeout=0, thread_local=False, is_singleton=True)
        self._held = 0

    def acquire(self) -> None:
        try:
            self._lock.acquire()
        except Timeout:
            raise DatabaseInUse(self.db_path) from None
        except OSError as e:  # the folder is not writable: the database cannot be written either
            raise DatabaseError(f"无法在“{self.db_path.parent}”创建锁文件：{os_reason(e)}（文件夹可能是只读的）") from e
        self._held += 1

    def release(self) -> None:
        while self._held:
            self._held -= 1
            self._lock.release()

    @property
    def held(self) -> bool:
        return self._held > 0


def is_locked_elsewhere(db_path: Path) -> bool:
    """True when another process holds the writer lock (this process's own hold does not count)."""
    probe = WriterLock(db_path)
    if probe._lock.is_locked:  # held by this process: re-entrant, not "elsewhere"
        return False
    try:
        probe.acquire()
    except DatabaseInUse:
        return True
    probe.release()
    return False
