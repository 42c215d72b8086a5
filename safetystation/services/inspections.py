"""Inspections (R06, FORMS.md §3 现场检查记录) and their checklists.

- Choosing a checklist template for an inspection copies the template's lines into the inspection's
  items (检查项目), each 未检查 until the inspector records 符合 / 不符合 / 不适用 and a note. The copy
  is the record: editing the template later changes no past inspection.
- Changing the checklist of an inspection replaces its items while none has a result; once results
  are entered it is refused (``ChecklistHasResults``) unless the caller says to keep them
  (``keep_results``: the entered items stay, the empty ones go, the new template's lines are added).
- A 不符合 item becomes a hazard in one call (through the hazard workflow), linked both ways: the
  hazard to the inspection, the item to the hazard.
- 检查情况 is composed from the items and the hazards found (:meth:`InspectionService.findings_text`);
  it is written into the record only when asked, and typed text is never overwritten unasked.
- The two 执法人员 come from the staff roster, whose 执法证号 and 有效期 are checked: the result is a
  list of warnings (the clerk may still save), never a refusal.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from safetystation.domain import choices as C
from safetystation.domain.hazard import CHECKLIST_WORKFLOW, ITEM_MAX, Hazard, InspectionItem, checklist_lines
from safetystation.errors import UserError, WorkflowError
from safetystation.services.hazards import HazardService
from safetystation.services.ledger import LedgerService
from safetystation.services.station import StationService

IT = InspectionItem.__table__  # type: ignore[attr-defined]
H = Hazard.__table__  # type: ignore[attr-defined]

PENDING = "pending"
PROBLEM = "problem"
OFFICER_SLOTS = (("officer1_id", "执法人员1"), ("officer2_id", "执法人员2"))
FINDINGS_MODES = ("fill", "append", "replace")


class ChecklistHasResults(WorkflowError):
    """The inspection's checklist changed while some of its items already have results."""

    def __init__(self, entered: int):
        self.entered = entered
        super().__init__(
            f"本次检查已有{entered}个检查项目填写了结果或说明，更换检查表不能删除这些内容。"
            "可保留已填写的项目、删去其余未填写的项目并加入新检查表的项目，或不更换检查表。"
        )


class FindingsNotEmpty(WorkflowError):
    """检查情况 already holds text: the caller must say whether to append to it or replace it."""

    def __init__(self) -> None:
        super().__init__("检查情况已有内容，未改动。请选择追加在原内容之后，或替换原内容。")


@dataclass(frozen=True)
class Officer:
    """One of an inspection's two 执法人员 as the 现场检查记录 prints them."""

    slot: str  # 执法人员1 / 执法人员2
    staff_id: int | None
    name: str
    cert_no: str


def entered(item: Mapping[str, Any]) -> bool:
    """Whether anything was recorded on a checklist item (a result, a note, a hazard)."""
    return item["result"] != PENDING or bool((item["note"] or "").strip()) or item["hazard_id"] is not None


class InspectionService:
    """Inspections with their checklist items; each write is one transaction through LedgerService."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db

    # --- the inspection ------------------------------------------------------------------------
    def create(self, values: dict[str, Any], *, external: bool = False) -> int:
        """Save a new inspection (numbered by the ledger) and copy its checklist's lines into its items."""
        with self.db.session() as s:
            iid = self.ledger.create("inspection", values, session=s, external=external)
            checklist = self.ledger.get("inspection", iid, session=s)["checklist_id"]
            if checklist is not None:
                self._fill(s, iid, checklist, skip=set())
            s.commit()
            return iid

    def update(
        self, inspection_id: int, values: dict[str, Any], *, external: bool = False, keep_results: bool = False
    ) -> dict[str, Any]:
        """Change an inspection; returns the changed fields as {name: (old, new)}. A new checklist
        replaces the items while none has a result; otherwise ``ChecklistHasResults`` is raised and
        nothing is saved, unless ``keep_results``: the items with results stay, the empty ones are
        removed and the new checklist's other lines are added."""
        with self.db.session() as s:
            changed = self.ledger.update("inspection", inspection_id, values, session=s, external=external)
            if "checklist_id" in changed:
                self._switch(s, inspection_id, changed["checklist_id"][1], keep_results)
            s.commit()
            return changed

    def _switch(self, s: Session, inspection_id: int, checklist_id: int | None, keep_results: bool) -> None:
        rows = self._items(s, inspection_id)
        kept = [r for r in rows if entered(r)]
        if kept and not keep_results:
            raise ChecklistHasResults(len(kept))
        empty = [r["id"] for r in rows if not entered(r)]
        if empty:
            self.ledger.remove_generated(s, "inspection_item", empty, workflow=CHECKLIST_WORKFLOW)
        if checklist_id is not None:
            self._fill(s, inspection_id, checklist_id, skip={r["item"] for r in kept})

    def _fill(self, s: Session, inspection_id: int, checklist_id: int, *, skip: set[str]) -> int:
        template = self.ledger.get("checklist_template", checklist_id, session=s)
        lines = [line for line in checklist_lines(template["items"]) if line not in skip]
        for line in lines:
            if len(line) > ITEM_MAX:
                raise UserError(
                    f"检查表“{template['name']}”的项目“{line[:20]}…”超过{ITEM_MAX}字，请先在检查表模板中拆成几行"
                )
        for line in lines:
            self.ledger.create(
                "inspection_item",
                {"inspection_id": inspection_id, "item": line, "result": PENDING},
                session=s,
                workflow=CHECKLIST_WORKFLOW,
            )
        return len(lines)

    # --- its items -----------------------------------------------------------------------------
    def fill_items(self, inspection_id: int) -> int:
        """Copy the checklist's lines into an inspection that has a checklist but no items yet (one
        imported, or saved before checklists filled items); returns how many were added."""
        with self.db.session() as s:
            inspection = self._inspection(s, inspection_id)
            if inspection["checklist_id"] is None or self._items(s, inspection_id):
                return 0
            n = self._fill(s, inspection_id, inspection["checklist_id"], skip=set())
            s.commit()
            return n

    def add_item(self, inspection_id: int, item: str, *, result: str = PENDING, note: str | None = None) -> int:
        """Add a line the checklist does not have (checked on the spot); returns its id."""
        with self.db.session() as s:
            self._inspection(s, inspection_id)
            values = {"inspection_id": inspection_id, "item": item, "result": result, "note": note}
            iid = self.ledger.create("inspection_item", values, session=s, workflow=CHECKLIST_WORKFLOW)
            s.commit()
            return iid

    def set_result(self, item_id: int, result: str, note: str | None = None) -> dict[str, Any]:
        """Record an item's result (符合 / 不符合 / 不适用, or back to 未检查) and its note; returns
        the changed fields. An item that became a hazard stays 不符合."""
        with self.db.session() as s:
            changed = self._set_result(s, item_id, result, note)
            s.commit()
            return changed

    def set_results(self, results: Mapping[int, tuple[str, str | None]]) -> int:
        """Record several items' (result, note) at once, all or nothing; returns how many changed."""
        with self.db.session() as s:
            n = sum(1 for item_id, (result, note) in results.items() if self._set_result(s, item_id, result, note))
            s.commit()
            return n

    def _set_result(self, s: Session, item_id: int, result: str, note: str | None) -> dict[str, Any]:
        item = self.ledger.get("inspection_item", item_id, session=s)
        if item["deleted_at"] is not None:
            raise WorkflowError("该检查项目已在回收站")
        return self.ledger.update("inspection_item", item_id, {"result": result, "note": note}, session=s)

    def item_to_hazard(
        self,
        item_id: int,
        deadline: dt.date | None = None,
        *,
        values: dict[str, Any] | None = None,
        external: bool = False,
    ) -> int:
        """Register a 不符合 item as a hazard of its inspection and unit (隐患治理流程: numbered, 登记
        step) and link the item to it; returns the hazard's id. ``values`` (the hazard form) override
        what is taken from the item (:meth:`hazard_values`); the hazard stays this inspection's."""
        with self.db.session() as s:
            item = self.ledger.get("inspection_item", item_id, session=s)
            if item["deleted_at"] is not None:
                raise WorkflowError("该检查项目已在回收站")
            if item["hazard_id"] is not None:
                no = self.ledger.get("hazard", item["hazard_id"], session=s)["hazard_no"]
                raise WorkflowError(f"该检查项目已转为隐患（{no or '#' + str(item['hazard_id'])}）")
            if item["result"] != PROBLEM:
                raise WorkflowError(
                    f"只有结果为“不符合”的检查项目可以转为隐患（本项目：{C.CHECK_ITEM_RESULT.label(item['result'])}）"
                )
            hazard = {**self._hazard_values(s, item), **(values or {}), "inspection_id": item["inspection_id"]}
            if deadline is not None:
                hazard["deadline"] = deadline
            hid = HazardService(self.ledger).register(hazard, session=s, external=external)
            self.ledger.update("inspection_item", item_id, {"hazard_id": hid}, session=s, workflow=CHECKLIST_WORKFLOW)
            s.commit()
            return hid

    # --- 检查情况 ------------------------------------------------------------------------------
    def findings_text(self, inspection_id: int) -> str:
        """检查情况 composed from the checklist results and the hazards this inspection found (for the
        record's 检查情况 and its print)."""
        with self.db.session() as s:
            inspection = self._inspection(s, inspection_id, live=False)
            items = self._items(s, inspection_id)
            hazards = (
                s.execute(
                    select(H.c.id, H.c.hazard_no, H.c.description)
                    .where(H.c.inspection_id == inspection_id, H.c.deleted_at.is_(None))
                    .order_by(H.c.found_date, H.c.id)
                )
                .mappings()
                .all()
            )
            template = None
            if inspection["checklist_id"] is not None:
                template = self.ledger.get("checklist_template", inspection["checklist_id"], session=s)["name"]
        parts: list[str] = []
        if items:
            counts = {code: sum(1 for r in items if r["result"] == code) for code in C.CHECK_ITEM_RESULT.codes}
            tally = "，".join(
                f"{C.CHECK_ITEM_RESULT.label(code)}{n}项" for code, n in counts.items() if n and code != PENDING
            )
            head = f"对照《{template}》" if template else ""
            line = f"{head}检查{len(items)}项" + (f"：{tally}" if tally else "")
            if counts[PENDING]:
                line += f"，{counts[PENDING]}项未填写结果"
            parts.append(line + "。")
        numbers = {h["id"]: h["hazard_no"] for h in hazards}
        problems = []
        for r in items:
            if r["result"] != PROBLEM:
                continue
            text = r["item"] + (f"：{r['note'].strip()}" if (r["note"] or "").strip() else "")
            if r["hazard_id"] in numbers:
                text += f"（已登记隐患{numbers[r['hazard_id']] or ''}）"
            problems.append(text)
        linked = {r["hazard_id"] for r in items if r["hazard_id"] is not None}
        for h in hazards:
            if h["id"] not in linked:
                problems.append(f"{h['description'].strip()}（已登记隐患{h['hazard_no'] or ''}）")
        if problems:
            parts.append(f"发现问题{len(problems)}处：")
            last = len(problems)
            parts += [f"{i}. {p}{'。' if i == last else '；'}" for i, p in enumerate(problems, 1)]
        else:
            parts.append("未发现问题。")
        return "\n".join(parts)

    def write_findings(self, inspection_id: int, *, mode: str = "fill") -> str:
        """Write :meth:`findings_text` into the record's 检查情况 and return the result. ``fill``: only
        into an empty 检查情况 (typed text raises ``FindingsNotEmpty``); ``append``: after the typed
        text (unless it already holds this text); ``replace``: instead of it (the audit keeps it)."""
        if mode not in FINDINGS_MODES:
            raise ValueError(mode)
        composed = self.findings_text(inspection_id)
        with self.db.session() as s:
            current = (self._inspection(s, inspection_id)["findings"] or "").strip()
            if not current or mode == "replace":
                new = composed
            elif mode == "fill":
                raise FindingsNotEmpty()
            else:
                new = current if composed in current else f"{current}\n{composed}"
            self.ledger.update("inspection", inspection_id, {"findings": new}, session=s)
            s.commit()
            return new

    # --- the two officers ----------------------------------------------------------------------
    def officer_warnings(self, values: Mapping[str, Any], *, enforcement: bool | None = None) -> list[str]:
        """Warnings (not refusals) about an inspection's two 执法人员 as ``values`` (the record, or the
        form's values) has them: fewer than two chosen, no 执法证号 in the roster, a certificate
        expired on the inspection date or without a recorded validity, someone no longer in post.
        ``enforcement``: whether the station has 委托执法 (default: its profile; a station without
        it does no 执法检查 and gets none of these warnings)."""
        if enforcement is None:
            profile = StationService(self.db).profile()
            enforcement = profile is None or bool(profile["entrusted_enforcement"])
        if not enforcement:
            return []
        day = values.get("date") if isinstance(values.get("date"), dt.date) else None
        out: list[str] = []
        chosen = valid = 0
        seen: set[int] = set()
        for name, slot in OFFICER_SLOTS:
            sid = values.get(name)
            if sid is None or sid in seen:
                continue
            seen.add(sid)
            chosen += 1
            try:
                p = self.ledger.get("staff", sid)
            except UserError:
                out.append(f"{slot}不在人员名册中（#{sid}）")
                continue
            who = f"{slot}“{p['name']}”"
            ok = True
            if p["deleted_at"] is not None:
                out.append(f"{who}已从人员名册删除")
                ok = False
            left = p["left_date"]
            gone = left <= day if left is not None and day is not None else not p["active"]
            if gone:
                out.append(f"{who}已离岗" + (f"（{left:%Y年%m月%d日}）" if left else ""))
                ok = False
            cert, expiry = (p["cert_no"] or "").strip(), p["cert_expiry"]
            if not cert:
                out.append(f"{who}在人员名册中没有执法证号")
                ok = False
            elif expiry is None:
                out.append(f"{who}的执法证（{cert}）在人员名册中没有填写有效期，无法核对是否有效")
            elif day is not None and expiry < day:
                out.append(f"{who}的执法证（{cert}）已于{expiry:%Y年%m月%d日}过期，早于检查日期{day:%Y年%m月%d日}")
                ok = False
            valid += ok
        if chosen < 2:
            out.append(f"只选择了{chosen}名执法人员：现场检查应由两名持有效执法证的执法人员进行")
        elif valid < 2:
            out.append(f"两名执法人员中持有效执法证的只有{valid}名：现场检查应由两名持有效执法证的执法人员进行")
        return out

    def officers(self, inspection_id: int) -> list[Officer]:
        """The two 执法人员 with their 执法证号 from the roster, for the 现场检查记录 (blank when not chosen)."""
        inspection = self.ledger.get("inspection", inspection_id)
        out = []
        for name, slot in OFFICER_SLOTS:
            sid = inspection[name]
            if sid is None:
                out.append(Officer(slot, None, "", ""))
                continue
            p = self.ledger.get("staff", sid)
            out.append(Officer(slot, sid, p["name"], (p["cert_no"] or "").strip()))
        return out

    # --- reading -------------------------------------------------------------------------------
    def items(self, inspection_id: int) -> list[dict[str, Any]]:
        """The inspection's live items in order, each with ``hazard_no`` of the hazard it became."""
        with self.db.session() as s:
            rows = self._items(s, inspection_id)
            ids = [r["hazard_id"] for r in rows if r["hazard_id"] is not None]
            numbers = dict(s.execute(select(H.c.id, H.c.hazard_no).where(H.c.id.in_(ids))).all()) if ids else {}
        return [{**r, "hazard_no": numbers.get(r["hazard_id"])} for r in rows]

    def hazard_values(self, item_id: int) -> dict[str, Any]:
        """What a hazard made from this item starts with: its inspection, unit, village, date and a
        description from the item and its note (the hazard form's pre-filled values)."""
        with self.db.session() as s:
            return self._hazard_values(s, self.ledger.get("inspection_item", item_id, session=s))

    def _hazard_values(self, s: Session, item: Mapping[str, Any]) -> dict[str, Any]:
        inspection = self.ledger.get("inspection", item["inspection_id"], session=s)
        note = (item["note"] or "").strip()
        values: dict[str, Any] = {
            "found_date": inspection["date"],
            "source": "inspection",
            "inspection_id": inspection["id"],
            "enterprise_id": inspection["enterprise_id"],
            "description": f"{item['item']}：{note or '不符合'}",
        }
        if inspection["enterprise_id"] is not None:
            village = self.ledger.get("enterprise", inspection["enterprise_id"], session=s).get("village_id")
            if village is not None:
                values["village_id"] = village
        return values

    def _inspection(self, s: Session, inspection_id: int, *, live: bool = True) -> dict[str, Any]:
        row = self.ledger.get("inspection", inspection_id, session=s)
        if live and row["deleted_at"] is not None:
            raise WorkflowError("该检查记录已在回收站，请先恢复")
        return row

    def _items(self, s: Session, inspection_id: int) -> list[dict[str, Any]]:
        stmt = select(IT).where(IT.c.inspection_id == inspection_id, IT.c.deleted_at.is_(None)).order_by(IT.c.id)
        return [dict(r) for r in s.execute(stmt).mappings()]
