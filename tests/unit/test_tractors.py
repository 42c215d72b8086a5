"""拖拉机及驾驶员台帐 and the violation log (R16, #18): realistic rows, the period's group J figures
(拖拉机载人 起数, 教育 人次) and the reminders of 年检, 保险 and 驾驶证."""

from __future__ import annotations

import datetime as dt

import pytest

from safetystation.errors import ValidationError
from safetystation.services.ledger import LedgerService
from safetystation.services.reminders import DUE, OVERDUE, ReminderService
from safetystation.services.tractors import REMIND_DAYS, TractorService

D = dt.date


def _violation(ledger: LedgerService, day: dt.date, kind: str, educated: int, vehicle: str = "拖拉机", **more) -> int:
    values = {"date": day, "checkpoint": "青石街口（街天）", "kind": kind, "vehicle_type": vehicle,
              "educated": educated, "joint_unit": "县交警大队二中队", **more}  # fmt: skip
    return ledger.create("traffic_violation", values)


def test_the_periods_carrying_and_education_figures(ledger):
    _violation(ledger, D(2026, 3, 8), "载人", 2, passengers=5)
    _violation(ledger, D(2026, 3, 22), "载人", 1, vehicle="农用车", passengers=3)
    _violation(ledger, D(2026, 3, 22), "载人", 1, vehicle="摩托车", passengers=2)  # not a tractor
    _violation(ledger, D(2026, 3, 29), "酒驾", 1)
    _violation(ledger, D(2026, 4, 1), "载人", 4, passengers=6)  # next month
    gone = _violation(ledger, D(2026, 3, 15), "载人", 3, passengers=4)
    ledger.delete("traffic_violation", gone)
    march = TractorService(ledger).figures(D(2026, 3, 1), D(2026, 3, 31))
    assert (march.carrying, march.violations, march.educated) == (2, 4, 5)
    spring = TractorService(ledger).figures(D(2026, 3, 1), D(2026, 4, 30))
    assert (spring.carrying, spring.educated) == (3, 9)
    assert TractorService(ledger).figures(D(2026, 5, 1), D(2026, 5, 31)).violations == 0


def test_rows_check_themselves(ledger):
    with pytest.raises(ValidationError) as info:
        _violation(ledger, D(2026, 3, 8), "酒驾", 1, passengers=2)
    assert {e.field for e in info.value.errors} == {"passengers"}
    with pytest.raises(ValidationError) as info:
        ledger.create("driver", {"name": "李四", "licence_no": "530102198001011234"})
    assert {e.field: e.message for e in info.value.errors} == {"licence_expiry": "有驾驶证号时须填写有效期至"}


def test_inspection_insurance_and_licence_are_reminded(ledger):
    today = D(2026, 6, 1)
    village = ledger.create("village", {"name": "河口村"})
    due = ledger.create(
        "vehicle",
        {"plate": "云A·12345", "owner": "张三", "village_id": village, "group": "3组",
         "inspection_due": today + dt.timedelta(days=REMIND_DAYS - 1), "insurance_expiry": D(2026, 5, 20)},
    )  # fmt: skip
    ledger.create("vehicle", {"plate": "云A·54321", "owner": "王五", "inspection_due": D(2026, 12, 1)})
    scrapped = ledger.create("vehicle", {"plate": "云A·00001", "owner": "赵六", "inspection_due": D(2026, 5, 1)})
    ledger.update("vehicle", scrapped, {"active": False})
    driver = ledger.create(
        "driver",
        {"name": "张三", "village_id": village, "licence_no": "530102198001011234", "licence_class": "G",
         "licence_expiry": today + dt.timedelta(days=10), "vehicle_id": due},
    )  # fmt: skip
    reminders = [r for r in ReminderService(ledger).collect(today=today) if r.kind in ("vehicle", "driver_licence")]
    got = sorted((r.kind, r.severity, r.ledger, r.record_id, r.date) for r in reminders)
    assert got == sorted(
        [
            ("vehicle", OVERDUE, "vehicle", due, D(2026, 5, 20)),
            ("vehicle", DUE, "vehicle", due, today + dt.timedelta(days=REMIND_DAYS - 1)),
            ("driver_licence", DUE, "driver", driver, today + dt.timedelta(days=10)),
        ]
    )
    texts = {r.text(today) for r in reminders}
    assert any("云A·12345" in t and "河口村张三" in t and "保险" in t and "已逾期12天" in t for t in texts), texts
