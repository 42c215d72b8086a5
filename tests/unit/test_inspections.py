"""Inspections and their checklists (#16): a chosen template fills the items, each item gets 符合 /
不符合 / 不适用 and a note, a 不符合 item becomes a hazard in one call, 检查情况 lists the problems
found, and the two 执法人员 are checked against the roster's 执法证 (warnings, not refusals)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from sqlalchemy import select

from safetystation.defaults import CHECKLISTS
from safetystation.domain import choices as C
from safetystation.domain.hazard import checklist_lines
from safetystation.domain.system import AuditLog
from safetystation.errors import ValidationError, WorkflowError
from safetystation.services.hazards import HazardService
from safetystation.services.inspections import (
    ChecklistHasResults,
    FindingsNotEmpty,
    InspectionService,
    Officer,
)
from safetystation.services.station import StationService

D = dt.date
A = AuditLog.__table__  # type: ignore[attr-defined]
FIRE = checklist_lines(CHECKLISTS[0]["items"])
SCHOOL = checklist_lines(CHECKLISTS[1]["items"])


@pytest.fixture
def service(ledger):
    StationService(ledger.db).save_profile(
        {"name": "青石镇安监站", "town": "青石镇", "county": "临江县", "entrusted_enforcement": True}
    )
    return InspectionService(ledger)


@pytest.fixture
def firm(ledger):
    village = ledger.create("village", {"name": "河口村"})
    return ledger.create("enterprise", {"name": "青石宾馆", "village_id": village})


def checklist(ledger, name):
    return ledger.lookup("checklist_template")[name]


def new(service, firm, **kw):
    values = {"date": D(2026, 11, 20), "type": "routine", "lead": "周晓燕", "enterprise_id": firm}
    return service.create({**values, **kw})


def audits(ledger, key):
    with ledger.db.session() as s:
        return s.execute(select(A.c.record_id, A.c.action).where(A.c.ledger == key).order_by(A.c.id)).all()


def test_choosing_a_checklist_fills_the_items_one_per_line(service, ledger, firm):
    fire = checklist(ledger, CHECKLISTS[0]["name"])
    iid = new(service, firm, checklist_id=fire)
    items = service.items(iid)
    assert [r["item"] for r in items] == FIRE and len(FIRE) == 6
    assert {r["result"] for r in items} == {"pending"}  # nothing is claimed 符合 before it is checked
    assert ledger.get("inspection", iid)["record_no"] == "JC2026-0001"  # the ledger's numbering is kept
    assert [a for a in audits(ledger, "inspection_item")] == [(r["id"], "create") for r in items]
    # The copy is the record: editing the template later changes no past inspection.
    ledger.update("checklist_template", fire, {"items": "是否经过消防验收\n新加一项"})
    assert [r["item"] for r in service.items(iid)] == FIRE
    assert service.items(new(service, firm)) == []  # no checklist, no items


def test_changing_the_checklist_refills_only_while_no_result_is_entered(service, ledger, firm):
    fire, school = checklist(ledger, CHECKLISTS[0]["name"]), checklist(ledger, CHECKLISTS[1]["name"])
    iid = new(service, firm, checklist_id=fire)
    service.update(iid, {"checklist_id": school})
    assert [r["item"] for r in service.items(iid)] == SCHOOL

    first, second, *_ = service.items(iid)
    service.set_result(first["id"], "problem", "配电箱线路私拉乱接")
    service.set_result(second["id"], "pending", "围墙东侧待下次查看")  # a note alone is entered too
    with pytest.raises(ChecklistHasResults, match="2个检查项目") as refused:
        service.update(iid, {"checklist_id": fire, "place": "主楼"})
    assert refused.value.entered == 2
    assert ledger.get("inspection", iid)["checklist_id"] == school  # nothing saved, not even the place
    assert ledger.get("inspection", iid)["place"] is None
    assert [r["item"] for r in service.items(iid)] == SCHOOL

    seen = len(audits(ledger, "inspection_item"))
    service.update(iid, {"checklist_id": fire}, keep_results=True)
    items = service.items(iid)
    assert [r["item"] for r in items] == [SCHOOL[0], SCHOOL[1], *FIRE]
    assert (items[0]["result"], items[0]["note"]) == ("problem", "配电箱线路私拉乱接")
    removed = [a[0] for a in audits(ledger, "inspection_item")[seen:] if a[1] == "purge"]
    assert len(removed) == len(SCHOOL) - 2  # each removed empty line is in the audit

    service.update(iid, {"checklist_id": None}, keep_results=True)  # no checklist: the entered ones stay
    assert [r["item"] for r in service.items(iid)] == SCHOOL[:2]


def test_an_inspection_saved_without_its_items_gets_them_filled_once(service, ledger, firm):
    fire = checklist(ledger, CHECKLISTS[0]["name"])
    iid = ledger.create(  # an import, or a record from before checklists filled items
        "inspection", {"date": D(2026, 11, 2), "type": "routine", "lead": "周晓燕", "checklist_id": fire}
    )
    assert service.items(iid) == []
    assert service.fill_items(iid) == len(FIRE)
    assert service.fill_items(iid) == 0
    assert [r["item"] for r in service.items(iid)] == FIRE


def test_items_are_made_by_the_inspection_not_the_generic_form(service, ledger, firm):
    iid = new(service, firm)
    with pytest.raises(WorkflowError, match="检查记录的检查表"):
        ledger.create("inspection_item", {"inspection_id": iid, "item": "配电箱", "result": "ok"})
    added = service.add_item(iid, "厨房燃气报警器", result="ok", note="运行正常")
    assert service.items(iid)[0] | {"id": added} == service.items(iid)[0]
    assert (service.items(iid)[0]["result"], service.items(iid)[0]["note"]) == ("ok", "运行正常")


def test_results_and_notes(service, ledger, firm):
    iid = new(service, firm, checklist_id=checklist(ledger, CHECKLISTS[0]["name"]))
    a, b, c, *_ = service.items(iid)
    assert service.set_result(a["id"], "ok") == {"result": ("pending", "ok")}
    assert service.set_results({b["id"]: ("problem", "安全出口堆放货物"), c["id"]: ("na", None)}) == 2
    assert [(r["result"], r["note"]) for r in service.items(iid)[:3]] == [
        ("ok", None),
        ("problem", "安全出口堆放货物"),
        ("na", None),
    ]
    # All or nothing: one bad result leaves every item as it was.
    with pytest.raises(ValidationError, match="结果"):
        service.set_results({a["id"]: ("problem", "x"), c["id"]: ("maybe", None)})
    assert service.items(iid)[0]["result"] == "ok"
    # The old label and common spellings are understood; labels read 符合/不符合/不适用.
    assert C.CHECK_ITEM_RESULT.parse("存在问题") == "problem" and C.CHECK_ITEM_RESULT.label("problem") == "不符合"


def test_a_problem_item_becomes_a_hazard_linked_both_ways(service, ledger, firm):
    iid = new(service, firm, checklist_id=checklist(ledger, CHECKLISTS[0]["name"]))
    item = service.items(iid)[1]
    with pytest.raises(WorkflowError, match="不符合"):
        service.item_to_hazard(item["id"], D(2026, 12, 5))  # still 未检查
    service.set_result(item["id"], "problem", "二楼安全出口被货物堵塞")
    before = len(audits(ledger, "hazard"))

    hid = service.item_to_hazard(item["id"], D(2026, 12, 5))

    hazard = ledger.get("hazard", hid)
    village = ledger.get("enterprise", firm)["village_id"]
    assert (hazard["inspection_id"], hazard["enterprise_id"], hazard["village_id"]) == (iid, firm, village)
    assert (hazard["found_date"], hazard["deadline"], hazard["source"]) == (
        D(2026, 11, 20),
        D(2026, 12, 5),
        "inspection",
    )
    assert hazard["description"] == "安全出口是否畅通：二楼安全出口被货物堵塞"
    assert hazard["status"] == "registered" and hazard["hazard_no"] == f"YH2026-{hid:05d}"
    assert ledger.get("inspection_item", item["id"])["hazard_id"] == hid
    assert service.items(iid)[1]["hazard_no"] == hazard["hazard_no"]
    # In the workflow: its 登记 step, its audit rows, and the next step works on it.
    hazards = HazardService(ledger)
    assert [s.action for s in hazards.history(hid)] == ["登记"]
    assert (hid, "create") in audits(ledger, "hazard")[before:]
    assert (item["id"], "update") in audits(ledger, "inspection_item")
    hazards.issue_notice(hid, date=D(2026, 11, 21))
    assert ledger.get("hazard", hid)["status"] == "noticed"

    with pytest.raises(WorkflowError, match="已转为隐患"):
        service.item_to_hazard(item["id"], D(2026, 12, 5))
    with pytest.raises(ValidationError, match="不符合"):
        service.set_result(item["id"], "ok")  # the hazard's item stays 不符合
    with pytest.raises(WorkflowError, match="转为隐患"):
        ledger.update("inspection_item", item["id"], {"hazard_id": None})  # only the service links


def test_item_to_hazard_takes_the_form_values_but_stays_with_its_inspection(service, ledger, firm):
    iid = new(service, firm, checklist_id=checklist(ledger, CHECKLISTS[0]["name"]))
    other = new(service, firm, date=D(2026, 11, 3))
    item = service.items(iid)[0]
    service.set_result(item["id"], "problem")
    assert service.hazard_values(item["id"])["description"] == "是否经过消防验收：不符合"
    with pytest.raises(ValidationError, match="整改期限"):
        service.item_to_hazard(item["id"])  # no deadline: the hazard rules apply
    assert ledger.get("inspection_item", item["id"])["hazard_id"] is None
    form = {
        "description": "未经消防验收擅自投入使用",
        "grade": "major",
        "deadline": "2026-12-31",
        "inspection_id": other,
    }
    hid = service.item_to_hazard(item["id"], values=form, external=True)
    hazard = ledger.get("hazard", hid)
    assert (hazard["description"], hazard["grade"], hazard["deadline"]) == (
        "未经消防验收擅自投入使用",
        "major",
        D(2026, 12, 31),
    )
    assert hazard["inspection_id"] == iid


def test_findings_list_the_problems_found(service, ledger, firm):
    iid = new(service, firm, checklist_id=checklist(ledger, CHECKLISTS[0]["name"]))
    items = service.items(iid)
    assert service.findings_text(iid) == f"对照《{CHECKLISTS[0]['name']}》检查6项，6项未填写结果。\n未发现问题。"
    results = {r["id"]: ("ok", None) for r in items}
    results[items[1]["id"]] = ("problem", "二楼安全出口被货物堵塞")
    results[items[5]["id"]] = ("problem", None)
    results[items[3]["id"]] = ("na", None)
    service.set_results(results)
    hid = service.item_to_hazard(items[1]["id"], D(2026, 12, 5))
    other = HazardService(ledger).register(  # found in the same inspection, not on the checklist (登记隐患)
        {
            "found_date": D(2026, 11, 20),
            "deadline": D(2026, 11, 30),
            "description": "厨房液化气瓶未固定",
            "inspection_id": iid,
        }
    )
    no, other_no = ledger.get("hazard", hid)["hazard_no"], ledger.get("hazard", other)["hazard_no"]
    assert service.findings_text(iid) == "\n".join(
        [
            f"对照《{CHECKLISTS[0]['name']}》检查6项：符合3项，不符合2项，不适用1项。",
            "发现问题3处：",
            f"1. 安全出口是否畅通：二楼安全出口被货物堵塞（已登记隐患{no}）；",
            "2. 是否制定灭火应急疏散预案和演练；",
            f"3. 厨房液化气瓶未固定（已登记隐患{other_no}）。",
        ]
    )


def test_findings_are_written_only_when_asked_and_never_over_typed_text(service, ledger, firm):
    iid = new(service, firm, checklist_id=checklist(ledger, CHECKLISTS[0]["name"]))
    item = service.items(iid)[0]
    service.set_result(item["id"], "problem", "未经消防验收")
    assert ledger.get("inspection", iid)["findings"] is None  # composing writes nothing
    composed = service.findings_text(iid)
    assert service.write_findings(iid) == composed
    assert ledger.get("inspection", iid)["findings"] == composed

    typed = "检查组听取了宾馆负责人汇报，查看了客房和厨房。"
    service.update(iid, {"findings": typed})
    with pytest.raises(FindingsNotEmpty):
        service.write_findings(iid)
    assert ledger.get("inspection", iid)["findings"] == typed
    assert service.write_findings(iid, mode="append") == f"{typed}\n{composed}"
    assert service.write_findings(iid, mode="append") == f"{typed}\n{composed}"  # not twice
    assert service.write_findings(iid, mode="replace") == composed
    history = [c for e in ledger.history("inspection", iid) for c in e.changes if c[0] == "检查情况"]
    assert history[-1] == ("检查情况", f"{typed}\n{composed}", composed)  # the audit keeps what was replaced


def test_officer_warnings_name_the_officer(service, ledger, firm):
    day = D(2026, 11, 20)

    def staff(name, **kw):
        return ledger.create("staff", {"name": name, "role": "staff", **kw})

    valid = staff("陈国强", cert_no="浙执0571001", cert_expiry=D(2028, 6, 30))
    valid2 = staff("周晓燕", cert_no="浙执0571002", cert_expiry=D(2027, 1, 1))
    none = staff("吴志明")
    expired = staff("刘建华", cert_no="浙执0571003", cert_expiry=D(2026, 11, 19))
    undated = staff("王芳", cert_no="浙执0571004")
    left = staff("赵磊", cert_no="浙执0571005", cert_expiry=D(2028, 1, 1), active=False, left_date=D(2026, 6, 1))

    def warn(a=None, b=None, **kw):
        return service.officer_warnings({"date": day, "officer1_id": a, "officer2_id": b}, **kw)

    assert warn(valid, valid2) == []
    assert warn(valid, none) == [
        "执法人员2“吴志明”在人员名册中没有执法证号",
        "两名执法人员中持有效执法证的只有1名：现场检查应由两名持有效执法证的执法人员进行",
    ]
    assert warn(expired, valid)[0] == (
        "执法人员1“刘建华”的执法证（浙执0571003）已于2026年11月19日过期，早于检查日期2026年11月20日"
    )
    assert len(warn(expired, valid)) == 2
    assert service.officer_warnings({"date": D(2026, 11, 19), "officer1_id": expired, "officer2_id": valid}) == []
    assert warn(valid) == ["只选择了1名执法人员：现场检查应由两名持有效执法证的执法人员进行"]
    assert warn() == ["只选择了0名执法人员：现场检查应由两名持有效执法证的执法人员进行"]
    assert warn(valid, undated) == [
        "执法人员2“王芳”的执法证（浙执0571004）在人员名册中没有填写有效期，无法核对是否有效"
    ]
    assert warn(left, valid)[0] == "执法人员1“赵磊”已离岗（2026年06月01日）"
    assert service.officer_warnings({"date": D(2026, 5, 1), "officer1_id": left, "officer2_id": valid}) == []
    # A station without 委托执法 does no 执法检查: no certificate warnings.
    assert warn(valid, none, enforcement=False) == []
    StationService(ledger.db).save_profile({"entrusted_enforcement": False})
    assert warn(valid, none) == []

    iid = new(service, firm, officer1_id=valid, officer2_id=none)
    assert service.officers(iid) == [
        Officer("执法人员1", valid, "陈国强", "浙执0571001"),
        Officer("执法人员2", none, "吴志明", ""),
    ]


def test_start_end_time_and_officers_are_checked(service, ledger, firm):
    a = ledger.create("staff", {"name": "陈国强", "role": "staff"})
    start, end = dt.datetime(2026, 11, 20, 9, 30), dt.datetime(2026, 11, 20, 11, 0)
    iid = new(service, firm, started_at=start, ended_at=end)
    assert (ledger.get("inspection", iid)["started_at"], ledger.get("inspection", iid)["ended_at"]) == (start, end)
    with pytest.raises(ValidationError, match="检查开始时间应在检查日期当天"):
        service.update(iid, {"date": D(2026, 11, 21)})
    with pytest.raises(ValidationError, match="不能早于开始时间"):
        service.update(iid, {"ended_at": dt.datetime(2026, 11, 20, 9, 0)})
    with pytest.raises(ValidationError, match="同一人"):
        service.update(iid, {"officer1_id": a, "officer2_id": a})
    service.update(iid, {"started_at": "2026-11-20 14:05", "ended_at": "2026-11-20 15:40"}, external=True)
    assert ledger.get("inspection", iid)["started_at"] == dt.datetime(2026, 11, 20, 14, 5)


def test_a_template_line_longer_than_an_item_is_refused(ledger):
    with pytest.raises(ValidationError, match="第2个检查项目超过200字"):
        ledger.create("checklist_template", {"name": "长表", "items": "短项\n" + "长" * 201})


def test_audit_rows_name_the_item_changes(service, ledger, firm):
    iid = new(service, firm, checklist_id=checklist(ledger, CHECKLISTS[1]["name"]))
    item = service.items(iid)[0]
    service.set_result(item["id"], "problem", "线路老化")
    with ledger.db.session() as s:
        after = s.execute(
            select(A.c.after)
            .where(A.c.ledger == "inspection_item", A.c.record_id == item["id"])
            .order_by(A.c.id.desc())
        ).scalar()
    assert json.loads(after) == {"result": "problem", "note": "线路老化"}
