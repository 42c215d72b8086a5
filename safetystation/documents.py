"""What the station's documents say (FORMS.md §3), as data: titles, numbers, addressees, numbered
problems, the wording that depends on whether the station has 委托执法, the legal-remedy lines,
signature lines and seals. ``ui/printing.py`` only lays these out on paper.

A station with 委托执法 issues a 责令限期整改指令书 in the name of the entrusting authority: it
orders (责令), carries the 复议/诉讼 lines and the officers' certificate numbers. A station without
it issues a 隐患整改通知书 in its own name: it advises and urges (建议、督促), has no legal-remedy
lines and no certificate numbers, and says that it is reported to the county.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select

from safetystation.dates import chinese_date
from safetystation.domain import get_spec
from safetystation.domain.display import text as display_text
from safetystation.domain.hazard import Hazard, HazardEvent
from safetystation.domain.station import issuing_body
from safetystation.errors import UserError
from safetystation.services.inspections import InspectionService, Officer
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.station import StationService

H = Hazard.__table__  # type: ignore[attr-defined]
EV = HazardEvent.__table__  # type: ignore[attr-defined]
BLANK = "＿＿＿＿＿＿"

ORDER_TITLE, NOTICE_TITLE, REVIEW_TITLE = "责令限期整改指令书", "隐患整改通知书", "整改复查意见书"
ORDER_DEMAND = (
    "现责令你单位按上列期限将上述事故隐患整改完毕，达到有关法律法规规章和标准规定的要求。"
    "整改期间，应当采取有效的安全防范措施，确保安全；整改完成后，将整改情况书面报告我单位，接受复查。"
)
NOTICE_ADVICE = (
    "建议你单位高度重视，按上列期限落实整改措施，整改期间采取有效的安全防范措施，确保安全；"
    "整改完成后，请将整改情况书面告知我站，我站将督促落实并进行复查。"
)
APPEAL = (
    "如不服本指令，可以依法在60日内向{government}或者{department}申请行政复议，"
    "或者在{months}个月内依法向{court}提起行政诉讼，但本指令不停止执行，法律另有规定的除外。"
)


@dataclass
class NoticeDocument:
    """A 隐患整改通知书 / 责令限期整改指令书 and its tear-off 回执."""

    title: str
    number: str
    heading: str  # the issuing body, above the title
    addressee: str
    intro: str
    problems: list[str]
    demand: str
    legal: str | None
    reported: str | None  # without 委托执法: the line saying it is reported to the county
    signatures: list[str]
    seal: str
    date: dt.date
    receipt: str
    cancelled: str | None = None  # a cancelled notice prints marked 作废 with the reason


@dataclass
class ReviewDocument:
    """A 整改复查意见书: refers to the notice; the review opinion item by item."""

    title: str
    number: str
    heading: str
    addressee: str
    intro: str
    items: list[str]
    conclusion: str
    signatures: list[str]
    seal: str
    date: dt.date | None
    new_deadlines: list[str] = field(default_factory=list)


def inspection_officers(ledger: LedgerService, inspection: dict[str, Any]) -> list[Officer]:
    """The inspection's two 执法人员 as chosen on it (with their 执法证号 from the roster); for an
    inspection recorded without them, its 带队人 and 检查人员 by name, those holding a 执法证 first."""
    chosen = [o for o in InspectionService(ledger).officers(inspection["id"]) if o.staff_id is not None]
    if chosen:
        return chosen
    certs = {r["name"]: r["cert_no"] or "" for r in ledger.list("staff", Query(), limit=None)}
    text = (inspection.get("inspectors") or "").replace("，", "、").replace(",", "、").replace(" ", "、")
    names = [inspection.get("lead") or "", *text.split("、")]
    unique = list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
    officers = [Officer("", None, n, certs.get(n, "")) for n in unique]
    return sorted(officers, key=lambda o: not o.cert_no)  # the certified sign as 执法人员 (stable otherwise)


def inspection_time(inspection: dict[str, Any]) -> str:
    """检查时间 as the 现场检查记录 prints it: the recorded start and end, else blanks to fill by hand."""
    day = chinese_date(inspection["date"])
    start, end = inspection.get("started_at"), inspection.get("ended_at")
    if start is None:
        return f"{day}　　时　　分至　　时　　分"
    until = f"{end:%H时%M分}" if end is not None else "　　时　　分"
    return f"{day}{start:%H时%M分}至{until}"


def _notice_hazards(ledger: LedgerService, hazard_id: int) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    h = ledger.get("hazard", hazard_id)
    if not h["notice_no"]:
        raise UserError("该隐患还没有下发整改通知（没有通知书编号），请先在隐患治理中“下发整改通知”。")
    if not h["notice_id"]:
        raise UserError(f"{h['notice_no']}是旧版本登记的通知书（没有关联检查记录和被检查单位），不能按现行格式打印。")
    notice = ledger.get("notice", h["notice_id"])
    with ledger.db.session() as s:
        rows = s.execute(select(H).where(H.c.notice_id == notice["id"]).order_by(H.c.id)).mappings()
        hazards = [dict(r) for r in rows]
    return notice, hazards


def _problem(h: dict[str, Any]) -> str:
    where = f"（部位：{h['location']}）" if h.get("location") else ""
    return f"{h['description']}{where}；整改期限：{chinese_date(h['deadline'])}前"


def notice_document(ledger: LedgerService, hazard_id: int) -> NoticeDocument:
    """The notice ``hazard_id`` is listed on, with every problem it lists."""
    notice, hazards = _notice_hazards(ledger, hazard_id)
    station = StationService(ledger.db).profile() or {}
    inspection = ledger.get("inspection", notice["inspection_id"])
    unit = ledger.get("enterprise", notice["enterprise_id"])["name"]
    order = notice["kind"] == "order"
    title = ORDER_TITLE if order else NOTICE_TITLE
    body = notice["issuer"] or issuing_body(station)
    record = f"（现场检查记录编号：{inspection['record_no']}）" if inspection.get("record_no") else ""
    intro = f"{chinese_date(inspection['date'])}，经现场检查{record}，你单位存在下列事故隐患："
    officers = inspection_officers(ledger, inspection)[:2] + [Officer("", None, "", "")] * 2
    if order:
        signatures = [f"执法人员（签名）：{BLANK}　证号：{o.cert_no or BLANK}" for o in officers[:2]]
        gov = station.get("appeal_government") or "＿＿＿＿人民政府"
        dept = station.get("appeal_department") or "＿＿＿＿＿＿"
        court = station.get("court") or "＿＿＿＿人民法院"
        months = station.get("litigation_months") or 6
        legal: str | None = APPEAL.format(government=gov, department=dept, months=months, court=court)
        reported = None
        seal = f"{body}（印章）"
        if body != station.get("name"):
            seal += f"\n（受委托单位：{station.get('name') or ''}）"
    else:
        signatures = [f"检查人员（签名）：{BLANK}　{BLANK}"]
        legal = None
        county = station.get("county") or "县（区）"
        reported = f"本通知书抄报{county}应急管理局。"
        seal = f"{body}（印章）"
    signatures.append(f"被检查单位负责人（签名）：{BLANK}")
    receipt = f"{unit}已收到{body}{notice['number']}《{title}》，将按所列期限整改完毕并书面报告。"
    cancelled = f"本文书已作废：{notice['cancel_reason']}" if notice["cancelled"] else None
    return NoticeDocument(
        title=title,
        number=notice["number"],
        heading=body,
        addressee=f"{unit}：",
        intro=intro,
        problems=[_problem(h) for h in hazards],
        demand=ORDER_DEMAND if order else NOTICE_ADVICE,
        legal=legal,
        reported=reported,
        signatures=signatures,
        seal=seal,
        date=notice["date"],
        receipt=receipt,
        cancelled=cancelled,
    )


def review_document(ledger: LedgerService, hazard_id: int) -> ReviewDocument:
    """The review opinion on the notice ``hazard_id`` is listed on: each of its problems with its
    latest re-inspection (passed or failed; a failed one with the new deadline it set)."""
    notice, hazards = _notice_hazards(ledger, hazard_id)
    station = StationService(ledger.db).profile() or {}
    with ledger.db.session() as s:
        reviews = {
            r.hazard_id: r
            for r in s.execute(
                select(EV.c.hazard_id, EV.c.date, EV.c.passed, EV.c.person, EV.c.note)
                .where(
                    EV.c.hazard_id.in_([h["id"] for h in hazards]), EV.c.passed.is_not(None), EV.c.deleted_at.is_(None)
                )
                .order_by(EV.c.date, EV.c.id)
            )
        }  # the latest review of each hazard wins
    if hazard_id not in reviews:
        raise UserError("该隐患还没有复查，不能出具整改复查意见书：请先在隐患治理中“复查验收”。")
    unit = ledger.get("enterprise", notice["enterprise_id"])["name"]
    body = notice["issuer"] or issuing_body(station)
    order = notice["kind"] == "order"
    items, reviewers, failed = [], [], []
    for i, h in enumerate(hazards, 1):
        r = reviews.get(h["id"])
        if r is None:
            items.append(f"{i}. {h['description']}：尚未复查。")
            continue
        verdict = "已整改到位，同意销号" if r.passed else f"整改不到位，须于{chinese_date(h['deadline'])}前重新整改完毕"
        items.append(f"{i}. {h['description']}：{r.note or ''}（复查结论：{verdict}）")
        if r.person:
            reviewers.append(r.person)
        if not r.passed:
            failed.append(f"{h['description']}：{chinese_date(h['deadline'])}前")
    date = max(r.date for r in reviews.values())
    verb = "责令你单位" if order else "要求你单位"
    intro = (
        f"我单位于{chinese_date(notice['date'])}以{notice['number']}《{ORDER_TITLE if order else NOTICE_TITLE}》"
        f"{verb}对下列事故隐患限期整改，经{chinese_date(date)}复查，提出如下意见："
    )
    conclusion = (
        "上列事故隐患已全部整改到位，同意销号。"
        if not failed and len(reviews) == len(hazards)
        else "未整改到位的事故隐患，须按重新限定的期限整改完毕并书面报告，我单位将再次复查。"
    )
    names = "、".join(dict.fromkeys(reviewers)) or BLANK
    return ReviewDocument(
        title=REVIEW_TITLE,
        number=f"{notice['number']}（复查）",
        heading=body,
        addressee=f"{unit}：",
        intro=intro,
        items=items,
        conclusion=conclusion,
        signatures=[f"复查人员（签名）：{BLANK}　{BLANK}（{names}）", f"被复查单位负责人（签名）：{BLANK}"],
        seal=f"{body}（印章）",
        date=date,
        new_deadlines=failed,
    )


# --- records: 现场检查记录, 应急演练记录 --------------------------------------------------------------
@dataclass(frozen=True)
class Fields:
    """Label–value pairs, printed two to a line."""

    pairs: list[tuple[str, str]]


@dataclass(frozen=True)
class Heading:
    """A section's title."""

    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    """A table with its columns' relative widths (the form's proportions)."""

    heads: list[str]
    weights: list[float]
    rows: list[list[str]]


Block = Fields | Heading | Paragraph | Table


@dataclass(frozen=True)
class AppendixPhoto:
    """A photo printed on the appendix pages after a record (#18): numbered caption and the JPEG."""

    caption: str  # 图1 人员疏散（2026-11-15 09:10 摄）
    data: bytes
    width: int
    height: int


@dataclass
class RecordDocument:
    """A record form: the station above the title, its number, blocks in order, signature lines, and
    the record's photos for the appendix pages (附件：现场照片)."""

    heading: str
    title: str
    number: str | None
    blocks: list[Block]
    signatures: list[str]
    photos: list[AppendixPhoto] = field(default_factory=list)


def appendix_photos(ledger: LedgerService, owner: str, owner_id: int) -> list[AppendixPhoto]:
    """The record's photos as its appendix prints them: in the order added, captioned 图1, 图2… with
    the caption (or file name) and when it was taken."""
    from safetystation.services.attachments import AttachmentService

    out = []
    for i, p in enumerate(AttachmentService(ledger).printable(owner, owner_id), 1):
        when = f"（{p.taken:%Y-%m-%d %H:%M} 摄）" if p.taken else ""
        out.append(AppendixPhoto(f"图{i}　{p.caption}{when}", p.data, p.width, p.height))
    return out


def _label(key: str, name: str, value: Any) -> str:
    return display_text(get_spec(key).column(name), value)


def inspection_document(ledger: LedgerService, inspection_id: int, *, photos: bool = True) -> RecordDocument:
    """现场检查记录 (FORMS.md §3): the unit and its people, place and time, the two enforcement officers
    with their certificate numbers, what was found (checklist results included), how it was handled,
    signature lines."""
    r = ledger.get("inspection", inspection_id)
    station = StationService(ledger.db).profile() or {}
    e = ledger.get("enterprise", r["enterprise_id"]) if r["enterprise_id"] else {}
    items = ledger.list("inspection_item", Query(filters={"inspection_id": inspection_id}), limit=None)
    officers = [(o.name, o.cert_no) for o in inspection_officers(ledger, r)][:2] + [("", ""), ("", "")]
    principal = e.get("legal_rep") or e.get("principal") or ""
    duty = "法定代表人" if e.get("legal_rep") else ("主要负责人" if principal else "")
    blocks: list[Block] = [
        Fields(
            [
                ("被检查单位", e.get("name") or ""),
                ("地址", e.get("address") or ""),
                ("法定代表人或负责人", principal),
                ("职务", duty),
                ("联系电话", e.get("phone") or ""),
                ("检查类型", _label("inspection", "type", r["type"])),
                ("被检查场所", r["place"] or e.get("address") or ""),
                ("检查时间", inspection_time(r)),
                ("执法人员", officers[0][0]),
                ("证件号", officers[0][1]),
                ("执法人员", officers[1][0]),
                ("证件号", officers[1][1]),
            ]
        ),
        Heading("检查情况："),
        Paragraph("\n".join("　　" + line for line in (r["findings"] or "（未记录检查情况）").splitlines())),
    ]
    if items:
        rows = [
            [str(i), it["item"], _label("inspection_item", "result", it["result"]), it["note"] or ""]
            for i, it in enumerate(items, 1)
        ]
        blocks.append(Table(["序号", "检查项目", "结果", "说明"], [6, 50, 12, 30], rows))
    handled = []
    if r["fixed_on_spot"]:
        handled.append("部分问题已当场整改")
    if r["notice_issued"]:
        handled.append("已下发整改通知")
    if handled:
        blocks.append(Paragraph("处理情况：" + "；".join(handled) + "。"))
    return RecordDocument(
        heading=station.get("name") or "",
        title="现场检查记录",
        number=r["record_no"] or BLANK,
        blocks=blocks,
        signatures=[
            f"检查人员（签名）：{BLANK}　{BLANK}　　被检查单位现场负责人（签名）：{BLANK}",
            f"日期：{chinese_date(r['date'])}",
        ],
        photos=appendix_photos(ledger, "inspection", inspection_id) if photos else [],
    )


def drill_document(ledger: LedgerService, record_id: int, *, photos: bool = True) -> RecordDocument:
    """生产安全事故应急演练记录 with its evaluation (FORMS.md §4): the record, 总体评价 with score and
    grade, the 问题整改明细 table, evaluator and date, whether the plan was revised."""
    key = "drill_record"
    r = ledger.get(key, record_id)
    station = StationService(ledger.db).profile() or {}
    problems = ledger.list("drill_problem", Query(filters={"record_id": record_id}), limit=None)
    plan = ledger.titles("emergency_plan", [r["plan_id"]]).get(r["plan_id"], "") if r["plan_id"] else ""
    unit = ""
    if r["enterprise_id"]:
        unit = ledger.titles("enterprise", [r["enterprise_id"]]).get(r["enterprise_id"], "")
    elif r["village_id"]:
        unit = ledger.titles("village", [r["village_id"]]).get(r["village_id"], "")
    start, end = r["start_at"], r["end_at"]
    when = f"{chinese_date(start.date())} {start:%H:%M}"
    if end:
        when += f" 至 {end:%H:%M}" if end.date() == start.date() else f" 至 {chinese_date(end.date())} {end:%H:%M}"
    rows = [
        [
            str(i),
            p["problem"],
            p["measure"] or "",
            chinese_date(p["deadline"]) if p["deadline"] else "",
            _label("drill_problem", "status", p["status"]),
            p["rectifier"] or "",
            p["confirmer"] or "",
        ]
        for i, p in enumerate(problems, 1)
    ] or [["", "（无）", "", "", "", "", ""]]
    blocks: list[Block] = [
        Fields(
            [
                ("演练名称", r["name"]),
                ("演练时间", when),
                ("地点", r["place"]),
                ("演练单位", unit),
                ("组织部门", r["organizer"] or ""),
                ("现场指挥", r["commander"] or ""),
                ("记录人", r["recorder"] or ""),
                ("参演人数", f"{r['participants']}人"),
                ("演练类型", f"{_label(key, 'content', r['content'])}、{_label(key, 'form', r['form'])}"),
                ("演练情景", _label(key, "scenario", r["scenario"])),
                ("依据预案", plan),
                ("直接投入", f"{_label(key, 'cost', r['cost'])}元" if r["cost"] is not None else ""),
                ("参加单位/人员", r["participant_units"] or ""),
                ("事故情景描述", r["scenario_text"] or ""),
                ("装备使用", r["equipment_used"] or ""),
            ]
        ),
        Heading("演练评估"),
        Fields(
            [
                ("评估得分", f"{r['score']}分" if r["score"] is not None else ""),
                ("评估等级", _label(key, "grade", r["grade"]) if r["grade"] else ""),
                ("总体评价", r["summary"] or ""),
                ("评估人", r["evaluator"] or ""),
                ("评估日期", chinese_date(r["evaluation_date"]) if r["evaluation_date"] else ""),
                ("演练后修订预案", "是" if r["plan_revised"] else "否"),
            ]
        ),
        Heading("问题整改明细"),
        Table(
            ["序号", "存在问题", "整改措施", "完成期限", "完成情况", "整改人", "确认人"],
            [6, 30, 30, 18, 12, 10, 10],
            rows,
        ),
    ]
    return RecordDocument(
        heading=station.get("name") or "",
        title="生产安全事故应急演练记录",
        number=None,
        blocks=blocks,
        signatures=[f"记录人（签名）：{BLANK}　　　　评估人（签名）：{BLANK}"],
        photos=appendix_photos(ledger, key, record_id) if photos else [],
    )
