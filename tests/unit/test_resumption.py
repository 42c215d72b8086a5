"""复工复产验收 (R24, #18): a stopped enterprise (停产整顿) goes back to 在产 only after a passed
acceptance of its stoppage — on every path that changes the status (the form's LedgerService.update,
an import that updates units), not only in the window."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import Workbook

from safetystation.errors import UserError, ValidationError, WorkflowError
from safetystation.excel.importer import commit_import, plan_import
from safetystation.services.ledger import LedgerService

D = dt.date
FIRM = "青石西岭石料场"


def _clock(ledger: LedgerService, day: dt.date) -> None:
    ledger.clock = lambda: dt.datetime(day.year, day.month, day.day, 2, 0, tzinfo=dt.UTC)  # 10:00 Beijing time, as UTC


def _stopped(ledger: LedgerService, day: dt.date, name: str = FIRM) -> int:
    _clock(ledger, day - dt.timedelta(days=400))
    firm = ledger.create("enterprise", {"name": name})
    _clock(ledger, day)
    ledger.update("enterprise", firm, {"status": "停产整顿"})
    return firm


def _acceptance(
    ledger: LedgerService, firm: int, result: str, accepted: dt.date, stop: dt.date, typed: dt.date | None = None
) -> int:
    _clock(ledger, typed or accepted)
    return ledger.create(
        "resumption",
        {
            "enterprise_id": firm,
            "reason": "边坡未按设计分台阶开采，责令停产整顿",
            "stop_date": stop,
            "applied": accepted - dt.timedelta(days=5),
            "accepted": accepted,
            "team": "张明、县应急管理局李华、县自然资源局王强",
            "result": result,
            "conditions": "边坡已按设计削坡分台阶" if result == "验收合格" else "边坡仍有浮石，须继续整改",
        },
    )


def test_a_stopped_enterprise_is_not_set_back_to_operating_without_an_acceptance(ledger):
    firm = _stopped(ledger, D(2026, 3, 2))
    _clock(ledger, D(2026, 4, 1))
    with pytest.raises(WorkflowError) as info:
        ledger.update("enterprise", firm, {"status": "在产"})
    assert FIRM in str(info.value) and "复工复产验收" in str(info.value)
    assert ledger.get("enterprise", firm)["status"] == "suspended"
    # 复产验收中 is not a way round it
    ledger.update("enterprise", firm, {"status": "复产验收中"})
    with pytest.raises(WorkflowError):
        ledger.update("enterprise", firm, {"status": "operating"})
    # other changes of a stopped enterprise are not hindered, nor closing it
    ledger.update("enterprise", firm, {"employees": 8})
    ledger.update("enterprise", firm, {"status": "关闭"})
    assert ledger.get("enterprise", firm)["status"] == "closed"


def test_a_passed_acceptance_allows_it_and_a_failed_one_does_not(ledger):
    firm = _stopped(ledger, D(2026, 3, 2))
    _acceptance(ledger, firm, "验收不合格", D(2026, 3, 20), D(2026, 3, 2))
    with pytest.raises(WorkflowError) as info:
        ledger.update("enterprise", firm, {"status": "在产"})
    assert FIRM in str(info.value) and "不合格" in str(info.value)
    _acceptance(ledger, firm, "验收合格", D(2026, 4, 10), D(2026, 3, 2))
    ledger.update("enterprise", firm, {"status": "在产"})
    assert ledger.get("enterprise", firm)["status"] == "operating"
    history = ledger.history("enterprise", firm)
    assert history[-1].changes == [("经营状态", "停产整顿", "在产")]


def test_a_later_failed_acceptance_outweighs_an_earlier_pass(ledger):
    firm = _stopped(ledger, D(2026, 3, 2))
    _acceptance(ledger, firm, "验收合格", D(2026, 3, 20), D(2026, 3, 2))
    _acceptance(ledger, firm, "验收不合格", D(2026, 3, 28), D(2026, 3, 2))
    with pytest.raises(WorkflowError):
        ledger.update("enterprise", firm, {"status": "在产"})


def test_an_acceptance_of_an_earlier_stoppage_does_not_reopen_a_new_one(ledger):
    firm = _stopped(ledger, D(2025, 3, 2))
    _acceptance(ledger, firm, "验收合格", D(2025, 4, 10), D(2025, 3, 2))
    ledger.update("enterprise", firm, {"status": "在产"})
    _clock(ledger, D(2026, 2, 1))
    ledger.update("enterprise", firm, {"status": "停产整顿"})  # stopped again
    with pytest.raises(WorkflowError):
        ledger.update("enterprise", firm, {"status": "在产"})
    # a deleted acceptance counts for nothing
    rid = _acceptance(ledger, firm, "验收合格", D(2026, 3, 1), D(2026, 2, 1))
    ledger.delete("resumption", rid)
    with pytest.raises(WorkflowError):
        ledger.update("enterprise", firm, {"status": "在产"})
    ledger.restore("resumption", rid)
    ledger.update("enterprise", firm, {"status": "在产"})


def test_a_stoppage_typed_in_late_is_reopened_by_an_acceptance_recorded_after_it(ledger):
    # the clerk records today a stop of months ago whose acceptance took place last week
    firm = _stopped(ledger, D(2026, 5, 20))
    early = _acceptance(ledger, firm, "验收合格", D(2026, 5, 14), D(2026, 2, 1))  # typed in before the stop
    with pytest.raises(WorkflowError):
        ledger.update("enterprise", firm, {"status": "在产"})
    ledger.delete("resumption", early)
    _acceptance(ledger, firm, "验收合格", D(2026, 5, 14), D(2026, 2, 1), typed=D(2026, 5, 21))
    ledger.update("enterprise", firm, {"status": "在产"})


def test_an_import_that_reopens_a_stopped_enterprise_is_refused_in_the_preview(db, ledger, tmp_path):
    firm = _stopped(ledger, D(2026, 3, 2))
    other = ledger.create("enterprise", {"name": "青石东岭砖厂"})
    wb = Workbook()
    wb.active.append(["单位名称", "经营状态", "从业人数"])
    wb.active.append([FIRM, "正常", 20])
    wb.active.append(["青石东岭砖厂", "正常", 35])
    wb.save(tmp_path / "firms.xlsx")
    plan = plan_import(db, tmp_path / "firms.xlsx", "enterprise", duplicates="update")
    # the preview already says which row cannot be imported, naming the column and the reason
    assert (plan.count("update"), len(plan.rejected)) == (1, 1)
    problem = str(plan.rejected[0].problems[0])
    assert problem.startswith("第2行B列“经营状态”") and FIRM in problem and "复工复产验收" in problem
    with pytest.raises(UserError):  # “全部导入” refuses a file with a refused row
        commit_import(db, plan, mode="all")
    assert ledger.get("enterprise", firm)["status"] == "suspended"
    result = commit_import(db, plan, mode="valid", error_path=tmp_path / "errors.xlsx")
    assert (result.updated, result.rejected) == (1, 1)
    kept = ledger.get("enterprise", firm)
    assert (kept["status"], kept["employees"]) == ("suspended", None)  # nothing of the refused row was written
    assert ledger.get("enterprise", other)["employees"] == 35


def test_the_commit_still_refuses_a_reopening_the_preview_did_not_see(db, ledger, tmp_path):
    """The guard runs again when the import is written: a plan made before the stoppage was recorded
    does not slip the enterprise back to 在产."""
    firm = ledger.create("enterprise", {"name": FIRM})
    wb = Workbook()
    wb.active.append(["单位名称", "经营状态", "从业人数"])
    wb.active.append([FIRM, "正常", 20])
    wb.save(tmp_path / "firms.xlsx")
    plan = plan_import(db, tmp_path / "firms.xlsx", "enterprise", duplicates="update")
    assert plan.count("update") == 1 and not plan.rejected
    ledger.update("enterprise", firm, {"status": "停产整顿"})
    with pytest.raises(WorkflowError) as info:
        commit_import(db, plan, mode="valid", error_path=tmp_path / "errors.xlsx")
    assert FIRM in str(info.value)
    kept = ledger.get("enterprise", firm)
    assert (kept["status"], kept["employees"]) == ("suspended", None)


def test_acceptance_rows_check_their_dates_and_conclusion(ledger):
    firm = ledger.create("enterprise", {"name": FIRM})
    base = {"enterprise_id": firm, "reason": "无证生产", "stop_date": "2026-03-02"}
    with pytest.raises(ValidationError) as info:
        ledger.create("resumption", {**base, "accepted": "2026-03-01", "result": "验收合格"})
    fields = {e.field: e.message for e in info.value.errors}
    assert fields["accepted"] == "验收日期不能早于停产日期" and "team" in fields
    with pytest.raises(ValidationError) as info:
        ledger.create("resumption", {**base, "result": "验收合格", "team": "张明"})
    assert {e.field for e in info.value.errors} == {"accepted"}
    rid = ledger.create("resumption", {**base, "applied": "2026-03-20"})
    assert ledger.get("resumption", rid)["result"] == "pending"


def test_units_waiting_for_their_acceptance_are_reminded(ledger):
    """首页 lists a unit that applied for its 复工复产验收 until the acceptance is recorded (overdue after
    ACCEPT_WITHIN_DAYS), and a unit set to 复产验收中 with no application recorded."""
    from safetystation.domain.resumption import ACCEPT_WITHIN_DAYS
    from safetystation.services.reminders import OVERDUE, ReminderService

    firm = _stopped(ledger, D(2026, 3, 2))
    waiting = ledger.create(
        "resumption",
        {"enterprise_id": firm, "reason": "边坡未按设计分台阶", "stop_date": D(2026, 3, 2), "applied": D(2026, 4, 1)},
    )
    other = _stopped(ledger, D(2026, 3, 5), name="青石东岭砖厂")
    ledger.update("enterprise", other, {"status": "复产验收中"})
    _stopped(ledger, D(2026, 3, 6), name="青石南山采石场")  # stopped, no application: nothing to do yet

    def found(today: dt.date) -> dict[str, tuple[str, str | None, int | None, str]]:
        return {
            r.title: (r.severity, r.ledger, r.record_id, r.text(today))
            for r in ReminderService(ledger).collect(today=today)
            if r.kind == "resumption"
        }

    early = found(D(2026, 4, 5))
    assert set(early) == {FIRM, "青石东岭砖厂"}
    assert early[FIRM][:3] == ("due", "resumption", waiting) and "2026-04-01申请" in early[FIRM][3]
    brick = early["青石东岭砖厂"]
    assert brick[:3] == ("due", "enterprise", other) and "没有登记复工复产申请" in brick[3]
    late = found(D(2026, 4, 1) + dt.timedelta(days=ACCEPT_WITHIN_DAYS + 1))
    assert late[FIRM][0] == OVERDUE
    ledger.update("resumption", waiting, {"accepted": D(2026, 4, 10), "result": "验收合格", "team": "张明、李华"})
    assert FIRM not in found(D(2026, 4, 20))
