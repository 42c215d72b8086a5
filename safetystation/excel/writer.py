"""Writing report sheets the way Chinese government workbooks look (FORMS.md §7), row by row.

Every sheet is an openpyxl write-only worksheet, so a 100,000-row ledger streams to disk without
being held in memory, and report sheets use the same code. Every string is written as a string
cell: openpyxl would otherwise turn text starting with ``=`` into a formula (a hazard description
such as “=未设置消防通道” must arrive at the county as typed, not as a formula).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from safetystation.dates import chinese_date
from safetystation.errors import UserError

TITLE_FONT = Font(name="黑体", size=16, bold=True)
STRIP_FONT = Font(name="宋体", size=10)
HEADER_FONT = Font(name="宋体", size=10, bold=True)
BODY_FONT = Font(name="宋体", size=10)
NOTE_FONT = Font(name="宋体", size=9)
STATUS_FONT = Font(name="宋体", size=10, bold=True, color="C00000")  # 截至…（本期未结束）
THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
RIGHT = Alignment(horizontal="right", vertical="center")
FOOTER = "第 &P 页，共 &N 页"
PAPER_A4 = 9  # SpreadsheetML paperSize code for A4

DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
MONEY_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.00%"


@dataclass(frozen=True)
class Strip:
    """The 填报单位（盖章）/所属县(区)/填表人/审核人/分管领导签发/联系电话/填报日期 line under the
    title. ``county`` and ``phone`` are printed when known; ``approver`` (分管领导签发) on a report
    sent upward (None: not printed; empty: a space to sign)."""

    unit: str
    filler: str = ""
    reviewer: str = ""
    date: dt.date | None = None
    phone: str = ""
    county: str = ""
    approver: str | None = None

    def text(self) -> str:
        """One line; a report's strip on two (who sends it; who fills, checks and signs it off)."""
        unit = [f"填报单位（盖章）：{self.unit}"]
        if self.county:
            unit.append(f"所属县(区)：{self.county}")
        if self.phone:
            unit.append(f"联系电话：{self.phone}")
        people = [f"填表人：{self.filler}", f"审核人：{self.reviewer}"]
        if self.approver is not None:
            people.append(f"分管领导签发：{self.approver}")
        people.append(f"填报日期：{chinese_date(self.date)}" if self.date else "填报日期：")
        gap = "      "
        if self.approver is not None:
            return gap.join(unit) + "\n" + gap.join(people)
        return gap.join(unit + people)


def safe_text(value: str) -> str:
    """Text a worksheet can hold: control characters (which SpreadsheetML cannot store and openpyxl
    refuses) become spaces; the rest is kept exactly, including a leading ``=``."""
    if ILLEGAL_CHARACTERS_RE.search(value):
        value = ILLEGAL_CHARACTERS_RE.sub(" ", value)
    if len(value) > 32767:  # Excel's cell limit; openpyxl would cut it silently
        raise UserError(f"文字超过 Excel 单元格上限（32767 字），无法完整导出：{value[:20]}…")
    return value


# A sheet whose rows are only recorded (the county's figures computed from a database, #19): its rows
# are the cells' values, without cells, styles, heights or merges (a third of the county's month).
VALUES_ONLY = "safetystation_values_only"


def values_only(ws: Any) -> bool:
    return bool(getattr(ws, VALUES_ONLY, False))


def text_cell(ws: Any, value: str, **style: Any) -> WriteOnlyCell | str:
    """A cell that holds ``value`` as text whatever it starts with (never a formula); on a values-only
    sheet, the text it would hold."""
    if values_only(ws):
        return safe_text(value)
    cell = WriteOnlyCell(ws)
    cell._value = safe_text(value)
    cell.data_type = "s"
    _style(cell, style)
    return cell


_STYLE_CACHE = "_safetystation_styles"


def _style_array(ws: Any, number_format: str | None, style: dict[str, Any]) -> StyleArray:
    """The workbook's style index array for this combination, computed once per workbook.

    Setting ``font``/``border``… on every cell makes openpyxl hash the style objects each time — most
    of the time of a large export. Style ids belong to the workbook, so the cache lives on it.
    """
    wb = ws.parent
    cache = wb.__dict__.setdefault(_STYLE_CACHE, {})
    key = (number_format, *sorted((k, id(v)) for k, v in style.items()))
    found = cache.get(key)
    if found is None:
        probe = WriteOnlyCell(ws, None)
        if number_format:
            probe.number_format = number_format
        for k, v in style.items():
            setattr(probe, k, v)
        found = cache[key] = (probe._style, list(style.values()))  # keep the objects alive: ids stay valid
    return found[0]


def value_cell(ws: Any, value: Any, *, number_format: str | None = None, **style: Any) -> WriteOnlyCell:
    """A typed cell: text stays text, numbers and dates keep their type with a Chinese-style format."""
    if isinstance(value, str):
        return text_cell(ws, value, **style)
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, bool):
        return text_cell(ws, "是" if value else "否", **style)
    cell = WriteOnlyCell(ws, value)
    if not number_format and isinstance(value, dt.datetime):
        number_format = DATETIME_FORMAT
    elif not number_format and isinstance(value, dt.date):
        number_format = DATE_FORMAT
    _style(cell, style, number_format)
    return cell


def _style(cell: WriteOnlyCell, style: dict[str, Any], number_format: str | None = None) -> None:
    if style or number_format:
        cell._style = StyleArray(_style_array(cell.parent, number_format, style))


class ReportSheet:
    """One sheet: title, strip, headers, rows, notes, footer and print setup, written top to bottom."""

    def __init__(self, wb: Workbook, name: str, *, widths: Sequence[float], landscape: bool | None = None):
        self.ws = wb.create_sheet(title=name[:31])
        self.ncols = len(widths)
        self.row_no = 0
        self.header_first = self.header_last = 0
        self.widths = list(widths)
        self.values_only = values_only(self.ws)
        for i, w in enumerate([] if self.values_only else widths, 1):
            self.ws.column_dimensions[get_column_letter(i)].width = w
        self.landscape = landscape if landscape is not None else sum(widths) > 100
        self.pages_tall = 0  # 0: as many pages as it takes; 1: a one-page form, shrunk to fit
        self._row_styles: dict[tuple[bool, int, str | None], StyleArray] = {}
        # openpyxl 3.1 (pinned) offers each appended Cell to a scratch cell's value setter, which fails
        # with a ValueError whose message formats the cell — per cell, a third of a large export's time.
        # Every row here is already a list of cells, so they are placed directly.
        if hasattr(self.ws, "_values_to_row"):
            self.ws._values_to_row = _place_cells
        # A write-only sheet emits <sheetPr> with its first row: fit-to-page must be set before that.
        self.ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)

    @property
    def last_col(self) -> str:
        return get_column_letter(self.ncols)

    def _merge_row(self, text: str, *, font: Font, align: Alignment, height: float | None = None) -> None:
        self.row_no += 1
        if self.values_only:
            self.ws.append([safe_text(text)])
            return
        # Merged cells do not grow with their text in Excel, WPS or LibreOffice: size the row for it.
        size = font.size or 10
        lines = wrapped_lines(text, (sum(self.widths) - 1) * 10 / size)  # a larger font: fewer characters a line
        height = max(height or 0, 15 * lines * size / 10 + 3) if lines > 1 else height
        if height:
            self.ws.row_dimensions[self.row_no].height = height
        cells = [text_cell(self.ws, text, font=font, alignment=align)]
        self.ws.append(cells)
        if self.ncols > 1:
            self.ws.merged_cells.add(f"A{self.row_no}:{self.last_col}{self.row_no}")

    def title(self, text: str) -> None:
        self._merge_row(text, font=TITLE_FONT, align=CENTER, height=30)

    def line(self, text: str, *, align: Alignment = CENTER, font: Font = STRIP_FONT) -> None:
        self._merge_row(text, font=font, align=align)

    def strip(self, strip: Strip) -> None:
        self._merge_row(strip.text(), font=STRIP_FONT, align=LEFT, height=20)

    def headers(self, rows: Sequence[Sequence[str | None]], merges: Iterable[tuple[int, int, int, int]] = ()) -> None:
        """Header rows (None = part of a merge); ``merges`` are (row, col, row, col) within the block, 1-based.
        A row is as many lines high as its longest header needs in its column."""
        first = self.row_no + 1
        merges = [] if self.values_only else list(merges)
        spans = {(r1, c1): (r2 - r1 + 1, sum(self.widths[c1 - 1 : c2])) for r1, c1, r2, c2 in merges}
        for i, values in enumerate(rows, 1):
            self.row_no += 1
            if self.values_only:
                self.ws.append([safe_text(v or "") for v in values])
                continue
            lines = max(
                (
                    -(-wrapped_lines(v, spans.get((i, j), (1, self.widths[j - 1]))[1]) // spans.get((i, j), (1, 0))[0])
                    for j, v in enumerate(values, 1)
                    if v
                ),
                default=1,
            )
            self.ws.row_dimensions[self.row_no].height = max(20, 13.5 * lines + 6)
            self.ws.append(
                [text_cell(self.ws, v or "", font=HEADER_FONT, alignment=CENTER, border=BOX) for v in values]
            )
        for r1, c1, r2, c2 in merges:
            ref = f"{get_column_letter(c1)}{first + r1 - 1}:{get_column_letter(c2)}{first + r2 - 1}"
            self.ws.merged_cells.add(ref)
        if not self.header_first:
            self.header_first = first
        self.header_last = self.row_no

    def row(
        self,
        values: Sequence[Any],
        *,
        formats: Sequence[str | None] | None = None,
        bold: bool = False,
        aligns: Sequence[Alignment] | None = None,
    ) -> None:
        """One boxed body row. The hot loop of a 100,000-row export: each cell gets a style array
        computed once per (bold, alignment, number format) instead of openpyxl's per-cell lookups."""
        self.row_no += 1
        ws = self.ws
        styles = self._row_styles
        cells: list[Any] = []
        for i, v in enumerate(values):
            fmt = formats[i] if formats else None
            if v is None:
                v = ""
            elif isinstance(v, bool):
                v = "是" if v else "否"
            elif isinstance(v, Decimal):
                v = float(v)
            if self.values_only and isinstance(v, str | int | float | dt.date):
                cells.append(safe_text(v) if isinstance(v, str) else v)  # the value its cell would hold
                continue
            if isinstance(v, str):
                align = aligns[i] if aligns else LEFT
                cell = WriteOnlyCell(ws)
                cell._value = safe_text(v)
                cell.data_type = "s"  # never a formula, whatever it starts with
                fmt = None
            else:
                align = aligns[i] if aligns else RIGHT
                if fmt is None and isinstance(v, dt.datetime):
                    fmt = DATETIME_FORMAT
                elif fmt is None and isinstance(v, dt.date):
                    fmt = DATE_FORMAT
                cell = WriteOnlyCell(ws)
                if isinstance(v, int | float):
                    cell._value = v
                elif isinstance(v, dt.date):  # the style below carries its date format
                    cell._value, cell.data_type = v, "d"
                else:
                    cell.value = v  # anything else: openpyxl's own typing
            if self.values_only:
                cells.append(cell.value)  # openpyxl's own typing of anything else
                continue
            key = (bold, id(align), fmt)
            style = styles.get(key)
            if style is None:
                font = HEADER_FONT if bold else BODY_FONT
                style = styles[key] = _style_array(ws, fmt, {"font": font, "alignment": align, "border": BOX})
            cell._style = style  # shared: written as-is, never changed after this point
            cells.append(cell)
        ws.append(cells)

    def text_row(self, label: str, text: str) -> None:
        """A boxed row of text: ``label`` in the first column, ``text`` wrapped across the others (the
        row sized for it, as merged cells do not grow)."""
        self.row_no += 1
        if self.values_only:
            self.ws.append([safe_text(label), *(safe_text(text if i == 1 else "") for i in range(1, self.ncols))])
            return
        lines = wrapped_lines(text or " ", sum(self.widths[1:]) - 1)
        self.ws.row_dimensions[self.row_no].height = max(20, 13.5 * lines + 6)
        wrap = Alignment(horizontal="left", vertical="center", wrap_text=True)
        cells = [text_cell(self.ws, label, font=HEADER_FONT, alignment=CENTER, border=BOX)]
        cells += [
            text_cell(self.ws, text if i == 1 else "", font=BODY_FONT, alignment=wrap, border=BOX)
            for i in range(1, self.ncols)
        ]
        self.ws.append(cells)
        if self.ncols > 2:
            self.ws.merged_cells.add(f"B{self.row_no}:{self.last_col}{self.row_no}")

    def notes(self, lines: Sequence[str]) -> None:
        for text in lines:
            self._merge_row(text, font=NOTE_FONT, align=LEFT)

    def blank(self) -> None:
        self.row_no += 1
        self.ws.append([])

    def finish(self) -> None:
        """A4, orientation by width, fit to one page wide, centred, header rows repeated, page footer."""
        ws = self.ws
        ws.page_setup.paperSize = PAPER_A4
        ws.page_setup.orientation = "landscape" if self.landscape else "portrait"
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = self.pages_tall
        ws.print_options.horizontalCentered = True
        ws.page_margins.left = ws.page_margins.right = 0.4
        ws.page_margins.top = 0.6
        ws.page_margins.bottom = 0.7
        ws.page_margins.footer = 0.3
        ws.oddFooter.center.text = FOOTER
        ws.oddFooter.center.size = 9
        if self.header_first:
            ws.print_title_rows = f"{self.header_first}:{self.header_last}"


def _place_cells(cells: Sequence[Any], row_idx: int) -> Iterable[Any]:
    for col_idx, cell in enumerate(cells, 1):
        if cell is None:
            continue
        cell.column = col_idx
        cell.row = row_idx
        yield cell


def wrapped_lines(text: str, width: float) -> int:
    """How many lines ``text`` takes wrapped in a column ``width`` Excel units wide. A character is not
    split between lines: a column 7 units wide holds three Chinese characters a line, not three and a
    half (counted so, with its quotes as narrow, the 15-column sheet's 五到位 header of 13 characters
    got three lines where it takes four, and LibreOffice clipped it)."""
    room = max(1, int(width - 1))
    total = 0
    for line in text.split("\n"):
        lines, used = 1, 0
        for ch in line:
            w = _char_width(ch)
            if used and used + w > room:
                lines, used = lines + 1, 0
            used += w
        total += lines
    return total


# Punctuation and signs a Chinese font draws as wide as a character, though below U+2E80.
_WIDE_PUNCTUATION = frozenset("“”‘’—…·×÷")


def _char_width(ch: str) -> int:
    return 2 if ord(ch) > 0x2E80 or ch in _WIDE_PUNCTUATION else 1


def _text_width(text: str) -> int:
    """Width in Excel units: a Chinese character (or its quotes and dashes) takes about two."""
    return sum(map(_char_width, text))


# The printable width of an A4 page with the margins of ReportSheet.finish, in Excel width units:
# 277 mm landscape, 190 mm portrait, at about 1.97 mm a unit as LibreOffice prints a workbook whose
# default font is Calibri 11 (measured: 142 units print at 99 %, 148 at 95 %). A sheet no wider prints
# at 100 %.
PAGE_WIDTH = {True: 140.0, False: 96.0}


@dataclass(frozen=True)
class Fit:
    """How a column's width is found from its content: ``wrap`` columns (text) may wrap onto several
    lines and are given at most ``cap`` units, and no less than ``floor`` when the page is short."""

    wrap: bool = False
    cap: float = 40.0
    floor: float = 10.0


def header_lines(text: str) -> list[str]:
    """A header on two lines where it has to wrap: before its bracket (所在村 / (社区)), or halved."""
    for bracket in ("(", "（"):
        at = text.find(bracket)
        if at > 0:
            return [text[:at], text[at:]]
    if len(text) < 3:
        return [text]
    half = -(-len(text) // 2)
    return [text[:half], text[half:]]


def fitted_header(text: str, width: float) -> str:
    """``text`` as it goes into a header cell ``width`` units wide: broken in two where it does not fit."""
    return text if _text_width(text) + 2 <= width else "\n".join(header_lines(text))


def fit_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], fits: Sequence[Fit], *, page: float
) -> list[float]:
    """Column widths (Excel units) that hold the content: each column as wide as its longest value (a
    text column at most its cap), its header on up to two lines; when the total exceeds ``page``,
    the wide text columns give way — down to their floors — so the sheet prints at full size."""
    need = []
    for i, (head, fit) in enumerate(zip(headers, fits, strict=True)):
        longest = max((_text_width(line) for r in rows for line in str(r[i]).split("\n")), default=0)
        header = max(4, *(_text_width(line) for line in header_lines(head)))  # two lines of header
        width = max(header, longest) + 2
        need.append(min(width, fit.cap) if fit.wrap else width)
    excess = sum(need) - page
    if excess <= 0:
        return [float(w) for w in need]
    # Lower a common ceiling over the text columns until the page is filled, none below its floor.
    wraps = [i for i, f in enumerate(fits) if f.wrap]
    lo, hi = 0.0, max((need[i] for i in wraps), default=0.0)
    for _ in range(40):
        mid = (lo + hi) / 2
        total = sum(
            max(min(need[i], mid), min(need[i], fits[i].floor)) if i in wraps else need[i] for i in range(len(need))
        )
        lo, hi = (mid, hi) if total <= page else (lo, mid)
    return [
        float(max(min(need[i], int(lo)), min(need[i], fits[i].floor))) if i in wraps else float(need[i])
        for i in range(len(need))
    ]


def new_workbook() -> Workbook:
    return Workbook(write_only=True)


def discard(wb: Workbook) -> None:
    """Close and delete the temporary streams of a write-only workbook that will not be saved.

    Without this, a workbook abandoned by an exception leaves open row generators that later try to
    write to their already-closed temporary files, and the temporary files stay on disk.
    """
    for ws in wb.worksheets:
        writer = getattr(ws, "_writer", None)
        if writer is None:  # no row was ever written: no stream, no temporary file (closing would make one)
            continue
        try:
            if not ws.closed:
                ws.close()
        except Exception:  # noqa: S110  (best effort: the workbook is being thrown away)
            pass
        if writer is not None:
            try:
                writer.cleanup()
            except (OSError, ValueError):
                pass
