"""方案与总结 (R23): the activities over without the summary the seeds ask for (“活动结束后，要对整个活动
进行总结通报”, 000/篇四), reminded on 首页 from SUMMARY_DAYS after they ended."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select

from safetystation.domain.plans import ActivityPlan
from safetystation.services.ledger import LedgerService

AP = ActivityPlan.__table__  # type: ignore[attr-defined]

# Days after an activity ends by which its summary is due.
SUMMARY_DAYS = 15


@dataclass(frozen=True)
class Unsummarized:
    """An activity over without its summary; ``due`` is its end plus SUMMARY_DAYS."""

    id: int
    activity: str
    end: dt.date
    due: dt.date


class PlanService:
    """Reads of the plans book; its records are written by LedgerService."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    def unsummarized(self, by: dt.date) -> list[Unsummarized]:
        """Activities whose summary is due on or before ``by`` (SUMMARY_DAYS after they ended) and not
        written (no 总结日期), soonest due first."""
        last_end = by - dt.timedelta(days=SUMMARY_DAYS)
        stmt = (
            select(AP.c.id, AP.c.activity, AP.c.end)
            .where(AP.c.deleted_at.is_(None), AP.c.summarized.is_(None), AP.c.end <= last_end)
            .order_by(AP.c.end, AP.c.id)
        )
        with self.db.session() as s:
            return [
                Unsummarized(rid, name, end, end + dt.timedelta(days=SUMMARY_DAYS))
                for rid, name, end in s.execute(stmt)
            ]
