"""方案与总结 (R23, #18): an activity's six 定, its plan and its summary — the rows check themselves,
an activity over without its summary is reminded, and the plan and summary read as documents."""

from __future__ import annotations

import datetime as dt

import pytest

from safetystation.activity_documents import plan_document, summary_document
from safetystation.documents import Fields, Heading, Paragraph
from safetystation.errors import UserError, ValidationError
from safetystation.services.ledger import LedgerService
from safetystation.services.plans import SUMMARY_DAYS, PlanService
from safetystation.services.reminders import DUE, OVERDUE, ReminderService

D = dt.date

SAFETY_MONTH = {
    "activity": "2026年“安全生产月”活动",
    "kind": "总体方案",
    "organizer": "青石镇安全生产委员会办公室",
    "responsible": "陈国强",
    "start": D(2026, 6, 1),
    "end": D(2026, 6, 30),
    "place": "全镇各村(社区)、各生产经营单位",
    "content": "开展宣传咨询日、隐患排查、应急演练和执法检查“四个一”活动",
    "scale": "全镇18个村(社区)、重点企业48家，约3000人",
    "issued": D(2026, 5, 20),
    "plan_text": "一、指导思想\n坚持安全第一、预防为主、综合治理。\n二、组织领导\n成立活动领导小组。",
}


def _errors(ledger: LedgerService, values: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        ledger.create("activity_plan", values)
    return {e.field: e.message for e in info.value.errors}


def test_the_six_ding_are_required_and_a_summary_needs_its_date(ledger):
    pid = ledger.create("activity_plan", SAFETY_MONTH)
    assert ledger.get("activity_plan", pid)["kind"] == "overall"
    six = ("organizer", "responsible", "start", "end", "place", "content", "scale")
    missing = _errors(ledger, {"activity": "消防宣传月"})
    assert set(six) <= set(missing), missing
    assert _errors(ledger, {**SAFETY_MONTH, "end": D(2026, 5, 31)}) == {"end": "结束日期不能早于开始日期"}
    assert _errors(ledger, {**SAFETY_MONTH, "achievements": "检查企业48家"}) == {
        "summarized": "已填写总结内容，请填写总结日期"
    }
    assert _errors(ledger, {**SAFETY_MONTH, "summarized": D(2026, 7, 8)}) == {
        "achievements": "填写了总结日期，请填写主要工作及成效"
    }
    ledger.update("activity_plan", pid, {"achievements": "检查企业48家", "summarized": D(2026, 7, 8)})
    assert ledger.get("activity_plan", pid)["summarized"] == D(2026, 7, 8)


def test_an_activity_over_without_its_summary_is_reminded(ledger):
    today = D(2026, 8, 1)
    late = ledger.create("activity_plan", SAFETY_MONTH)  # ended 6-30: summary due 7-15
    soon = ledger.create("activity_plan", {**SAFETY_MONTH, "activity": "汛期安全检查", "kind": "隐患排查方案",
                                           "start": D(2026, 7, 1), "end": D(2026, 7, 20)})  # fmt: skip
    ledger.create("activity_plan", {**SAFETY_MONTH, "activity": "七月宣传", "start": D(2026, 7, 1),
                                     "end": D(2026, 7, 28)})  # due 8-12: beyond the week  # fmt: skip
    done = ledger.create("activity_plan", {**SAFETY_MONTH, "activity": "春节前大检查", "start": D(2026, 1, 10),
                                           "end": D(2026, 1, 25), "issued": D(2026, 1, 5),
                                           "achievements": "检查单位60家", "summarized": D(2026, 2, 3)})  # fmt: skip
    gone = ledger.create("activity_plan", {**SAFETY_MONTH, "activity": "作废的方案"})
    ledger.delete("activity_plan", gone)
    due = {u.id: u.due for u in PlanService(ledger).unsummarized(today + dt.timedelta(days=7))}
    assert due == {late: D(2026, 6, 30) + dt.timedelta(days=SUMMARY_DAYS), soon: D(2026, 8, 4)}
    assert done not in due
    reminders = [r for r in ReminderService(ledger).collect(today=today) if r.kind == "activity_summary"]
    got = sorted((r.record_id, r.severity) for r in reminders)
    assert got == sorted([(late, OVERDUE), (soon, DUE)])
    text = next(r.text(today) for r in reminders if r.record_id == late)
    assert "2026年“安全生产月”活动" in text and "已逾期17天" in text, text


def test_the_plan_and_the_summary_as_documents(ledger):
    ledger.create("station", {"name": "青石镇安全生产监督管理站", "town": "青石镇", "county": "临江县"})
    pid = ledger.create("activity_plan", SAFETY_MONTH)
    doc = plan_document(ledger, pid)
    assert doc.title == "2026年“安全生产月”活动总体方案" and doc.heading == "青石镇安全生产监督管理站"
    fields = dict(next(b for b in doc.blocks if isinstance(b, Fields)).pairs)
    assert fields["组织单位"] == "青石镇安全生产委员会办公室" and fields["责任人"] == "陈国强"
    assert fields["活动时间"] == "2026年6月1日至2026年6月30日" and fields["活动规模"].startswith("全镇18个村")
    assert "“四个一”" in fields["活动内容"]
    texts = [b.text for b in doc.blocks if isinstance(b, Heading | Paragraph)]
    assert any("　　二、组织领导" in t for t in texts)  # the plan's text, each line indented
    assert any("2026年5月20日" in s for s in doc.signatures)
    with pytest.raises(UserError, match="还没有总结"):
        summary_document(ledger, pid)
    ledger.update(
        "activity_plan",
        pid,
        {"achievements": "检查生产经营单位48家次。\n发放宣传资料1500份。", "problems": "个别企业重视不够。",
         "summarized": D(2026, 7, 8)},
    )  # fmt: skip
    doc = summary_document(ledger, pid)
    assert doc.title == "2026年“安全生产月”活动总结"
    heads = [b.text for b in doc.blocks if isinstance(b, Heading)]
    assert heads == ["一、主要工作及成效", "二、存在的问题", "三、下步工作打算"]
    paragraphs = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert paragraphs[0] == "　　检查生产经营单位48家次。\n　　发放宣传资料1500份。"
    assert paragraphs[2] == "　　（未填写）"  # no 下步打算 typed: said so, not left silently blank
    assert any("2026年7月8日" in s for s in doc.signatures)
