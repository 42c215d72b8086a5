"""Optimistic concurrency on edits (#19): a save carries the version (``updated_at``) the clerk opened;
a record saved by someone else since is a conflict with a Chinese message, and nothing is written.
Runs on SQLite and, with --db-url, on PostgreSQL (tests/unit/test_postgres.py has the two-connection
races)."""

from __future__ import annotations

import pytest

from safetystation.services.ledger import EditConflict, LedgerService
from safetystation.services.operators import Operator


def test_a_stale_form_is_refused_and_the_other_save_stands(db):
    a = LedgerService(db, operator=Operator("甲"))
    b = LedgerService(db, operator=Operator("乙"))
    rid = a.create("enterprise", {"name": "青石机械厂", "phone": "0571-1"})
    opened = a.get("enterprise", rid)
    b.update("enterprise", rid, {"phone": "0571-2"}, seen=b.get("enterprise", rid)["updated_at"])
    with pytest.raises(EditConflict) as caught:
        a.update("enterprise", rid, {"name": "青石机械一厂"}, seen=opened["updated_at"])
    assert "已被“乙”" in str(caught.value) and "没有保存" in str(caught.value)
    now = a.get("enterprise", rid)
    assert (now["name"], now["phone"]) == ("青石机械厂", "0571-2")
    assert [h.operator for h in a.history("enterprise", rid)].count("甲") == 1  # only the creation


def test_an_unchanged_record_saves_with_its_version(db):
    ledger = LedgerService(db, operator=Operator("甲"))
    rid = ledger.create("village", {"name": "河口村"})
    seen = ledger.get("village", rid)["updated_at"]
    assert ledger.update("village", rid, {"name": "河口社区"}, seen=seen) == {"name": ("河口村", "河口社区")}
    again = ledger.get("village", rid)["updated_at"]
    assert again != seen  # the version moved on: the old one is stale now
    with pytest.raises(EditConflict):
        ledger.update("village", rid, {"name": "河口新村"}, seen=seen)
    assert ledger.update("village", rid, {"name": "河口新村"}, seen=again)
