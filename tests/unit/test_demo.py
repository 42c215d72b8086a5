"""The demo township: deterministic, realistic in size, and valid by the ledgers' own rules."""

from __future__ import annotations

import datetime as dt
import hashlib
import sqlite3

import pytest
from sqlalchemy import select

from safetystation.demo import generate
from safetystation.domain import LEDGERS, get_spec
from safetystation.domain.base import COMMON_COLUMNS
from safetystation.domain.values import validate
from safetystation.errors import UserError, ValidationError
from tests.conftest import DEMO_UNTIL


def digest(path) -> str:
    con = sqlite3.connect(path)
    h = hashlib.sha256()
    for table in ("enterprise", "hazard", "drill_record", "accident"):
        for row in con.execute(f"select * from {table} order by id"):  # noqa: S608 (fixed table names)
            h.update(repr(row).encode())
    con.close()
    return h.hexdigest()


def test_same_inputs_same_township(demo_file, migrated_file, tmp_path):
    import shutil

    from safetystation.storage.db import open_database

    again = tmp_path / "again.db"
    shutil.copy(migrated_file, again)
    db = open_database(again)
    generate(db, until=DEMO_UNTIL)
    db.dispose()
    assert digest(again) == digest(demo_file)


def test_size_and_shape(demo_db):
    from safetystation.services.ledger import LedgerService

    ledger = LedgerService(demo_db)
    assert ledger.count("village") == 18
    assert 140 <= ledger.count("enterprise") <= 160
    assert ledger.count("hazard") > 300 and ledger.count("inspection") > 500
    first = ledger.list("inspection", limit=None)
    years = {r["date"].year for r in first}
    assert years == {2024, 2025, 2026}
    assert max(r["date"] for r in first) <= DEMO_UNTIL


def test_refuses_a_non_empty_database(demo_db):
    with pytest.raises(UserError, match="只能写入空数据库"):
        generate(demo_db, until=DEMO_UNTIL)


@pytest.mark.parametrize("key", list(LEDGERS))
def test_every_demo_row_passes_its_ledger_validation(demo_db, key):
    spec = get_spec(key)
    problems = []
    with demo_db.session() as s:
        for row in s.execute(select(spec.table)).mappings():
            values = {k: v for k, v in row.items() if k not in COMMON_COLUMNS}
            try:
                validate(spec, values)
            except ValidationError as e:
                problems.append(f"#{row['id']}: {e}")
    assert problems == [], problems[:5]


def test_june_and_november_publicity_peaks(demo_db):
    from safetystation.services.ledger import LedgerService, Query

    ledger = LedgerService(demo_db)

    def n(month):
        return ledger.count("publicity", Query(date_from=dt.date(2025, month, 1), date_to=dt.date(2025, month, 28)))

    assert n(6) > 2 * n(3) and n(11) > n(3)


def test_scale_option_gives_ten_years_and_100k_records(migrated_file, tmp_path):
    import shutil

    from safetystation.demo import SCALE
    from safetystation.storage.db import open_database

    path = tmp_path / "scale.db"
    shutil.copy(migrated_file, path)
    db = open_database(path)
    counts = generate(db, until=DEMO_UNTIL, **SCALE)
    db.dispose()
    assert sum(counts.values()) >= 100_000
    con = sqlite3.connect(path)
    first, last = con.execute("select min(date), max(date) from inspection").fetchone()
    assert first.startswith("2017-01") and last <= "2026-11-22"
