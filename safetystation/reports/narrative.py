"""The month's text for the county (R18 预警预测月报表; DOMAIN §3.8 group K): 本月重点工作, 存在问题,
下月工作打算 and 预警预测, typed by the clerk, kept with the month (ledger ``report_narrative``) and
printed on that month's report; a summary (half year, year, range) prints each month's text."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import null, select

from safetystation.domain import get_spec
from safetystation.services.ledger import LedgerService
from safetystation.storage.db import Database

FIELDS = ("key_work", "problems", "next_plan", "forecast")
LABELS = {"key_work": "本月重点工作", "problems": "存在问题", "next_plan": "下月工作打算", "forecast": "预警预测"}
# On a summary (half year, year, range) each field gathers every month's text, each line headed by its month.
SUMMARY_LABELS = {
    "key_work": "各月重点工作",
    "problems": "各月存在问题",
    "next_plan": "各月所报下月工作打算",
    "forecast": "各月预警预测",
}


def labels(start: dt.date, end: dt.date) -> dict[str, str]:
    """The fields' headings on the report of ``start``–``end``: a month's as the clerk typed them; a
    summary's say that they gather the months' text (a half year has no 本月 or 下月 of its own)."""
    return SUMMARY_LABELS if _several(start, end) else LABELS


def _several(start: dt.date, end: dt.date) -> bool:
    return (start.year, start.month) != (end.year, end.month)


def _table() -> Any:
    return get_spec("report_narrative").table


def month_text(ledger: LedgerService, year: int, month: int) -> dict[str, Any] | None:
    """The month's record (live), or None when nothing was typed for it."""
    t = _table()
    with ledger.db.session() as s:
        row = (
            s.execute(select(t).where(t.c.month == dt.date(year, month, 1), t.c.deleted_at.is_(None)))
            .mappings()
            .first()
        )
        return dict(row) if row is not None else None


def save_month_text(ledger: LedgerService, year: int, month: int, values: dict[str, Any]) -> int:
    """Keep the month's text (only the four fields are taken): the month's record is created or
    changed through the ledger, so the audit trail keeps every version. Returns its id."""
    clean = {k: values.get(k) for k in FIELDS}
    current = month_text(ledger, year, month)
    if current is None:
        t = _table()
        with ledger.db.session() as s:  # a month's record in the recycle bin comes back rather than clash
            binned = s.execute(select(t.c.id).where(t.c.month == dt.date(year, month, 1))).scalar()
        if binned is not None:
            ledger.restore("report_narrative", binned)
            ledger.update("report_narrative", binned, clean)
            return int(binned)
        return ledger.create("report_narrative", {"month": dt.date(year, month, 1), **clean})
    ledger.update("report_narrative", current["id"], clean)
    return int(current["id"])


def period_texts(ledger: LedgerService, start: dt.date, end: dt.date) -> dict[str, str]:
    """Each field's text over the months from ``start`` to ``end``: one month's as typed; several
    months' each on its own line headed by the month (``6月：…``), months without text left out."""
    return _texts(_months(ledger.db, start, end, by_station=False).get(None, []), start, end)


def stations_period_texts(db: Database, start: dt.date, end: dt.date, stations: list[int]) -> dict[int, dict[str, str]]:
    """:func:`period_texts` of each of ``stations`` of a shared database, read in one statement."""
    months = _months(db, start, end, by_station=True)
    return {sid: _texts(months.get(sid, []), start, end) for sid in stations}


def _months(db: Database, start: dt.date, end: dt.date, *, by_station: bool) -> dict[int | None, list[Any]]:
    """The live month records from ``start``'s month to ``end``, in order, per station (or None)."""
    t = _table()
    station = t.c.station_id if by_station else null()
    stmt = select(station.label("station__"), t).where(
        t.c.month >= start.replace(day=1), t.c.month <= end, t.c.deleted_at.is_(None)
    )
    out: dict[int | None, list[Any]] = {}
    with db.session() as s:
        for r in s.execute(stmt.order_by(t.c.month)).mappings():
            out.setdefault(r["station__"], []).append(r)
    return out


def _texts(rows: list[Any], start: dt.date, end: dt.date) -> dict[str, str]:
    several = _several(start, end)
    out: dict[str, str] = {}
    for name in FIELDS:
        parts = []
        for r in rows:
            text = (r[name] or "").strip()
            if text:
                m = r["month"]
                head = (f"{m.year}年" if start.year != end.year else "") + f"{m.month}月：" if several else ""
                parts.append(head + text)
        out[name] = "\n".join(parts)
    return out
