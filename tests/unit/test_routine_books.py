"""The routine books of #18: 经费台账 (R02), 制度汇编 (R04), 持证上岗 (R12), 会议记录 and 议定事项 (R21),
举报投诉登记 (R25) — realistic rows through their specs, their reminders on given dates, a complaint
made a hazard, the 安委会 monthly meeting, the period's funding by head, the shipped rule names."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import text

from safetystation.dates import add_months
from safetystation.defaults import RULES, install_defaults
from safetystation.errors import ValidationError, WorkflowError
from safetystation.services.certified import CertifiedService
from safetystation.services.complaints import REPLY_DAYS, ComplaintService
from safetystation.services.funding import FundingService
from safetystation.services.hazards import HazardService
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.meetings import MeetingService
from safetystation.services.reminders import DUE, OVERDUE, ReminderService
from safetystation.services.station import StationService
from safetystation.storage.db import open_database
from tests.unit.dbsnap import station_at

D = dt.date


def _firm(ledger: LedgerService, name: str = "青石西岭石料场", village: str | None = None) -> int:
    values: dict = {"name": name}
    if village:
        values["village_id"] = ledger.create("village", {"name": village})
    return ledger.create("enterprise", values)


def _errors(ledger: LedgerService, key: str, values: dict) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        ledger.create(key, values)
    return {e.field: e.message for e in info.value.errors}


def _reminders(ledger: LedgerService, today: dt.date, kind: str) -> list:
    return [r for r in ReminderService(ledger).collect(today=today) if r.kind == kind]


# --- realistic rows --------------------------------------------------------------------------------


def test_realistic_rows_of_each_book_pass_and_wrong_ones_say_why(ledger):
    firm = _firm(ledger)
    # 经费: “从各方面挤出1万元的资金投入消防工作中，主要是购买防火设备” (002/篇四b)
    fid = ledger.create(
        "funding",
        {
            "date": "2026-03-12",
            "head": "专项经费",
            "source": "财政预算",
            "amount": "10000.00",
            "purpose": "购买灭火器、消防水带分发学校及村委会",
            "voucher_no": "记-2026-031",
            "approver": "李建国",
        },
        external=True,
    )
    row = ledger.get("funding", fid)
    assert (row["head"], row["source"], row["amount"]) == ("special", "budget", 1_000_000)  # fen
    assert "amount" in _errors(ledger, "funding", {"date": D(2026, 3, 1), "amount": 0, "purpose": "办公"})

    rid = ledger.create("rule", {"title": "安全生产例会制度", "category": "会议", "established": True, "posted": True})
    assert ledger.get("rule", rid)["category"] == "meeting"
    assert _errors(ledger, "rule", {"title": "某制度", "posted": True}) == {
        "posted": "已上墙的制度须是本站已建立的制度"
    }

    ledger.create(
        "certified_operator",
        {
            "name": "陈立军",
            "enterprise_id": firm,
            "kind": "低压电工",
            "cert_no": "T330522198001011234",
            "issued": "2020-05-08",
            "expiry": "2026-05-07",
            "issuer": "临江县应急管理局",
        },
        external=True,
    )
    assert ledger.count("certified_operator", Query(filters={"kind": "electric"})) == 1
    wrong = _errors(
        ledger,
        "certified_operator",
        {"name": "王五", "enterprise_id": firm, "kind": "welding", "cert_no": "T1", "issued": D(2022, 1, 1)},
    )
    assert wrong == {"expiry": "有证书编号时须填写有效期至"}
    no_cert = {"name": "赵六", "enterprise_id": firm, "kind": "welding"}  # 无证上岗: recorded as such
    assert ledger.create("certified_operator", no_cert)

    mid = ledger.create(
        "meeting",
        {
            "date": D(2026, 3, 6),
            "type": "安委会",
            "topic": "2026年3月安委会例会",
            "chair": "王镇长",
            "attendees": 23,
            "units": "派出所、中心学校、卫生院、各村(社区)",
            "agenda": "部署春季复工复产安全检查",
            "decisions": "3月20日前完成复工企业全覆盖检查",
        },
    )
    assert ledger.get("meeting", mid)["type"] == "committee"
    future = _errors(ledger, "meeting", {"date": dt.date.today() + dt.timedelta(days=3), "topic": "x", "chair": "y"})
    assert "date" in future
    done_without_date = _errors(
        ledger, "meeting_followup", {"meeting_id": mid, "item": "复工企业检查", "status": "done"}
    )
    assert done_without_date == {"done_date": "已完成的事项须填写完成日期"}

    cid = ledger.create(
        "complaint",
        {
            "date": D(2026, 3, 9),
            "channel": "12350",
            "anonymous": True,
            "enterprise_id": firm,
            "content": "石料场夜间违规爆破，无人警戒",
        },
    )
    assert ledger.get("complaint", cid)["channel"] == "hotline"
    named = _errors(
        ledger,
        "complaint",
        {"date": D(2026, 3, 9), "anonymous": True, "reporter": "张三", "place": "x", "content": "y"},
    )
    assert named == {"reporter": "匿名举报不填写举报人姓名"}
    nobody = _errors(ledger, "complaint", {"date": D(2026, 3, 9), "place": "河口村", "content": "y"})
    assert nobody == {"reporter": "请填写举报人，或勾选“匿名”"}
    late = _errors(
        ledger,
        "complaint",
        {"date": D(2026, 3, 9), "reporter": "张三", "place": "河口村", "content": "y", "reply_date": D(2026, 3, 1)},
    )
    assert late == {"reply_date": "答复/办结日期不能早于受理日期"}


# --- 持证上岗 ------------------------------------------------------------------------------------------


def test_certificates_are_reminded_90_and_30_days_ahead_naming_person_and_unit(ledger):
    firm = _firm(ledger, "青石砖瓦厂")
    expiry = D(2026, 9, 30)
    oid = ledger.create(
        "certified_operator",
        {"name": "陈立军", "enterprise_id": firm, "kind": "electric", "cert_no": "T3305", "expiry": expiry},
    )

    def reminded(today):
        found = _reminders(ledger, today, "operator_certificate")
        assert len(found) <= 1
        return found[0] if found else None

    assert reminded(expiry - dt.timedelta(days=91)) is None
    early = reminded(expiry - dt.timedelta(days=90))
    assert early is not None and early.severity == DUE and early.record_id == oid
    assert early.title == "陈立军（青石砖瓦厂）电工作业操作证 T3305"
    assert "90天后到期（90天内）" in early.detail and "2026-09-30" in early.detail
    assert "不足30天" not in reminded(expiry - dt.timedelta(days=31)).detail
    late = reminded(expiry - dt.timedelta(days=30))
    assert late.severity == DUE and "30天后到期（不足30天）" in late.detail
    assert "今天到期" in reminded(expiry).detail
    gone = reminded(expiry + dt.timedelta(days=2))
    assert gone.severity == OVERDUE and "已过期2天" in gone.detail
    assert gone.text(expiry) == f"【特种作业操作证】{gone.title}（{gone.detail}）"
    ledger.update("certified_operator", oid, {"active": False})  # left the job: no longer reminded
    assert reminded(expiry + dt.timedelta(days=2)) is None


def test_certified_rate_counts_valid_expired_and_missing_certificates(ledger):
    a, b = _firm(ledger, "甲厂"), _firm(ledger, "乙厂")
    svc = CertifiedService(ledger)
    assert svc.rate(D(2026, 6, 1)).rate is None  # nobody required: no rate rather than 0 % or 100 %
    for name, firm, expiry in [("甲一", a, D(2027, 1, 1)), ("甲二", a, D(2026, 5, 31)), ("乙一", b, D(2026, 6, 1))]:
        ledger.create(
            "certified_operator",
            {"name": name, "enterprise_id": firm, "kind": "welding", "cert_no": "T" + name, "expiry": expiry},
        )
    ledger.create("certified_operator", {"name": "乙二", "enterprise_id": b, "kind": "welding"})  # no certificate
    away = ledger.create(
        "certified_operator", {"name": "乙三", "enterprise_id": b, "kind": "electric", "active": False}
    )
    r = svc.rate(D(2026, 6, 1))
    assert (r.required, r.certified, r.expired, r.missing) == (4, 2, 1, 1)
    assert r.rate == 50.0
    assert svc.rate(D(2026, 6, 2)).certified == 1  # 乙一's ran out on the 1st
    assert svc.rate(D(2026, 6, 1), enterprise_id=a).required == 2
    ledger.delete("certified_operator", away)
    assert svc.rate(D(2026, 6, 1)).required == 4


# --- 举报投诉 → 隐患 ---------------------------------------------------------------------------------


def _complaint(ledger: LedgerService, firm: int, **kw) -> int:
    values = {"date": D(2026, 3, 9), "channel": "hotline", "anonymous": True, "enterprise_id": firm}
    values["content"] = "石料场高边坡未设截排水沟，雨后滑坡"
    return ledger.create("complaint", {**values, **kw})


def test_a_complaint_becomes_a_hazard_that_is_verified_in_the_hazard_workflow(ledger):
    firm = _firm(ledger, village="西岭村")
    cid = _complaint(ledger, firm)
    complaints = ComplaintService(ledger)
    prefilled = complaints.hazard_values(cid)
    assert prefilled["found_date"] == D(2026, 3, 9) and prefilled["source"] == "tip"
    assert prefilled["village_id"] == ledger.get("enterprise", firm)["village_id"]  # the unit's village
    hid = complaints.to_hazard(cid, D(2026, 3, 31), values={"category": "building"})
    hazard = ledger.get("hazard", hid)
    assert hazard["source"] == "tip" and hazard["status"] == "registered" and hazard["hazard_no"].startswith("YH2026-")
    assert hazard["description"] == "石料场高边坡未设截排水沟，雨后滑坡" and hazard["category"] == "building"
    assert hazard["enterprise_id"] == firm and hazard["inspection_id"] is None
    assert ledger.get("complaint", cid)["hazard_id"] == hid  # the complaint keeps the link
    hazards = HazardService(ledger)
    assert [s.action for s in hazards.history(hid)] == ["登记"]
    # Its 核查 follows the existing workflow: an on-site check, then the notice.
    iid = hazards.verify(hid, date=D(2026, 3, 10), lead="周晓燕")
    assert ledger.get("inspection", iid)["type"] == "verify"
    assert hazards.issue_notice(hid, date=D(2026, 3, 10))
    # Once only; and the link is the workflow's alone.
    with pytest.raises(WorkflowError, match="已转为隐患"):
        complaints.to_hazard(cid, D(2026, 3, 31))
    other = HazardService(ledger).register(
        {"found_date": D(2026, 3, 1), "deadline": D(2026, 3, 31), "description": "别的隐患"}
    )
    with pytest.raises(WorkflowError, match="转为隐患"):
        ledger.update("complaint", cid, {"hazard_id": other})
    with pytest.raises(WorkflowError, match="转为隐患"):
        ledger.create(
            "complaint", {**ledger.get("complaint", cid), "id": None, "hazard_id": other} | {"created_at": None}
        )
    assert ledger.get("complaint", cid)["hazard_id"] == hid


def test_a_failed_conversion_leaves_no_hazard_and_no_link(ledger):
    cid = _complaint(ledger, _firm(ledger))
    with pytest.raises(ValidationError):  # a hazard needs its 整改期限
        ComplaintService(ledger).to_hazard(cid)
    assert ledger.count("hazard") == 0 and ledger.get("complaint", cid)["hazard_id"] is None
    ledger.delete("complaint", cid)
    with pytest.raises(WorkflowError, match="回收站"):
        ComplaintService(ledger).to_hazard(cid, D(2026, 3, 31))


def test_an_unanswered_complaint_is_reminded_after_the_reply_days(ledger):
    cid = _complaint(ledger, _firm(ledger, "西岭石料场"))
    due = D(2026, 3, 9) + dt.timedelta(days=REPLY_DAYS)
    assert REPLY_DAYS == 60 and due == D(2026, 5, 8)
    assert _reminders(ledger, due - dt.timedelta(days=8), "complaint") == []  # the window is 7 days
    (soon,) = _reminders(ledger, due - dt.timedelta(days=7), "complaint")
    assert soon.severity == DUE and soon.date == due and soon.record_id == cid
    assert soon.title.startswith("2026-03-09受理（12350举报电话）：西岭石料场，石料场高边坡")
    (late,) = _reminders(ledger, due + dt.timedelta(days=3), "complaint")
    assert late.severity == OVERDUE and late.detail == "受理后60日内应答复或办结，期限2026-05-08，已逾期3天"
    ledger.update("complaint", cid, {"reply_date": D(2026, 5, 9), "handling": "已核查，责令整改"})
    assert _reminders(ledger, due + dt.timedelta(days=3), "complaint") == []


# --- 会议 ---------------------------------------------------------------------------------------------


def _station(ledger: LedgerService) -> None:
    StationService(ledger.db).save_profile({"name": "青石镇安监站", "town": "青石镇", "county": "临江县"})


def test_the_monthly_committee_meeting_is_reminded_from_the_station_s_first_month(ledger):
    today = dt.date.today()
    later = add_months(today, 3)
    assert _reminders(ledger, later, "committee_meeting") == []  # no station profile: no books kept yet
    _station(ledger)
    # The station began keeping its books here four months ago, on the 20th.
    began = add_months(today.replace(day=1), -4).replace(day=20)
    with ledger.db.session() as s:
        s.execute(text("update station set created_at = :at"), {"at": f"{began} 08:00:00.000000"})
        s.commit()
    months = [add_months(began.replace(day=1), i) for i in range(5)]  # began's month … this month
    before = add_months(months[0], -1)
    ledger.create("meeting", {"date": before.replace(day=3), "type": "joint", "topic": "联席会议", "chair": "王镇长"})
    ledger.create(
        "meeting", {"date": months[1].replace(day=5), "type": "committee", "topic": "例会", "chair": "王镇长"}
    )
    ledger.create(
        "meeting", {"date": months[2].replace(day=5), "type": "joint", "topic": "联席会议", "chair": "王镇长"}
    )
    binned = ledger.create(
        "meeting", {"date": months[3].replace(day=5), "type": "committee", "topic": "例会", "chair": "王"}
    )
    ledger.delete("meeting", binned)  # a meeting in the recycle bin is not a record of it
    found = _reminders(ledger, today, "committee_meeting")
    overdue = [(r.title, r.date) for r in found if r.severity == OVERDUE]
    expected = [months[0], months[2], months[3]]  # not the month before the station began, nor the one held
    assert overdue == [(f"{m.year}年{m.month}月安委会例会", add_months(m, 1) - dt.timedelta(days=1)) for m in expected]
    assert all("没有安委会例会的记录" in r.detail for r in found if r.severity == OVERDUE)
    # This month is due on its last day, reminded within the week before it.
    end = add_months(months[4], 1) - dt.timedelta(days=1)
    current = [r for r in found if r.severity == DUE]
    assert [(r.date, r.detail) for r in current] == ([(end, None)] if (end - today).days <= 7 else [])
    ledger.create("meeting", {"date": today, "type": "committee", "topic": "本月例会", "chair": "王镇长"})
    assert not [r for r in _reminders(ledger, end, "committee_meeting") if r.date == end]


def test_committee_months_with_a_meeting_are_not_reminded(ledger):
    _station(ledger)
    today = dt.date.today()
    month = today.replace(day=1)
    ledger.create("meeting", {"date": month, "type": "committee", "topic": "安委会例会", "chair": "王镇长"})
    # This month has its meeting: from its last days, nothing is due.
    end_of_month = add_months(month, 1) - dt.timedelta(days=1)
    assert _reminders(ledger, end_of_month, "committee_meeting") == []
    ledger.delete("meeting", ledger.list("meeting")[0]["id"])  # a meeting in the recycle bin does not count
    (due,) = _reminders(ledger, end_of_month - dt.timedelta(days=3), "committee_meeting")
    assert due.severity == DUE and due.date == end_of_month


def test_committee_gaps_are_counted_by_month_over_a_year(ledger):
    for day in (D(2025, 1, 6), D(2025, 2, 27), D(2025, 4, 1), D(2025, 4, 30)):
        ledger.create("meeting", {"date": day, "type": "committee", "topic": f"{day.month}月例会", "chair": "王镇长"})
    ledger.create("meeting", {"date": D(2025, 3, 3), "type": "fire", "topic": "消防例会", "chair": "李站长"})
    gaps = MeetingService(ledger).months_without_committee(D(2024, 12, 15), D(2025, 5, 2))
    assert gaps == [(2024, 12), (2025, 3), (2025, 5)]


def test_a_follow_up_with_a_deadline_is_reminded_until_done(ledger):
    mid = ledger.create(
        "meeting", {"date": D(2026, 3, 6), "type": "committee", "topic": "2026年3月安委会例会", "chair": "王镇长"}
    )
    fid = ledger.create(
        "meeting_followup",
        {"meeting_id": mid, "item": "完成复工企业全覆盖检查", "responsible": "安监站", "due_date": D(2026, 3, 20)},
    )
    ledger.create("meeting_followup", {"meeting_id": mid, "item": "长期坚持每周一次巡查"})  # no deadline: never due
    assert _reminders(ledger, D(2026, 3, 12), "meeting_followup") == []
    (due,) = _reminders(ledger, D(2026, 3, 13), "meeting_followup")
    assert due.title == "2026年3月安委会例会：完成复工企业全覆盖检查（安监站）" and due.severity == DUE
    (late,) = _reminders(ledger, D(2026, 4, 1), "meeting_followup")
    assert late.severity == OVERDUE and late.record_id == fid
    ledger.update("meeting_followup", fid, {"status": "done", "done_date": D(2026, 3, 25), "result": "已检查37家"})
    assert _reminders(ledger, D(2026, 4, 1), "meeting_followup") == []


# --- 经费 ---------------------------------------------------------------------------------------------


def test_a_period_s_spending_is_summed_by_head(ledger):
    item = ledger.create("equipment", {"name": "便携式气体检测仪", "category": "lh5", "quantity": 1, "unit": "台"})
    rows = [
        (D(2026, 2, 28), "special", 50_000, None),  # the month before: not counted
        (D(2026, 3, 1), "special", 1_000_000, item),
        (D(2026, 3, 15), "public", 120_050, None),
        (D(2026, 3, 31), "personnel", 300_000, None),
        (D(2026, 3, 31), "special", 80_000, None),
        (D(2026, 4, 1), "public", 1, None),
    ]
    for day, head, fen, eq in rows:
        ledger.create("funding", {"date": day, "head": head, "amount": fen, "purpose": "支出", "equipment_id": eq})
    binned = ledger.create("funding", {"date": D(2026, 3, 2), "head": "special", "amount": 999, "purpose": "误录"})
    ledger.delete("funding", binned)
    march = FundingService(ledger).summary(D(2026, 3, 1), D(2026, 3, 31))
    assert march.by_head == {"personnel": 300_000, "public": 120_050, "special": 1_080_000}
    assert march.total == 1_500_050 and march.equipment == 1_000_000
    empty = FundingService(ledger).summary(D(2025, 1, 1), D(2025, 12, 31))
    assert empty.by_head == {"personnel": 0, "public": 0, "special": 0} and empty.total == 0


# --- 制度汇编: shipped once -----------------------------------------------------------------------------


def test_a_new_station_gets_the_rule_names_once_none_ticked(tmp_path):
    from safetystation.services.maintenance import open_station

    f = tmp_path / "new.db"
    db = open_station(f)
    ledger = LedgerService(db)
    rows = ledger.list("rule", limit=None)
    assert sorted(r["title"] for r in rows) == sorted(t for t, _ in RULES) and len(RULES) >= 20
    assert not any(r["established"] or r["posted"] for r in rows)
    assert {r["title"] for r in rows if r["category"] == "duty"} == {"值班制度（24小时值班）", "节假日领导带班制度"}
    ledger.delete("rule", rows[1]["id"])
    install_defaults(db)  # by name: a name the station has, even in its recycle bin, is not added again
    assert ledger.count("rule") == len(RULES) - 1 and ledger.count("rule", Query(deleted=True)) == 1
    ledger.update("rule", rows[0]["id"], {"title": "本镇安全生产检查制度（2026年修订）"})  # renamed by the clerk
    db.dispose()
    db = open_station(f)  # an existing file is not seeded again: the old name does not come back
    assert LedgerService(db).count("rule") == len(RULES) - 1
    db.dispose()


def test_a_station_from_before_gets_the_rule_names_with_its_upgrade(tmp_path):
    """The migration to 0008 gives an existing station the rule names once; a station file that had
    none of its books yet (the seed follows) gets them from the seed."""
    f = station_at("0007", tmp_path)  # a file at 0007 of a station keeping its books (its industry list)
    db = open_database(f)
    ledger = LedgerService(db)
    assert ledger.count("rule") == len(RULES)
    assert ledger.list("rule", limit=1)[0]["created_at"].tzinfo is not None  # stored as the program stores it
    db.dispose()
    db = open_database(f)
    assert LedgerService(db).count("rule") == len(RULES)
    db.dispose()
