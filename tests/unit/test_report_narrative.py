"""Group K of the report (R18 预警预测): the month's text kept with the month, printed on its report;
the 值班安排 sheet goes with it."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from safetystation.errors import ValidationError
from safetystation.excel.export import export_report
from safetystation.reports.narrative import month_text, period_texts, save_month_text
from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from tests.conftest import DEMO_UNTIL


def _rows(ws) -> list[list[str]]:
    return [[str(c) if c is not None else "" for c in row] for row in ws.iter_rows(values_only=True)]


def test_a_months_text_is_kept_changed_and_audited(ledger):
    assert month_text(ledger, 2026, 6) is None
    rid = save_month_text(ledger, 2026, 6, {"key_work": "开展安全生产月活动", "forecast": "汛期：注意山塘水库"})
    assert save_month_text(ledger, 2026, 6, {"key_work": "开展安全生产月活动（修改）"}) == rid
    row = month_text(ledger, 2026, 6)
    assert row is not None and row["key_work"] == "开展安全生产月活动（修改）" and row["forecast"] is None
    history = ledger.history("report_narrative", rid)
    assert len(history) == 2 and all(h.operator == "测试员" for h in history)
    changed = {label: (before, after) for h in history for label, before, after in h.changes}
    assert changed["本月重点工作"] == ("开展安全生产月活动", "开展安全生产月活动（修改）")  # the old text is kept
    ledger.delete("report_narrative", rid)  # in the recycle bin: typing the month again brings it back
    assert month_text(ledger, 2026, 6) is None
    assert save_month_text(ledger, 2026, 6, {"problems": "个别企业整改不及时"}) == rid
    assert month_text(ledger, 2026, 6)["problems"] == "个别企业整改不及时"


def test_month_is_its_first_day(ledger):
    with pytest.raises(ValidationError, match="该月1日"):
        ledger.create("report_narrative", {"month": dt.date(2026, 6, 15)})


def test_a_summary_lists_each_months_text(ledger):
    save_month_text(ledger, 2025, 12, {"key_work": "冬季防火检查"})
    save_month_text(ledger, 2026, 2, {"key_work": "春节值班", "problems": "烟花爆竹零售点超量储存"})
    texts = period_texts(ledger, dt.date(2025, 12, 1), dt.date(2026, 3, 31))
    assert texts["key_work"] == "2025年12月：冬季防火检查\n2026年2月：春节值班"
    assert texts["problems"] == "2026年2月：烟花爆竹零售点超量储存" and texts["forecast"] == ""
    one = period_texts(ledger, dt.date(2026, 2, 1), dt.date(2026, 2, 28))
    assert one["key_work"] == "春节值班"  # one month: as typed


def test_the_report_prints_group_k_and_the_duty_roster(demo_db, tmp_path):
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    save_month_text(ledger, 2025, 10, {"key_work": "国庆节前开展安全大检查", "forecast": "进入冬季，注意森林防火"})
    path = export_report(demo_db, 2025, 10, tmp_path / "月报.xlsx", charts=False, today=DEMO_UNTIL)
    wb = load_workbook(path)
    rows = _rows(wb["月报表"])
    labels = [r[0] for r in rows]
    k = labels.index("K 文字情况")
    assert rows[k + 1][:2] == ["本月重点工作", "国庆节前开展安全大检查"]
    assert rows[k + 2][:2] == ["存在问题", "（未填写）"]
    assert rows[k + 4][:2] == ["预警预测", "进入冬季，注意森林防火"]
    duty = _rows(wb["值班安排"])
    dated = [r[1][:10] for r in duty if r[1][:7] == "2025-10"]
    con = demo_db.engine.raw_connection()
    try:
        n = con.execute(
            "select count(*) from duty where date between '2025-10-01' and '2025-10-31' and deleted_at is null"
        ).fetchone()[0]
    finally:
        con.close()
    assert n > 0 and len(dated) == n and dated == sorted(dated)  # the 国庆 roster of the month, in date order


def test_a_summary_heads_group_k_as_the_months_text(demo_db, tmp_path):
    """A half year has no 本月 or 下月 of its own: its group K says it gathers each month's text."""
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    save_month_text(ledger, 2025, 8, {"key_work": "汛期安全检查", "next_plan": "国庆节前安全大检查"})
    path = export_report(demo_db, 2025, 8, tmp_path / "下半年.xlsx", kind="half", charts=False, today=DEMO_UNTIL)
    rows = _rows(load_workbook(path)["统计汇总表"])
    k = [r[0] for r in rows].index("K 文字情况")
    assert [r[0] for r in rows[k + 1 : k + 5]] == [
        "各月重点工作",
        "各月存在问题",
        "各月所报下月工作打算",
        "各月预警预测",
    ]
    assert "8月：汛期安全检查" in rows[k + 1][1].split("\n") and rows[k + 3][1].startswith("8月：国庆节前安全大检查")
    assert not any(str(r[0]).startswith(("本月", "下月")) for r in rows)
