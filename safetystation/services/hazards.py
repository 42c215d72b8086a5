"""The hidden-danger workflow (R07/R08): register → notice → rectifying → awaiting re-inspection →
closed (销号). The rules live here and nowhere else:

- a deadline is required at registration;
- the notice number runs per year: ``<字号>〔2026〕第N号``;
- closing needs the verifier, the date and the verification result;
- a failed re-inspection sends the hazard back to rectifying and is counted; the second failure
  flags 追责 (000/篇三: “同一处隐患两次整改不到位的，要追究有关人员的责任”);
- overdue is derived (open and past the deadline), never stored;
- a major hazard can be listed for supervision (挂牌督办) with its 五落实; it closes only when listed
  or when the county's decision not to list it is recorded, and closing a listed one takes it off
  the list (摘牌日期, 批准机关).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_, func, select
from sqlmodel import Session

from safetystation.domain import choices as C
from safetystation.domain.hazard import (
    ACCOUNTABILITY_STEP,
    NO_LISTING_STEP,
    WORKFLOW,
    Hazard,
    HazardEvent,
    HazardListing,
    Notice,
)
from safetystation.domain.station import issuing_body, notice_short_name
from safetystation.domain.validators import format_notice_number
from safetystation.errors import WorkflowError
from safetystation.services.ledger import LedgerService
from safetystation.services.station import StationService

H = Hazard.__table__  # type: ignore[attr-defined]
EV = HazardEvent.__table__  # type: ignore[attr-defined]
NT = Notice.__table__  # type: ignore[attr-defined]
LS = HazardListing.__table__  # type: ignore[attr-defined]

OPEN_STATUSES = ("registered", "noticed", "rectifying", "awaiting_review")
ACCOUNTABILITY_AFTER = 2  # failed re-inspections that trigger 追责


def is_open() -> ColumnElement[bool]:
    return and_(H.c.status != "closed", H.c.deleted_at.is_(None))


def is_overdue(today: dt.date) -> ColumnElement[bool]:
    """Open and past its deadline on ``today``."""
    return and_(is_open(), H.c.deadline < today)


@dataclass(frozen=True)
class HazardStep:
    """One line of a hazard's history."""

    date: dt.date
    action: str
    status_from: str | None
    status_to: str | None
    person: str | None
    passed: bool | None
    note: str | None


class HazardService:
    """Use cases of the hazard ledger; each call is one transaction."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    @property
    def by(self) -> str | None:
        return self.ledger.by

    # --- steps ---------------------------------------------------------------------------------
    def register(self, values: dict[str, Any], *, session: Session | None = None, external: bool = False) -> int:
        """Record a newly found hazard (status 已登记). ``values`` must include a deadline."""
        values = {**values, "status": "registered", "failed_reviews": 0, "accountability": False}
        if session is not None:
            return self._register(session, values, external)
        with self.db.session() as s:
            hid = self._register(s, values, external)
            s.commit()
            return hid

    def _register(self, s: Session, values: dict[str, Any], external: bool) -> int:
        hid = self.ledger.create("hazard", values, session=s, external=external, workflow=WORKFLOW)  # numbers it
        row = self.ledger.get("hazard", hid, session=s)
        self._event(s, hid, row["found_date"], "登记", None, "registered", note=row["description"])
        return hid

    def register_imported(self, s: Session, rows: list[dict[str, Any]], rectified: list[bool]) -> list[int]:
        """Register hazards read from a file in the caller's transaction, as one batch: each gets its
        number and an 导入登记 step; a row the file reports as rectified also gets a 报告整改完成
        step (it then awaits the station's re-inspection). Returns their ids in order."""
        start = {"failed_reviews": 0, "accountability": False}
        values = [
            {**r, **start, "status": "awaiting_review" if done else "registered"}
            for r, done in zip(rows, rectified, strict=True)
        ]
        ids = self.ledger.bulk_insert(s, "hazard", values, workflow=WORKFLOW)
        events = []
        for r, hid, done in zip(values, ids, rectified, strict=True):
            events.append(self._step(hid, r["found_date"], "导入登记", None, "registered", note=r.get("description")))
            if done:
                events.append(
                    self._step(hid, r["rectified_date"], "导入时已报告整改完成", "registered", "awaiting_review")
                )
        self.ledger.bulk_insert(s, "hazard_event", events, workflow=WORKFLOW)
        return ids

    def notice_group(self, hazard_id: int) -> list[dict]:
        """The hazards one notice for ``hazard_id`` lists: every registered hazard without a notice
        found in the same inspection at the same unit, this one first. Empty when ``hazard_id`` itself
        cannot have a notice yet (see :meth:`issue_notice` for why)."""
        with self.db.session() as s:
            h = self.ledger.get("hazard", hazard_id, session=s)
            return self._group(s, h) if h["inspection_id"] and h["enterprise_id"] else []

    def _group(self, s: Session, h: dict) -> list[dict]:
        rows = s.execute(
            select(H)
            .where(
                H.c.inspection_id == h["inspection_id"],
                H.c.enterprise_id == h["enterprise_id"],
                H.c.status == "registered",
                H.c.notice_no.is_(None),
                H.c.deleted_at.is_(None),
            )
            .order_by(H.c.id != h["id"], H.c.found_date, H.c.id)
        ).mappings()
        return [dict(r) for r in rows]

    def issue_notice(self, hazard_id: int, *, date: dt.date, person: str | None = None) -> str:
        """Issue the 整改通知书 (with 委托执法: 责令限期整改指令书) for the unit and inspection of
        ``hazard_id``: one document, numbered in the station's pattern, listing every problem found
        there in that inspection that has none yet (:meth:`notice_group`). Returns its number.

        The order of FORMS.md §3 holds: a notice needs the 现场检查记录 it follows (a tip-off or a
        village's report is first verified on site — :meth:`verify` — or fixed on the spot without
        a notice — :meth:`close_on_spot`) and an addressee (the unit)."""
        with self.db.session() as s:
            h = self._load(s, hazard_id, allowed=("registered",), step="下发整改通知")
            if h["inspection_id"] is None:
                raise WorkflowError(
                    "下发整改通知书前须有现场检查记录：请先对该隐患“核查登记”（到现场核查并记录），"
                    "或当场已整改的按“现场立即整改”销号。"
                )
            if h["enterprise_id"] is None:
                raise WorkflowError("整改通知书须写明被检查单位：请先在该隐患中填写“隐患单位”。")
            group = self._group(s, h)
            for g in group:
                if date < g["found_date"]:
                    raise WorkflowError(f"通知日期不能早于发现日期（{g['hazard_no']}：{g['found_date']:%Y-%m-%d}）")
            station = StationService(self.db).profile() or {}
            entrusted = bool(station.get("entrusted_enforcement"))
            seq = self._next_notice_seq(s, date.year)
            number = format_notice_number(station.get("notice_pattern"), notice_short_name(station), date.year, seq)
            values = {
                "number": number,
                "year": date.year,
                "seq": seq,
                "kind": "order" if entrusted else "notice",
                "date": date,
                "inspection_id": h["inspection_id"],
                "enterprise_id": h["enterprise_id"],
                "issuer": issuing_body(station),
                "person": person or self.by,
            }
            nid = self.ledger.create("notice", values, session=s, workflow=WORKFLOW)
            for g in group:
                changes = {"notice_id": nid, "notice_no": number, "notice_date": date, "notice_seq": seq}
                self._set(s, g, {**changes, "status": "noticed"})
                self._event(s, g["id"], date, "下发整改通知", g["status"], "noticed", person, note=number)
            s.commit()
            return number

    @staticmethod
    def _next_notice_seq(s: Session, year: int) -> int:
        """The next sequence of ``year``: after every number given that year, cancelled or deleted
        ones and those of hazards noticed before notices were documents of their own included."""
        given = s.execute(select(func.max(NT.c.seq)).where(NT.c.year == year)).scalar() or 0
        span = (H.c.notice_date >= dt.date(year, 1, 1), H.c.notice_date < dt.date(year + 1, 1, 1))
        legacy = s.execute(select(func.max(H.c.notice_seq)).where(*span)).scalar() or 0
        return max(given, legacy) + 1

    def cancel_notice(self, notice_id: int, *, date: dt.date, reason: str) -> None:
        """作废 a notice issued by mistake: its number stays taken (recorded with the reason), and its
        hazards go back to 已登记 to be noticed again. Only before any of them moved on."""
        if not reason or not reason.strip():
            raise WorkflowError("作废整改通知书须写明原因")
        with self.db.session() as s:
            notice = self.ledger.get("notice", notice_id, session=s)
            if notice["cancelled"]:
                raise WorkflowError(f"{notice['number']}已作废")
            hazards = [dict(r) for r in s.execute(select(H).where(H.c.notice_id == notice_id)).mappings()]
            moved = [h["hazard_no"] for h in hazards if h["status"] != "noticed"]
            if moved:
                raise WorkflowError(f"{notice['number']}所列隐患已开始整改或复查（{'、'.join(moved)}），不能作废")
            note = f"{notice['number']}作废：{reason.strip()}"
            change = {"cancelled": True, "cancel_reason": reason.strip()}
            self.ledger.update("notice", notice_id, change, session=s, workflow=WORKFLOW, action="status")
            for h in hazards:
                cleared = {"notice_id": None, "notice_no": None, "notice_date": None, "notice_seq": None}
                self._set(s, h, {**cleared, "status": "registered"})
                self._event(s, h["id"], date, "整改通知书作废", "noticed", "registered", note=note)
            s.commit()

    def verify(self, hazard_id: int, *, date: dt.date, lead: str, inspectors: str | None = None) -> int:
        """核查: the station checks a reported hazard (举报, 村级自查, 上级督查…) on site; the 现场检查
        记录 this makes (type 核查) is the one a notice then follows. Returns the inspection's id."""
        with self.db.session() as s:
            h = self._load(s, hazard_id, allowed=("registered",), step="核查登记")
            if h["inspection_id"] is not None:
                raise WorkflowError("该隐患已有现场检查记录")
            if date < h["found_date"]:
                raise WorkflowError("核查日期不能早于发现日期")
            values = {
                "date": date,
                "type": "verify",
                "enterprise_id": h["enterprise_id"],
                "place": h["location"],
                "lead": lead,
                "inspectors": inspectors,
                "findings": f"核查{C.HAZARD_SOURCE.label(h['source'])}的隐患：{h['description']}",
            }
            iid = self.ledger.create("inspection", values, session=s)
            self.ledger.update("hazard", hazard_id, {"inspection_id": iid}, session=s)
            s.commit()
            return iid

    def close_on_spot(self, hazard_id: int, *, date: dt.date, verifier: str, opinion: str) -> None:
        """现场立即整改: a hazard put right on the spot (or reported fixed and found so) is closed without
        a notice; nothing is printed for it. Not for a hazard that has a notice: that one is reviewed."""
        if not verifier or not verifier.strip():
            raise WorkflowError("现场立即整改销号须填写验收人")
        with self.db.session() as s:
            h = self._load(s, hazard_id, allowed=("registered", "awaiting_review"), step="现场立即整改销号")
            if h["notice_no"]:
                raise WorkflowError("已下达整改通知书的隐患须经复查销号")
            if h["grade"] == "major":
                raise WorkflowError("重大隐患不能现场立即整改销号")
            if date < h["found_date"]:
                raise WorkflowError("销号日期不能早于发现日期")
            changes = {
                "status": "closed",
                "rectified_date": h["rectified_date"] or date,
                "verifier": verifier.strip(),
                "verified_date": date,
                "verify_result": (opinion or "现场立即整改到位").strip(),
                "closed_date": date,
            }
            self._set(s, h, changes)
            self._event(s, hazard_id, date, "现场立即整改销号", h["status"], "closed", verifier, True, opinion)
            s.commit()

    def start_rectification(
        self,
        hazard_id: int,
        *,
        date: dt.date,
        responsible: str | None = None,
        measures: str | None = None,
        funds_fen: int | None = None,
        person: str | None = None,
    ) -> None:
        """The unit starts fixing it: record who, how and with what money (status 整改中)."""
        with self.db.session() as s:
            h = self._load(s, hazard_id, allowed=("registered", "noticed"), step="开始整改")
            changes: dict[str, Any] = {"status": "rectifying"}
            for k, v in (("responsible", responsible), ("measures", measures), ("funds", funds_fen)):
                if v is not None:
                    changes[k] = v
            self._set(s, h, changes)
            self._event(s, hazard_id, date, "开始整改", h["status"], "rectifying", person, note=measures)
            s.commit()

    def report_rectified(
        self, hazard_id: int, *, date: dt.date, person: str | None = None, note: str | None = None
    ) -> None:
        """The unit reports the fix done; it now awaits re-inspection (待复查)."""
        with self.db.session() as s:
            h = self._load(s, hazard_id, allowed=("registered", "noticed", "rectifying"), step="报告整改完成")
            if date < h["found_date"]:
                raise WorkflowError("整改完成日期不能早于发现日期")
            self._set(s, h, {"rectified_date": date, "status": "awaiting_review"})
            self._event(s, hazard_id, date, "报告整改完成", h["status"], "awaiting_review", person, note=note)
            s.commit()

    def reinspect(
        self,
        hazard_id: int,
        *,
        date: dt.date,
        reviewer: str,
        passed: bool,
        opinion: str,
        new_deadline: dt.date | None = None,
        delisting_body: str | None = None,
    ) -> str:
        """Re-inspect a reported fix of a noticed hazard (its 整改复查意见书). Pass → closed (销号);
        fail → back to rectifying with ``new_deadline`` (required: the opinion sets it), counted.

        A major hazard closes only when listed (挂牌督办) or when the county's decision not to list it
        is recorded (:meth:`record_no_listing`); closing a listed one takes it off the list (摘牌) on
        the same date, approved by ``delisting_body`` — by default the government that listed it
        (:meth:`delisting_authority`).

        Returns the new status.
        """
        if not reviewer or not reviewer.strip():
            raise WorkflowError("复查须填写复查(验收)人")
        if not opinion or not opinion.strip():
            raise WorkflowError("复查须填写复查意见")
        if not passed and new_deadline is None:
            raise WorkflowError("复查不合格须重新限定整改期限")
        if not passed and new_deadline is not None and new_deadline <= date:
            raise WorkflowError("重新限定的整改期限须晚于复查日期")
        with self.db.session() as s:
            h = self._load(s, hazard_id, allowed=("awaiting_review",), step="复查")
            if not h["notice_no"]:
                raise WorkflowError(
                    "该隐患没有下达整改通知书，不出具整改复查意见书；已整改到位的请按“现场立即整改”销号。"
                )
            if h["rectified_date"] and date < h["rectified_date"]:
                raise WorkflowError("复查日期不能早于整改完成日期")
            if passed:
                listing = self._major_may_close(s, h, date) if h["grade"] == "major" else None
                body = None
                if listing is not None:
                    body = (delisting_body or "").strip() or self._authority(s, listing["level"])
                    if not body:
                        level = C.LISTING_LEVEL.label(listing["level"])
                        raise WorkflowError(f"该重大隐患为{level}挂牌督办，销号须填写批准摘牌的机关")
                changes = {
                    "status": "closed",
                    "verifier": reviewer.strip(),
                    "verified_date": date,
                    "verify_result": opinion.strip(),
                    "closed_date": date,
                }
                self._set(s, h, changes)
                self._event(s, hazard_id, date, "复查合格销号", h["status"], "closed", reviewer, True, opinion)
                if listing is not None:
                    self.ledger.update(
                        "hazard_listing",
                        listing["id"],
                        {"delisted_date": date, "delisting_body": body},
                        session=s,
                        workflow=WORKFLOW,
                        action="status",
                    )
                new = "closed"
            else:
                failures = h["failed_reviews"] + 1
                changes = {
                    "status": "rectifying",
                    "failed_reviews": failures,
                    "accountability": h["accountability"] or failures >= ACCOUNTABILITY_AFTER,
                    "deadline": new_deadline,
                }
                self._set(s, h, changes)
                note = f"{opinion.strip()}（原限期{h['deadline']:%Y-%m-%d}，重新限期至{new_deadline:%Y-%m-%d}）"
                self._event(s, hazard_id, date, "复查不合格", h["status"], "rectifying", reviewer, False, note)
                if failures == ACCOUNTABILITY_AFTER:
                    self._event(s, hazard_id, date, ACCOUNTABILITY_STEP, "rectifying", "rectifying", reviewer)
                new = "rectifying"
            s.commit()
            return new

    def list_major(
        self,
        hazard_id: int,
        *,
        level: str,
        listed_date: dt.date,
        doc_no: str | None = None,
        deadline: dt.date | None = None,
        resp_person: str | None = None,
        measures: str | None = None,
        funds_fen: int | None = None,
        time_limit: dt.date | None = None,
        plan: str | None = None,
    ) -> int:
        """Put a major hazard under listed supervision (挂牌督办) with its 五落实. A recorded decision
        not to list does not stop a later listing (a higher level may still list it)."""
        with self.db.session() as s:
            h = self._load(s, hazard_id, allowed=OPEN_STATUSES, step="挂牌督办")
            if h["grade"] != "major":
                raise WorkflowError("只有重大隐患可以挂牌督办")
            existing = s.execute(select(LS.c.deleted_at).where(LS.c.hazard_id == hazard_id)).first()
            if existing is not None:
                if existing.deleted_at is not None:
                    raise WorkflowError("该隐患的挂牌督办档案在回收站中，请先从回收站恢复")
                raise WorkflowError("该隐患已挂牌督办")
            if listed_date < h["found_date"]:
                raise WorkflowError("挂牌日期不能早于隐患发现日期")
            values = {
                "hazard_id": hazard_id,
                "level": level,
                "listed_date": listed_date,
                "doc_no": doc_no,
                "deadline": deadline or h["deadline"],
                "resp_person": resp_person,
                "measures": measures,
                "funds": funds_fen,
                "time_limit": time_limit,
                "plan": plan,
            }
            lid = self.ledger.create("hazard_listing", values, session=s, workflow=WORKFLOW)
            self._event(
                s,
                hazard_id,
                listed_date,
                f"{C.LISTING_LEVEL.label(level)}挂牌督办",
                h["status"],
                h["status"],
                note=doc_no,
            )
            s.commit()
            return lid

    def record_no_listing(
        self,
        hazard_id: int,
        *,
        decided_by: str,
        date: dt.date,
        doc_no: str | None = None,
        person: str | None = None,
    ) -> None:
        """Record the county's decision not to list a major hazard for supervision (不予挂牌督办):
        who decided, when, and the document. With it the hazard may be closed without a listing."""
        decided_by = (decided_by or "").strip()
        doc_no = (doc_no or "").strip() or None
        if not decided_by:
            raise WorkflowError("须填写作出不挂牌决定的机关")
        with self.db.session() as s:
            h = self._load(s, hazard_id, allowed=OPEN_STATUSES, step="记录不挂牌决定")
            if h["grade"] != "major":
                raise WorkflowError("只有重大隐患需要记录不挂牌督办的决定")
            if self._listing(s, hazard_id) is not None:
                raise WorkflowError("该隐患已挂牌督办，不能再记录不挂牌决定")
            if h["no_listing_date"] is not None:
                raise WorkflowError(f"该隐患已记录不挂牌决定（{h['no_listing_by']}，{h['no_listing_date']:%Y-%m-%d}）")
            if date < h["found_date"]:
                raise WorkflowError("不挂牌决定日期不能早于隐患发现日期")
            self._set(s, h, {"no_listing_by": decided_by, "no_listing_date": date, "no_listing_doc": doc_no})
            note = decided_by + (f"（{doc_no}）" if doc_no else "")
            self._event(s, hazard_id, date, NO_LISTING_STEP, h["status"], h["status"], person, note=note)
            s.commit()

    def delisting_authority(self, hazard_id: int) -> str | None:
        """Who approves taking a listed hazard off the list when it is closed: the government that
        listed it (谁挂牌、谁摘牌) — 乡镇 → 本乡镇人民政府, 县级 → 本县人民政府, from the station's profile.
        None when the hazard is not listed, or listed by a city or province (whose name the station's
        profile does not hold: the clerk writes it)."""
        with self.db.session() as s:
            listing = self._listing(s, hazard_id)
            return None if listing is None else self._authority(s, listing["level"])

    def _listing(self, s: Session, hazard_id: int) -> dict | None:
        """The hazard's live 挂牌督办 file, if any."""
        row = s.execute(select(LS).where(LS.c.hazard_id == hazard_id, LS.c.deleted_at.is_(None))).mappings().first()
        return dict(row) if row is not None else None

    def _authority(self, s: Session, level: str) -> str | None:
        station = StationService(self.db).profile()
        name = None if station is None else {"town": station["town"], "county": station["county"]}.get(level)
        return f"{name}人民政府" if name else None

    def _major_may_close(self, s: Session, h: dict, date: dt.date) -> dict | None:
        """Refuse to close a major hazard that is neither listed nor decided not to be; returns its
        listing (None when the decision not to list is recorded)."""
        listing = self._listing(s, h["id"])
        if listing is not None:
            if date < listing["listed_date"]:
                raise WorkflowError(f"销号日期不能早于挂牌督办日期（{listing['listed_date']:%Y-%m-%d}）")
            return listing
        if h["no_listing_date"] is None:
            raise WorkflowError("重大隐患须先挂牌督办，或记录县级不予挂牌督办的决定，才能复查销号")
        return None

    # --- reading -------------------------------------------------------------------------------
    def history(self, hazard_id: int) -> list[HazardStep]:
        with self.db.session() as s:
            rows = s.execute(
                select(EV).where(EV.c.hazard_id == hazard_id, EV.c.deleted_at.is_(None)).order_by(EV.c.date, EV.c.id)
            ).mappings()
            return [
                HazardStep(
                    r["date"], r["action"], r["status_from"], r["status_to"], r["person"], r["passed"], r["note"]
                )
                for r in rows
            ]

    def overdue(self, today: dt.date) -> list[dict]:
        with self.db.session() as s:
            rows = s.execute(select(H).where(is_overdue(today)).order_by(H.c.deadline, H.c.id)).mappings()
            return [dict(r) for r in rows]

    def majors(self, *, open_only: bool = True) -> list[dict]:
        """Major hazards with their listing (None where not listed) and whether 五落实 is complete."""
        stmt = (
            select(
                H,
                LS.c.level.label("listing_level"),
                LS.c.listed_date,
                LS.c.doc_no.label("listing_doc"),
                LS.c.resp_person,
                LS.c.measures.label("listing_measures"),
                LS.c.funds.label("listing_funds"),
                LS.c.time_limit,
                LS.c.plan,
                LS.c.delisted_date,
            )
            .select_from(H.outerjoin(LS, and_(LS.c.hazard_id == H.c.id, LS.c.deleted_at.is_(None))))
            .where(H.c.grade == "major", H.c.deleted_at.is_(None))
        )
        if open_only:
            stmt = stmt.where(H.c.status != "closed")
        with self.db.session() as s:
            out = []
            for r in s.execute(stmt.order_by(H.c.found_date, H.c.id)).mappings():
                d = dict(r)
                d["five_in_place"] = bool(
                    d["resp_person"]
                    and d["listing_measures"]
                    and d["listing_funds"] is not None
                    and d["time_limit"]
                    and d["plan"]
                )
                out.append(d)
            return out

    # --- helpers -------------------------------------------------------------------------------
    def _load(self, s: Session, hazard_id: int, *, allowed: tuple[str, ...], step: str) -> dict:
        h = self.ledger.get("hazard", hazard_id, session=s)
        if h["deleted_at"] is not None:
            raise WorkflowError("该隐患已在回收站")
        if h["status"] not in allowed:
            raise WorkflowError(f"隐患当前状态为“{C.HAZARD_STATUS.label(h['status'])}”，不能{step}")
        return h

    def _set(self, s: Session, h: dict, changes: dict[str, Any]) -> None:
        self.ledger.update("hazard", h["id"], changes, session=s, workflow=WORKFLOW, action="status")

    def _step(
        self,
        hazard_id: int,
        date: dt.date,
        action: str,
        status_from: str | None,
        status_to: str | None,
        person: str | None = None,
        passed: bool | None = None,
        note: str | None = None,
    ) -> dict[str, Any]:
        return {
            "hazard_id": hazard_id,
            "date": date,
            "action": action,
            "status_from": status_from,
            "status_to": status_to,
            "person": person or self.by,
            "passed": passed,
            "note": note,
        }

    def _event(self, s: Session, *args: Any, **kwargs: Any) -> None:
        """One line of the hazard's history (see :meth:`_step`), written and audited in ``s``."""
        self.ledger.create("hazard_event", self._step(*args, **kwargs), session=s, workflow=WORKFLOW)
