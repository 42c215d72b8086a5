"""The SQLite engine, its PRAGMAs, sessions, and opening a database file safely (DESIGN.md §3).

Opening a file: refuse what is not SQLite or is newer than this program, back the file up with the
SQLite backup API before any migration, then upgrade inside one transaction (SQLite has
transactional DDL once pysqlite's own transaction handling is switched off), so a failed migration
leaves the file as it was.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session

from safetystation.errors import DatabaseDamaged, DatabaseError
from safetystation.pinyin import register as register_pinyin
from safetystation.storage.backup import backup_file, connect_read_only
from safetystation.storage.claim import APP_NAME, SERVER_SCHEMES, Claim, claim, default_db_path, explain_db_error
from safetystation.storage.claim import is_server_url as _is_server_url
from safetystation.storage.lock import WriterLock

__all__ = ["APP_NAME", "Database", "DatabaseDamaged", "default_db_path", "explain_db_error", "open_database"]

ChangeListener = Callable[[frozenset[str]], object]
_WRITTEN = "safetystation.written"  # Session.info: the ledgers written in the session's transaction
_DATABASE = "safetystation.database"  # Session.info: the Database that handed the session out

BUSY_TIMEOUT_MS = 10_000  # how long a write waits for another connection's transaction
MIGRATIONS = Path(__file__).with_name("migrations")


def is_server_url(target: object) -> bool:
    """True for a database URL naming a PostgreSQL server (``postgresql://user@host/db``); a path, or
    a ``sqlite://`` URL, is a station file."""
    if isinstance(target, URL):
        return target.get_backend_name() != "sqlite"
    return _is_server_url(target)


def server_url(target: str | URL) -> URL:
    """The URL SQLAlchemy is given for a server: ``postgres://`` and ``postgresql://`` use psycopg 3 (the
    driver this program ships), not SQLAlchemy's default psycopg2."""
    try:
        url = make_url(target)
    except Exception as e:
        raise DatabaseError(f"数据库地址“{target}”写法不对（应为 postgresql://用户@服务器:端口/数据库名）。") from e
    if url.drivername in SERVER_SCHEMES:
        url = url.set(drivername="postgresql+psycopg")
    if url.get_backend_name() != "postgresql":
        raise DatabaseError(f"不支持的数据库类型“{url.drivername}”：只支持 SQLite 文件和 PostgreSQL 服务器。")
    if not url.database:
        raise DatabaseError(f"数据库地址“{safe_url(url)}”没有写数据库名（…/数据库名）。")
    return url


def safe_url(url: str | URL) -> str:
    """A URL to show or log: the password hidden."""
    try:
        u = make_url(url)
        return u.set(drivername=u.get_backend_name()).render_as_string(hide_password=True)  # no driver name
    except Exception:
        return "（无法识别的数据库地址）"


def _sqlite_url(path: Path) -> URL:
    # Built, not formatted: in "sqlite:///{path}" a "?" or "%" in a folder name would be read as the
    # URL's query or an escape, and SQLite would open (or create) a different file.
    return URL.create("sqlite", database=str(path))


def make_engine(url: str | URL, *, foreign_keys: bool = True, read_only: bool = False, creator: Any = None) -> Engine:
    """An engine whose connections run the station's PRAGMAs and emit their own BEGIN.

    pysqlite opens transactions lazily and commits before DDL; turning that off and emitting BEGIN
    ourselves gives real transactions around DDL and reads (SQLAlchemy's pysqlite recipe).
    """
    url = make_url(url)
    is_sqlite = url.get_backend_name() == "sqlite"
    in_memory = is_sqlite and url.database in (None, "", ":memory:")
    if not is_sqlite:
        return _server_engine(url, read_only=read_only)
    connect_args = {"timeout": BUSY_TIMEOUT_MS / 1000}
    engine = create_engine(url, connect_args=connect_args, **({"creator": creator} if creator else {}))

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        if not read_only and not in_memory:
            cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")  # township PCs lose power
        cur.execute("PRAGMA cache_size=-16000")  # 16 MB (default 2): an import's transaction stays in memory
        cur.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        if read_only:
            cur.execute("PRAGMA query_only=ON")
        cur.close()
        register_pinyin(dbapi_conn)  # pinyin_key(): Chinese text sorts by pinyin (safetystation/pinyin.py)

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql("BEGIN")

    return engine


def _server_engine(url: URL, *, read_only: bool) -> Engine:
    """A PostgreSQL engine. Each connection waits at most ``BUSY_TIMEOUT_MS`` for a row or table another
    clerk's transaction holds (then the write fails with a Chinese message instead of hanging the
    window), and a read-only database is read-only on the server's side too."""
    options = f"-c lock_timeout={BUSY_TIMEOUT_MS} -c idle_in_transaction_session_timeout=600000"
    if read_only:
        options += " -c default_transaction_read_only=on"
    return create_engine(
        url,
        connect_args={"options": options, "connect_timeout": 10, "application_name": "SafetyStation"},
        pool_pre_ping=True,  # a server restarted overnight: reconnect instead of failing the first save
    )


# The newest migration in migrations/versions. A database already there opens without loading alembic
# (a fifth of the start-up time); tests/unit/test_storage.py checks this is alembic's head.
SCHEMA_REVISION = "0018"


def _alembic_config(connection: Any = None, script_location: Path | None = None) -> Any:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(script_location or MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def _refuse_newer(current: str, script_location: Path | None, what: str) -> None:
    """A database at a revision this program does not know was made by a newer program: refused
    (``what`` says which database and how), nothing done to it."""
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(script_location=script_location))
    try:
        script.get_revision(current)
    except Exception:
        raise DatabaseError(f"{what}（版本 {current}），请升级本程序后再打开；为保护数据，未做任何修改。") from None


def head_revision(script_location: Path | None = None) -> str:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(_alembic_config(script_location=script_location))
    head = script.get_current_head()
    assert head is not None
    return head


def current_revision(engine: Engine) -> str | None:
    """The revision stamped in the file (None: not stamped), read as alembic stores it."""
    with engine.connect() as conn:
        if conn.dialect.name != "sqlite" and not inspect(conn).has_table("alembic_version"):
            return None  # (on PostgreSQL a failed SELECT would abort the transaction)
        try:
            rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
        except OperationalError:  # no such table
            return None
    if len(rows) > 1:
        raise DatabaseError("数据库的版本记录有多条（迁移分支），无法判断其版本，未做任何修改。")
    return str(rows[0][0]) if rows else None


class StationSession(Session):
    """The sessions :meth:`Database.session` hands out: they remember which ledgers they wrote
    (:func:`note_written`) and tell their database once that is committed."""


def note_written(session: Session, *keys: str) -> None:
    """Record that ``session``'s transaction wrote the ledgers ``keys``: when it commits (and, inside
    :meth:`Database.one_transaction`, when that whole transaction commits), the database's change
    listeners are told. A session closed without committing forgets it."""
    session.info.setdefault(_WRITTEN, set()).update(keys)


@event.listens_for(StationSession, "after_commit")
def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released (begin_nested): the transaction goes on
        return
    written = session.info.pop(_WRITTEN, None)
    database = session.info.get(_DATABASE)
    if written and database is not None:
        database._committed(written)


class Database:
    """One engine per process for one database file (or one PostgreSQL database: ``path`` is None and
    :attr:`is_server` True); hands out sessions to services.

    ``read_only`` databases refuse writes (PRAGMA query_only); ``in_use_elsewhere`` says it was
    opened read-only because another program holds the writer lock.

    Whoever shows data can follow it: :meth:`on_change` listeners are called with the keys of the
    ledgers a write changed, after it is committed, on the thread that wrote (plain Python: the
    window brings it to its own thread, ui/refresh.py).
    """

    def __init__(
        self,
        engine: Engine,
        path: Path | None,
        *,
        read_only: bool = False,
        lock: WriterLock | None = None,
        in_use_elsewhere: bool = False,
    ):
        self.engine = engine
        self.path = path
        self.read_only = read_only
        self.lock = lock
        self.in_use_elsewhere = in_use_elsewhere
        self.station_id: int | None = None  # a county login's narrowing to one township (see narrowed)
        if self.is_server:
            event.listen(engine, "checkout", self._narrow_connection)
        self._shared: dict[int, Connection] = {}  # thread → its one_transaction()'s connection
        self._held: dict[int, set[str]] = {}  # thread → ledgers written in its one_transaction() so far
        self._listeners: list[ChangeListener] = []
        self._wrote = False  # a write was committed since it opened (see dispose)

    # --- the station (#19) ---------------------------------------------------------------------
    def scope(self) -> int:
        """The station whose rows this database shows and writes: always 1 in a file; on PostgreSQL
        the login's township, 0 for a county login seeing every township's (unless narrowed), -1 for a
        login no township has been registered for (migration 0015)."""
        if not self.is_server:
            return 1
        with self.engine.connect() as conn:
            return int(conn.execute(text("SELECT safetystation_scope()")).scalar_one())

    def filtered(self) -> bool:
        """Whether the server filters this login's rows by township at all: a superuser or a BYPASSRLS
        role sees every row whatever its scope (always True for a file, which is one station's)."""
        if not self.is_server:
            return True
        with self.engine.connect() as conn:
            bypass = "SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user"
            return not conn.execute(text(bypass)).scalar_one()

    @contextmanager
    def narrowed(self, station_id: int | None) -> Iterator[None]:
        """A county login works as township ``station_id`` meanwhile (None: every township again):
        its reads show, and its writes go to, that township's rows only. A township's own login
        cannot widen itself by this — the database decides (``station_login``). For batch work on
        one thread (the county's consolidation), never inside :meth:`one_transaction`."""
        before, self.station_id = self.station_id, station_id
        try:
            yield
        finally:
            self.station_id = before

    def _narrow_connection(self, dbapi_conn: Any, record: Any, proxy: Any) -> None:
        want = "" if self.station_id is None else str(int(self.station_id))
        if record.info.get("station") == want:
            return
        with dbapi_conn.cursor() as cur:  # the session's setting, kept: committed at once
            cur.execute("SELECT set_config('safetystation.station', %s, false)", (want,))
        dbapi_conn.commit()
        record.info["station"] = want

    # --- change notification ------------------------------------------------------------------
    def on_change(self, listener: ChangeListener) -> Callable[[], None]:
        """Call ``listener(keys)`` after each committed write, with the keys of the ledgers it changed;
        returns the function that stops it. Called on the writing thread, never inside a transaction;
        a rolled-back write calls nothing."""
        self._listeners.append(listener)

        def stop() -> None:
            with contextlib.suppress(ValueError):
                self._listeners.remove(listener)

        return stop

    def _committed(self, keys: set[str]) -> None:
        held = self._held.get(threading.get_ident())
        if held is not None:  # only a savepoint of this thread's one_transaction(): told when it commits
            held.update(keys)
            return
        self._tell(frozenset(keys))

    def _analyse(self) -> None:
        """SQLite plans by the statistics ANALYZE keeps in the file (sqlite_stat1). Without them it takes
        ``deleted_at IS NULL`` for a selective condition and reads a month's rows through
        ``ix_*_deleted_at`` — every live row — instead of the date's index (the month's figures on
        首页: 15 ms instead of 5 on the 10-year demo). So a file written to since it was opened gets
        them made anew as it closes, each index sampled (analysis_limit: under 0.1 s for the demo's
        320,000 records, about 0.3 s for a million-row ledger). Never for a database only read (not
        even one opened read-write), a server's (PostgreSQL analyses by itself) or one in memory. A
        failure (the disk full, another program in the way) keeps the statistics there were: no
        record depends on them."""
        if self.is_server or self.read_only or self.path is None:
            return
        with contextlib.suppress(SADatabaseError), self.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA analysis_limit = 1000")
            conn.exec_driver_sql("ANALYZE")
            conn.commit()

    def _tell(self, keys: frozenset[str]) -> None:
        self._wrote = True
        for listener in list(self._listeners):
            listener(keys)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session for one use case. The caller commits; leaving without a commit rolls back.

        A locked, read-only, full or damaged file surfaces as a ``DatabaseError`` with a Chinese
        message (constraint violations stay ``IntegrityError`` for the service to explain).
        """
        try:
            shared = self._shared.get(threading.get_ident())
            if shared is not None:  # inside this thread's one_transaction(): a commit releases a savepoint
                with StationSession(
                    bind=shared,
                    expire_on_commit=False,
                    join_transaction_mode="create_savepoint",
                    info={_DATABASE: self},
                ) as s:
                    yield s
            else:
                with StationSession(self.engine, expire_on_commit=False, info={_DATABASE: self}) as s:
                    yield s
        except IntegrityError:
            raise
        except SADatabaseError as e:
            raise self._explain(e) from e

    @contextmanager
    def one_transaction(self) -> Iterator[None]:
        """Run many use cases as one transaction: every session handed out meanwhile joins it, and a
        use case's commit only releases its savepoint. All is written at the end, or nothing (an
        error anywhere rolls everything back). For batch work — the demo township writes its years
        of records through the services in one — never for the window's interactive edits. Only the
        calling thread's sessions join it: the window's own reads on the GUI thread meanwhile see the
        file as it was. Change listeners (:meth:`on_change`) hear of it all once, after the commit."""
        me = threading.get_ident()
        if me in self._shared:
            raise RuntimeError("one_transaction() does not nest")
        written: set[str] = set()
        try:
            with self.engine.connect() as conn, conn.begin():
                self._shared[me], self._held[me] = conn, written
                try:
                    yield
                finally:
                    del self._shared[me], self._held[me]
        except IntegrityError:
            raise
        except SADatabaseError as e:
            raise self._explain(e) from e
        if written:  # committed: now the listeners may see it (a rollback raised above and tells nothing)
            self._tell(frozenset(written))

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Read many use cases from one snapshot: every session this thread opens meanwhile joins one
        transaction (REPEATABLE READ on PostgreSQL), so figures read statement by statement are of one
        moment — the county's pass over every township while they go on typing (#19). Rolled back at
        the end: for reading only."""
        me = threading.get_ident()
        if me in self._shared:
            raise RuntimeError("snapshot() does not nest, nor go inside one_transaction()")
        try:
            with self.engine.connect() as conn:
                if self.is_server:
                    conn.execution_options(isolation_level="REPEATABLE READ")
                with conn.begin() as tx:
                    self._shared[me], self._held[me] = conn, set()
                    try:
                        yield
                    finally:
                        del self._shared[me], self._held[me]
                        tx.rollback()
        except SADatabaseError as e:
            raise self._explain(e) from e

    def _explain(self, e: SADatabaseError) -> DatabaseError:
        if self.is_server:
            return explain_server_error(self.location, e)
        return explain_db_error(self.path, e)

    def dispose(self) -> None:
        """Close it (closing it again does nothing more); a file written to since it opened first gets
        its statistics (:meth:`_analyse`), while this program still holds its writer lock."""
        try:
            if self._wrote:
                self._wrote = False
                self._analyse()
        finally:
            self.engine.dispose()
            if self.lock is not None:
                self.lock.release()
                self.lock = None

    @property
    def url(self) -> str:
        """The database's URL, password hidden (for showing and logging)."""
        return self.engine.url.render_as_string(hide_password=True)

    @property
    def is_server(self) -> bool:
        """A shared PostgreSQL database: no file, no file lock, no file backups (DESIGN.md §3)."""
        return self.engine.dialect.name != "sqlite"

    @property
    def location(self) -> str:
        """Where the data is, for messages: the file's path, or the server's URL (password hidden)."""
        if self.path is not None:
            return str(self.path)
        if not self.is_server:
            return "内存"
        url = self.engine.url  # shown as the clerk typed it: postgresql://…, without the driver's name
        return url.set(drivername=url.get_backend_name()).render_as_string(hide_password=True)


# pg_advisory_xact_lock key: one program at a time migrates (or seeds) a PostgreSQL database.
MIGRATION_LOCK_KEY = 0x5AFE_57A7


def upgrade(engine: Engine, *, script_location: Path | None = None) -> None:
    """Run every pending migration in a single transaction; on any error nothing is kept.

    Foreign keys are off while batch migrations copy tables (they cannot be toggled inside a
    transaction), and ``foreign_key_check`` must come back empty before the commit. On PostgreSQL
    (transactional DDL, foreign keys checked as the tables change) the transaction holds an advisory
    lock, so two programs starting at once against a new server migrate it once, one after the other.
    """
    from alembic import command

    if engine.dialect.name != "sqlite":
        with engine.connect() as conn, conn.begin():
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            if current_revision_on(conn) != head_revision(script_location):
                command.upgrade(_alembic_config(conn, script_location), "head")
        return

    with engine.connect() as conn:
        raw = conn.connection.driver_connection  # outside any transaction, where the PRAGMA takes effect
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            with conn.begin():
                command.upgrade(_alembic_config(conn, script_location), "head")
                bad = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if bad:
                    raise DatabaseError(f"数据库升级后外键检查失败（{len(bad)}处），已撤销升级。")
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


def current_revision_on(conn: Connection) -> str | None:
    if not inspect(conn).has_table("alembic_version"):
        return None
    rows = conn.execute(text("SELECT version_num FROM alembic_version")).all()
    return str(rows[0][0]) if len(rows) == 1 else None


def open_database(
    path: Path | str | URL | None = None,
    *,
    create: bool = True,
    read_only: bool = False,
    backup_dir: Path | None = None,
    script_location: Path | None = None,
    fallback_read_only: bool = False,
    check: bool = True,
    seed: Callable[[Database], None] | None = None,
    claimed: Claim | None = None,
    station_id: int | None = None,
) -> Database:
    """Open (creating or upgrading as needed) the station database at ``path``.

    A writable open takes the file's writer lock; when another program holds it this raises
    ``DatabaseInUse`` — or, with ``fallback_read_only``, opens the file read-only instead. An
    existing file must pass ``PRAGMA quick_check`` (``DatabaseDamaged`` otherwise). A database from
    a newer program is refused, not touched. Before an existing file is migrated it is copied with
    the SQLite backup API into ``backup_dir`` (default: ``backups/`` beside it). A new file is given
    to ``seed`` (the station's defaults) before it is handed out.

    The checks and the lock are :func:`~safetystation.storage.claim.claim`'s; ``claimed`` is one
    already made (on a worker thread while the core was imported), for this ``path``.
    ``station_id``: on a server, the township a county login works as (:meth:`Database.narrowed`).
    """
    if is_server_url(path):
        assert path is not None and not isinstance(path, Path)
        return open_server(
            path, create=create, read_only=read_only, script_location=script_location, seed=seed, station_id=station_id
        )
    path = Path(path) if path is not None else default_db_path()  # type: ignore[arg-type]
    if str(path) == ":memory:":
        engine = make_engine("sqlite://")
        upgrade(engine, script_location=script_location)
        if seed is not None:
            seed(Database(engine, None))
        return Database(engine, None)
    if claimed is None:
        claimed = claim(
            path,
            create=create,
            read_only=read_only,
            backup_dir=backup_dir,
            fallback_read_only=fallback_read_only,
            check=check,
        )
    elif claimed.path != path:
        raise ValueError(f"claimed {claimed.path}, opening {path}")
    exists, read_only, lock = claimed.exists, claimed.read_only, claimed.lock
    if read_only:
        engine = make_engine(_sqlite_url(path), read_only=True, creator=lambda: connect_read_only(path))
    else:
        engine = make_engine(_sqlite_url(path))
    try:
        current = current_revision(engine) if exists else None
        up_to_date = script_location is None and current == SCHEMA_REVISION
        head = SCHEMA_REVISION if up_to_date else head_revision(script_location)
        if exists and current is None and _has_tables(engine):
            raise DatabaseError(f"“{path}”是 SQLite 文件，但不是安监站台账数据库，未做任何修改。")
        if current is not None and current != head:
            _refuse_newer(current, script_location, f"数据库“{path}”由更新版本的安监站台账程序创建")
        if current != head:
            if read_only:
                raise DatabaseError(
                    f"数据库“{path}”来自旧版本，需要先升级：请打开一次本程序（或运行 init），只读方式下无法升级。"
                )
            if exists:
                backup_file(path, backup_dir or path.parent / "backups", reason=f"升级前-{current}")
            upgrade(engine, script_location=script_location)
        if not exists and seed is not None:  # the defaults of a new station (services.maintenance)
            seed(Database(engine, path))
    except BaseException as e:
        engine.dispose()
        if lock is not None:
            lock.release()
        if isinstance(e, SADatabaseError | sqlite3.DatabaseError):
            raise explain_db_error(path, e) from e
        raise
    return Database(engine, path, read_only=read_only, lock=lock, in_use_elsewhere=claimed.in_use_elsewhere)


def open_server(
    url: str | URL,
    *,
    create: bool = True,
    read_only: bool = False,
    script_location: Path | None = None,
    seed: Callable[[Database], None] | None = None,
    station_id: int | None = None,
) -> Database:
    """Open (creating the tables or upgrading as needed) a station database on a PostgreSQL server.

    What replaces the file's checks and its writer lock on a server (DESIGN.md §3): the server
    itself keeps the data sound and is backed up by its administrator (``pg_dump``); several programs
    write at once, each save one transaction, concurrent edits of one record caught by its version
    (optimistic concurrency, services.ledger); migrations and a new database's defaults run under an
    advisory lock, once. The database itself (``CREATE DATABASE``) is the administrator's to make.

    Several townships may share the database (migration 0015): the login decides whose rows are
    seen; a county login may work as one township (``station_id``). A login registered for no
    township, or a township's login asked to work as another, is refused.
    """
    url = server_url(url)
    shown = safe_url(url)
    engine = make_engine(url, read_only=read_only)
    try:
        try:
            with engine.connect() as conn:
                current = current_revision_on(conn)
                tables = bool(inspect(conn).get_table_names())
        except SADatabaseError as e:
            raise explain_server_error(shown, e) from e
        up_to_date = script_location is None and current == SCHEMA_REVISION
        head = SCHEMA_REVISION if up_to_date else head_revision(script_location)
        if current is None and tables:
            raise DatabaseError(f"服务器上的数据库“{shown}”已有其他数据表，不是安监站台账数据库，未做任何修改。")
        if current is None and not create:
            raise DatabaseError(f"服务器上的数据库“{shown}”是空的（还没有安监站台账），未做任何修改。")
        if current is not None and current != head:
            _refuse_newer(current, script_location, f"数据库“{shown}”由更新版本的安监站台账程序升级过")
        if current != head:
            if read_only:
                raise DatabaseError(
                    f"数据库“{shown}”需要先升级：请以可写方式打开一次（或运行 init），只读方式下无法升级。"
                )
            if current is not None and not _owns_the_tables(engine, shown):
                raise _upgrade_refused(shown, current, head)  # before any migration runs as far as it may
            try:
                upgrade(engine, script_location=script_location)
            except SADatabaseError as e:
                raise _explain_upgrade_error(shown, current, head, e) from e
        database = Database(engine, None, read_only=read_only)
        _check_scope(database, shown, station_id)
        if current is None and seed is not None:  # a new station: its defaults, once
            seed(database)
    except BaseException:
        engine.dispose()
        raise
    return database


def _check_scope(database: Database, shown: str, station_id: int | None) -> None:
    try:
        scope = database.scope()
        with database.engine.connect() as conn:
            login = conn.execute(text("SELECT session_user")).scalar_one()
    except SADatabaseError as e:
        raise explain_server_error(shown, e) from e
    if scope == -1:
        raise DatabaseError(
            f"数据库“{shown}”由几个乡镇共用，而登录用户“{login}”还没有登记到哪个乡镇："
            "请县局的数据库管理员登记（python -m safetystation station login），未做任何修改。"
        )
    if station_id is not None and scope not in (0, station_id):
        raise DatabaseError(f"登录用户“{login}”只能使用本乡镇（编号{scope}）的数据，不能切换到编号{station_id}的乡镇。")
    if station_id is not None and not database.filtered():
        raise DatabaseError(
            f"登录用户“{login}”是超级用户（不受行级安全限制），看到的总是所有乡镇的数据，无法只打开编号{station_id}的乡镇："
            "请用县级登录。"
        )
    database.station_id = station_id


def _owns_the_tables(engine: Engine, shown: str) -> bool:
    """Whether the login may upgrade the tables: their owner (or a member of its role) or a superuser.
    A township's or the county's login is neither. Asked before upgrading: a migration that only
    changed rows would otherwise run as far as row-level security let it — that township's rows — and
    mark the whole database upgraded."""
    owner = (
        "SELECT r.rolsuper OR pg_has_role(current_user, c.relowner, 'USAGE') FROM pg_roles r, pg_class c"
        " WHERE r.rolname = current_user AND c.oid = to_regclass('alembic_version')"
    )
    try:
        with engine.connect() as conn:
            return bool(conn.execute(text(owner)).scalar())
    except SADatabaseError as e:
        raise explain_server_error(shown, e) from e


def _upgrade_refused(shown: str, current: str, head: str) -> DatabaseError:
    return DatabaseError(
        f"数据库“{shown}”需要从版本 {current} 升级到本程序的版本 {head}，而登录用户没有升级的权限"
        "（升级只能由数据表的所有者进行）。请县局的数据库管理员用数据表所有者的登录先升级一次："
        "safetystation init --db postgresql://所有者@服务器/数据库名（Windows 上为 safetystation-cli.cmd init …，"
        "从源码运行时为 python -m safetystation init …）；之后各乡镇即可打开。未做任何修改。"
    )


def _explain_upgrade_error(shown: str, current: str | None, head: str, e: BaseException) -> DatabaseError:
    """An upgrade the server refused to a login that owns the tables it was checked for but not some
    other object (PostgreSQL: “must be owner of …”): said as :func:`_upgrade_refused`, not in English."""
    orig = getattr(e, "orig", e)
    if current is not None and (getattr(orig, "sqlstate", None) == "42501" or "must be owner" in str(orig)):
        return _upgrade_refused(shown, current, head)
    return explain_server_error(shown, e)


def explain_server_error(shown: str, e: BaseException) -> DatabaseError:
    """A Chinese message for a PostgreSQL failure that is not the record's own (those stay
    ``IntegrityError``): cannot connect, no such database, not allowed, lock waited too long."""
    orig = getattr(e, "orig", e)
    code = getattr(orig, "sqlstate", None) or ""
    msg = str(orig).strip()
    where = f"数据库服务器上的“{shown}”"
    if code == "3D000" or "does not exist" in msg and "database" in msg:
        return DatabaseError(f"{where}不存在：请数据库管理员先建立它（createdb），未做任何修改。")
    if code.startswith("28") or "authentication" in msg or "password" in msg:
        return DatabaseError(f"无法登录{where}：用户名或密码不对，或没有权限。（{msg}）")
    if code in ("55P03", "40P01") or "lock timeout" in msg:
        return DatabaseError(f"{where}中这条记录正被另一位操作员保存，请稍后重试；刚才的修改没有保存。")
    if code == "25006" or "read-only transaction" in msg:
        return DatabaseError(f"{where}是以只读方式打开的，修改没有保存。")
    if code.startswith("08") or "connection" in msg.lower() or "server" in msg.lower():
        return DatabaseError(f"连接不上{where}（服务器未开机、网络不通或地址写错了）；刚才的修改没有保存。（{msg}）")
    return DatabaseError(f"{where}读写失败（PostgreSQL：{msg}）。")


def _has_tables(engine: Engine) -> bool:
    with engine.connect() as conn:
        return conn.execute(text("SELECT count(*) FROM sqlite_master WHERE type='table'")).scalar_one() > 0


def now_stamp() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S")
