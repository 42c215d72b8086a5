"""#16: a major hazard (重大隐患) closes only when listed (挂牌督办) or when the county's decision not to
list it is recorded; closing a listed one fills 摘牌日期 and 批准机关 (谁挂牌、谁摘牌)."""

from __future__ import annotations

import datetime as dt

import pytest

from safetystation.domain.hazard import NO_LISTING_STEP
from safetystation.errors import WorkflowError
from safetystation.services.hazards import HazardService
from safetystation.services.station import StationService
from tests.unit.factory import noticed

D = dt.date


@pytest.fixture
def hazards(ledger):
    StationService(ledger.db).save_profile({"name": "青石镇安监站", "town": "青石镇", "county": "临江县"})
    return HazardService(ledger)


def major(hazards, **kw):
    values = {
        "found_date": D(2026, 3, 1),
        "deadline": D(2026, 6, 30),
        "description": "尾矿库排洪设施堵塞",
        "category": "other",
        "grade": "major",
    }
    values.update(kw)
    hid = noticed(hazards, values, on=D(2026, 3, 2))
    hazards.report_rectified(hid, date=D(2026, 4, 1))
    return hid


def close(hazards, hid, **kw):
    return hazards.reinspect(hid, date=D(2026, 4, 2), reviewer="李四", passed=True, opinion="已整改到位", **kw)


def test_an_unlisted_major_hazard_cannot_be_closed(hazards, ledger):
    hid = major(hazards)
    with pytest.raises(WorkflowError, match="须先挂牌督办，或记录县级不予挂牌督办的决定"):
        close(hazards, hid)
    h = ledger.get("hazard", hid)
    assert (h["status"], h["closed_date"], h["verifier"]) == ("awaiting_review", None, None)
    assert "复查合格销号" not in [s.action for s in hazards.history(hid)]
    # A failed re-inspection is still recorded: only closing needs the listing or the decision.
    again = D(2026, 5, 1)
    assert (
        hazards.reinspect(hid, date=D(2026, 4, 2), reviewer="李四", passed=False, opinion="未整改", new_deadline=again)
        == "rectifying"
    )


def test_a_general_hazard_closes_without_listing(hazards):
    hid = major(hazards, grade="general")
    assert close(hazards, hid) == "closed"


def test_the_county_decision_not_to_list_allows_closing(hazards, ledger):
    hid = major(hazards)
    hazards.record_no_listing(hid, decided_by="临江县安委办", date=D(2026, 3, 3), doc_no="临安委办〔2026〕5号")
    h = ledger.get("hazard", hid)
    assert (h["no_listing_by"], h["no_listing_date"], h["no_listing_doc"]) == (
        "临江县安委办",
        D(2026, 3, 3),
        "临安委办〔2026〕5号",
    )
    step = [s for s in hazards.history(hid) if s.action == NO_LISTING_STEP]
    assert [(s.date, s.note, s.person) for s in step] == [
        (D(2026, 3, 3), "临江县安委办（临安委办〔2026〕5号）", "测试员")
    ]
    assert close(hazards, hid) == "closed"
    assert ledger.get("hazard", hid)["closed_date"] == D(2026, 4, 2)
    assert ledger.count("hazard_listing") == 0  # nothing listed, nothing de-listed


def test_the_decision_not_to_list_is_checked(hazards):
    hid = major(hazards)
    with pytest.raises(WorkflowError, match="不挂牌决定的机关"):
        hazards.record_no_listing(hid, decided_by=" ", date=D(2026, 3, 3))
    with pytest.raises(WorkflowError, match="不能早于隐患发现日期"):
        hazards.record_no_listing(hid, decided_by="临江县安委办", date=D(2026, 2, 1))
    general = major(hazards, grade="general")
    with pytest.raises(WorkflowError, match="只有重大隐患"):
        hazards.record_no_listing(general, decided_by="临江县安委办", date=D(2026, 3, 3))
    hazards.record_no_listing(hid, decided_by="临江县安委办", date=D(2026, 3, 3))
    with pytest.raises(WorkflowError, match="已记录不挂牌决定（临江县安委办，2026-03-03）"):
        hazards.record_no_listing(hid, decided_by="临江县应急管理局", date=D(2026, 3, 4))
    listed = major(hazards)
    hazards.list_major(listed, level="county", listed_date=D(2026, 3, 5))
    with pytest.raises(WorkflowError, match="已挂牌督办"):
        hazards.record_no_listing(listed, decided_by="临江县安委办", date=D(2026, 3, 6))


@pytest.mark.parametrize("level,authority", [("county", "临江县人民政府"), ("town", "青石镇人民政府")])
def test_closing_a_listed_major_delists_it(hazards, ledger, level, authority):
    hid = major(hazards)
    lid = hazards.list_major(hid, level=level, listed_date=D(2026, 3, 5), doc_no="临安委办〔2026〕12号")
    assert ledger.get("hazard_listing", lid)["delisted_date"] is None
    assert hazards.delisting_authority(hid) == authority
    assert close(hazards, hid) == "closed"
    listing = ledger.get("hazard_listing", lid)
    assert (listing["delisted_date"], listing["delisting_body"]) == (D(2026, 4, 2), authority)
    last = ledger.history("hazard_listing", lid)[-1]  # audited as a workflow step, by the operator
    assert (last.action, last.operator) == ("状态变更", "测试员")
    assert {label for label, _, _ in last.changes} == {"摘牌销号日期", "销号批准机关"}


def test_the_authority_given_at_closing_is_kept(hazards, ledger):
    hid = major(hazards)
    lid = hazards.list_major(hid, level="county", listed_date=D(2026, 3, 5))
    close(hazards, hid, delisting_body="临江县安全生产委员会")
    assert ledger.get("hazard_listing", lid)["delisting_body"] == "临江县安全生产委员会"


def test_a_city_listing_needs_the_authority_named(hazards, ledger):
    hid = major(hazards)
    lid = hazards.list_major(hid, level="city", listed_date=D(2026, 3, 5))
    assert hazards.delisting_authority(hid) is None  # the station's profile has no city name
    with pytest.raises(WorkflowError, match="市级挂牌督办，销号须填写批准摘牌的机关"):
        close(hazards, hid)
    assert ledger.get("hazard", hid)["status"] == "awaiting_review"
    close(hazards, hid, delisting_body="江州市人民政府")
    assert ledger.get("hazard_listing", lid)["delisting_body"] == "江州市人民政府"


def test_closing_before_the_listing_date_is_refused(hazards, ledger):
    hid = major(hazards)
    hazards.list_major(hid, level="county", listed_date=D(2026, 4, 10))
    with pytest.raises(WorkflowError, match="不能早于挂牌督办日期（2026-04-10）"):
        close(hazards, hid)


def test_listing_is_checked(hazards, ledger):
    hid = major(hazards)
    with pytest.raises(WorkflowError, match="挂牌日期不能早于隐患发现日期"):
        hazards.list_major(hid, level="county", listed_date=D(2026, 2, 1))
    lid = hazards.list_major(hid, level="county", listed_date=D(2026, 3, 5))
    ledger.delete("hazard_listing", lid)
    with pytest.raises(WorkflowError, match="回收站"):
        hazards.list_major(hid, level="county", listed_date=D(2026, 3, 6))
    # A listing in the recycle bin does not count: the hazard is not listed.
    with pytest.raises(WorkflowError, match="须先挂牌督办"):
        close(hazards, hid)


def test_delisting_fields_are_the_workflows(hazards, ledger):
    hid = major(hazards)
    lid = hazards.list_major(hid, level="county", listed_date=D(2026, 3, 5))
    with pytest.raises(WorkflowError, match="摘牌销号日期"):
        ledger.update("hazard_listing", lid, {"delisted_date": D(2026, 3, 20)})
    with pytest.raises(WorkflowError, match="不挂牌决定机关"):
        ledger.update("hazard", hid, {"no_listing_by": "临江县安委办"})
    ledger.update("hazard_listing", lid, {"progress": "已完成清淤一半"})  # the file's own fields stay editable
