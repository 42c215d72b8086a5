"""The remaining books of #18 in the window: 烟花爆竹 (R27), 方案与总结 (R23), 食品安全检查 (R26),
重点消防户 (R29), 农村自建房 (R30) are in the navigation under 台账 and open; the 方案与总结 page
offers the plan and the summary as documents, which print to PDF with the six 定 and the summary's
three parts, and a summary not yet written is refused with a Chinese message, leaving no file."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from safetystation.errors import UserError
from safetystation.services.ledger import LedgerService
from safetystation.services.operators import Operator
from tests.ui.test_printing import pages_text
from ui.ledger_page import LedgerPage
from ui.main_window import MainWindow
from ui.printing import document_to_pdf
from ui.theme import install_font

D = dt.date
BOOKS = (
    "fireworks_outlet",
    "fireworks_flow",
    "fireworks_search",
    "activity_plan",
    "food_check",
    "fire_priority",
    "self_built_house",
)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, qapp):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path))
    QApplication.setOrganizationName("SafetyStationTest")
    install_font(qapp)


def _plan(ledger: LedgerService) -> int:
    ledger.create("station", {"name": "青石镇安全生产监督管理站", "town": "青石镇", "county": "临江县"})
    return ledger.create(
        "activity_plan",
        {
            "activity": "2026年“安全生产月”活动",
            "kind": "overall",
            "organizer": "青石镇安全生产委员会办公室",
            "responsible": "陈国强",
            "start": D(2026, 6, 1),
            "end": D(2026, 6, 30),
            "place": "全镇各村(社区)、各生产经营单位",
            "content": "开展宣传咨询日、隐患排查、应急演练和执法检查活动",
            "scale": "全镇18个村(社区)、重点企业48家",
            "plan_text": "一、指导思想\n坚持安全第一、预防为主、综合治理。",
        },
    )


def test_the_books_are_in_the_navigation_and_the_plan_page_prints_its_documents(qtbot, db):
    _plan(LedgerService(db, operator=Operator("周晓燕")))
    w = MainWindow(db, operator=Operator("周晓燕"))
    qtbot.addWidget(w)
    for key in BOOKS:
        assert key in w.items, key
        assert isinstance(w.open_page(key), LedgerPage), key
    page = w.open_page("activity_plan")
    assert isinstance(page, LedgerPage)
    texts = [a.text() for a in page.document_actions]
    assert any("活动方案" in t for t in texts) and any("活动总结" in t for t in texts), texts


def test_the_plan_and_the_summary_print_to_pdf(db, tmp_path):
    ledger = LedgerService(db, operator=Operator("周晓燕"))
    pid = _plan(ledger)
    plan = tmp_path / "方案.pdf"
    assert document_to_pdf(ledger, "activity-plan", pid, plan) == 1
    text = pages_text(plan)[0]
    for words in ("青石镇安全生产监督管理站", "2026年“安全生产月”活动总体方案", "组织单位", "陈国强",
                  "活动内容", "活动规模", "坚持安全第一"):  # fmt: skip
        assert words in text, (words, text)
    summary = tmp_path / "总结.pdf"
    with pytest.raises(UserError, match="还没有总结"):
        document_to_pdf(ledger, "activity-summary", pid, summary)
    assert not summary.exists()  # refused: no half-written file
    ledger.update(
        "activity_plan",
        pid,
        {"achievements": "检查生产经营单位48家次。", "problems": "个别企业重视不够。", "next_steps": "跟踪督办。",
         "summarized": D(2026, 7, 8)},
    )  # fmt: skip
    assert document_to_pdf(ledger, "activity-summary", pid, summary) == 1
    text = pages_text(summary)[0]
    for words in ("2026年“安全生产月”活动总结", "一、主要工作及成效", "检查生产经营单位48家次", "二、存在的问题",
                  "三、下步工作打算", "跟踪督办", "2026年7月8日"):  # fmt: skip
        assert words in text, (words, text)
