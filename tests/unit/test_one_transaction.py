"""Database.one_transaction(): many use cases as one transaction (the demo township is written so)."""

from __future__ import annotations

import threading

import pytest

from safetystation.errors import UserError


def test_use_cases_inside_are_written_together_at_the_end(db, ledger):
    with db.one_transaction():
        ledger.create("village", {"name": "河口村"})  # commits its own session: only a savepoint
        ledger.create("village", {"name": "龙潭村"})
        seen_elsewhere: list[int] = []
        t = threading.Thread(target=lambda: seen_elsewhere.append(ledger.count("village")))
        t.start()
        t.join()
        assert seen_elsewhere == [0]  # another thread (the window) sees the file as it was
        assert ledger.count("village") == 2  # this thread sees its own work
    assert ledger.count("village") == 2
    assert {r["name"] for r in ledger.list("village")} == {"河口村", "龙潭村"}


def test_an_error_anywhere_leaves_nothing(db, ledger):
    with pytest.raises(RuntimeError, match="停"), db.one_transaction():
        ledger.create("village", {"name": "河口村"})
        ledger.create("enterprise", {"name": "某厂"})
        raise RuntimeError("停")
    assert ledger.count("village") == 0 and ledger.count("enterprise") == 0
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("select count(*) from audit_log").scalar() == 0


def test_a_refused_use_case_inside_rolls_back_alone(db, ledger):
    """A use case that fails inside (its savepoint rolled back) does not spoil the others."""
    with db.one_transaction():
        ledger.create("village", {"name": "河口村"})
        with pytest.raises(UserError):
            ledger.create("village", {"name": "河口村"})  # the same name twice: refused
        ledger.create("village", {"name": "龙潭村"})
    assert sorted(r["name"] for r in ledger.list("village")) == ["河口村", "龙潭村"]


def test_does_not_nest(db):
    with db.one_transaction(), pytest.raises(RuntimeError), db.one_transaction():
        pass
