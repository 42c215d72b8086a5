"""One door for every output file the program writes: workbooks, PDFs, chart PNGs, error rows.

A clerk (or a script) may type or pick any path. Writing a report over the open database, its
journal or lock file, a backup, or any other SQLite file would destroy an official record without a
word (issue 15 §1), so every writer goes through :func:`write_output`, which refuses such paths with
a Chinese message, writes to a temporary file in the same folder and renames it into place: the old
file stays whole until the new one is complete, and a failure leaves nothing half-written behind.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from safetystation.errors import UserError, os_reason

SQLITE_HEADER = b"SQLite format 3\x00"
# Files SQLite and our writer lock keep beside a database (storage/lock.py names the lock file).
COMPANIONS = ("", "-wal", "-shm", "-journal", ".lock")

_databases: list[Path] = []
_backup_dirs: list[Path] = []


def _resolved(path: Path) -> Path:
    return Path(os.path.normcase(os.path.realpath(path)))


def protect(database: Path, backup_dir: Path | None = None) -> None:
    """Never write an output over ``database``, its companion files, or into its backup folder.

    Called whenever a database file is opened (storage.db.open_database)."""
    db = _resolved(database)
    if db not in _databases:
        _databases.append(db)
    folder = _resolved(backup_dir if backup_dir is not None else database.parent / "backups")
    if folder not in _backup_dirs:
        _backup_dirs.append(folder)


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as f:
            return f.read(16) == SQLITE_HEADER
    except OSError:
        return False


def refusal(path: Path) -> str | None:
    """Why ``path`` must not be written as an output, in Chinese; None when it may."""
    target = _resolved(path)
    for db in _databases:
        for suffix in COMPANIONS:
            if target == Path(str(db) + suffix):
                what = "台账数据库" if not suffix else "台账数据库的配套文件"
                return f"不能把文件保存为“{path}”：这是{what}，覆盖它会毁掉台账。请换一个文件名或文件夹。"
    for folder in _backup_dirs:
        if target.parent == folder or folder in target.parents:
            return f"不能把文件保存到备份文件夹“{folder}”中：那里只放数据库备份。请换一个文件夹。"
    if target.is_dir():
        return f"“{path}”是一个文件夹，请给出文件名。"
    if _is_sqlite(target):
        return f"不能覆盖“{path}”：它是一个数据库文件（可能是台账或备份）。请换一个文件名。"
    for suffix in COMPANIONS[1:]:  # the journal, WAL or lock of any database, open here or not
        if target.name.endswith(suffix) and _is_sqlite(target.with_name(target.name[: -len(suffix)])):
            return f"不能把文件保存为“{path}”：这是数据库的配套文件，覆盖它会损坏数据库。请换一个文件名。"
    return None


def check_output(path: Path) -> None:
    """Raise ``UserError`` when ``path`` may not be written (before any work is spent on it)."""
    reason = refusal(Path(path))
    if reason:
        raise UserError(reason)


def write_output(path: Path, write: Callable[[Path], object]) -> Path:
    """Write an output file through ``write(temporary_path)``, then rename it to ``path``.

    Refuses protected paths (:func:`refusal`); creates the folder; on any failure the temporary file
    is removed and ``path`` is left as it was. Returns ``path``.
    """
    path = Path(path)
    check_output(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=".~", suffix=path.suffix, dir=path.parent)
        os.close(fd)
    except OSError as e:
        raise UserError(f"无法写入文件夹“{path.parent}”：{os_reason(e)}") from e
    tmp = Path(name)
    try:
        write(tmp)
        os.chmod(tmp, 0o644)  # mkstemp makes the file private; an export is meant to be shared
        check_output(path)  # the file may have appeared meanwhile (another program, a symlink)
        os.replace(tmp, path)
    except PermissionError as e:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法保存“{path}”：文件可能正在 WPS/Excel 等程序中打开，或没有写入权限，请关闭后重试。") from e
    except OSError as e:
        tmp.unlink(missing_ok=True)
        raise UserError(f"无法保存“{path}”：{os_reason(e)}") from e
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_output_bytes(path: Path, data: bytes) -> Path:
    return write_output(path, lambda tmp: tmp.write_bytes(data))
