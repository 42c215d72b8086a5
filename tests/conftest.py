"""Shared fixtures: a fresh migrated database, and the demo township built once per run.

``--db-url postgresql://USER@HOST:PORT/DB`` (or ``SAFETYSTATION_TEST_DB_URL``; DB is a maintenance
database the user may ``CREATE DATABASE`` from) runs the suite on that PostgreSQL server instead: the
``db`` and ``demo_db`` fixtures each get a fresh database, copied (``CREATE DATABASE … TEMPLATE``) from
a template migrated, seeded or filled with the demo once per run, and dropped after the test. Tests
about the SQLite file itself (its lock, backups, damage) are skipped there, saying so. The
``migrated_file`` and ``demo_file`` fixtures stay SQLite files (tests copy them as files).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything can create a QApplication

import pytest

from safetystation.demo import generate
from safetystation.services.ledger import LedgerService
from safetystation.services.maintenance import open_station
from safetystation.services.operators import Operator
from safetystation.storage.db import Database, open_database, server_url

DEMO_UNTIL = dt.date(2026, 11, 22)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db-url",
        default=os.environ.get("SAFETYSTATION_TEST_DB_URL") or None,
        help="run the database fixtures on this PostgreSQL server (URL of a database to connect to for "
        "CREATE DATABASE, e.g. postgresql://postgres@127.0.0.1:54329/postgres); default: SQLite files",
    )


class Server:
    """The PostgreSQL server of ``--db-url``: template databases made once, a fresh copy per test."""

    def __init__(self, url: str) -> None:
        import psycopg

        self.url = server_url(url)
        self.prefix = f"sst{os.getpid()}_"
        self._admin = psycopg.connect(**self._params(self.url.database), autocommit=True)
        self._templates: dict[str, str] = {}
        self._count = itertools.count(1)

    def _params(self, database: str | None) -> dict:
        u = self.url
        return {
            k: v
            for k, v in {
                "dbname": database,
                "user": u.username,
                "password": u.password,
                "host": u.host or u.query.get("host"),
                "port": u.port or u.query.get("port"),
            }.items()
            if v is not None
        }

    def url_of(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def _sql(self, statement: str) -> None:
        self._admin.execute(statement)  # type: ignore[arg-type]  # names made here, never user input

    def template(self, key: str, build: Callable[[str], None]) -> str:
        """A template database ``key``, made by ``build(url)`` the first time it is asked for."""
        if key not in self._templates:
            name = f"{self.prefix}tpl_{key}"
            self._sql(f'DROP DATABASE IF EXISTS "{name}"')
            self._sql(f'CREATE DATABASE "{name}"')
            build(self.url_of(name))  # (build disposes its engines: a template must have no connections)
            self._templates[key] = name
        return self._templates[key]

    def fresh(self, template: str) -> str:
        name = f"{self.prefix}{next(self._count)}"
        self._sql(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        return name

    def blank(self) -> str:
        """A new, empty database (no tables): what an administrator's ``createdb`` gives."""
        name = f"{self.prefix}{next(self._count)}"
        self._sql(f'CREATE DATABASE "{name}"')
        return name

    def drop(self, name: str) -> None:
        self._sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def close(self) -> None:
        for name in self._templates.values():
            self.drop(name)
        self._admin.close()


@pytest.fixture(scope="session")
def pg_server(request: pytest.FixtureRequest) -> Iterator[Server | None]:
    """The ``--db-url`` server, or None when the suite runs on SQLite files."""
    url = request.config.getoption("--db-url")
    if not url:
        yield None
        return
    server = Server(url)
    yield server
    server.close()


# Tests about SQLite itself, skipped on PostgreSQL (node id or file → why). Tests that reach for the
# database file (``db.path``) are skipped by the fixture itself (:class:`_ServerDatabase`): there is no
# file, no file lock and no file backup on a server (its data is its administrator's to back up).
SQLITE_ONLY: dict[str, str] = {
    "tests/unit/test_storage.py::test_pragmas": "SQLite's PRAGMAs",
    "tests/unit/test_report_periods.py::test_group_a_is_the_registers_at_the_end_of_the_day": (
        "the test's check SQL is SQLite's (booleans as 1)"
    ),
    "tests/unit/test_excel_import.py::test_import_backs_up_first": "the backup before an import copies the file",
    "tests/unit/test_demo.py::test_the_demo_keeps_the_paperwork_order": "the test's check SQL is SQLite's",
    "tests/unit/test_demo.py::test_every_demo_record_was_written_through_the_services_and_audited": (
        "the test's check SQL is SQLite's (? placeholders)"
    ),
    "tests/unit/test_demo.py::test_demo_majors_drills_and_reviews_follow_the_rules": (
        "the test's check SQL is SQLite's (? placeholders)"
    ),
    "tests/ui/test_startup.py::test_daily_backup_at_start": "the start-of-day backup copies the database file",
    "tests/unit/test_charts.py::test_hazard_chart_counts_are_the_sql_counts": (
        "the test's own check SQL reads dates as text (LIKE '2026-06%'); the chart's query runs in other tests"
    ),
    "tests/unit/test_charts.py::test_overdue_chart_counts_each_month_end": (
        "the test compares dates read back as SQLite text with date objects"
    ),
    "tests/ui/test_main_window.py::test_only_the_station_head_is_offered_a_restore": (
        "restores a backup file over the database file; on a server the window says restoring is the server's job"
    ),
    "tests/unit/test_pinyin.py::test_the_order_is_one_sql_expression": "reads the SQLite SQL text of pinyin_key()",
    "tests/unit/test_pinyin.py::test_every_column_sorts_in_sql_both_ways": (
        "compares with pinyin_key() character by character; PostgreSQL's ICU collation orders characters of one"
        " reading by its own table (青 before 清), as safetystation/pinyin.py says"
    ),
}


class _ServerDatabase(Database):
    """A fixture's PostgreSQL database: a test reading ``db.path`` (the file it copies, backs up, locks or
    damages) is skipped, saying so; the program's own code reads None, as in production."""

    @property  # type: ignore[override]
    def path(self) -> None:
        caller = sys._getframe(1).f_code.co_filename
        if f"{os.sep}tests{os.sep}" in caller:
            pytest.skip("uses the SQLite database file (db.path): there is none on PostgreSQL")
        return None

    @path.setter
    def path(self, value: object) -> None:
        assert value is None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if not config.getoption("--db-url"):
        return
    for item in items:
        path = item.nodeid.split("::", 1)[0]
        reason = SQLITE_ONLY.get(item.nodeid.split("[", 1)[0]) or SQLITE_ONLY.get(path)
        if reason is not None:
            item.add_marker(pytest.mark.skip(reason=f"SQLite only ({reason})"))
        elif item.get_closest_marker("sqlite_file") is not None:
            marker = item.get_closest_marker("sqlite_file")
            why = (marker.args[0] if marker and marker.args else "") or "the database file"
            item.add_marker(pytest.mark.skip(reason=f"about the SQLite file ({why}): not on PostgreSQL"))


@contextmanager
def _server_database(server: Server, template: str) -> Iterator[Database]:
    name = server.fresh(template)
    database = open_database(server.url_of(name))
    database.__class__ = _ServerDatabase
    try:
        yield database
    finally:
        database.dispose()
        server.drop(name)


def need_tool(name: str) -> str:
    """The path of an external program a check relies on (poppler's pdftotext, LibreOffice). Missing on
    a developer's machine: the test is skipped; missing in CI (``SAFETYSTATION_CI=1``, set by
    ``.ci/run``, which installs them): the test fails, so the check can never silently not run."""
    path = shutil.which(name)
    if path is None:
        message = f"{name} is not installed (.ci/run installs it)"
        if os.environ.get("SAFETYSTATION_CI"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(autouse=True)
def own_settings(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test reads and writes its own per-machine settings (backup folder, last database), never
    the developer's or CI's real config.json."""
    path = tmp_path_factory.mktemp("settings") / "config.json"
    monkeypatch.setenv("SAFETYSTATION_CONFIG", str(path))
    return path


@pytest.fixture(scope="session")
def migrated_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty database at the newest revision, made once and copied by ``db``."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    open_station(path).dispose()  # a new station: migrated and seeded with the defaults
    return path


def _build_empty(url: str) -> None:
    open_station(url).dispose()  # migrated and seeded with the defaults


def _build_demo(url: str) -> None:
    database = open_database(url)
    generate(database, until=DEMO_UNTIL)
    database.dispose()


@pytest.fixture
def db(request: pytest.FixtureRequest, pg_server: Server | None, tmp_path: Path) -> Iterator[Database]:
    """A new station's database: a copy of an empty migrated one (a file, or on ``--db-url`` a database)."""
    if pg_server is not None:
        with _server_database(pg_server, pg_server.template("empty", _build_empty)) as database:
            yield database
        return
    migrated_file = request.getfixturevalue("migrated_file")
    path = tmp_path / "station.db"
    shutil.copy(migrated_file, path)
    database = open_database(path)
    yield database
    database.dispose()


@pytest.fixture
def ledger(db: Database) -> LedgerService:
    return LedgerService(db, operator=Operator("测试员"))


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    database = open_database(path)
    generate(database, until=DEMO_UNTIL)
    database.dispose()
    return path


@pytest.fixture
def demo_db(request: pytest.FixtureRequest, pg_server: Server | None, tmp_path: Path) -> Iterator[Database]:
    """A private copy of the demo township (tests may change it)."""
    if pg_server is not None:
        with _server_database(pg_server, pg_server.template("demo", _build_demo)) as database:
            yield database
        return
    demo_file = request.getfixturevalue("demo_file")
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    database = open_database(path)
    yield database
    database.dispose()
