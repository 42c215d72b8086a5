"""The hazard workflow rules (register → notice → rectifying → awaiting re-inspection → closed)."""

from __future__ import annotations

import datetime as dt

import pytest

from safetystation.errors import ValidationError, WorkflowError
from safetystation.services.hazards import HazardService
from safetystation.services.station import StationService

D = dt.date


@pytest.fixture
def hazards(ledger):
    StationService(ledger.db).save_profile(
        {"name": "青石镇安监站", "town": "青石镇", "county": "临江县", "doc_prefix": "青安"}
    )
    return HazardService(ledger)


def new(hazards, **kw):
    values = {
        "found_date": D(2026, 3, 1),
        "deadline": D(2026, 3, 15),
        "description": "灭火器过期未更换",
        "category": "fire",
    }
    values.update(kw)
    return hazards.register(values)


def test_deadline_is_required(hazards):
    with pytest.raises(ValidationError, match="整改期限：必填"):
        hazards.register({"found_date": D(2026, 3, 1), "description": "消防通道堆放杂物"})


def test_full_lifecycle(hazards, ledger):
    hid = new(hazards)
    h = ledger.get("hazard", hid)
    assert h["status"] == "registered" and h["hazard_no"] == f"YH2026-{hid:05d}"
    assert hazards.issue_notice(hid, date=D(2026, 3, 2)) == "青安〔2026〕第1号"
    hazards.start_rectification(hid, date=D(2026, 3, 3), responsible="张三", measures="更换灭火器", funds_fen=30000)
    hazards.report_rectified(hid, date=D(2026, 3, 10))
    assert ledger.get("hazard", hid)["status"] == "awaiting_review"
    assert hazards.reinspect(hid, date=D(2026, 3, 11), reviewer="李四", passed=True, opinion="已整改到位") == "closed"
    h = ledger.get("hazard", hid)
    assert (h["status"], h["verifier"], h["verified_date"], h["closed_date"], h["funds"]) == (
        "closed",
        "李四",
        D(2026, 3, 11),
        D(2026, 3, 11),
        30000,
    )
    steps = [s.action for s in hazards.history(hid)]
    assert steps == ["登记", "下发整改通知", "开始整改", "报告整改完成", "复查合格销号"]


def test_notice_numbers_run_per_year(hazards):
    a = new(hazards, found_date=D(2025, 12, 29), deadline=D(2026, 1, 10))
    b, c = new(hazards), new(hazards)
    assert hazards.issue_notice(a, date=D(2025, 12, 30)) == "青安〔2025〕第1号"
    assert hazards.issue_notice(b, date=D(2026, 3, 2)) == "青安〔2026〕第1号"
    assert hazards.issue_notice(c, date=D(2026, 3, 5)) == "青安〔2026〕第2号"


def test_closing_needs_reviewer_and_opinion_and_the_right_state(hazards):
    hid = new(hazards)
    with pytest.raises(WorkflowError, match="不能复查"):
        hazards.reinspect(hid, date=D(2026, 3, 5), reviewer="李四", passed=True, opinion="好")
    hazards.report_rectified(hid, date=D(2026, 3, 4))
    with pytest.raises(WorkflowError, match="复查\\(验收\\)人"):
        hazards.reinspect(hid, date=D(2026, 3, 5), reviewer=" ", passed=True, opinion="好")
    with pytest.raises(WorkflowError, match="复查意见"):
        hazards.reinspect(hid, date=D(2026, 3, 5), reviewer="李四", passed=True, opinion="")
    with pytest.raises(WorkflowError, match="早于整改完成日期"):
        hazards.reinspect(hid, date=D(2026, 3, 3), reviewer="李四", passed=True, opinion="好")


def test_failed_reinspections_count_and_the_second_flags_accountability(hazards, ledger):
    hid = new(hazards)
    hazards.report_rectified(hid, date=D(2026, 3, 4))
    assert hazards.reinspect(hid, date=D(2026, 3, 5), reviewer="李四", passed=False, opinion="未整改") == "rectifying"
    h = ledger.get("hazard", hid)
    assert (h["status"], h["failed_reviews"], h["accountability"]) == ("rectifying", 1, False)
    hazards.report_rectified(hid, date=D(2026, 3, 8))
    hazards.reinspect(hid, date=D(2026, 3, 9), reviewer="李四", passed=False, opinion="仍未整改")
    h = ledger.get("hazard", hid)
    assert (h["failed_reviews"], h["accountability"]) == (2, True)
    assert "两次整改不到位须追责" in [s.action for s in hazards.history(hid)]
    with pytest.raises(WorkflowError):
        hazards.issue_notice(hid, date=D(2026, 3, 10))  # already past the notice step


def test_overdue_is_derived_from_the_deadline(hazards):
    a = new(hazards, deadline=D(2026, 3, 10))
    b = new(hazards, deadline=D(2026, 3, 20))
    c = new(hazards, deadline=D(2026, 3, 5))
    hazards.report_rectified(c, date=D(2026, 3, 4))
    hazards.reinspect(c, date=D(2026, 3, 4), reviewer="李四", passed=True, opinion="好")
    assert [h["id"] for h in hazards.overdue(D(2026, 3, 15))] == [a]
    assert {h["id"] for h in hazards.overdue(D(2026, 3, 21))} == {a, b}


def test_major_hazards_can_be_listed_with_five_in_place(hazards):
    general = new(hazards)
    with pytest.raises(WorkflowError, match="只有重大隐患"):
        hazards.list_major(general, level="county", listed_date=D(2026, 3, 2))
    major = new(hazards, grade="major", description="尾矿库排洪设施堵塞", deadline=D(2026, 6, 30))
    hazards.list_major(
        major,
        level="county",
        listed_date=D(2026, 3, 5),
        doc_no="临安委办〔2026〕12号",
        resp_person="王五",
        measures="清淤",
        funds_fen=500000,
        time_limit=D(2026, 6, 30),
        plan="防汛应急预案",
    )
    with pytest.raises(WorkflowError, match="已挂牌"):
        hazards.list_major(major, level="county", listed_date=D(2026, 3, 6))
    [m] = hazards.majors()
    assert m["id"] == major and m["listing_level"] == "county" and m["five_in_place"] is True
    assert "县级挂牌督办" in [s.action for s in hazards.history(major)]
