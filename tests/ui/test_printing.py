"""Ledgers and documents on paper: each is written to PDF without a printer, then checked by page
count and by the text poppler's ``pdftotext`` extracts (Chinese titles, page numbers, signature
lines), and the bundled font must be the one embedded."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest

from safetystation.documents import notice_document
from safetystation.domain import choices as C
from safetystation.domain import get_spec
from safetystation.domain.base import COMMON_COLUMNS
from safetystation.errors import UserError
from safetystation.services.hazards import HazardService
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.operators import Operator
from safetystation.services.station import StationService
from tests.conftest import need_tool
from ui.printing import DOCUMENTS, document_to_pdf, ledger_to_pdf
from ui.theme import install_font

ROOT = Path(__file__).resolve().parents[2]
YEAR_2025 = Query(date_from=dt.date(2025, 1, 1), date_to=dt.date(2025, 12, 31))


@pytest.fixture(autouse=True)
def bundled_font(qapp):
    install_font(qapp)


def pages_text(path: Path) -> list[str]:
    """The text of each page, whitespace removed (CJK layout spacing differs between poppler versions)."""
    out = subprocess.run(
        [need_tool("pdftotext"), "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = out.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return [re.sub(r"\s+", "", p) for p in pages]


def page_size(path: Path) -> tuple[float, float]:
    info = subprocess.run([need_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    m = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts", info)
    assert m, info
    return float(m.group(1)), float(m.group(2))


def test_long_ledger_runs_over_pages_with_title_header_page_numbers_and_signatures(demo_db, tmp_path):
    ledger = LedgerService(demo_db)
    rows = ledger.count("inspection", YEAR_2025)
    assert rows > 100
    path = tmp_path / "检查台账.pdf"
    pages = ledger_to_pdf(ledger, "inspection", path, YEAR_2025)
    text = pages_text(path)
    assert len(text) == pages > 2
    assert text[0].startswith("青石镇安全生产检查台账（2025年）")
    assert "填报单位（盖章）：青石镇安全生产监督管理站" in text[0] and f"共{rows}条" in text[0]
    for n, page in enumerate(text, 1):
        assert f"第{n}页共{pages}页" in page
        assert "序号" in page and "检查日期" in page and "记录编号" in page  # the header on every page
    assert all("填表人" not in p for p in text[:-1])
    assert "填表人" in text[-1] and "审核人" in text[-1] and "站长" in text[-1]
    first = ledger.list("inspection", YEAR_2025, limit=1)[0]
    assert first["lead"] in text[0]
    width, height = page_size(path)
    assert width > height  # many columns: landscape A4
    assert round(width) == 842 and round(height) == 595


def test_ledger_print_follows_the_filter_and_narrow_ledgers_are_portrait(demo_db, tmp_path):
    ledger = LedgerService(demo_db)
    path = tmp_path / "村.pdf"
    assert ledger_to_pdf(ledger, "village", path, Query(search="村")) == 1
    width, height = page_size(path)
    assert width < height
    text = pages_text(path)[0]
    villages = [r["name"] for r in ledger.list("village", Query(search="村"), limit=None)]
    others = [r["name"] for r in ledger.list("village", limit=None) if r["name"] not in villages]
    assert villages and all(v in text for v in villages)
    assert others and not any(o in text for o in others)


def test_empty_ledger_prints_one_page_with_header_and_signatures(ledger, tmp_path):
    path = tmp_path / "空.pdf"
    assert ledger_to_pdf(ledger, "accident", path) == 1
    text = pages_text(path)
    assert len(text) == 1 and "事故" in text[0] and "序号" in text[0] and "共0条" in text[0]
    assert "填表人" in text[0] and "第1页共1页" in text[0]


def _hazard(ledger: LedgerService, **where: object) -> dict:
    rows = ledger.list("hazard", Query(filters=dict(where), order_by=("id",)), limit=1)
    assert rows, where
    return rows[0]


def test_notice_and_its_receipt_and_the_entrusted_station_instruction(demo_db, tmp_path):
    ledger = LedgerService(demo_db)
    h = ledger.list("hazard", Query(filters={"status": "rectifying"}), limit=50)
    h = next(r for r in h if r["enterprise_id"] and r["notice_no"])
    unit = ledger.get("enterprise", h["enterprise_id"])["name"]
    profile = StationService(demo_db).profile()
    assert profile["entrusted_enforcement"]  # the demo town enforces on the county's behalf
    path = tmp_path / "指令书.pdf"
    assert document_to_pdf(ledger, "notice", h["id"], path) == 1
    text = pages_text(path)[0]
    assert "责令限期整改指令书" in text and "隐患整改通知书" not in text and unit in text
    assert re.sub(r"\s+", "", h["notice_no"]) in text
    assert re.sub(r"\s+", "", h["description"])[:20] in text
    assert "申请行政复议" in text and "提起行政诉讼" in text and "执法人员（签名）" in text
    assert "回执" in text and "签收人（签名）" in text

    assert "临江县应急管理局" in text and "受委托单位" in text  # issued in the entrusting authority's name
    inspection = ledger.get("inspection", ledger.get("notice", h["notice_id"])["inspection_id"])
    certs = {r["name"]: r["cert_no"] for r in ledger.list("staff", Query(), limit=None) if r["cert_no"]}
    officers = [n for n in [inspection["lead"], *(inspection["inspectors"] or "").split("、")] if n in certs][:2]
    signed = " ".join(notice_document(ledger, h["id"]).signatures)
    assert officers and all(certs[n] in signed for n in officers)  # the officers' certificates from the roster
    assert "证号：ZJ" in text  # (pdftotext loses the digits of Latin runs in this font; the page shows them)

    # A station without 委托执法 advises and urges in its own name: no 责令, no remedies, no 证号.
    values = {k: v for k, v in profile.items() if k not in COMMON_COLUMNS}
    StationService(demo_db, operator=Operator("测试")).save_profile({**values, "entrusted_enforcement": False})
    assert document_to_pdf(ledger, "notice", h["id"], tmp_path / "again.pdf") == 1
    assert "责令限期整改指令书" in pages_text(tmp_path / "again.pdf")[0]  # an issued order stays what it was
    hazards = HazardService(LedgerService(demo_db, operator=Operator("测试")))
    firm = h["enterprise_id"]
    visit = {"date": dt.date(2026, 11, 20), "type": "routine", "lead": "周晓燕", "enterprise_id": firm}
    iid = hazards.ledger.create("inspection", visit)
    hid = hazards.register(
        {"description": "货架堵塞安全出口", "found_date": dt.date(2026, 11, 20), "deadline": dt.date(2026, 11, 30)}
        | {"inspection_id": iid, "enterprise_id": firm}
    )
    hazards.issue_notice(hid, date=dt.date(2026, 11, 21))
    path = tmp_path / "通知书.pdf"
    assert document_to_pdf(ledger, "notice", hid, path) == 1
    text = pages_text(path)[0]
    assert "隐患整改通知书" in text and "责令限期整改指令书" not in text and "回执" in text
    assert "行政复议" not in text and "行政诉讼" not in text and "责令" not in text and "证号" not in text
    assert "建议你单位" in text and "抄报临江县应急管理局" in text and profile["name"] in text


def test_a_hazard_without_a_notice_number_is_refused_and_no_file_is_left(demo_db, tmp_path):
    ledger = LedgerService(demo_db)
    h = _hazard(ledger, status="registered")
    path = tmp_path / "no.pdf"
    with pytest.raises(UserError, match="还没有下发整改通知"):
        document_to_pdf(ledger, "notice", h["id"], path)
    assert not path.exists()


def test_review_opinion_of_a_closed_hazard(demo_db, tmp_path):
    ledger = LedgerService(demo_db)
    h = next(r for r in ledger.list("hazard", Query(filters={"status": "closed"}), limit=50) if r["notice_no"])
    path = tmp_path / "复查.pdf"
    assert document_to_pdf(ledger, "review", h["id"], path) == 1
    text = pages_text(path)[0]
    assert "整改复查意见书" in text and "同意销号" in text and h["verifier"] in text
    assert "复查人员（签名）" in text and "被复查单位负责人（签名）" in text
    assert re.sub(r"\s+", "", h["notice_no"]) in text


def test_site_inspection_record_lists_unit_officers_and_checklist(demo_db, tmp_path):
    ledger = LedgerService(demo_db)
    items = ledger.list("inspection_item", limit=1)
    inspection = ledger.get("inspection", items[0]["inspection_id"])
    checklist = ledger.list("inspection_item", Query(filters={"inspection_id": inspection["id"]}), limit=None)
    unit = ledger.get("enterprise", inspection["enterprise_id"])
    path = tmp_path / "现场检查记录.pdf"
    assert document_to_pdf(ledger, "inspection", inspection["id"], path) >= 1
    text = "".join(pages_text(path))
    flat = re.sub(r"\s+", "", text)  # (a long checklist line wraps in its cell: its start is compared)
    assert "现场检查记录" in text and unit["name"] in flat and inspection["lead"] in text
    assert "被检查单位现场负责人（签名）" in text and "检查情况" in text
    assert all(it["item"][:14] in flat for it in checklist)
    officers = [ledger.get("staff", inspection[k])["name"] for k in ("officer1_id", "officer2_id")]
    assert all(name in text for name in officers)
    assert sum(text.count(C.CHECK_ITEM_RESULT.label(it["result"])) >= 1 for it in checklist) == len(checklist)


def test_drill_record_with_evaluation_runs_over_to_a_continuation_page(demo_db, tmp_path):
    ledger = LedgerService(demo_db, operator=Operator("测试"))
    record = ledger.list("drill_record", Query(filters={"grade": "pass"}), limit=1)[0]
    path = tmp_path / "演练.pdf"
    assert document_to_pdf(ledger, "drill", record["id"], path) == 1
    text = pages_text(path)[0]
    assert "生产安全事故应急演练记录" in text and "演练评估" in text and "问题整改明细" in text
    assert record["name"] in text and "合格" in text and f"{record['score']}分" in text
    for i in range(40):
        ledger.create("drill_problem", {"record_id": record["id"], "problem": f"第{i + 1}个问题：对讲机信号差"})
    pages = document_to_pdf(ledger, "drill", record["id"], path)
    text = pages_text(path)
    assert len(text) == pages >= 2
    assert "应急演练记录（续页）" in text[1] and "存在问题" in text[1]  # the table header again
    assert "第40个问题" in "".join(text) and "评估人（签名）" in text[-1]


def test_six_haves_checklist(demo_db, tmp_path):
    from safetystation.services.compliance import ComplianceService

    ledger = LedgerService(demo_db)
    path = tmp_path / "六有.pdf"
    assert document_to_pdf(ledger, "six-haves", None, path) == 1
    text = pages_text(path)[0]
    assert "规范化建设“六有”验收表" in text and "验收组成员（签名）" in text
    for v in ComplianceService(ledger).six_haves():
        assert re.sub(r"\s+", "", v.title) in text


def test_every_pdf_embeds_the_bundled_font(demo_db, tmp_path):
    ledger = LedgerService(demo_db)
    path = tmp_path / "六有.pdf"
    document_to_pdf(ledger, "six-haves", None, path)
    fonts = subprocess.run([need_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    lines = fonts.splitlines()[2:]
    assert lines and all("SafetyStationSansSC" in line for line in lines), fonts
    assert all(" yes " in line for line in lines), fonts  # embedded: prints the same on any PC


def test_unknown_document_kind():
    with pytest.raises(UserError, match="没有“x”这种文书"):
        document_to_pdf(None, "x", 1, Path("unused.pdf"))  # type: ignore[arg-type]
    assert set(DOCUMENTS) == {
        "notice",
        "inspection",
        "review",
        "drill",
        "six-haves",
        "activity-plan",
        "activity-summary",
    }


def _main(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "main.py", *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120
    )


def test_headless_print_commands(demo_file, tmp_path):
    pdf = tmp_path / "enterprise.pdf"
    r = _main("--print", "enterprise", "--pdf", str(pdf), "--db", str(demo_file))
    assert r.returncode == 0, r.stderr
    assert "已生成" in r.stdout and pdf.exists()
    assert pages_text(pdf)[0].startswith("青石镇" + get_spec("enterprise").title)
    r = _main("--print-doc", "six-haves", "--pdf", str(tmp_path / "six.pdf"), "--db", str(demo_file))
    assert r.returncode == 0, r.stderr
    r = _main("--print-doc", "notice", "--pdf", str(tmp_path / "n.pdf"), "--db", str(demo_file))
    assert r.returncode == 1 and "需要 --id" in r.stderr
    r = _main("--print", "nosuch", "--pdf", str(tmp_path / "x.pdf"), "--db", str(demo_file))
    assert r.returncode == 1 and "错误" in r.stderr and not (tmp_path / "x.pdf").exists()


def test_a_long_notice_continues_and_a_failed_review_prints_its_new_deadline(demo_db, tmp_path):
    """#16: one notice lists every problem of the inspection (numbered, 续页 when long); after a failed
    re-inspection the 复查意见书 could not be printed at all."""
    hazards = HazardService(LedgerService(demo_db, operator=Operator("周晓燕")))
    ledger = hazards.ledger
    firm = ledger.create("enterprise", {"name": "青石大型综合市场"})
    iid = ledger.create(
        "inspection", {"date": dt.date(2026, 11, 2), "type": "joint", "lead": "周晓燕", "enterprise_id": firm}
    )
    ids = [
        hazards.register(
            {
                "description": f"第{k}号摊位{'电线私拉乱接、插座超负荷使用，' * 3}存在火灾隐患",
                "found_date": dt.date(2026, 11, 2),
                "deadline": dt.date(2026, 11, 20),
                "inspection_id": iid,
                "enterprise_id": firm,
            }
        )
        for k in range(1, 31)
    ]
    number = hazards.issue_notice(ids[0], date=dt.date(2026, 11, 3))
    path = tmp_path / "长.pdf"
    pages = document_to_pdf(ledger, "notice", ids[-1], path)
    text = pages_text(path)
    assert pages == len(text) >= 2 and "续页" in text[1]
    flat = "".join(text)
    assert "30.第30号摊位" in flat and "1.第1号摊位" in flat and flat.count(re.sub(r"\s+", "", number)) >= 2
    hazards.report_rectified(ids[0], date=dt.date(2026, 11, 18))
    hazards.reinspect(
        ids[0],
        date=dt.date(2026, 11, 19),
        reviewer="吴志明",
        passed=False,
        opinion="仍有插座超负荷",
        new_deadline=dt.date(2026, 11, 26),
    )
    path = tmp_path / "复查.pdf"
    assert document_to_pdf(ledger, "review", ids[0], path) >= 1
    flat = "".join(pages_text(path))
    assert "整改不到位，须于2026年11月26日前重新整改完毕" in flat and "吴志明" in flat and "尚未复查" in flat


def test_the_inspection_record_prints_its_times_and_chosen_officers(demo_db, tmp_path):
    """#16: start/end time were blank (no fields) and the officers were guessed from names."""
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    staff = {r["name"]: r for r in ledger.list("staff", Query(), limit=None)}
    firm = ledger.list("enterprise", limit=1)[0]["id"]
    day = dt.date(2026, 11, 20)
    iid = ledger.create(
        "inspection",
        {
            "date": day,
            "type": "routine",
            "lead": "刘建华",
            "enterprise_id": firm,
            "started_at": dt.datetime(2026, 11, 20, 9, 30),
            "ended_at": dt.datetime(2026, 11, 20, 11, 5),
            "officer1_id": staff["周晓燕"]["id"],
            "officer2_id": staff["吴志明"]["id"],
        },
    )
    path = tmp_path / "检查记录.pdf"
    assert document_to_pdf(ledger, "inspection", iid, path) >= 1
    text = "".join(pages_text(path))
    assert "09时30分至11时05分" in text or "时30分至" in text  # (digits of Latin runs may be lost by pdftotext)
    assert "周晓燕" in text and "吴志明" in text and "刘建华" not in text.split("检查情况")[0]
