"""Inspections are numbered by the service (#20 §3): JC<year>-<sequence of that year>, never reused,
on every path in (the form, the service, an import); other ledgers pick them by date, unit and number."""

from __future__ import annotations

import datetime as dt

from safetystation.excel.importer import commit_import, plan_import
from safetystation.services.ledger import LedgerService


def _inspection(ledger: LedgerService, day: dt.date, **more) -> int:
    return ledger.create("inspection", {"date": day, "type": "routine", "lead": "周晓燕", **more})


def test_numbers_run_per_year_and_are_never_reused(ledger):
    a = _inspection(ledger, dt.date(2026, 3, 1))
    b = _inspection(ledger, dt.date(2026, 3, 2))
    old = _inspection(ledger, dt.date(2025, 12, 30))
    typed = _inspection(ledger, dt.date(2026, 3, 3), record_no="JC2026-0010")
    number = lambda rid: ledger.get("inspection", rid)["record_no"]  # noqa: E731
    assert [number(a), number(b), number(old), number(typed)] == [
        "JC2026-0001",
        "JC2026-0002",
        "JC2025-0001",
        "JC2026-0010",
    ]
    ledger.delete("inspection", typed)  # to the recycle bin: its number stays taken
    assert number(_inspection(ledger, dt.date(2026, 4, 1))) == "JC2026-0011"
    history = ledger.history("inspection", a)
    assert any("JC2026-0001" in str(change) for change in history[0].changes)  # the number is in the audit row


def test_an_import_numbers_its_rows_in_one_batch(db, ledger, tmp_path):
    _inspection(ledger, dt.date(2026, 1, 5))
    csv = tmp_path / "检查.csv"
    csv.write_text(
        "检查日期,检查类型,带队人,记录编号\n2026-02-01,日常检查,周晓燕,\n2026-02-02,日常检查,周晓燕,JC2026-0005\n"
        "2026-02-03,日常检查,周晓燕,\n2025-06-01,日常检查,周晓燕,\n",
        encoding="utf-8",
    )
    plan = plan_import(db, csv, "inspection")
    assert not plan.rejected, plan.summary()
    commit_import(db, plan)
    numbers = sorted(r["record_no"] for r in ledger.list("inspection"))
    assert numbers == ["JC2025-0001", "JC2026-0001", "JC2026-0005", "JC2026-0006", "JC2026-0007"]


def test_the_picker_shows_date_unit_and_number_newest_first(ledger):
    firm = ledger.create("enterprise", {"name": "青石砖厂"})
    _inspection(ledger, dt.date(2026, 5, 1), enterprise_id=firm)
    _inspection(ledger, dt.date(2026, 6, 1), place="河口村集市")
    labels = [label for label, _ in ledger.picker_choices("inspection")]
    assert labels == ["2026-06-01  河口村集市  JC2026-0002", "2026-05-01  青石砖厂  JC2026-0001"]
