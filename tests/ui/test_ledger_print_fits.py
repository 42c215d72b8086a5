"""Ledgers on paper that can be read and filed (#17): every ledger of the demo printed to PDF, its
rows counted per page from the PDF itself, the print profile's columns at least four Chinese
characters wide, dates never broken over two lines; the clerk's choice of columns for one print."""

from __future__ import annotations

import html
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QBuffer, QIODevice
from PySide6.QtGui import QPdfWriter

from safetystation.domain import LEDGERS, get_spec
from safetystation.domain.spec import DATE, DATETIME, LedgerSpec
from safetystation.errors import UserError
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.operators import Operator
from tests.conftest import need_tool
from ui.printing import (
    BODY_PT,
    MIN_CHARS,
    OVERFLOW,
    LedgerLayout,
    fits_across,
    lay_out_ledger,
    ledger_landscape,
    ledger_rows,
    ledger_to_pdf,
    painting,
    print_columns,
)
from ui.theme import install_font

HAZARD_ROWS_PER_PAGE = 12  # the acceptance measure of #17 for the hazard ledger
ROWS_PER_PAGE = 8  # …and for every ledger
WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
# Poppler's word box is the font's line box: 1.43 em for the bundled Noto Sans SC.
SMALLEST_PT = 8.0
DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


@pytest.fixture(autouse=True)
def bundled_font(qapp):
    install_font(qapp)


def pdf_words(path: Path) -> list[list[tuple[float, float, str]]]:
    """Each page's words as (xMin, xMax, text) from top to bottom, from poppler's ``pdftotext -bbox``
    (which lists them in its own reading order); every word is
    checked to be set in at least :data:`SMALLEST_PT` points."""
    out = subprocess.run(
        [need_tool("pdftotext"), "-bbox", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    pages = []
    for page in out.split("<page ")[1:]:
        words = WORD.findall(page)
        small = [t for _a, y1, _b, y2, t in words if (float(y2) - float(y1)) / 1.43 < SMALLEST_PT - 0.1]
        assert not small, (path.name, small[:5])
        words.sort(key=lambda w: (float(w[1]), float(w[0])))
        pages.append([(float(a), float(b), html.unescape(t)) for a, _y1, b, _y2, t in words])
    return pages


def row_numbers(page: list[tuple[float, float, str]]) -> list[int]:
    """The numbers in the 序号 column of a page: digits centred under the 序号 header."""
    heads = [(a + b) / 2 for a, b, t in page if t == "序号"]
    if not heads:
        return []
    centre = heads[0]
    return [int(t) for a, b, t in page if t.isdigit() and abs((a + b) / 2 - centre) < 3]


def layout(ledger: LedgerService, key: str, columns: list[str] | None = None) -> LedgerLayout:
    """The layout print_ledger draws, computed on a throwaway device."""
    chosen = print_columns(key, columns)
    rows = ledger_rows(ledger, key, Query(), chosen)
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(300)  # as ledger_to_pdf's (pdf_writer): text is measured at that resolution
    with painting(writer, ledger_landscape(chosen)) as page:
        return lay_out_ledger(page, chosen, rows)


@dataclass
class Printed:
    key: str
    rows: int
    pages: int
    narrowest: float  # Chinese characters a line of the narrowest profile column holds
    narrowest_label: str

    @property
    def per_page(self) -> float:
        return self.rows / self.pages


def print_and_count(ledger: LedgerService, spec: LedgerSpec, folder: Path) -> Printed:
    path = folder / f"{spec.key}.pdf"
    pages = ledger_to_pdf(ledger, spec.key, path)
    words = pdf_words(path)
    rows = ledger.count(spec.key, Query())
    assert len(words) == pages, spec.key  # the page count reported is the file's
    # Every row once, in order, counted on the pages themselves.
    numbers = [n for page in words for n in row_numbers(page)]
    assert numbers == list(range(1, rows + 1)), spec.key
    plan = layout(ledger, spec.key)
    assert plan.pages == pages and len(plan.rows) == rows, spec.key
    assert all(plan.page_end(n) <= plan.bottom + 0.01 for n in range(pages)), spec.key  # nothing runs off
    # Dates are never broken over two lines: each printed date is one whole word of the PDF.
    dated = [j for j, kind in enumerate(plan.kinds) if kind in (DATE, DATETIME)]
    days = sum(1 for r in plan.rows for j in dated if r[j])
    found = sum(1 for page in words for _a, _b, t in page if DAY.fullmatch(t))
    assert found >= days, (spec.key, found, days)
    j = min(range(1, len(plan.widths)), key=plan.chars)
    return Printed(spec.key, rows, pages, plan.chars(j), plan.heads[j].replace("\n", ""))


def test_every_ledger_of_the_demo_fits_its_paper(demo_db, tmp_path, capsys):
    ledger = LedgerService(demo_db)
    printed = [print_and_count(ledger, spec, tmp_path) for spec in LEDGERS.values()]
    with capsys.disabled():
        print("\nledger                 rows  pages  rows/page  narrowest column (characters)")
        for p in printed:
            print(f"{p.key:20s} {p.rows:6d} {p.pages:6d} {p.per_page:10.1f}  {p.narrowest_label} {p.narrowest:.1f}")
    for p in printed:
        # Fewer rows than a page holds: one page.
        assert p.per_page >= ROWS_PER_PAGE if p.rows >= ROWS_PER_PAGE else p.pages == 1, p
        assert p.narrowest >= MIN_CHARS - 0.05, p  # measured against the font's own 汉
    hazards = next(p for p in printed if p.key == "hazard")
    assert hazards.rows > 100 and hazards.per_page >= HAZARD_ROWS_PER_PAGE, hazards


def test_long_text_wraps_onto_lines_of_a_real_width_and_the_row_grows(demo_db):
    ledger = LedgerService(demo_db)
    plan = layout(ledger, "hazard")
    j = plan.heads.index("隐患描述")
    assert plan.chars(j) >= 8  # a long text column is at least eight characters wide
    line = BODY_PT / 72 * 25.4 * 1.2  # mm: one line of body text, at least
    cells = [r[j] for r in plan.rows]
    longest = max(range(len(cells)), key=lambda i: len(cells[i]))
    assert len(cells[longest]) > plan.chars(j)  # the demo has a description longer than a line…
    assert plan.heights[longest] > 2 * line  # …which wraps, and its row grows
    assert min(plan.heights) < plan.heights[longest]


def test_a_huge_cell_is_cut_to_a_page_and_says_so(ledger):
    ledger.create("village", {"name": "长备注村", "kind": "village", "note": "很长的备注内容。" * 3000})
    plan = layout(ledger, "village")
    assert all(plan.page_end(n) <= plan.bottom + 0.01 for n in range(plan.pages))
    note = plan.rows[0][plan.heads.index("备注")]
    assert note.endswith(OVERFLOW) and note.startswith("很长的备注内容。")


def test_the_print_profile_is_the_spec_and_names_real_columns():
    hazard = get_spec("hazard")
    assert [c.name for c in hazard.print_columns] == list(hazard.printed)
    assert {"description", "measures", "deadline", "responsible", "found_date"} <= set(hazard.printed)
    assert len(hazard.printed) < len(hazard.printable)
    village = get_spec("village")  # no profile: every shown column
    assert not village.printed and village.print_columns == village.printable
    inspection = get_spec("inspection")  # the times and officers are on the 现场检查记录 only
    assert "started_at" not in inspection.printed and "officer1_id" not in inspection.printed
    # The columns dialog offers every profile without its "may not fit" warning.
    assert all(fits_across(spec.print_columns) for spec in LEDGERS.values())
    assert not fits_across(hazard.printable)


def test_a_profile_naming_a_missing_or_hidden_column_is_refused():
    from safetystation.domain.hazard import Hazard
    from safetystation.domain.spec import register

    for wrong in (("hazard_no", "nothing"), ("hazard_no", "notice_id"), ("hazard_no", "hazard_no")):
        with pytest.raises(ValueError, match="print profile"):
            register(Hazard, key="probe", title="探针", group="系统", order_by=("id",), printed=wrong)
    assert "probe" not in LEDGERS


def test_columns_chosen_for_one_print(demo_db, tmp_path):
    ledger = LedgerService(demo_db, operator=Operator("周晓燕"))
    path = tmp_path / "隐患.pdf"
    chosen = ["hazard_no", "found_date", "description", "notice_no"]  # 整改通知书编号 is not in the profile
    pages = ledger_to_pdf(ledger, "hazard", path, columns=chosen)
    first = pdf_words(path)[0]
    texts = {t for _a, _b, t in first}
    assert "整改通知书编号" in "".join(texts) and "整改措施" not in texts
    assert pages < ledger_to_pdf(ledger, "hazard", tmp_path / "全.pdf")  # fewer columns, lower rows
    with pytest.raises(UserError, match="至少"):
        ledger_to_pdf(ledger, "hazard", tmp_path / "空.pdf", columns=[])
    with pytest.raises(UserError, match="没有可打印的列"):
        ledger_to_pdf(ledger, "hazard", tmp_path / "错.pdf", columns=["notice_id"])  # hidden
