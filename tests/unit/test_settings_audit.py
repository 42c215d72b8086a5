"""Station-wide settings a clerk's act changes — the report marked as sent, the county's 统计表
layout, the group A figures kept for an ended period — are audited like any record: who, when,
before and after (put_setting)."""

from __future__ import annotations

import datetime as dt
import json

from sqlalchemy import select

from safetystation.domain.system import AuditLog
from safetystation.excel.export import set_statistics_layout, statistics_layout
from safetystation.reports import registers
from safetystation.services.reminders import ReminderService

A = AuditLog.__table__  # type: ignore[attr-defined]


def _setting_audit(db) -> list[tuple[str | None, str, dict | None, dict | None]]:
    with db.session() as s:
        rows = s.execute(select(A).where(A.c.ledger == "setting").order_by(A.c.id)).mappings().all()
    load = lambda v: None if v is None else json.loads(v)  # noqa: E731
    return [(r["operator"], r["action"], load(r["before"]), load(r["after"])) for r in rows]


def test_marking_the_report_sent_is_audited(ledger, db):
    ReminderService(ledger).mark_report_sent(2026, 10, on=dt.date(2026, 11, 4))
    ReminderService(ledger).mark_report_sent(2026, 10, on=dt.date(2026, 11, 4))  # the same again: no change
    ReminderService(ledger).mark_report_sent(2026, 10, on=dt.date(2026, 11, 5))
    assert _setting_audit(db) == [
        ("测试员", "set", None, {"report_sent:2026-10": '{"sent": "2026-11-04"}'}),
        (
            "测试员",
            "set",
            {"report_sent:2026-10": '{"sent": "2026-11-04"}'},
            {"report_sent:2026-10": '{"sent": "2026-11-05"}'},
        ),
    ]


def test_choosing_the_layout_is_audited(db):
    set_statistics_layout(db, "15", operator="陈国强")
    set_statistics_layout(db, "12", operator="陈国强")
    assert statistics_layout(db) == "12"
    assert _setting_audit(db) == [
        ("陈国强", "set", None, {"statistics_layout": "15"}),
        ("陈国强", "set", {"statistics_layout": "15"}, {"statistics_layout": "12"}),
    ]


def test_keeping_and_forgetting_group_a_is_audited(ledger, db):
    ledger.create("village", {"name": "河口村", "population": 100})
    as_of = dt.date(2026, 10, 31)
    registers.keep(db, as_of, today=dt.date(2026, 11, 5), operator="周晓燕")
    registers.keep(db, as_of, today=dt.date(2026, 11, 6), operator="周晓燕")  # kept once, never replaced
    registers.forget(db, as_of, operator="陈国强")
    trail = _setting_audit(db)
    key = "report_registers:2026-10-31"
    assert [(who, before is None, after is None) for who, _, before, after in trail] == [
        ("周晓燕", True, False),
        ("陈国强", False, True),
    ]
    assert list(trail[0][3]) == [key] and trail[1][2] == trail[0][3]
    assert registers.stored(db, as_of) is None
