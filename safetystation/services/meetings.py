"""会议记录 (R21): the 安委会 meets every month (“安委会每月召开例会”, 000/篇二; 001/§2), so a month without
a recorded 安委会例会 is reminded; a meeting's 议定事项 with a deadline are reminded until done."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from safetystation.dates import add_months, month_end
from safetystation.domain.routine import Meeting, MeetingFollowUp
from safetystation.services.ledger import LedgerService

MT = Meeting.__table__  # type: ignore[attr-defined]
FU = MeetingFollowUp.__table__  # type: ignore[attr-defined]

MONTHLY_TYPE = "committee"  # 安委会例会


@dataclass(frozen=True)
class OpenFollowUp:
    """A 议定事项 not yet done, with the meeting that decided it."""

    id: int
    item: str
    responsible: str | None
    due_date: dt.date
    meeting_id: int
    meeting_date: dt.date
    meeting_topic: str


class MeetingService:
    """Reading the meeting records; they are written by LedgerService."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    def months_without_committee(self, first: dt.date, last: dt.date) -> list[tuple[int, int]]:
        """The months from ``first``'s to ``last``'s (both included) with no 安委会例会 recorded."""
        start, end = first.replace(day=1), last.replace(day=1)
        stmt = select(MT.c.date).where(
            MT.c.deleted_at.is_(None),
            MT.c.type == MONTHLY_TYPE,
            MT.c.date >= start,
            MT.c.date <= month_end(end.year, end.month),
        )
        with self.db.session() as s:
            held = {(d.year, d.month) for d in s.execute(stmt).scalars()}
        out = []
        month = start
        while month <= end:
            if (month.year, month.month) not in held:
                out.append((month.year, month.month))
            month = add_months(month, 1)
        return out

    def open_followups(self, due_by: dt.date) -> list[OpenFollowUp]:
        """议定事项 not done whose deadline is on or before ``due_by`` (of meetings not in the recycle
        bin), soonest first."""
        stmt = (
            select(FU.c.id, FU.c.item, FU.c.responsible, FU.c.due_date, MT.c.id.label("mid"), MT.c.date, MT.c.topic)
            .select_from(FU.join(MT, MT.c.id == FU.c.meeting_id))
            .where(
                FU.c.deleted_at.is_(None),
                MT.c.deleted_at.is_(None),
                FU.c.status != "done",
                FU.c.due_date.is_not(None),
                FU.c.due_date <= due_by,
            )
            .order_by(FU.c.due_date, FU.c.id)
        )
        with self.db.session() as s:
            return [
                OpenFollowUp(r.id, r.item, r.responsible, r.due_date, r.mid, r.date, r.topic) for r in s.execute(stmt)
            ]
