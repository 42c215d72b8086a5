"""Database.on_change (#17): every committed write tells which ledgers it changed, once, after the
commit; a write that is rolled back tells nothing — inside one_transaction() nothing is told until
the whole transaction commits."""

from __future__ import annotations

import datetime as dt

import pytest

from safetystation.errors import UserError
from safetystation.services.hazards import HazardService
from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from safetystation.services.reminders import ReminderService


@pytest.fixture
def heard(db):
    calls: list[frozenset[str]] = []
    stop = db.on_change(calls.append)
    yield calls
    stop()


def test_each_write_of_the_ledger_service_is_told_after_its_commit(db, ledger, heard):
    vid = ledger.create("village", {"name": "河口村"})
    assert heard == [{"village"}]
    ledger.update("village", vid, {"name": "龙潭村"})
    ledger.delete("village", vid)
    ledger.restore("village", vid)
    assert heard[1:] == [{"village"}] * 3
    ledger.delete("village", vid)
    ledger.purge("village", vid, by=Operator("站长", is_head=True))
    assert len(heard) == 6 and heard[-1] == {"village"}


def test_an_update_that_changes_nothing_tells_nothing(db, ledger, heard):
    vid = ledger.create("village", {"name": "河口村"})
    heard.clear()
    assert ledger.update("village", vid, {"name": "河口村"}) == {}
    assert heard == []


def test_a_refused_write_tells_nothing(db, ledger, heard):
    ledger.create("village", {"name": "河口村"})
    heard.clear()
    with pytest.raises(UserError):
        ledger.create("village", {"name": "河口村"})  # the same name twice
    assert heard == []


def test_a_session_left_without_commit_tells_nothing(db, ledger, heard):
    with db.session() as s:
        ledger.create("village", {"name": "河口村"}, session=s)
        ledger.create("village", {"name": "龙潭村"}, session=s)  # its savepoint is released: not a commit
        assert heard == []  # not yet committed
    assert heard == [] and ledger.count("village") == 0


def test_a_use_case_of_several_ledgers_is_told_once_with_all_of_them(db, ledger, heard):
    unit = ledger.create("enterprise", {"name": "青石砖厂"})
    heard.clear()
    HazardService(ledger).register(
        {
            "found_date": dt.date(2026, 3, 1),
            "deadline": dt.date(2026, 3, 15),
            "description": "灭火器过期未更换",
            "category": "fire",
            "source": "tip",
            "enterprise_id": unit,
        }
    )
    assert len(heard) == 1 and {"hazard", "hazard_event"} <= heard[0]


def test_one_transaction_tells_once_after_the_whole_commit(db, ledger, heard):
    with db.one_transaction():
        ledger.create("village", {"name": "河口村"})  # its session's commit is only a savepoint
        ledger.create("enterprise", {"name": "青石砖厂"})
        assert heard == []  # nothing is in the file yet: nothing to show
    assert heard == [{"village", "enterprise"}]


def test_a_rolled_back_one_transaction_tells_nothing(db, ledger, heard):
    with pytest.raises(RuntimeError, match="停"), db.one_transaction():
        ledger.create("village", {"name": "河口村"})
        ledger.create("enterprise", {"name": "青石砖厂"})
        raise RuntimeError("停")
    assert heard == [] and ledger.count("village") == 0


def test_the_report_sent_mark_is_told(db, ledger, heard):
    ReminderService(ledger).mark_report_sent(2026, 10, on=dt.date(2026, 11, 3))
    assert heard == [{"setting"}]


def test_a_stopped_listener_hears_nothing(db, ledger):
    calls: list[frozenset[str]] = []
    stop = db.on_change(calls.append)
    stop()
    stop()  # twice is harmless
    ledger.create("village", {"name": "河口村"})
    assert calls == []


def test_counts_in_one_query_match_count(demo_db):
    from safetystation.domain import LEDGERS

    ledger = LedgerService(demo_db)
    ledger.delete("enterprise", ledger.list("enterprise", limit=1)[0]["id"])  # the bin is not counted
    assert ledger.counts(list(LEDGERS)) == {key: ledger.count(key) for key in LEDGERS}
    assert ledger.counts([]) == {}
