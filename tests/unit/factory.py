"""Build a minimal valid record for any ledger from its spec alone (creating what it refers to)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from safetystation.domain import get_spec
from safetystation.domain.spec import BOOL, CHOICE, DATE, DATETIME, INT, LONGTEXT, MONEY, REF, TEXT, ColumnSpec
from safetystation.domain.validators import credit_code_check_char
from safetystation.services.ledger import LedgerService

_counter = iter(range(1, 10**9))

# Values that satisfy the cross-field rules of particular ledgers (see the domain modules).
OVERRIDES: dict[str, dict[str, Any]] = {
    "staff": {"role": "staff"},
    "agreement": {"party_kind": "unit", "year": 2026, "signed_date": dt.date(2026, 1, 10)},
    "enforcement": {"party": "张某", "measure": "order"},
    "drill_plan": {"recurrence": "yearly"},
    "accident": {"deaths": 0, "grade": "ordinary"},
    "brigade": {"type": "village"},
    "zero_report": {"no_accident": True, "no_hazard": True},
    "station": {"notice_pattern": "{简称}安监责改〔{年}〕第{号}号"},
    "hazard": {"found_date": dt.date(2026, 3, 1), "deadline": dt.date(2026, 3, 31)},
    "drill_record": {"score": 85, "grade": "good"},
    "inspection_item": {"result": "problem"},  # an item linked to a hazard stays 不符合
    "complaint": {"reporter": "王某", "place": "河口村3组", "date": dt.date(2026, 3, 1)},
    "certified_operator": {
        "cert_no": "T330522198001011234",
        "issued": dt.date(2023, 3, 1),
        "expiry": dt.date(2029, 3, 1),
    },
    "meeting_followup": {"status": "done", "done_date": dt.date(2026, 3, 5)},
    "driver": {"licence_no": "530102198001011234", "licence_class": "G", "licence_expiry": dt.date(2030, 5, 1)},
    "traffic_violation": {"kind": "passengers", "passengers": 3, "date": dt.date(2026, 3, 8)},
    "work_task": {
        "rule": "festival",
        "months": None,
        "day": None,
        "festival": "spring",
        "offset_days": -3,
        "completes": "inspection",
    },
    "work_task_done": {"period": "2026-03", "due_date": dt.date(2026, 3, 31), "done_date": dt.date(2026, 3, 30)},
    "fireworks_outlet": {
        "distance_check": "ok",
        "distance_m": 120,
        "checked_on": dt.date(2026, 1, 5),
        "licence_no": "烟花零售证字〔2026〕第001号",
        "licence_expiry": dt.date(2027, 1, 31),
    },
    "fireworks_search": {"found": 0, "seized": 0},
    "food_check": {"seized_kg": 0, "seized_pieces": 0},
    "activity_plan": {"summarized": dt.date(2026, 3, 1), "achievements": "检查生产经营单位48家次"},
    "self_built_house": {"stage": "built", "risk": "hazard", "inspected": dt.date(2026, 3, 1), "problems": "擅自加层"},
    "resumption": {
        "stop_date": dt.date(2026, 3, 2),
        "applied": dt.date(2026, 3, 20),
        "accepted": dt.date(2026, 3, 25),
        "result": "passed",
        "team": "张明、李华",
    },
}


def sample_value(ledger: LedgerService, column: ColumnSpec) -> Any:
    n = next(_counter)
    if column.kind in (TEXT, LONGTEXT):
        if column.name == "credit_code":
            first = f"91330522MA{n:07d}"[:17]
            return first + credit_code_check_char(first)
        if "phone" in column.name:
            return "0571-64821234"
        if column.name == "time":
            return "09:30"
        if column.name == "months":
            return "3,6"
        text = f"{column.label}{n}"
        return text[: column.max_length] if column.max_length else text
    if column.kind == INT:
        lo = column.min if column.min is not None else 0
        return max(lo, 1) if column.max is None or column.max >= 1 else lo
    if column.kind == MONEY:
        return 12345
    if column.kind == DATE:
        return dt.date(2026, 3, 1)
    if column.kind == DATETIME:
        return dt.datetime(2026, 3, 1, 9, 0)
    if column.kind == BOOL:
        return False
    if column.kind == CHOICE:
        assert column.choices is not None
        return column.choices.codes[0]
    if column.kind == REF:
        assert column.ref is not None
        return make(ledger, column.ref)
    raise AssertionError(column.kind)


def valid_values(ledger: LedgerService, key: str) -> dict[str, Any]:
    spec = get_spec(key)
    values = {c.name: sample_value(ledger, c) for c in spec.columns if c.required and not c.hidden}
    values.update(OVERRIDES.get(key, {}))
    return values


def make(ledger: LedgerService, key: str, **extra: Any) -> int:
    """A valid record of ``key``, stored directly: for a ledger a workflow owns, the factory plays that
    workflow's part (these tests are about storage, not the workflow's steps)."""
    return ledger.create(key, {**valid_values(ledger, key), **extra}, workflow=get_spec(key).workflow)


def noticed(hazards: Any, values: dict[str, Any], *, on: dt.date | None = None) -> int:
    """A hazard as the paperwork order has it (FORMS §3): found in an inspection of its unit (both
    made here unless ``values`` names them), registered, and its notice issued ``on`` (default: the
    day it was found). Returns the hazard's id."""
    hid = int(hazards.register(values))
    give_notice(hazards, hid, on=on)
    return hid


def give_notice(hazards: Any, hid: int, *, on: dt.date | None = None) -> str:
    """Issue the notice of an already registered hazard, first giving it the inspection record and
    unit a notice needs when it lacks them; returns the notice's number."""
    ledger = hazards.ledger
    h = ledger.get("hazard", hid)
    changes = {}
    unit = h["enterprise_id"] or ledger.create("enterprise", {"name": f"被检查单位{next(_counter)}"})
    if not h["enterprise_id"]:
        changes["enterprise_id"] = unit
    if not h["inspection_id"]:
        visit = {"date": h["found_date"], "type": "routine", "lead": "周晓燕", "enterprise_id": unit}
        changes["inspection_id"] = ledger.create("inspection", visit)
    if changes:
        ledger.update("hazard", hid, changes)
    return str(hazards.issue_notice(hid, date=on or h["found_date"]))
