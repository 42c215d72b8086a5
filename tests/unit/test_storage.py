"""Opening, migrating and protecting the database file (DESIGN.md §3)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from safetystation.domain import metadata
from safetystation.errors import DatabaseError
from safetystation.storage.db import MIGRATIONS, SCHEMA_REVISION, head_revision, open_database
from tests.unit.dbsnap import dump


def test_models_and_migrations_agree(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}), metadata)
    assert diff == []


def test_pragmas(db):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL


def test_foreign_keys_are_enforced(ledger):
    from safetystation.errors import UserError

    with pytest.raises(UserError, match="关联记录不存在"):
        ledger.create("enterprise", {"name": "某厂", "village_id": 999})


def test_transaction_rolls_back_as_a_whole(db, ledger):
    with db.session() as s:
        ledger.create("village", {"name": "河口村"}, session=s)
        s.rollback()
    assert ledger.count("village") == 0


def test_not_sqlite_is_refused(tmp_path):
    f = tmp_path / "notes.db"
    f.write_bytes(b"PK\x03\x04 this is a zip, not a database")
    with pytest.raises(DatabaseError, match="不是 SQLite 文件"):
        open_database(f)
    assert f.read_bytes().startswith(b"PK")


def test_foreign_sqlite_is_refused(tmp_path):
    f = tmp_path / "other.db"
    con = sqlite3.connect(f)
    con.execute("create table t(x)")
    con.commit()
    con.close()
    with pytest.raises(DatabaseError, match="不是安监站台账数据库"):
        open_database(f)


def test_newer_database_is_refused_untouched(migrated_file, tmp_path):
    f = tmp_path / "newer.db"
    shutil.copy(migrated_file, f)
    con = sqlite3.connect(f)
    con.execute("update alembic_version set version_num='9999_future'")
    con.commit()
    con.close()
    before = f.read_bytes()
    with pytest.raises(DatabaseError, match="更新版本"):
        open_database(f)
    assert f.read_bytes() == before
    assert not (tmp_path / "backups").exists()


def test_missing_file_without_create(tmp_path):
    with pytest.raises(DatabaseError, match="不存在"):
        open_database(tmp_path / "none.db", create=False)


def _scripts_with(tmp_path: Path, body: str) -> Path:
    """A copy of the migrations plus one more revision after head with the given upgrade body."""
    scripts = tmp_path / "migrations"
    shutil.copytree(MIGRATIONS, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "9000_test.py").write_text(
        "import sqlalchemy as sa\nfrom alembic import op\n\n"
        f"revision = '9000'\ndown_revision = {head_revision()!r}\nbranch_labels = None\ndepends_on = None\n\n"
        f"def upgrade():\n{body}\n\ndef downgrade():\n    pass\n",
        encoding="utf-8",
    )
    return scripts


def test_upgrade_backs_up_first_and_applies(demo_file, tmp_path):
    f = tmp_path / "station.db"
    shutil.copy(demo_file, f)
    scripts = _scripts_with(
        tmp_path,
        "    with op.batch_alter_table('village') as b:\n"
        "        b.add_column(sa.Column('area_km2', sa.Integer(), nullable=False, server_default='0'))\n",
    )
    db = open_database(f, script_location=scripts)
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("select count(*) from village where area_km2 = 0").scalar() == 18
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    db.dispose()
    backups = list((tmp_path / "backups").glob("*.db"))
    assert len(backups) == 1
    assert sqlite3.connect(backups[0]).execute("select count(*) from hazard").fetchone()[0] > 0


def test_failing_migration_leaves_the_file_unchanged(demo_file, tmp_path):
    f = tmp_path / "station.db"
    shutil.copy(demo_file, f)
    before = dump(f)
    scripts = _scripts_with(
        tmp_path,
        "    op.create_table('half_done', sa.Column('id', sa.Integer(), primary_key=True))\n"
        "    op.execute(\"update village set name = name || '改坏了'\")\n"
        "    with op.batch_alter_table('village') as b:\n"
        "        b.drop_column('phone')\n"
        "    raise RuntimeError('simulated failure in the middle of a migration')\n",
    )
    with pytest.raises(RuntimeError, match="simulated failure"):
        open_database(f, script_location=scripts)
    assert dump(f) == before
    backups = list((tmp_path / "backups").glob("*.db"))
    assert len(backups) == 1, "the pre-migration backup stays in place"
    assert dump(backups[0]) == before
    db = open_database(f)  # still opens with the real program
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("select count(*) from village where name like '%改坏了'").scalar() == 0
    db.dispose()


def test_new_database_ships_defaults_once(tmp_path):
    from safetystation.services.ledger import LedgerService
    from safetystation.services.maintenance import open_station

    f = tmp_path / "new.db"
    db = open_station(f)  # the one door seeds a new station's defaults (storage alone does not)
    ledger = LedgerService(db)
    assert ledger.count("industry") == 15
    names = [r["name"] for r in ledger.list("checklist_template")]
    assert sorted(names) == sorted(["消防安全“六个必查”", "学校安全检查表"])
    six = next(r for r in ledger.list("checklist_template") if "六个必查" in r["name"])
    assert len(six["items"].splitlines()) == 6
    ledger.delete("industry", ledger.list("industry", limit=1)[0]["id"])
    db.dispose()
    db = open_station(f)  # reopening an existing file does not bring deleted defaults back
    assert LedgerService(db).count("industry") == 14
    db.dispose()


def test_schema_revision_constant_is_alembic_head():
    """Opening an up-to-date file skips alembic on the strength of this constant."""
    assert SCHEMA_REVISION == head_revision()


def test_opening_an_up_to_date_database_does_not_load_alembic(migrated_file, tmp_path):
    import subprocess
    import sys

    path = tmp_path / "s.db"
    path.write_bytes(migrated_file.read_bytes())
    code = (
        "import sys; from safetystation.storage.db import open_database; "
        f"open_database({str(path)!r}).dispose(); print('alembic' in sys.modules)"
    )
    root = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_every_table_carries_the_station(demo_db):
    """#19: every row says whose it is (a file's are station 1's, the database's default)."""
    from safetystation.domain import metadata

    without = [t for t, table in metadata.tables.items() if "station_id" not in table.c and t != "station_login"]
    assert without == []
    with demo_db.engine.connect() as conn:
        assert conn.execute(text("SELECT DISTINCT station_id FROM village")).scalars().all() == [1]


MONTHS_INSPECTIONS = (
    "SELECT count(*) FROM inspection WHERE deleted_at IS NULL AND date >= '2026-10-01' AND date < '2026-11-01'"
)


def _plan(path: Path) -> str:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return " ".join(row[-1] for row in con.execute("EXPLAIN QUERY PLAN " + MONTHS_INSPECTIONS))
    finally:
        con.close()


def _has_statistics(path: Path) -> bool:
    con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return con.execute("SELECT count(*) FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone()[0] == 1
    finally:
        con.close()


def test_a_file_written_to_gets_statistics_as_it_closes(demo_file, tmp_path):
    """Without statistics SQLite reads a month's inspections through ix_inspection_deleted_at (every
    live row); a file written to gets them as it closes, and then reads the month by its date. A
    database opened and only read, or opened read-only, is not written to."""
    from safetystation.services.ledger import LedgerService

    path = tmp_path / "demo.db"
    shutil.copy(demo_file, path)
    con = sqlite3.connect(path)
    con.execute("DROP TABLE IF EXISTS sqlite_stat1")
    con.commit()
    con.close()
    assert "ix_inspection_deleted_at" in _plan(path)

    only_read = open_database(path)
    assert LedgerService(only_read).count("inspection") > 100
    only_read.dispose()
    read_only = open_database(path, read_only=True)
    read_only.dispose()
    assert not _has_statistics(path)

    written = open_database(path)
    LedgerService(written).create("village", {"name": "新建村"})
    written.dispose()
    assert _has_statistics(path)
    assert "ix_inspection_date" in _plan(path), _plan(path)


def test_a_command_closes_what_it_opened_a_write_with_statistics(tmp_path, capsys):
    """A command that wrote closes the file with its statistics (the CLI never closed it before, so
    an import or a demo left SQLite planning blind); one that only reads leaves every byte as it was."""
    from safetystation.cli import main

    path = tmp_path / "新建.db"
    assert main(["init", "--db", str(path), "--station", "青石镇安监站", "--county", "临江县"]) == 0
    assert _has_statistics(path)
    files = sorted(tmp_path.iterdir())
    before = [f.read_bytes() for f in files]
    assert main(["stats", "--month", "2026-06", "--db", str(path)]) == 0
    assert sorted(tmp_path.iterdir()) == files and [f.read_bytes() for f in files] == before
    assert "检查次数" in capsys.readouterr().out
