"""Equipment upkeep and the 六有 / staffing rules."""

from __future__ import annotations

import datetime as dt

import pytest

from safetystation.services.compliance import ComplianceService
from safetystation.services.equipment import EquipmentService, next_due
from safetystation.services.station import StationService

D = dt.date
TODAY = D(2026, 11, 22)
BOUGHT = D(2025, 1, 10)


def item(ledger, kind, category, qty=1, status="in_use", expiry=None, bought=BOUGHT):
    return ledger.create(
        "equipment",
        {
            "category": category,
            "kind": kind,
            "name": kind,
            "unit": "台",
            "quantity": qty,
            "status": status,
            "expiry_date": expiry,
            "purchase_date": bought,
        },
    )


def test_next_due():
    assert next_due(last_done=D(2026, 1, 31), base=D(2025, 1, 1), interval_value=1, interval_unit="month") == D(
        2026, 2, 28
    )
    assert next_due(last_done=None, base=D(2025, 1, 1), interval_value=12, interval_unit="month") == D(2026, 1, 1)
    assert next_due(last_done=D(2026, 3, 1), base=D(2025, 1, 1), interval_value=10, interval_unit="day") == D(
        2026, 3, 11
    )


def test_due_overdue_and_record_check(ledger):
    eq = EquipmentService(ledger)
    det = item(ledger, "detector", "lh5")
    sch = ledger.create(
        "equipment_schedule",
        {
            "equipment_id": det,
            "task": "年度检定校准",
            "kind": "calibration",
            "interval_value": 12,
            "interval_unit": "month",
            "last_done": D(2025, 11, 20),
        },
    )
    assert [d.schedule_id for d in eq.overdue(TODAY)] == [sch]
    assert eq.due_within(30, D(2025, 11, 1)) == []
    assert [d.due for d in eq.due_within(30, D(2026, 11, 1))] == [D(2026, 11, 20)]
    assert not eq.calibrated(det, TODAY)
    eq.record_check(sch, date=D(2026, 11, 21), result="pass", checker="周晓燕")
    assert eq.overdue(TODAY) == [] and eq.calibrated(det, TODAY)
    assert ledger.get("equipment_schedule", sch)["last_done"] == D(2026, 11, 21)
    eq.record_check(sch, date=D(2026, 1, 5), note="补录一次早先的检定")  # an older check does not move last_done
    assert ledger.get("equipment_schedule", sch)["last_done"] == D(2026, 11, 21)
    assert [r["date"] for r in eq.log(det)] == [D(2026, 11, 21), D(2026, 1, 5)]


def test_status_change_is_logged_and_scrapped_items_drop_out(ledger):
    eq = EquipmentService(ledger)
    ext = item(ledger, "extinguisher", "fire", qty=60, expiry=D(2026, 10, 1))
    assert [e["id"] for e in eq.expired(TODAY)] == [ext]
    eq.change_status(ext, "scrapped", date=TODAY, note="过期报废")
    assert eq.expired(TODAY) == []
    [log] = eq.log(ext)
    assert (log["kind"], log["status_from"], log["status_to"]) == ("status", "in_use", "scrapped")


def full_station(ledger, staff=2):
    StationService(ledger.db).save_profile(
        {"name": "青石镇安监站", "town": "青石镇", "county": "临江县", "is_key_town": True}
    )
    for kind in ("office", "archive_room", "equipment_room"):
        item(ledger, kind, "lh1")
    item(ledger, "computer", "lh2", 2)
    item(ledger, "printer", "lh2")
    item(ledger, "vehicle", "lh3")
    item(ledger, "recorder", "lh4")
    det = item(ledger, "detector", "lh5")
    ledger.create(
        "equipment_schedule",
        {
            "equipment_id": det,
            "task": "检定",
            "kind": "calibration",
            "interval_value": 12,
            "interval_unit": "month",
            "last_done": D(2026, 6, 1),
        },
    )
    for kind in ("helmet", "gas_mask", "mask"):
        item(ledger, kind, "lh6", qty=staff)
    ledger.create("staff", {"name": "陈站长", "role": "head", "employment": "full"})
    for i in range(staff - 1):
        ledger.create("staff", {"name": f"工作人员{i}", "role": "staff", "employment": "full"})


def verdicts(ledger):
    return {v.number: v for v in ComplianceService(ledger).six_haves(TODAY)}


def test_empty_station_fails_every_item_with_a_reason(ledger):
    v = verdicts(ledger)
    assert [v[n].ok for n in range(1, 7)] == [False] * 6
    assert "缺少办公室、资料室、装备室" in v[1].reason
    assert "没有在用的微机、打印机" in v[2].reason
    assert not ComplianceService(ledger).staffing().ok


def test_complete_station_passes(ledger):
    full_station(ledger)
    v = verdicts(ledger)
    assert all(v[n].ok for n in range(1, 7)), {n: v[n].reason for n in v}
    staffing = ComplianceService(ledger).staffing()
    assert staffing.ok, staffing.reason


def test_each_rule_can_fail(ledger):
    full_station(ledger, staff=3)  # PPE bought for 3; now only 3 staff
    svc = ComplianceService(ledger)
    assert verdicts(ledger)[6].ok
    ledger.create("staff", {"name": "新来的", "role": "staff", "employment": "part"})
    assert "少于在岗人员数4" in verdicts(ledger)[6].reason
    car = [e for e in ledger.list("equipment") if e["kind"] == "vehicle"][0]["id"]
    EquipmentService(ledger).change_status(car, "repair", date=TODAY)
    assert not verdicts(ledger)[3].ok
    ebike = item(ledger, "ebike", "lh3")
    assert "乡镇须配执法车辆" in verdicts(ledger)[3].reason
    StationService(ledger.db).save_profile({"jurisdiction": "subdistrict"})
    assert verdicts(ledger)[3].ok and ebike in verdicts(ledger)[3].equipment_ids
    sch = ledger.list("equipment_schedule")[0]["id"]
    ledger.update("equipment_schedule", sch, {"last_done": D(2025, 6, 1)})
    assert "检定已逾期" in verdicts(ledger)[5].reason
    head = [s for s in ledger.list("staff") if s["role"] == "head"][0]["id"]
    ledger.update("staff", head, {"employment": "part"})
    assert "未配备专职安监站长" in svc.staffing().reason


@pytest.mark.parametrize("status", ["in_store", "lent", "repair", "scrapped", "lost"])
def test_only_items_in_service_count(ledger, status):
    item(ledger, "recorder", "lh4", status=status)
    assert not verdicts(ledger)[4].ok


def test_funding_is_met_by_budget_spending_under_each_head_this_year(ledger):
    """经费保障: this year's 经费台账 shows 本级财政预算 spending under 人员, 公用 and 专项经费."""
    svc = ComplianceService(ledger)
    assert not svc.funding(TODAY).ok
    assert "没有本级财政预算列支的人员经费、公用经费、专项经费" in svc.funding(TODAY).reason

    def pay(head: str, source: str, day: dt.date, yuan: str) -> int:
        values = {"date": day, "head": head, "source": source, "amount": yuan, "purpose": "安监站经费"}
        return ledger.create("funding", values)

    pay("人员经费", "本级财政预算", D(2026, 1, 15), "36000")
    pay("公用经费", "本级财政预算", D(2026, 3, 2), "5000")
    pay("专项经费", "上级拨付", D(2026, 6, 1), "20000")  # not from the town's own budget
    pay("专项经费", "本级财政预算", D(2025, 12, 20), "8000")  # last year
    funding = svc.funding(TODAY)
    assert not funding.ok and funding.reason.endswith("没有本级财政预算列支的专项经费")
    special = pay("专项经费", "本级财政预算", D(2026, 6, 18), "12000.5")
    funding = svc.funding(TODAY)
    assert funding.ok and "人员经费36,000.00元、公用经费5,000.00元、专项经费12,000.50元" in funding.reason
    assert not svc.funding(D(2026, 6, 17)).ok and svc.funding(D(2026, 6, 18)).ok  # as of a day
    ledger.delete("funding", special)
    assert not svc.funding(TODAY).ok
