"""``Database.snapshot``: the county's pass reads every township as of one moment (#19) — statements
run one after another inside it do not see what is written meanwhile, and it writes nothing."""

from __future__ import annotations

import threading

import pytest

from safetystation.services.ledger import LedgerService, Query


def _names(ledger: LedgerService) -> list[str]:
    return sorted(r["name"] for r in ledger.list("village", Query(), limit=None))


def test_a_snapshot_reads_one_moment(db, ledger):
    ledger.create("village", {"name": "东村"})
    with db.snapshot():
        before = _names(ledger)
        writer = threading.Thread(target=lambda: ledger.create("village", {"name": "西村"}))
        writer.start()  # another clerk types meanwhile, on another connection
        writer.join()
        assert _names(ledger) == before == ["东村"]
    assert _names(ledger) == ["东村", "西村"]  # written, and seen once the snapshot is over


def test_a_snapshot_writes_nothing_and_does_not_nest(db, ledger):
    with db.snapshot():
        with pytest.raises(RuntimeError, match="does not nest"), db.snapshot():
            pass
        with db.session() as s:  # a use case that commits inside it commits only its savepoint
            ledger.create("village", {"name": "南村"}, session=s)
            s.commit()
        assert _names(ledger) == ["南村"]
    assert _names(ledger) == []
    with pytest.raises(RuntimeError, match="does not nest"), db.one_transaction(), db.snapshot():
        pass
