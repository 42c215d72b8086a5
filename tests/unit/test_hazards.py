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
    StationService(ledger.db, operator=ledger.operator).save_profile(
        {"name": "青石镇安监站", "town": "青石镇", "county": "临江县"}
    )
    return HazardService(ledger)


def inspection(hazards, day=None, unit=None) -> tuple[int, int]:
    """An inspection of a unit (a new one unless given): what a notice follows and is addressed to."""
    ledger = hazards.ledger
    unit = unit or ledger.create("enterprise", {"name": f"青石砖厂{ledger.count('enterprise') + 1}"})
    values = {"date": day or D(2026, 3, 1), "type": "routine", "lead": "周晓燕", "enterprise_id": unit}
    iid = ledger.create("inspection", values)
    return iid, unit


def new(hazards, at=None, **kw):
    """A hazard found in inspection ``at`` (inspection id, unit id), or in a new inspection of its own."""
    iid, unit = at or inspection(hazards, kw.get("found_date", D(2026, 3, 1)))
    values = {
        "found_date": D(2026, 3, 1),
        "deadline": D(2026, 3, 15),
        "description": "灭火器过期未更换",
        "category": "fire",
        "inspection_id": iid,
        "enterprise_id": unit,
    }
    values.update(kw)
    return hazards.register(values)


def test_deadline_is_required(hazards):
    with pytest.raises(ValidationError, match="整改期限：必填"):
        hazards.register({"found_date": D(2026, 3, 1), "description": "消防通道堆放杂物"})


def test_full_lifecycle(hazards, ledger):
    hid = new(hazards)
    h = ledger.get("hazard", hid)
    assert h["status"] == "registered" and h["hazard_no"] == "YH2026-00001"
    assert hazards.issue_notice(hid, date=D(2026, 3, 2)) == "青石安监责改〔2026〕第1号"
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
    assert hazards.issue_notice(a, date=D(2025, 12, 30)) == "青石安监责改〔2025〕第1号"
    assert hazards.issue_notice(b, date=D(2026, 3, 2)) == "青石安监责改〔2026〕第1号"
    assert hazards.issue_notice(c, date=D(2026, 3, 5)) == "青石安监责改〔2026〕第2号"


def test_one_notice_lists_every_problem_of_an_inspection_and_unit(hazards, ledger):
    """#16: 115 inspections had produced two or more numbered notices to the same unit."""
    here = inspection(hazards)
    a, b, c = new(hazards, at=here), new(hazards, at=here, description="配电箱未接地"), new(hazards, at=here)
    elsewhere = new(hazards)  # another inspection: its own notice
    assert [g["id"] for g in hazards.notice_group(b)] == [b, a, c]
    number = hazards.issue_notice(b, date=D(2026, 3, 2))
    assert {ledger.get("hazard", h)["notice_no"] for h in (a, b, c)} == {number}
    assert ledger.count("notice") == 1
    later = new(hazards, at=here, found_date=D(2026, 3, 3))  # found later at the same unit: a new notice
    assert hazards.issue_notice(later, date=D(2026, 3, 4)) != number
    assert hazards.issue_notice(elsewhere, date=D(2026, 3, 4)).endswith("第3号")
    [notice] = [n for n in ledger.list("notice") if n["number"] == number]
    assert (notice["inspection_id"], notice["enterprise_id"], notice["kind"]) == (*here, "notice")


def test_a_notice_needs_its_inspection_record_and_an_addressee(hazards, ledger):
    tip = hazards.register(
        {"found_date": D(2026, 3, 1), "deadline": D(2026, 3, 9), "description": "夜间违规动火", "source": "tip"}
    )
    with pytest.raises(WorkflowError, match="现场检查记录"):
        hazards.issue_notice(tip, date=D(2026, 3, 2))
    iid = hazards.verify(tip, date=D(2026, 3, 2), lead="周晓燕", inspectors="吴志明")
    assert ledger.get("inspection", iid)["type"] == "verify" and ledger.get("hazard", tip)["inspection_id"] == iid
    with pytest.raises(WorkflowError, match="被检查单位"):
        hazards.issue_notice(tip, date=D(2026, 3, 2))  # no unit named: nobody to address it to
    unit = ledger.create("enterprise", {"name": "青石木材厂"})
    ledger.update("hazard", tip, {"enterprise_id": unit})
    assert hazards.issue_notice(tip, date=D(2026, 3, 2))


def test_fixed_on_the_spot_is_closed_without_a_notice(hazards, ledger):
    hid = hazards.register(
        {"found_date": D(2026, 3, 1), "deadline": D(2026, 3, 1), "description": "灭火器压力不足", "source": "village"}
    )
    hazards.close_on_spot(hid, date=D(2026, 3, 1), verifier="周晓燕", opinion="当场更换灭火器")
    h = ledger.get("hazard", hid)
    assert (h["status"], h["notice_no"], h["closed_date"], h["verifier"]) == ("closed", None, D(2026, 3, 1), "周晓燕")
    noticed = new(hazards)
    hazards.issue_notice(noticed, date=D(2026, 3, 2))
    hazards.report_rectified(noticed, date=D(2026, 3, 5))
    with pytest.raises(WorkflowError, match="复查销号"):
        hazards.close_on_spot(noticed, date=D(2026, 3, 6), verifier="周晓燕", opinion="好")


def test_a_review_follows_a_notice_and_a_failed_one_sets_a_new_deadline(hazards, ledger):
    plain = new(hazards)
    hazards.report_rectified(plain, date=D(2026, 3, 4))
    with pytest.raises(WorkflowError, match="没有下达整改通知书"):
        hazards.reinspect(plain, date=D(2026, 3, 5), reviewer="李四", passed=True, opinion="好")
    hid = new(hazards)
    hazards.issue_notice(hid, date=D(2026, 3, 2))
    hazards.report_rectified(hid, date=D(2026, 3, 10))
    with pytest.raises(WorkflowError, match="重新限定"):
        hazards.reinspect(hid, date=D(2026, 3, 11), reviewer="李四", passed=False, opinion="未整改")
    with pytest.raises(WorkflowError, match="晚于复查日期"):
        hazards.reinspect(
            hid, date=D(2026, 3, 11), reviewer="李四", passed=False, opinion="未整改", new_deadline=D(2026, 3, 11)
        )
    hazards.reinspect(
        hid, date=D(2026, 3, 11), reviewer="李四", passed=False, opinion="未整改", new_deadline=D(2026, 3, 25)
    )
    h = ledger.get("hazard", hid)
    assert (h["status"], h["deadline"]) == ("rectifying", D(2026, 3, 25))
    assert [x["id"] for x in hazards.overdue(D(2026, 3, 20))] == [plain]  # hid: from the new deadline, not the old
    assert "重新限期至2026-03-25" in hazards.history(hid)[-1].note


def test_a_cancelled_notice_keeps_its_number(hazards, ledger):
    a, b = new(hazards), new(hazards)
    first = hazards.issue_notice(a, date=D(2026, 3, 2))
    [notice] = ledger.list("notice")
    with pytest.raises(WorkflowError, match="原因"):
        hazards.cancel_notice(notice["id"], date=D(2026, 3, 2), reason=" ")
    hazards.cancel_notice(notice["id"], date=D(2026, 3, 2), reason="单位名称写错")
    assert ledger.get("notice", notice["id"])["cancelled"] and ledger.get("hazard", a)["status"] == "registered"
    with pytest.raises(WorkflowError, match="不能删除"):
        ledger.delete("notice", notice["id"])
    again = hazards.issue_notice(a, date=D(2026, 3, 3))
    assert (first, again) == ("青石安监责改〔2026〕第1号", "青石安监责改〔2026〕第2号")  # 第1号 is never given again
    hazards.issue_notice(b, date=D(2026, 3, 3))
    hazards.start_rectification(b, date=D(2026, 3, 4))
    noticed_b = ledger.get("hazard", b)["notice_id"]
    with pytest.raises(WorkflowError, match="已开始整改"):
        hazards.cancel_notice(noticed_b, date=D(2026, 3, 5), reason="重复")


def test_closing_needs_reviewer_and_opinion_and_the_right_state(hazards):
    hid = new(hazards)
    with pytest.raises(WorkflowError, match="不能复查"):
        hazards.reinspect(hid, date=D(2026, 3, 5), reviewer="李四", passed=True, opinion="好")
    hazards.issue_notice(hid, date=D(2026, 3, 2))
    hazards.report_rectified(hid, date=D(2026, 3, 4))
    with pytest.raises(WorkflowError, match="复查\\(验收\\)人"):
        hazards.reinspect(hid, date=D(2026, 3, 5), reviewer=" ", passed=True, opinion="好")
    with pytest.raises(WorkflowError, match="复查意见"):
        hazards.reinspect(hid, date=D(2026, 3, 5), reviewer="李四", passed=True, opinion="")
    with pytest.raises(WorkflowError, match="早于整改完成日期"):
        hazards.reinspect(hid, date=D(2026, 3, 3), reviewer="李四", passed=True, opinion="好")


def test_failed_reinspections_count_and_the_second_flags_accountability(hazards, ledger):
    hid = new(hazards)
    hazards.issue_notice(hid, date=D(2026, 3, 2))
    hazards.report_rectified(hid, date=D(2026, 3, 4))
    again = D(2026, 3, 12)
    assert (
        hazards.reinspect(hid, date=D(2026, 3, 5), reviewer="李四", passed=False, opinion="未整改", new_deadline=again)
        == "rectifying"
    )
    h = ledger.get("hazard", hid)
    assert (h["status"], h["failed_reviews"], h["accountability"]) == ("rectifying", 1, False)
    hazards.report_rectified(hid, date=D(2026, 3, 8))
    hazards.reinspect(hid, date=D(2026, 3, 9), reviewer="李四", passed=False, opinion="仍未整改", new_deadline=again)
    h = ledger.get("hazard", hid)
    assert (h["failed_reviews"], h["accountability"]) == (2, True)
    assert "两次整改不到位须追责" in [s.action for s in hazards.history(hid)]
    with pytest.raises(WorkflowError):
        hazards.issue_notice(hid, date=D(2026, 3, 10))  # already past the notice step


def test_overdue_is_derived_from_the_deadline(hazards):
    a = new(hazards, deadline=D(2026, 3, 10))
    b = new(hazards, deadline=D(2026, 3, 20))
    c = new(hazards, deadline=D(2026, 3, 5))
    hazards.close_on_spot(c, date=D(2026, 3, 4), verifier="李四", opinion="好")
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
