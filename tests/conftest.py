"""Shared fixtures: a fresh migrated database, and the demo township built once per run."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before anything can create a QApplication

import pytest

from safetystation.demo import generate
from safetystation.services.ledger import LedgerService
from safetystation.services.maintenance import open_station
from safetystation.services.operators import Operator
from safetystation.storage.db import Database, open_database

DEMO_UNTIL = dt.date(2026, 11, 22)


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


@pytest.fixture
def db(migrated_file: Path, tmp_path: Path) -> Database:
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
def demo_db(demo_file: Path, tmp_path: Path) -> Database:
    """A private copy of the demo township (tests may change it)."""
    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    database = open_database(path)
    yield database
    database.dispose()
