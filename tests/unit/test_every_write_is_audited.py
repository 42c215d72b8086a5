"""Every change any service makes to a record leaves an audit row (#16): each public method of every
service is either called here and checked, or listed as one that only reads. A new method that is
neither fails the completeness test, so no write path can be added without its audit."""

from __future__ import annotations

import datetime as dt
import inspect
import io
from collections.abc import Callable
from typing import Any

import pytest
from PIL import Image
from sqlalchemy import func, select

from safetystation.domain import LEDGERS
from safetystation.domain.attachments import Attachment
from safetystation.domain.hazard import WORKFLOW
from safetystation.domain.system import AuditLog
from safetystation.errors import WorkflowError
from safetystation.services.attachments import AttachmentService
from safetystation.services.certified import CertifiedService
from safetystation.services.complaints import ComplaintService
from safetystation.services.drills import DrillService
from safetystation.services.equipment import EquipmentService
from safetystation.services.fireworks import FireworksService
from safetystation.services.funding import FundingService
from safetystation.services.hazards import HazardService
from safetystation.services.inspections import InspectionService
from safetystation.services.ledger import LedgerService
from safetystation.services.meetings import MeetingService
from safetystation.services.operators import Operator, OperatorService
from safetystation.services.plans import PlanService
from safetystation.services.records import create_record
from safetystation.services.registers import RegisterService
from safetystation.services.station import StationService
from safetystation.services.tractors import TractorService
from safetystation.services.work_calendar import WorkCalendarService
from tests.unit.factory import make, valid_values

D = dt.date
A = AuditLog.__table__  # type: ignore[attr-defined]

SERVICES = (
    LedgerService,
    HazardService,
    InspectionService,
    DrillService,
    EquipmentService,
    StationService,
    OperatorService,
    ComplaintService,
    CertifiedService,
    TractorService,
    FireworksService,
    PlanService,
    RegisterService,
    FundingService,
    MeetingService,
    AttachmentService,
    WorkCalendarService,
)
READ_ONLY = {
    "LedgerService": {
        "count",
        "counts",
        "list",
        "page",
        "iter_rows",
        "get",
        "titles",
        "picker_choices",
        "lookup",
        "recycle_bin",
        "history",
    },
    "HazardService": {"history", "overdue", "majors", "notice_group", "delisting_authority"},
    "InspectionService": {"findings_text", "officer_warnings", "officers", "items", "hazard_values"},
    "DrillService": {"occurrences", "overdue", "frequency"},
    "EquipmentService": {"schedules", "due_within", "overdue", "expired", "calibrated", "log"},
    "StationService": {"profile"},
    "OperatorService": {"candidates", "login", "login_by_name", "anonymous"},
    "ComplaintService": {"hazard_values", "unanswered"},
    "CertifiedService": {"rate", "expiring"},
    "TractorService": {"figures", "expiring"},
    "FireworksService": {"stock", "expiring", "seized", "by_village"},
    "PlanService": {"unsummarized"},
    "RegisterService": {"food", "fire_due", "houses"},
    "FundingService": {"summary"},
    "MeetingService": {"months_without_committee", "open_followups"},
    "AttachmentService": {"get", "list", "counts", "data", "export", "suggested_name", "printable"},
    "WorkCalendarService": {"occurrences", "occurrence", "candidates"},
}
CALLED: set[str] = set()


# Every ledger's table, and the tables of records that are not ledgers but are audited the same way.
TABLES = {**{key: spec.table for key, spec in LEDGERS.items()}, "attachment": Attachment.__table__}  # type: ignore[attr-defined]


def _state(ledger: LedgerService) -> tuple[dict[str, dict[int, Any]], int]:
    """Every record's (updated_at, deleted_at) per table, and the newest audit row's id."""
    with ledger.db.session() as s:
        rows = {
            key: {
                r.id: (r.updated_at, r.deleted_at)
                for r in s.execute(select(table.c.id, table.c.updated_at, table.c.deleted_at))
            }
            for key, table in TABLES.items()
        }
        last = s.execute(select(func.max(A.c.id))).scalar() or 0
    return rows, last


def audited(ledger: LedgerService, name: str, call: Callable[[], Any]) -> Any:
    """Run ``call`` (the service method ``name``) and check that each record it created, changed,
    deleted or removed has an audit row of its own written by the same call."""
    CALLED.add(name)
    before, last = _state(ledger)
    result = call()
    after, _ = _state(ledger)
    with ledger.db.session() as s:
        logged = {(r.ledger, r.record_id) for r in s.execute(select(A.c.ledger, A.c.record_id).where(A.c.id > last))}
    touched = set()
    for key in TABLES:
        old, new = before[key], after[key]
        touched |= {(key, i) for i in new.keys() - old.keys()}  # created
        touched |= {(key, i) for i in old.keys() - new.keys()}  # removed
        touched |= {(key, i) for i in new.keys() & old.keys() if new[i] != old[i]}  # changed or (un)deleted
    assert touched, f"{name}: the scenario should change something"
    assert touched <= logged, f"{name} changed records without an audit row: {sorted(touched - logged)}"
    return result


def test_every_service_write_is_audited(db, tmp_path):
    head = Operator("周晓燕", is_head=True)
    ledger = LedgerService(db, operator=head)
    hazards, drills = HazardService(ledger), DrillService(ledger)
    equipment, station, operators = EquipmentService(ledger), StationService(db, operator=head), OperatorService(db)

    firm = audited(ledger, "LedgerService.create", lambda: make(ledger, "enterprise"))
    audited(ledger, "LedgerService.update", lambda: ledger.update("enterprise", firm, {"address": "河口村3组"}))
    audited(ledger, "LedgerService.delete", lambda: ledger.delete("enterprise", firm))
    audited(ledger, "LedgerService.restore", lambda: ledger.restore("enterprise", firm))
    spare = make(ledger, "village")
    ledger.delete("village", spare)
    audited(ledger, "LedgerService.purge", lambda: ledger.purge("village", spare, by=head))

    def bulk() -> list[int]:
        with db.session() as s:
            ids = ledger.bulk_insert(s, "village", [valid_values(ledger, "village") for _ in range(3)])
            s.commit()
            return ids

    audited(ledger, "LedgerService.bulk_insert", bulk)

    visit = {"date": D(2026, 3, 1), "type": "routine", "lead": "周晓燕", "enterprise_id": firm}
    values = {
        **valid_values(ledger, "hazard"),
        "enterprise_id": firm,
        "inspection_id": ledger.create("inspection", visit),
    }
    hid = audited(ledger, "HazardService.register", lambda: hazards.register(values))
    wrong = hazards.register(dict(values))
    hazards.issue_notice(wrong, date=D(2026, 3, 2))
    wrong_notice = ledger.get("hazard", wrong)["notice_id"]
    audited(
        ledger,
        "HazardService.cancel_notice",
        lambda: hazards.cancel_notice(wrong_notice, date=D(2026, 3, 2), reason="单位写错"),
    )
    tip = hazards.register({**values, "inspection_id": None, "source": "tip"})
    audited(ledger, "HazardService.verify", lambda: hazards.verify(tip, date=D(2026, 3, 2), lead="周晓燕"))
    audited(
        ledger,
        "HazardService.close_on_spot",
        lambda: hazards.close_on_spot(tip, date=D(2026, 3, 2), verifier="周晓燕", opinion="当场整改"),
    )
    audited(ledger, "HazardService.issue_notice", lambda: hazards.issue_notice(hid, date=D(2026, 3, 2)))
    audited(ledger, "HazardService.start_rectification", lambda: hazards.start_rectification(hid, date=D(2026, 3, 3)))
    audited(ledger, "HazardService.report_rectified", lambda: hazards.report_rectified(hid, date=D(2026, 3, 5)))
    audited(
        ledger,
        "HazardService.reinspect",
        lambda: hazards.reinspect(hid, date=D(2026, 3, 6), reviewer="李四", passed=True, opinion="已整改"),
    )
    major = hazards.register({**values, "grade": "major"})
    audited(
        ledger,
        "HazardService.list_major",
        lambda: hazards.list_major(major, level="county", listed_date=D(2026, 3, 4), doc_no="县安督〔2026〕1号"),
    )
    hazards.issue_notice(major, date=D(2026, 3, 4))
    hazards.report_rectified(major, date=D(2026, 3, 8))
    audited(  # closing a listed major also de-lists it: the listing's change is audited too
        ledger,
        "HazardService.reinspect",
        lambda: hazards.reinspect(
            major, date=D(2026, 3, 9), reviewer="李四", passed=True, opinion="已整改", delisting_body="县政府"
        ),
    )
    unlisted = hazards.register({**values, "grade": "major"})
    audited(
        ledger,
        "HazardService.record_no_listing",
        lambda: hazards.record_no_listing(
            unlisted, decided_by="县安委办", date=D(2026, 3, 4), doc_no="县安委〔2026〕2号"
        ),
    )

    def imported() -> list[int]:
        with db.session() as s:
            ids = hazards.register_imported(
                s, [dict(values), dict(values, rectified_date=D(2026, 3, 9))], [False, True]
            )
            s.commit()
            return ids

    audited(ledger, "HazardService.register_imported", imported)

    inspections = InspectionService(ledger)
    fire, school = sorted(ledger.lookup("checklist_template").values())[:2]
    visit = {"date": D(2026, 3, 1), "type": "routine", "lead": "周晓燕", "enterprise_id": firm, "checklist_id": fire}
    iid = audited(ledger, "InspectionService.create", lambda: inspections.create(visit))
    audited(ledger, "InspectionService.update", lambda: inspections.update(iid, {"checklist_id": school}))
    first, second = (r["id"] for r in inspections.items(iid)[:2])
    audited(ledger, "InspectionService.set_result", lambda: inspections.set_result(first, "problem", "线路老化"))
    audited(ledger, "InspectionService.set_results", lambda: inspections.set_results({second: ("ok", None)}))
    audited(ledger, "InspectionService.add_item", lambda: inspections.add_item(iid, "厨房燃气报警器"))
    audited(ledger, "InspectionService.item_to_hazard", lambda: inspections.item_to_hazard(first, D(2026, 3, 20)))
    audited(ledger, "InspectionService.write_findings", lambda: inspections.write_findings(iid))
    bare = ledger.create("inspection", {**visit, "date": D(2026, 3, 2)})  # as an import leaves it: no items
    audited(ledger, "InspectionService.fill_items", lambda: inspections.fill_items(bare))

    plan = {"name": "月度演练", "recurrence": "monthly", "start_date": D(2026, 1, 1)}
    pid = audited(ledger, "DrillService.create_plan", lambda: drills.create_plan(plan, until=D(2026, 6, 30)))
    audited(
        ledger, "DrillService.update_plan", lambda: drills.update_plan(pid, {"day_of_month": 10}, until=D(2026, 6, 30))
    )
    audited(ledger, "DrillService.generate", lambda: drills.generate(until=D(2026, 9, 30)))
    occ = drills.occurrences(D(2026, 1, 1), D(2026, 1, 31))[0]
    record = {"name": "一月演练", "start_at": "2026-01-10 09:00", "place": "镇广场", "participants": 30, "score": 80}
    problem = {"problem": "疏散通道标识不清", "deadline": D(2026, 2, 1)}
    rid = audited(
        ledger, "DrillService.record", lambda: drills.record(record, occurrence_id=occ["id"], problems=[problem])
    )
    audited(
        ledger, "DrillService.problems_to_hazards", lambda: drills.problems_to_hazards(rid, deadline=D(2026, 2, 28))
    )
    feb, mar = drills.occurrences(D(2026, 2, 1), D(2026, 3, 31))
    audited(
        ledger,
        "DrillService.mark_missed",
        lambda: drills.mark_missed(feb["id"], reason="汛期抢险", date=D(2026, 2, 20)),
    )
    audited(ledger, "DrillService.cancel", lambda: drills.cancel(mar["id"], reason="计划调整", date=D(2026, 3, 1)))
    with db.session() as s:  # a plan's dropped due dates
        gone = [o["id"] for o in drills.occurrences(D(2026, 9, 1), D(2026, 9, 30))]
        audited(
            ledger,
            "LedgerService.remove_generated",
            lambda: (ledger.remove_generated(s, "drill_occurrence", gone, workflow="演练计划"), s.commit()),
        )

    item = make(ledger, "equipment")
    schedule = make(ledger, "equipment_schedule", equipment_id=item)
    audited(ledger, "EquipmentService.record_check", lambda: equipment.record_check(schedule, date=D(2026, 3, 1)))
    audited(
        ledger, "EquipmentService.change_status", lambda: equipment.change_status(item, "repair", date=D(2026, 3, 2))
    )

    complaint = ledger.create(
        "complaint",
        {"date": D(2026, 3, 9), "anonymous": True, "enterprise_id": firm, "content": "夜间违规动火作业"},
    )
    audited(  # the hazard, its 登记 step and the complaint's link: each audited
        ledger,
        "ComplaintService.to_hazard",
        lambda: ComplaintService(ledger).to_hazard(complaint, D(2026, 3, 31)),
    )

    calendar = WorkCalendarService(ledger)
    task = ledger.create(
        "work_task", {"name": "三月检查", "rule": "months", "months": "3", "day": 31, "completes": "inspection"}
    )
    done = audited(
        ledger,
        "WorkCalendarService.mark_done",
        lambda: calendar.mark_done(task, "2026-03", date=D(2026, 3, 1), record_id=values["inspection_id"]),
    )
    audited(ledger, "WorkCalendarService.reopen", lambda: calendar.reopen(done))

    profile = {**valid_values(ledger, "station"), "name": "柳河镇安全生产监督管理站"}
    audited(ledger, "StationService.save_profile", lambda: station.save_profile(profile))
    staff = make(ledger, "staff")
    audited(ledger, "OperatorService.set_password", lambda: operators.set_password(staff, "abcd", by=head))

    assert hazards.history(hid)[0].action == "登记"

    photos = AttachmentService(ledger)
    picture = io.BytesIO()
    Image.new("RGB", (320, 240), "orange").save(picture, "JPEG")
    photo = audited(
        ledger,
        "AttachmentService.add",
        lambda: photos.add("inspection", iid, name="现场.jpg", data=picture.getvalue()).id,
    )
    scan = tmp_path / "签字.pdf"
    scan.write_bytes(b"%PDF-1.4\ntrailer<<>>\n%%EOF\n")
    audited(ledger, "AttachmentService.attach_file", lambda: photos.attach_file("inspection", iid, scan))
    audited(ledger, "AttachmentService.set_caption", lambda: photos.set_caption(photo, "消防通道"))
    audited(ledger, "AttachmentService.remove", lambda: photos.remove(photo))
    audited(ledger, "AttachmentService.restore", lambda: photos.restore(photo))


def test_every_public_service_method_is_covered():
    """Runs after the walk above (same module, in order): each method either writes and was checked
    there, or only reads."""
    if not CALLED:
        pytest.skip("run with test_every_service_write_is_audited")
    for service in SERVICES:
        public = {n for n, m in inspect.getmembers(service, inspect.isfunction) if not n.startswith("_")}
        checked = {c.split(".", 1)[1] for c in CALLED if c.startswith(service.__name__ + ".")}
        unknown = public - checked - READ_ONLY[service.__name__]
        assert not unknown, f"{service.__name__}: neither checked for audit rows nor listed as read-only: {unknown}"


def test_workflow_columns_and_ledgers_refuse_generic_writes(ledger):
    """#16: `update("hazard", id, {"status": "closed"})` closed a hazard for the ledger and left it open
    for the report; a generic create of a hazard skipped its number and history."""
    hid = HazardService(ledger).register(valid_values(ledger, "hazard"))
    with pytest.raises(WorkflowError, match="状态"):
        ledger.update("hazard", hid, {"status": "closed"})
    with pytest.raises(WorkflowError, match="销号日期"):
        ledger.update("hazard", hid, {"closed_date": D(2026, 3, 30)})
    assert ledger.get("hazard", hid)["status"] == "registered"
    with pytest.raises(WorkflowError, match="隐患治理流程"):
        ledger.create("hazard", valid_values(ledger, "hazard"))
    with pytest.raises(WorkflowError, match="隐患治理流程"):
        ledger.create("hazard_event", {"hazard_id": hid, "date": D(2026, 3, 1), "action": "销号"})
    with pytest.raises(WorkflowError):
        with ledger.db.session() as s:
            ledger.bulk_insert(s, "hazard", [valid_values(ledger, "hazard")])
    ledger.update("hazard", hid, {"description": "消防通道堵塞（已核实）"})  # a business field stays editable
    # The generic entry point for a new record goes through the workflow: number and 登记 step.
    other = create_record(ledger, "hazard", valid_values(ledger, "hazard"))
    assert ledger.get("hazard", other)["hazard_no"].startswith("YH2026-")
    assert [s.action for s in HazardService(ledger).history(other)] == ["登记"]
    assert WORKFLOW in str(pytest.raises(WorkflowError, create_record, ledger, "hazard_listing", {}).value)
