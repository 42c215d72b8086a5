"""举报投诉登记 (R25): a complaint is answered within :data:`REPLY_DAYS` days, and one naming a danger is
made a hazard (source 群众举报) in one step that keeps the link on the complaint. The hazard is then
verified on site (核查登记) and handled like any other, in the hazard workflow."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from safetystation.domain import choices as C
from safetystation.domain.enterprise import Enterprise
from safetystation.domain.routine import COMPLAINT_WORKFLOW, Complaint
from safetystation.domain.station import Village
from safetystation.errors import WorkflowError
from safetystation.services.hazards import HazardService
from safetystation.services.ledger import LedgerService

CP = Complaint.__table__  # type: ignore[attr-defined]
EN = Enterprise.__table__  # type: ignore[attr-defined]
VL = Village.__table__  # type: ignore[attr-defined]

# Days from receiving a complaint to answering the reporter (or closing an anonymous one). DOMAIN.md
# gives none; provincial rules for work-safety tip-offs give 60 days from acceptance to 办结 (e.g. the
# Shandong 安监局's: “自受理之日起60日内办结”), so the reminder falls due on the 60th day.
REPLY_DAYS = 60


@dataclass(frozen=True)
class Unanswered:
    """A complaint not yet answered, with where it is about (a reminder names it)."""

    id: int
    date: dt.date
    due: dt.date
    channel: str
    unit: str
    content: str


class ComplaintService:
    """The complaint register's own steps; plain records are written by LedgerService."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    def hazard_values(self, complaint_id: int) -> dict[str, Any]:
        """What a hazard made from this complaint starts with (the hazard form's pre-filled values):
        found on the day the complaint came in, source 群众举报, its unit, village, place and content."""
        with self.db.session() as s:
            return self._hazard_values(s, self.ledger.get("complaint", complaint_id, session=s))

    def _hazard_values(self, s: Session, c: dict[str, Any]) -> dict[str, Any]:
        channel = C.COMPLAINT_CHANNEL.label(c["channel"])
        values: dict[str, Any] = {
            "found_date": c["date"],
            "source": "tip",
            "enterprise_id": c["enterprise_id"],
            "village_id": c["village_id"],
            "location": c["place"],
            "description": c["content"],
            "note": f"来自举报投诉登记：{c['date']:%Y-%m-%d}，{channel}",
        }
        if c["village_id"] is None and c["enterprise_id"] is not None:
            values["village_id"] = self.ledger.get("enterprise", c["enterprise_id"], session=s)["village_id"]
        return values

    def to_hazard(
        self,
        complaint_id: int,
        deadline: dt.date | None = None,
        *,
        values: dict[str, Any] | None = None,
        external: bool = False,
    ) -> int:
        """Register the danger a complaint names as a hazard (隐患治理流程: numbered, 登记 step, source
        群众举报) and link the complaint to it, in one transaction; returns the hazard's id. ``values``
        (the hazard form) override what is taken from the complaint (:meth:`hazard_values`); a hazard
        needs its ``deadline`` (整改期限). Its 核查 then follows in the hazard workflow."""
        with self.db.session() as s:
            c = self._live(s, complaint_id)
            if c["hazard_id"] is not None:
                no = self.ledger.get("hazard", c["hazard_id"], session=s)["hazard_no"]
                raise WorkflowError(f"该举报已转为隐患（{no or '#' + str(c['hazard_id'])}）")
            hazard = {**self._hazard_values(s, c), **(values or {}), "source": "tip"}
            if deadline is not None:
                hazard["deadline"] = deadline
            hid = HazardService(self.ledger).register(hazard, session=s, external=external)
            self.ledger.update("complaint", complaint_id, {"hazard_id": hid}, session=s, workflow=COMPLAINT_WORKFLOW)
            s.commit()
            return hid

    def unanswered(self, due_by: dt.date) -> list[Unanswered]:
        """Complaints without an answer (答复/办结日期) whose :data:`REPLY_DAYS` run out on or before
        ``due_by``, oldest first."""
        received_by = due_by - dt.timedelta(days=REPLY_DAYS)
        stmt = (
            select(
                CP.c.id,
                CP.c.date,
                CP.c.channel,
                CP.c.place,
                CP.c.content,
                EN.c.name.label("firm"),
                VL.c.name.label("village"),
            )
            .select_from(CP.outerjoin(EN, EN.c.id == CP.c.enterprise_id).outerjoin(VL, VL.c.id == CP.c.village_id))
            .where(CP.c.deleted_at.is_(None), CP.c.reply_date.is_(None), CP.c.date <= received_by)
            .order_by(CP.c.date, CP.c.id)
        )
        out = []
        with self.db.session() as s:
            for r in s.execute(stmt):
                unit = r.firm or "".join(x for x in (r.village, r.place) if x) or "对象未填"
                due = r.date + dt.timedelta(days=REPLY_DAYS)
                out.append(Unanswered(r.id, r.date, due, r.channel, unit, r.content))
        return out

    def _live(self, s: Session, complaint_id: int) -> dict[str, Any]:
        c = self.ledger.get("complaint", complaint_id, session=s)
        if c["deleted_at"] is not None:
            raise WorkflowError("该举报投诉记录已在回收站，请先恢复")
        return c
