"""Ledgers and official documents on paper and PDF, laid out with QPainter on any paged device
(QPrinter for the printer and the preview, QPdfWriter for PDF files).

Ledger: the columns of the spec's print profile (or the clerk's choice for one print) on A4, landscape
when they do not fit portrait; long text wraps in columns of a real width and a row grows to hold it,
dates and amounts are never broken; title 「青石镇安全生产检查台账（2026年）」, the 填报单位/日期 strip,
the header row repeated on every page, 第 N 页 共 M 页, and the closing line 填表人 / 审核人 / 站长
with space for handwritten signatures.
Documents (FORMS.md §3, §4): 隐患整改通知书 — or 责令限期整改指令书 where the station has 委托执法 —
with a tear-off 回执; 现场检查记录; 整改复查意见书; the drill record with its evaluation; the 六有
checklist for 规范化建设验收.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QImage, QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from safetystation.activity_documents import plan_document, summary_document
from safetystation.dates import chinese_date
from safetystation.documents import (
    Fields,
    Heading,
    Paragraph,
    RecordDocument,
    drill_document,
    inspection_document,
    notice_document,
    review_document,
)
from safetystation.domain import get_spec
from safetystation.domain.display import text as display_text
from safetystation.domain.spec import BOOL, CHOICE, DATE, DATETIME, INT, LONGTEXT, MONEY, REF, ColumnSpec
from safetystation.errors import UserError
from safetystation.outputs import write_output
from safetystation.resources import FONT_FAMILY
from safetystation.services.compliance import ComplianceService
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.station import StationService

MM = 1 / 25.4  # inches per millimetre
# Break anywhere: a long code or date in a narrow column wraps onto a second line instead of being cut.
WRAP = int(Qt.TextFlag.TextWrapAnywhere) | int(Qt.AlignmentFlag.AlignLeft) | int(Qt.AlignmentFlag.AlignVCenter)
CENTER = int(Qt.AlignmentFlag.AlignCenter) | int(Qt.TextFlag.TextWrapAnywhere)


def _font(pt: float, bold: bool = False) -> QFont:
    f = QFont()
    f.setFamilies([FONT_FAMILY])  # the bundled file, embedded in every PDF: the same on every PC
    f.setPointSizeF(pt)
    f.setBold(bold)
    return f


class Page:
    """Unit conversion and drawing helpers for one painter on one device (sizes in mm)."""

    def __init__(self, painter: QPainter, device: QPagedPaintDevice):
        self.p = painter
        self.dpi = device.logicalDpiX()
        rect = device.pageLayout().paintRectPixels(device.resolution())
        self.width = rect.width() / self.dpi / MM
        self.height = rect.height() / self.dpi / MM

    def px(self, mm: float) -> float:
        return mm * MM * self.dpi

    def rect(self, x: float, y: float, w: float, h: float) -> QRectF:
        return QRectF(self.px(x), self.px(y), self.px(w), self.px(h))

    def text(self, x: float, y: float, w: float, h: float, s: str, font: QFont, flags: int = WRAP) -> None:
        self.p.setFont(font)
        self.p.drawText(self.rect(x, y, w, h), flags, s)

    def text_width(self, s: str, font: QFont) -> float:
        """Width (mm) of ``s`` on one line."""
        self.p.setFont(font)
        return self.p.boundingRect(QRectF(0, 0, 1e6, 1e6), 0, s).width() / self.dpi / MM

    def text_height(self, s: str, font: QFont, width_mm: float) -> float:
        """Height (mm) ``s`` needs when wrapped into ``width_mm``."""
        self.p.setFont(font)
        r = self.p.boundingRect(QRectF(0, 0, self.px(width_mm), 1e6), WRAP, s or " ")
        return r.height() / self.dpi / MM

    def line(self, x1: float, y1: float, x2: float, y2: float, width: float = 0.2, dash: bool = False) -> None:
        pen = QPen()
        pen.setWidthF(self.px(width))
        if dash:
            pen.setStyle(Qt.PenStyle.DashLine)
        self.p.setPen(pen)
        self.p.drawLine(self.px(x1), self.px(y1), self.px(x2), self.px(y2))

    def box(self, x: float, y: float, w: float, h: float) -> None:
        pen = QPen()
        pen.setWidthF(self.px(0.2))
        self.p.setPen(pen)
        self.p.drawRect(self.rect(x, y, w, h))


def _setup(device: QPagedPaintDevice, landscape: bool) -> None:
    layout = QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait,
        QMarginsF(15, 15, 15, 15),
        QPageLayout.Unit.Millimeter,
    )
    device.setPageLayout(layout)


@contextmanager
def painting(device: QPagedPaintDevice, landscape: bool) -> Iterator[Page]:
    """A4 in the orientation asked, a painter on ``device`` for the block, ended whatever happens."""
    _setup(device, landscape)
    painter = QPainter()
    if not painter.begin(device):
        raise UserError("无法开始打印（打印机或文件不可用）")
    try:
        yield Page(painter, device)
    finally:
        painter.end()


# --- ledgers -----------------------------------------------------------------------------------------


def fit_widths(
    weights: list[float], floors: list[float], total: float, ceilings: list[float] | None = None
) -> list[float]:
    """Share ``total`` between columns in proportion to ``weights``, never below a column's floor and,
    while others need the room, not above its ceiling (what its longest value needs on one line);
    when even the floors do not fit, everything shrinks in proportion (and text wraps)."""
    if sum(floors) >= total:
        return [f * total / sum(floors) for f in floors]
    ceilings = [max(c, f) for c, f in zip(ceilings or [total] * len(floors), floors, strict=True)]
    fixed: dict[int, float] = {}
    while True:
        free = [j for j in range(len(weights)) if j not in fixed]
        if not free:  # every column at its ceiling: spread what is left in proportion
            spare = total - sum(fixed.values())
            return [fixed[j] + spare * weights[j] / sum(weights) for j in range(len(weights))]
        share = (total - sum(fixed.values())) / sum(weights[j] for j in free)
        short = {j: floors[j] for j in free if weights[j] * share < floors[j]}
        if not short:
            short = {j: ceilings[j] for j in free if weights[j] * share > ceilings[j]}
        if not short:
            return [fixed.get(j, weights[j] * share) for j in range(len(weights))]
        fixed.update(short)


def ledger_title(ledger: LedgerService, key: str, query: Query) -> str:
    station = StationService(ledger.db).profile() or {}
    town = station.get("town") or ""
    spec = get_spec(key)
    year = ""
    if query.date_from and query.date_to and query.date_from.year == query.date_to.year:
        year = f"（{query.date_from.year}年）"
    elif spec.date_field and not query.date_from and not query.date_to:
        year = f"（截至{chinese_date(dt.date.today())}）"
    return f"{town}{spec.title}{year}"


# The printed ledger (DESIGN.md §2: the spec's print profile says which columns, in which order).
BODY_PT = 8.0  # body and header text: legible Chinese on landscape A4
MIN_CHARS = 4  # no column narrower than four Chinese characters (序号 aside: it holds a row number)
LONG_CHARS = 8  # a long-text column wraps, at least eight characters a line
CODE_CHARS = 12  # a code of Latin letters and digits stays on one line up to this width
OVERFLOW = "…（未印完，全文见系统中的记录）"
PAD = 0.8  # mm of cell padding on each side
# Kinds whose value is never broken over two lines (a date, a time, an amount): the column fits them.
ONE_LINE = {DATE, DATETIME, INT, MONEY}
_ALIGN: dict[str | None, int] = {
    None: int(Qt.AlignmentFlag.AlignHCenter),  # 序号
    INT: int(Qt.AlignmentFlag.AlignRight),
    MONEY: int(Qt.AlignmentFlag.AlignRight),
    DATE: int(Qt.AlignmentFlag.AlignHCenter),
    DATETIME: int(Qt.AlignmentFlag.AlignHCenter),
    BOOL: int(Qt.AlignmentFlag.AlignHCenter),
    CHOICE: int(Qt.AlignmentFlag.AlignHCenter),
}


def _cell_flags(kind: str | None) -> int:
    """Wrap anywhere, vertically centred; numbers right, dates and picks centred, text left."""
    horizontal = _ALIGN.get(kind, int(Qt.AlignmentFlag.AlignLeft))
    return int(Qt.TextFlag.TextWrapAnywhere) | int(Qt.AlignmentFlag.AlignVCenter) | horizontal


def ledger_landscape(columns: list[ColumnSpec]) -> bool:
    """Landscape A4 unless the columns at their natural widths fit across portrait A4 (180 mm)."""
    char = BODY_PT / 72 / MM  # mm: a Chinese character is one em wide
    natural = sum(c.chars * char + 2 * PAD for c in columns) + 3 * char + 2 * PAD
    return natural > 180


def fits_across(columns: list[ColumnSpec]) -> bool:
    """Whether the columns' floors (see :func:`lay_out_ledger`) fit across landscape A4, estimated
    from the spec widths (no data needed): when not, columns get narrower than four characters."""
    char = BODY_PT / 72 / MM
    floors = [c.chars if c.kind in ONE_LINE else (LONG_CHARS if c.kind == LONGTEXT else MIN_CHARS) for c in columns]
    return sum(max(MIN_CHARS, f) * char + 2 * PAD for f in floors) + 3 * char + 2 * PAD <= 297 - 30


def print_columns(key: str, names: Sequence[str] | None = None) -> list[ColumnSpec]:
    """The columns to print: ``names`` (the clerk's choice for this print) or the ledger's profile."""
    spec = get_spec(key)
    if names is None:
        return spec.print_columns
    if not names:
        raise UserError("请至少选择一列再打印")
    shown = {c.name for c in spec.printable}
    wrong = [n for n in names if n not in shown]
    if wrong:
        raise UserError(f"{spec.title}没有可打印的列：{'、'.join(wrong)}")
    return [spec.by_name[n] for n in names]


@dataclass
class LedgerLayout:
    """Where everything of a printed ledger goes: column widths (mm, 序号 first), each row's height
    (a row grows to hold its wrapped text) and the first row of each page."""

    heads: list[str]
    kinds: list[str | None]  # None: the 序号 column
    rows: list[list[str]]
    widths: list[float]
    heights: list[float]
    header_h: float
    starts: list[int]
    char: float  # mm: one Chinese character of the body font
    bottom: float  # mm: where the rows of a page must end (the page number is below)

    @property
    def pages(self) -> int:
        return len(self.starts)

    def page_rows(self, n: int) -> range:
        """The rows on page ``n`` (0-based)."""
        return range(self.starts[n], self.starts[n + 1] if n + 1 < len(self.starts) else len(self.rows))

    def page_end(self, n: int) -> float:
        """Where the last row of page ``n`` ends (mm from the top of the printable area)."""
        top = TOP_FIRST if n == 0 else 0.0
        rows = self.page_rows(n)
        return top + (self.header_h if rows or n == 0 else 0.0) + sum(self.heights[i] for i in rows)

    def chars(self, j: int) -> float:
        """How many Chinese characters a line of column ``j`` holds."""
        return (self.widths[j] - 2 * PAD) / self.char


TOP_FIRST = 22.0  # title + strip on the first page
FOOTER_H = 8.0
CLOSING_H = 16.0


def _header_lines(page: Page, head: str, font: QFont, width: float) -> str:
    """``head`` broken into lines that fit ``width`` (mm): in two at a natural place where that fits
    (治理资金 / (元), 村(社区) / 名称, 未开展/ / 取消日期), else into equal parts (整改责 / 任人, not
    整改责任 / 人), never inside brackets."""
    if page.text_width(head, font) <= width:
        return head
    inside, depth = set(), 0
    for k, ch in enumerate(head):
        depth += ch in "(（"
        depth -= ch in ")）"
        if depth > 0:
            inside.add(k + 1)  # a break before position k + 1 would split the brackets
    natural = [k for k in range(1, len(head)) if head[k] in "(（" or head[k - 1] in ")）/"]
    for breaks in (natural, [k for k in range(1, len(head)) if k not in inside]):
        fits = [k for k in breaks if max(page.text_width(head[:k], font), page.text_width(head[k:], font)) <= width]
        if fits:
            k = min(fits, key=lambda k: abs(2 * k - len(head)))
            return f"{head[:k]}\n{head[k:]}"
    for n in range(3, len(head) + 1):
        size = -(-len(head) // n)
        parts = [head[i : i + size] for i in range(0, len(head), size)]
        if all(page.text_width(part, font) <= width for part in parts):
            return "\n".join(parts)
    return head


def _share_widths(
    page: Page, rows: list[list[str]], floors: list[float], ceilings: list[float], weights: list[float], char: float
) -> list[float]:
    """Column widths that keep rows low, measured on up to 150 rows spread over the ledger.

    Rows are as high as their tallest cell, so columns are widened together: first the best of the
    layouts where every column is wide enough for a share of its cells to take at most so many lines
    (not a row three lines high for one narrow column while another has room to spare); then the room
    left goes, a step at a time, to the column whose widening saves the most lines; what no column
    needs is shared in proportion to the spec widths (:func:`fit_widths`)."""
    total = page.width
    if sum(floors) >= total or not rows:
        return fit_widths(weights, floors, total, ceilings)
    body = _font(BODY_PT)
    sample = rows[:: max(1, len(rows) // 150)]
    extra = 2 * PAD + 0.3
    # Each cell's paragraphs (a cell may hold line breaks) as their widths on one line, in mm.
    cells = [[[page.text_width(part, body) for part in r[j].split("\n")] for r in sample] for j in range(len(floors))]

    def count(parts: list[float], per_line: int) -> int:
        return sum(max(1, math.ceil(w / (per_line * char) - 1e-6)) for w in parts)

    def lines(j: int, width: float) -> list[int]:
        per_line = max(1, int((width - extra) / char + 1e-6))  # whole characters a line
        return [count(parts, per_line) for parts in cells[j]]

    def needed(parts: list[float], most: int) -> float:
        """The width that puts ``parts`` on at most ``most`` lines (inf: more paragraphs than that)."""
        if len(parts) > most:
            return math.inf
        lo, hi = 1, max(1, math.ceil(max(parts) / char))
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if count(parts, mid) <= most else (mid + 1, hi)
        return lo * char + extra

    def height_of(widths: list[float]) -> int:
        per_column = [lines(j, w) for j, w in enumerate(widths)]
        return sum(max(row) for row in zip(*per_column, strict=True))

    # Candidates: every column wide enough for a share of its cells (all, nineteen in twenty… half)
    # to take at most ``most`` lines; the candidate that fits the page with the fewest lines wins.
    widths, best_height = list(floors), height_of(floors)
    for most in range(1, 7):
        needs = [sorted(needed(parts, most) for parts in parts_of) for parts_of in cells]
        for share in (1.0, 0.95, 0.9, 0.8, 0.7, 0.6, 0.5):
            trial = [min(ceilings[j], max(floors[j], n[math.ceil(share * len(n)) - 1])) for j, n in enumerate(needs)]
            if sum(trial) <= total and (h := height_of(trial)) < best_height:
                widths, best_height = trial, h
    now = [lines(j, w) for j, w in enumerate(widths)]
    while (spare := total - sum(widths)) > 0.01:
        tops = [sorted(((now[j][i], j) for j in range(len(widths))), reverse=True)[:2] for i in range(len(sample))]
        best: tuple[float, int, float, list[int]] | None = None
        for j, w in enumerate(widths):
            for steps in (1, 2, 4, 8):
                wider = min(w + steps * char, ceilings[j], w + spare)
                if wider <= w + 0.01:
                    break
                new = lines(j, wider)
                saved = 0
                for i, top in enumerate(tops):
                    others = top[1][0] if top[0][1] == j and len(top) > 1 else (top[0][0] if top[0][1] != j else 0)
                    saved += top[0][0] - max(others, new[i])
                if saved > 0 and (best is None or saved / (wider - w) > best[0]):
                    best = (saved / (wider - w), j, wider, new)
        if best is None:
            break
        _, j, widths[j], now[j] = best
    return fit_widths(weights, widths, total, ceilings)


def _cut(page: Page, text: str, font: QFont, width: float, room: float) -> str:
    """``text`` if it fits ``room`` (mm high) in ``width``, else as much of it as fits followed by
    :data:`OVERFLOW` (a 备注 of thousands of characters: the rest is in the program, not lost)."""
    if page.text_height(text, font, width) <= room:
        return text
    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if page.text_height(text[:mid] + OVERFLOW, font, width) <= room:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + OVERFLOW


def lay_out_ledger(page: Page, columns: list[ColumnSpec], rows: list[list[str]]) -> LedgerLayout:
    """Column widths, row heights and page breaks for ``rows`` (序号 first) on ``page``.

    Each column has a floor: four Chinese characters; a long text eight (or what its longest value
    needs, if less); a date, time or amount its longest value on one line, and a code made of Latin
    letters and digits (YH2026-00425) too. Above the floors the page's width is shared in proportion
    to the spec widths, no column wider than its longest value needs. Only when the floors alone are
    wider than the page (many columns chosen for one print) do the columns shrink below them."""
    body, head_font = _font(BODY_PT), _font(BODY_PT, bold=True)
    char = page.text_width("汉", body)
    heads = ["序号", *[c.label for c in columns]]
    kinds: list[str | None] = [None, *[c.kind for c in columns]]
    floors, ceilings, weights = [], [], []
    for j, head in enumerate(heads):
        values = heapq.nlargest(40, {r[j] for r in rows}, key=len)  # the longest are measured
        longest = max((page.text_width(v, body) for v in values), default=0.0)
        lines = 1 if len(head) <= 3 else (2 if len(head) <= 2 * MIN_CHARS else 3)
        head_need = page.text_width(head[: -(-len(head) // lines)], head_font)
        kind = kinds[j]
        if kind is None:  # 序号: its numbers and its header on one line
            floor = max(longest, head_need)
        elif kind in ONE_LINE:
            floor = max(MIN_CHARS * char, longest, head_need)
        elif all(v.isascii() and " " not in v for v in values if v):  # a code: one line, if not too long
            floor = max(MIN_CHARS * char, min(CODE_CHARS * char, longest), head_need)
        elif kind == LONGTEXT:
            floor = max(MIN_CHARS * char, min(LONG_CHARS * char, longest), head_need)
        else:
            floor = max(MIN_CHARS * char, head_need)
        floors.append(floor + 2 * PAD + 0.3)
        ceilings.append(max(floor, longest) + 2 * PAD + 0.3)
        weights.append(3.0 if kind is None else float(columns[j - 1].width))
    widths = _share_widths(page, rows, floors, ceilings, weights, char)
    heads = [_header_lines(page, h, head_font, w - 2 * PAD) for h, w in zip(heads, widths, strict=True)]

    def height(cells: list[str], font: QFont) -> float:
        return max(page.text_height(t, font, w - 2 * PAD) for t, w in zip(cells, widths, strict=True)) + 2 * PAD

    header_h = height(heads, head_font)
    heights = [height(r, body) for r in rows]
    tallest = page.height - FOOTER_H - TOP_FIRST - header_h  # a row taller than a page is cut, and says so
    for i, h in enumerate(heights):
        if h > tallest:
            room = tallest - 2 * PAD
            rows[i] = [_cut(page, t, body, w - 2 * PAD, room) for t, w in zip(rows[i], widths, strict=True)]
            heights[i] = height(rows[i], body)
    starts = [0]
    y = TOP_FIRST + header_h
    for i, h in enumerate(heights):
        if y + h > page.height - FOOTER_H and i > starts[-1]:
            starts.append(i)
            y = header_h
        y += h
    if y + CLOSING_H > page.height - FOOTER_H:
        # The last row carries the signature line over, never a page of signatures alone (unless that
        # row fills a page by itself).
        last = len(rows) - 1
        if last > starts[-1] and header_h + heights[last] + CLOSING_H <= page.height - FOOTER_H:
            starts.append(last)
        else:
            starts.append(len(rows))
    return LedgerLayout(heads, kinds, rows, widths, heights, header_h, starts, char, page.height - FOOTER_H)


def ledger_rows(ledger: LedgerService, key: str, query: Query, columns: list[ColumnSpec]) -> list[list[str]]:
    """The (filtered) ledger's rows as printed text, 序号 first."""
    rows: list[list[str]] = []
    refs = [c for c in columns if c.kind == REF and c.ref]
    for batch in ledger.iter_rows(key, query):
        titles = {c.name: ledger.titles(c.ref, [r[c.name] for r in batch if r[c.name]]) for c in refs if c.ref}
        for r in batch:
            rows.append([str(len(rows) + 1), *[display_text(c, r[c.name], titles.get(c.name)) for c in columns]])
    return rows


def print_ledger(
    device: QPagedPaintDevice,
    ledger: LedgerService,
    key: str,
    query: Query | None = None,
    columns: Sequence[str] | None = None,
) -> int:
    """Lay the (filtered) ledger out on ``device`` with the print profile's columns, or ``columns``
    (the clerk's choice for this print); returns the number of pages."""
    query = query or Query()
    chosen = print_columns(key, columns)
    station = StationService(ledger.db).profile() or {}
    rows = ledger_rows(ledger, key, query, chosen)
    with painting(device, ledger_landscape(chosen)) as page:
        layout = lay_out_ledger(page, chosen, rows)
        draw_ledger(device, page, layout, ledger_title(ledger, key, query), station)
    return layout.pages


def draw_ledger(
    device: QPagedPaintDevice, page: Page, layout: LedgerLayout, title: str, station: dict[str, Any]
) -> None:
    body, head_font = _font(BODY_PT), _font(BODY_PT, bold=True)
    rows, widths, heights = layout.rows, layout.widths, layout.heights
    strip = (
        f"填报单位（盖章）：{station.get('name') or ''}      打印日期：{chinese_date(dt.date.today())}"
        f"      共{len(rows)}条"
    )
    flags = [_cell_flags(k) for k in layout.kinds]

    def draw_header(y: float) -> float:
        x = 0.0
        for t, w in zip(layout.heads, widths, strict=True):
            page.box(x, y, w, layout.header_h)
            page.text(x + PAD, y, w - 2 * PAD, layout.header_h, t, head_font, CENTER)
            x += w
        return y + layout.header_h

    for n in range(layout.pages):
        if n:
            device.newPage()
        y = 0.0
        if n == 0:
            page.text(0, 0, page.width, 10, title, _font(15, bold=True), CENTER)
            page.text(0, 11, page.width, 7, strip, _font(9))
            y = TOP_FIRST
        if layout.page_rows(n) or n == 0:
            y = draw_header(y)
        for i in layout.page_rows(n):
            x = 0.0
            for t, w, f in zip(rows[i], widths, flags, strict=True):
                page.box(x, y, w, heights[i])
                page.text(x + PAD, y, w - 2 * PAD, heights[i], t, body, f)
                x += w
            y += heights[i]
        if n == layout.pages - 1:
            sign = "填表人：＿＿＿＿＿＿＿　　　　审核人：＿＿＿＿＿＿＿　　　　站长：＿＿＿＿＿＿＿"
            page.text(0, y + 6, page.width, 8, sign, _font(10))
        page.text(0, page.height - 6, page.width, 6, f"第 {n + 1} 页 共 {layout.pages} 页", _font(8), CENTER)


# --- documents ----------------------------------------------------------------------------------------


def _signature_block(page: Page, y: float, lines: list[str]) -> float:
    for line in lines:
        page.text(0, y, page.width, 8, line, _font(11))
        y += 9
    return y


def print_notice(device: QPagedPaintDevice, ledger: LedgerService, hazard_id: int) -> int:
    """The 隐患整改通知书 / 责令限期整改指令书 that ``hazard_id`` is listed on (every problem of that
    inspection and unit, 续页 when long) with its tear-off 回执; returns the pages."""
    doc = notice_document(ledger, hazard_id)
    with painting(device, landscape=False) as page:
        w = page.width
        flow = Flow(device, page, doc.title)
        page.text(0, 0, w, 8, doc.heading, _font(14, bold=True), CENTER)
        page.text(0, 9, w, 12, doc.title, _font(20, bold=True), CENTER)
        page.text(0, 23, w, 7, doc.number, _font(11), int(Qt.AlignmentFlag.AlignRight))
        flow.y = 34.0
        if doc.cancelled:
            flow.paragraph(f"【{doc.cancelled}】", _font(13, bold=True))
        flow.paragraph(doc.addressee, _font(12))
        flow.paragraph("　　" + doc.intro, _font(12))
        for i, problem in enumerate(doc.problems, 1):
            flow.paragraph(f"　　{i}. {problem}", _font(12))
        flow.paragraph("　　" + doc.demand, _font(12))
        if doc.legal:
            flow.paragraph("　　" + doc.legal, _font(12))
        if doc.reported:
            flow.paragraph("　　" + doc.reported, _font(12))
        flow.room(9 * len(doc.signatures) + 32)
        flow.y = _signature_block(page, flow.y + 6, doc.signatures)
        seal_lines = doc.seal.split("\n")
        right = int(Qt.AlignmentFlag.AlignRight)
        for k, line in enumerate(seal_lines):
            page.text(w - 110, flow.y + 2 + 8 * k, 110, 8, line, _font(11), right)
        flow.y += 2 + 8 * len(seal_lines)
        page.text(w - 70, flow.y + 1, 70, 8, chinese_date(doc.date), _font(11), right)
        flow.y += 12
        flow.room(62)
        cut = max(flow.y + 4, page.height - 62)
        page.line(0, cut, w, cut, dash=True)
        page.text(0, cut + 1, w, 5, "✂　沿此线剪开，回执由被检查单位签收后交回", _font(8), CENTER)
        page.text(0, cut + 8, w, 10, "回　执", _font(15, bold=True), CENTER)
        page.text(0, cut + 20, w, 16, "　　" + doc.receipt, _font(12))
        page.text(0, cut + 40, w, 8, "签收人（签名）：＿＿＿＿＿＿　　　　签收日期：　　　年　　月　　日", _font(11))
        pages = flow.pages
    return pages


class Flow:
    """A form that runs over as many pages as it needs: label/value rows and tables that continue on a
    new page (headed 续页) instead of running off the bottom."""

    def __init__(self, device: QPagedPaintDevice, page: Page, title: str):
        self.device = device
        self.page = page
        self.title = title
        self.y = 0.0
        self.pages = 1
        self.bottom = page.height - 8

    def room(self, h: float) -> None:
        if self.y + h > self.bottom:
            self.device.newPage()
            self.pages += 1
            self.page.text(0, 0, self.page.width, 8, f"{self.title}（续页）", _font(11, bold=True), CENTER)
            self.y = 10.0

    def fields(self, pairs: list[tuple[str, str]], label_w: float = 32.0, per_row: int = 2) -> None:
        """Boxed label/value cells, ``per_row`` pairs a row; a pair whose value is long takes a row."""
        w = self.page.width
        pad = 1.2
        row: list[tuple[str, str]] = []
        rows: list[list[tuple[str, str]]] = []
        for label, value in pairs:
            wide = len(value) > 16 or per_row == 1
            if wide:
                if row:
                    rows.append(row)
                    row = []
                rows.append([(label, value)])
            else:
                row.append((label, value))
                if len(row) == per_row:
                    rows.append(row)
                    row = []
        if row:
            rows.append(row)
        for r in rows:
            cell_w = w / len(r)
            need = [self.page.text_height(v, _font(10.5), cell_w - label_w - 2 * pad) for _l, v in r]
            need += [self.page.text_height(label, _font(10.5, bold=True), label_w - 2 * pad) for label, _v in r]
            h = max(9.0, max(need) + 2 * pad)
            self.room(h)
            for i, (label, value) in enumerate(r):
                x = i * cell_w
                self.page.box(x, self.y, label_w, h)
                self.page.text(x + pad, self.y, label_w - 2 * pad, h, label, _font(10.5, bold=True), CENTER)
                self.page.box(x + label_w, self.y, cell_w - label_w, h)
                self.page.text(x + label_w + pad, self.y, cell_w - label_w - 2 * pad, h, value, _font(10.5))
            self.y += h

    def table(self, heads: list[str], weights: list[float], rows: list[list[str]]) -> None:
        """A boxed table; the header row is drawn again at the top of every continuation page."""
        scale = self.page.width / sum(weights)
        widths = [x * scale for x in weights]
        pad = 1.0

        def height(cells: list[str], font: QFont) -> float:
            need = [self.page.text_height(t, font, cw - 2 * pad) for t, cw in zip(cells, widths, strict=True)]
            return max(8.0, max(need) + 2 * pad)

        def draw(cells: list[str], font: QFont, h: float) -> None:
            x = 0.0
            for j, (t, cw) in enumerate(zip(cells, widths, strict=True)):
                self.page.box(x, self.y, cw, h)
                self.page.text(x + pad, self.y, cw - 2 * pad, h, t, font, CENTER if j == 0 else WRAP)
                x += cw
            self.y += h

        head_font, body = _font(10, bold=True), _font(10)
        head_h = height(heads, head_font)
        self.room(head_h + 8)
        draw(heads, head_font, head_h)
        for r in rows:
            h = height(r, body)
            if self.y + h > self.bottom:
                self.room(h + head_h)
                draw(heads, head_font, head_h)
            draw(r, body, h)

    def paragraph(self, s: str, font: QFont, gap: float = 2.0) -> None:
        h = self.page.text_height(s, font, self.page.width)
        self.room(h)
        self.page.text(0, self.y, self.page.width, h, s, font)
        self.y += h + gap


def print_record(device: QPagedPaintDevice, doc: RecordDocument) -> int:
    """Lay a record form (:class:`RecordDocument`) out on A4 portrait: station and title, its
    number, the blocks in order, the signature lines kept together at the end."""
    with painting(device, landscape=False) as page:
        w = page.width
        flow = Flow(device, page, doc.title)
        page.text(0, 0, w, 8, doc.heading, _font(14, bold=True), CENTER)
        page.text(0, 9, w, 12, doc.title, _font(20, bold=True), CENTER)
        flow.y = 26.0
        if doc.number is not None:
            page.text(0, 23, w, 7, f"编号：{doc.number}", _font(11), int(Qt.AlignmentFlag.AlignRight))
            flow.y = 32.0
        for block in doc.blocks:
            if isinstance(block, Fields):
                flow.fields(block.pairs)
                flow.y += 4
            elif isinstance(block, Heading):
                flow.paragraph(block.text, _font(12.5, bold=True))
            elif isinstance(block, Paragraph):
                flow.paragraph(block.text, _font(11.5))
            else:
                flow.table(block.heads, block.weights, block.rows)
                flow.y += 3
        flow.room(6 + 9 * len(doc.signatures))  # the signatures stay on the page of the last block
        flow.y += 6
        _signature_block(page, flow.y, doc.signatures)
        return flow.pages + print_photos(device, page, doc)


def photos_per_page(n: int) -> int:
    """Two photos a page (large) for 1, 2 or 4 of them, else three: no page is left with one photo
    when two pages can share them evenly (3 → one page, 5 → 3 + 2, 6 → 3 + 3)."""
    return 2 if n in (1, 2, 4) else 3


def print_photos(device: QPagedPaintDevice, page: Page, doc: RecordDocument) -> int:
    """The appendix pages after a record (#18): 附件：现场照片, two or three photos a page, each fitted
    into its slot with its aspect kept and its caption below; returns the pages added."""
    photos = doc.photos
    if not photos:
        return 0
    per = photos_per_page(len(photos))
    chunks = [photos[i : i + per] for i in range(0, len(photos), per)]
    w = page.width
    caption_h, head_h = 8.0, 16.0
    slot_h = (page.height - head_h - 8) / per
    for n, chunk in enumerate(chunks):
        device.newPage()
        page.text(0, 0, w, 8, f"{doc.title}　附件：现场照片", _font(13, bold=True), CENTER)
        page.text(0, 8, w, 6, doc.heading, _font(9), CENTER)
        for j, photo in enumerate(chunk):
            top = head_h + j * slot_h
            room_w, room_h = w, slot_h - caption_h - 4
            image = QImage.fromData(photo.data)
            if image.isNull():  # never expected (the file was checked when attached): a box says so
                page.box(0, top, room_w, room_h)
                page.text(0, top, room_w, room_h, "（照片无法显示）", _font(11), CENTER)
                continue
            scale = min(room_w / image.width(), room_h / image.height())
            iw, ih = image.width() * scale, image.height() * scale
            x = (w - iw) / 2
            page.p.drawImage(page.rect(x, top, iw, ih), image)
            page.box(x, top, iw, ih)
            page.text(0, top + ih + 1, w, caption_h, photo.caption, _font(10.5), CENTER)
        page.text(0, page.height - 6, w, 6, f"附件 第 {n + 1} 页 共 {len(chunks)} 页", _font(8), CENTER)
    return len(chunks)


def print_inspection(device: QPagedPaintDevice, ledger: LedgerService, inspection_id: int) -> int:
    """现场检查记录 (FORMS.md §3; wording in :func:`inspection_document`)."""
    return print_record(device, inspection_document(ledger, inspection_id))


def print_drill_record(device: QPagedPaintDevice, ledger: LedgerService, record_id: int) -> int:
    """应急演练记录 with its evaluation (FORMS.md §4; wording in :func:`drill_document`)."""
    return print_record(device, drill_document(ledger, record_id))


def print_activity_plan(device: QPagedPaintDevice, ledger: LedgerService, record_id: int) -> int:
    """An activity's 方案 with its six 定 (R23; wording in :func:`plan_document`)."""
    return print_record(device, plan_document(ledger, record_id))


def print_activity_summary(device: QPagedPaintDevice, ledger: LedgerService, record_id: int) -> int:
    """An activity's 总结 (R23; wording in :func:`summary_document`)."""
    return print_record(device, summary_document(ledger, record_id))


def print_review(device: QPagedPaintDevice, ledger: LedgerService, hazard_id: int) -> int:
    """整改复查意见书 on the notice ``hazard_id`` is listed on: each problem's latest re-inspection,
    passed or failed (a failed one with its new deadline), blank signatures."""
    doc = review_document(ledger, hazard_id)
    with painting(device, landscape=False) as page:
        w = page.width
        flow = Flow(device, page, doc.title)
        page.text(0, 0, w, 8, doc.heading, _font(14, bold=True), CENTER)
        page.text(0, 9, w, 12, doc.title, _font(20, bold=True), CENTER)
        page.text(0, 23, w, 7, doc.number, _font(11), int(Qt.AlignmentFlag.AlignRight))
        flow.y = 34.0
        flow.paragraph(doc.addressee, _font(12))
        flow.paragraph("　　" + doc.intro, _font(12))
        for item in doc.items:
            flow.paragraph("　　" + item, _font(12))
        flow.paragraph("　　" + doc.conclusion, _font(12))
        flow.room(9 * len(doc.signatures) + 24)
        flow.y = _signature_block(page, flow.y + 8, doc.signatures)
        right = int(Qt.AlignmentFlag.AlignRight)
        page.text(w - 110, flow.y + 4, 110, 8, doc.seal, _font(11), right)
        page.text(w - 70, flow.y + 13, 70, 8, chinese_date(doc.date), _font(11), right)
        pages = flow.pages
    return pages


def print_six_haves(device: QPagedPaintDevice, ledger: LedgerService, _unused: int | None = None) -> int:
    """The 六有 checklist for 规范化建设验收: item, standard, verdict, reason; signatures."""
    station = StationService(ledger.db).profile() or {}
    verdicts = ComplianceService(ledger).six_haves()
    staffing = ComplianceService(ledger).staffing()
    funding = ComplianceService(ledger).funding()
    with painting(device, landscape=False) as page:
        w = page.width
        page.text(0, 0, w, 12, f"{station.get('town') or ''}安监站规范化建设“六有”验收表", _font(16, bold=True), CENTER)
        page.text(0, 13, w, 7, f"被验收单位：{station.get('name') or ''}　　验收日期：　　年　　月　　日", _font(10))
        widths = [12.0, 45.0, 22.0, w - 79.0]
        heads = ["序号", "项目", "验收结论", "情况说明"]
        y = 23.0
        x = 0.0
        for t, cw in zip(heads, widths, strict=True):
            page.box(x, y, cw, 9)
            page.text(x, y, cw, 9, t, _font(10, bold=True), CENTER)
            x += cw
        y += 9
        rows = [[str(v.number), v.title, v.label, v.reason] for v in verdicts]
        rows.append(["七", "人员配备", staffing.label, staffing.reason])
        rows.append(["八", "经费保障", funding.label, funding.reason])
        for r in rows:
            h = max(12.0, page.text_height(r[3], _font(10), widths[3] - 2) + 3)
            x = 0.0
            for j, (t, cw) in enumerate(zip(r, widths, strict=True)):
                page.box(x, y, cw, h)
                page.text(x + 1, y, cw - 2, h, t, _font(10), CENTER if j != 3 else WRAP)
                x += cw
            y += h
        passed = sum(v.ok for v in verdicts)
        page.text(0, y + 4, w, 8, f"“六有”达标 {passed} 项，不达标 {6 - passed} 项。", _font(11))
        _signature_block(
            page,
            y + 16,
            ["验收组成员（签名）：＿＿＿＿＿＿　＿＿＿＿＿＿　＿＿＿＿＿＿", "被验收单位负责人（签名）：＿＿＿＿＿＿"],
        )
    return 1


@dataclass(frozen=True)
class Document:
    """A printable document: its title, the ledger whose record it prints (None: the station) and the
    function laying it out on a device."""

    title: str
    ledger: str | None
    paint: Callable[[QPagedPaintDevice, LedgerService, Any], int]


DOCUMENTS: dict[str, Document] = {
    "notice": Document("隐患整改通知书（含回执）", "hazard", print_notice),
    "inspection": Document("现场检查记录", "inspection", print_inspection),
    "review": Document("整改复查意见书", "hazard", print_review),
    "drill": Document("应急演练记录（含评估）", "drill_record", print_drill_record),
    "six-haves": Document("“六有”验收表", None, print_six_haves),
    "activity-plan": Document("活动方案", "activity_plan", print_activity_plan),
    "activity-summary": Document("活动总结", "activity_plan", print_activity_summary),
}


def documents_for(ledger_key: str) -> dict[str, Document]:
    return {k: d for k, d in DOCUMENTS.items() if d.ledger == ledger_key}


def pdf_writer(path: Path) -> QPdfWriter:
    writer = QPdfWriter(str(path))
    writer.setResolution(300)
    writer.setCreator("乡镇安监站台账")
    writer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    writer.setPageMargins(QMarginsF(15, 15, 15, 15), QPageLayout.Unit.Millimeter)
    return writer


def write_pdf(path: Path, title: str, paint: Callable[[QPagedPaintDevice], int]) -> int:
    """Paint a PDF through the one door for output files (safetystation.outputs): a path over the
    database or a backup is refused, and a failure leaves no half-written file. Returns the pages."""
    pages = 0

    def write(tmp: Path) -> None:
        nonlocal pages
        writer = pdf_writer(tmp)
        writer.setTitle(title)
        pages = paint(writer)
        del writer  # closes the file before it is renamed into place

    write_output(path, write)
    return pages


def ledger_to_pdf(
    ledger: LedgerService, key: str, path: Path, query: Query | None = None, columns: Sequence[str] | None = None
) -> int:
    title = ledger_title(ledger, key, query or Query())
    return write_pdf(path, title, lambda device: print_ledger(device, ledger, key, query, columns))


def document_to_pdf(ledger: LedgerService, kind: str, record_id: int | None, path: Path) -> int:
    try:
        doc = DOCUMENTS[kind]
    except KeyError:
        raise UserError(f"没有“{kind}”这种文书，可用：{'、'.join(DOCUMENTS)}") from None
    return write_pdf(path, doc.title, lambda device: doc.paint(device, ledger, record_id))
