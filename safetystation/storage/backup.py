"""Copies of the database made with the SQLite online backup API (safe while the file is open)."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import sqlite3
from pathlib import Path

from safetystation.errors import DatabaseError, os_reason


def _safe(text: str) -> str:
    return re.sub(r"[^\w\-.]+", "_", text)


def connect_read_only(path: Path, *, timeout: float = 10.0) -> sqlite3.Connection:
    """A connection that cannot change ``path`` (nor its -wal): ``mode=ro``; on read-only media,
    where SQLite cannot create the -shm a WAL file needs, ``immutable=1`` (nothing can write there).

    The first query is run here, so a file that cannot be opened fails now, not later."""
    uri = path.resolve().as_uri()
    try:
        con = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout)
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return con
    except sqlite3.OperationalError as e:
        if "unable to open" not in str(e) or os.access(path.parent, os.W_OK):
            raise
    con = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout)
    con.execute("SELECT count(*) FROM sqlite_master").fetchone()
    return con


def recover_hot_journal(path: Path) -> bool:
    """Roll back a write that a killed program left half done (a hot ``-journal`` beside the file),
    as SQLite does on the next writable open; True when there was one. Only for a live database in a
    writable place: a backup or a read-only file is never changed."""
    journal = Path(f"{path}-journal")
    if not journal.exists() or journal.stat().st_size == 0 or not os.access(path, os.W_OK):
        return False
    con = sqlite3.connect(path, timeout=2)  # no PRAGMA: the journal mode stays as the file has it
    try:
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read rolls the journal back
    finally:
        con.close()
    return not journal.exists() or journal.stat().st_size == 0


def copy_checked(src: Path, dest: Path) -> str:
    """Copy ``src`` (opened read-only) into ``dest`` with the SQLite backup API as one self-contained
    file, and return the copy's ``integrity_check`` ("ok" when sound). Raises ``sqlite3.Error``."""
    source = connect_read_only(src)
    target = sqlite3.connect(dest)
    try:
        with target:
            source.backup(target)
        # The copy carries the source's WAL flag; a backup must be one file that can be carried on a
        # USB stick (and a restored file must have no -wal beside it yet): back to a rollback journal.
        target.execute("PRAGMA journal_mode=DELETE")
        return str(target.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        source.close()
        target.close()


def station_uid(path: Path) -> str | None:
    """The station id kept in the database (migration 0002), read without changing the file; None
    when the file has none (older than 0002) or cannot be read (then backups go by file name only)."""
    try:
        con = connect_read_only(path, timeout=2)
    except sqlite3.Error:
        return None
    try:
        row = con.execute("SELECT value FROM setting WHERE key = 'station_uid'").fetchone()
    except sqlite3.Error:
        return None
    finally:
        con.close()
    try:
        uid = json.loads(row[0]) if row else None
    except ValueError:
        return None
    return uid if isinstance(uid, str) and re.fullmatch(r"[0-9a-f]{8,32}", uid) else None


def backup_file(src: Path, dest_dir: Path, *, reason: str = "手动", at: dt.datetime | None = None) -> Path:
    """Copy ``src`` into ``dest_dir`` as a consistent snapshot and check the copy's integrity; the
    file is named after ``at`` (default: now)."""
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise DatabaseError(f"无法创建备份文件夹“{dest_dir}”：{os_reason(e)}") from e
    stamp = (at or dt.datetime.now()).strftime("%Y%m%d-%H%M%S-%f")
    sid = station_uid(src)
    # Named by file and station: two stations' files of the same name never share a rotation.
    dest = dest_dir / f"{_safe(src.stem)}{'-' + sid[:8] if sid else ''}-{stamp}-{_safe(reason)}.db"
    # Written under a temporary name and renamed once checked: a crash mid-copy never leaves a
    # half backup that looks like a real one.
    part = dest.with_name(dest.name + ".part")
    try:
        ok = copy_checked(src, part)
    except sqlite3.Error as e:
        part.unlink(missing_ok=True)
        raise DatabaseError(f"备份“{src}”失败：{e}") from e
    if ok != "ok":
        part.unlink(missing_ok=True)
        raise DatabaseError(f"备份“{src}”后校验失败：{ok}")
    try:
        if os.name == "posix":
            os.chmod(part, 0o600)  # as private as the database it copies
        os.replace(part, dest)
    except OSError as e:
        part.unlink(missing_ok=True)
        raise DatabaseError(f"备份文件无法写入“{dest_dir}”：{os_reason(e)}") from e
    return dest


# How PostgreSQL refuses a login a table, sequence or row (lc_messages English or Chinese).
_NOT_ALLOWED = ("permission denied for ", "row-level security", "权限不够", "行级安全")


def dump_server(url: str, dest_dir: Path, *, at: dt.datetime | None = None, timeout_s: float = 3600) -> Path:
    """Back a PostgreSQL station database up with the server's own tool: ``pg_dump -Fc`` (custom format;
    ``pg_restore`` reads it) into ``dest_dir``, written under a temporary name and renamed when whole.
    ``pg_dump`` must be installed (the PostgreSQL client) and not older than the server."""
    import shutil
    import subprocess

    from sqlalchemy import make_url  # (here: this module is imported before SQLAlchemy at start-up)

    u = make_url(url)
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise DatabaseError(
            "本机没有安装 PostgreSQL 客户端（pg_dump），无法备份服务器上的数据库。服务器上的数据由数据库管理员备份："
            f"pg_dump -Fc -f 安监台账.dump postgresql://{u.username or '用户'}@{u.host or '服务器'}/{u.database}"
        )
    libpq = u.set(drivername="postgresql", password=None).render_as_string(hide_password=False)
    env = dict(os.environ)
    if u.password:
        env["PGPASSWORD"] = str(u.password)  # not on the command line, where other users could read it
    when = at or dt.datetime.now()
    dest_dir.mkdir(parents=True, exist_ok=True)
    target = dest_dir / f"{u.database}-{when:%Y%m%d-%H%M%S}-手动.dump"
    partial = target.with_name(target.name + ".part")
    try:
        done = subprocess.run(
            [pg_dump, "-Fc", "--no-owner", "-f", str(partial), libpq],
            env=env,
            capture_output=True,
            text=True,
            timeout=timeout_s,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        partial.unlink(missing_ok=True)
        raise DatabaseError(f"备份服务器上的数据库失败：{e}") from e
    if done.returncode != 0:
        partial.unlink(missing_ok=True)
        said = done.stderr.strip() or f"退出码 {done.returncode}"
        if any(s in said for s in _NOT_ALLOWED):  # the server's refusal (English or Chinese), not the file's
            # A township's or the county's login (README: USAGE on the sequences only; a township's rows
            # filtered too) cannot read everything pg_dump must, and pg_dump dumps all or nothing.
            raise DatabaseError(
                f"登录用户“{u.username}”没有备份整个数据库所需的权限（几个乡镇共用的数据库，乡镇和县级的登录"
                "都不能读取全部数据表和序列）。请数据库管理员用数据表所有者的登录备份："
                f"pg_dump -Fc -f 安监台账.dump postgresql://所有者@{u.host or '服务器'}/{u.database}。"
                f"没有生成备份文件。（pg_dump：{said.splitlines()[0]}）"
            )
        raise DatabaseError(f"备份服务器上的数据库失败（pg_dump：{said}），没有生成备份文件。")
    partial.replace(target)
    return target
