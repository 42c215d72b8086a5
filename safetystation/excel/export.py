"""Excel exports: any ledger with its current filter, and the monthly / half-year / year report
workbook (月报表, 隐患排查治理情况统计表 exactly as FORMS.md §1, and detail sheets).

Every sheet follows FORMS.md §7 through :class:`~safetystation.excel.writer.ReportSheet`.
Files are written to a temporary name beside the target and renamed at the end, so a failed or
cancelled export never leaves a half-written workbook under the name the clerk chose.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from sqlalchemy import select

from safetystation.collector import gc_paused
from safetystation.dates import Period, chinese_date
from safetystation.domain import get_spec
from safetystation.domain.display import cell_value
from safetystation.domain.drill import DrillFrequency
from safetystation.domain.spec import DATE, DATETIME, INT, LONGTEXT, MONEY, REF, TEXT, LedgerSpec
from safetystation.domain.system import Setting
from safetystation.errors import UserError
from safetystation.excel.writer import (
    CENTER,
    LEFT,
    MONEY_FORMAT,
    PAGE_WIDTH,
    PERCENT_FORMAT,
    RIGHT,
    STATUS_FONT,
    VALUES_ONLY,
    Fit,
    ReportSheet,
    Strip,
    discard,
    fit_widths,
    fitted_header,
    new_workbook,
    wrapped_lines,
)
from safetystation.outputs import check_output, write_output
from safetystation.reports import registers
from safetystation.reports.monthly import (
    HAZARD_TABLE_COLUMNS,
    KINDS,
    HazardTable,
    HazardTableRow,
    MonthlyReport,
    ReportSpan,
    overdue_at,
    period_report,
    span_name,
    stations_period_reports,
    stations_statistics_tables,
    statistics_table,
)
from safetystation.reports.narrative import FIELDS, labels, period_texts, stations_period_texts
from safetystation.reports.rates import Rate, summary_rates
from safetystation.services.drills import DrillService
from safetystation.services.ledger import LedgerService, Query, put_setting
from safetystation.services.station import StationService
from safetystation.storage.db import Database

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ExportCancelled(UserError):
    """The clerk cancelled a long export; nothing was written."""


@dataclass(frozen=True)
class Signoff:
    """Who fills, who checks and who signs the report off (分管领导签发), and the date printed on it.
    Names left empty print as spaces to sign by hand."""

    filler: str = ""
    reviewer: str = ""
    date: dt.date | None = None
    approver: str = ""


def _excel_width(width: int) -> float:
    """A spec width is already in Excel column-width units (a Chinese character is 2, see
    domain/spec.py); the cell's padding comes on top."""
    return width + 1.5


@contextmanager
def building(wb: Workbook) -> Iterator[Workbook]:
    """Throw a half-built workbook away cleanly if building it fails or is cancelled."""
    try:
        yield wb
    except BaseException:
        discard(wb)
        raise


def _save(wb: Workbook, path: Path) -> None:
    try:
        write_output(path, wb.save)
    except BaseException:
        discard(wb)  # a refused or failed save leaves no open row streams or temporary files
        raise


NO_STATION = {"name": "", "town": "", "county": "", "phone": ""}  # a station not set up yet
UID_SETTING = "station_uid"


def _station(db: Database) -> dict[str, Any]:
    return StationService(db).profile() or dict(NO_STATION)


def _unit(station: dict[str, Any]) -> str:
    return f"{station.get('town') or station.get('name') or ''}人民政府"


def _strip(station: dict[str, Any], signoff: Signoff, *, report: bool = False) -> Strip:
    """The strip under a title; a report sent upward also names the county, the station's phone and
    the 分管领导签发 (FORMS §7, DOMAIN §3.8 header block)."""
    return Strip(
        unit=_unit(station),
        filler=signoff.filler,
        reviewer=signoff.reviewer,
        date=signoff.date or dt.date.today(),
        phone=(station.get("phone") or "") if report else "",
        county=(station.get("county") or "") if report else "",
        approver=signoff.approver if report else None,
    )


def _footer(station: dict[str, Any], signoff: Signoff) -> str:
    """The form's last line (FORMS §1): 单位负责人 / 填表人 / 联系电话 / 填报日期, filled where known."""
    gap = "                "
    return (
        f"单位负责人：{gap}填表人：{signoff.filler or gap}{gap[:8]}联系电话：{station.get('phone') or gap}"
        f"{gap[:8]}填报日期：{chinese_date(signoff.date or dt.date.today())}"
    )


# --- ledgers -----------------------------------------------------------------------------------------


def _period_text(q: Query) -> str:
    if q.date_from and q.date_to:
        if (
            q.date_from.year == q.date_to.year
            and (q.date_from.month, q.date_from.day) == (1, 1)
            and (q.date_to.month, q.date_to.day) == (12, 31)
        ):
            return f"（{q.date_from.year}年）"
        return f"（{chinese_date(q.date_from)}至{chinese_date(q.date_to)}）"
    if q.date_from:
        return f"（{chinese_date(q.date_from)}起）"
    if q.date_to:
        return f"（截至{chinese_date(q.date_to)}）"
    return ""


def write_ledger_sheet(
    wb: Workbook,
    ledger: LedgerService,
    spec: LedgerSpec,
    q: Query,
    *,
    station: dict[str, Any],
    signoff: Signoff,
    columns: list[str] | None = None,
    sheet_name: str | None = None,
    title: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    fit: bool = False,
    lines: list[str] | None = None,
    notes: list[str] | None = None,
) -> int:
    """Write one ledger (filtered by ``q``) as a report sheet; returns the number of data rows.

    ``fit``: the columns are as wide as their content (long text wraps, rows grow to hold it), so a
    report's detail sheet prints at full size on A4 landscape — the rows are read twice for it, so
    it is for the bounded detail sheets of a report, not a 100,000-row ledger. ``lines`` go under
    the title (e.g. 截至…（本期未结束）), ``notes`` under the table."""
    cols = (
        [spec.column(n) for n in columns]
        if columns
        else [c for c in spec.columns if not c.hidden and not (spec.parent and c.name == spec.parent)]
    )
    formats: list[str | None] = [None]
    aligns = [CENTER]
    for c in cols:
        formats.append(MONEY_FORMAT if c.kind == MONEY else None)
        aligns.append(RIGHT if c.kind in (INT, MONEY) else (CENTER if c.kind in (DATE, DATETIME) else LEFT))
    total = ledger.count(spec.key, q)
    refs = [c for c in cols if c.ref]
    heads = ["序号", *[c.label for c in cols]]

    def batches() -> Iterator[list[list[Any]]]:
        n = 0
        for batch in ledger.iter_rows(spec.key, q):
            if cancelled and cancelled():
                raise ExportCancelled("已取消导出，未生成文件。")
            titles = {
                c.name: ledger.titles(c.ref, [r[c.name] for r in batch if r[c.name] is not None]) for c in refs if c.ref
            }
            out = []
            for r in batch:
                n += 1
                out.append([n, *[cell_value(c, r[c.name], titles.get(c.name)) for c in cols]])
            yield out

    buffered: list[list[Any]] | None = None
    wraps: list[bool] = [False] * len(heads)
    if fit:
        buffered = [row for batch in batches() for row in batch]
        fits = [Fit()] + [_fit(c) for c in cols]
        widths = fit_widths(heads, [[_shown(v) for v in row] for row in buffered], fits, page=PAGE_WIDTH[True])
        wraps = [f.wrap for f in fits]
        landscape: bool | None = True
    else:
        widths = [5] + [_excel_width(min(c.width, 40)) for c in cols]
        landscape = None
    sheet = ReportSheet(wb, sheet_name or spec.title, widths=widths, landscape=landscape)
    town = station.get("town") or ""
    sheet.title(title or f"{town}{spec.title}{_period_text(q)}")
    for line in lines or []:
        sheet.line(line, font=STATUS_FONT)
    sheet.strip(_strip(station, signoff))
    sheet.headers([[fitted_header(h, w) for h, w in zip(heads, widths, strict=True)] if fit else heads])
    n = 0
    for batch in [buffered] if buffered is not None else batches():
        for values in batch:
            n += 1
            if fit:
                _grow(sheet, values, wraps)
            sheet.row(values, formats=formats, aligns=aligns)
        if progress:
            progress(n, total)
    sheet.notes([f"共{n}条记录。", *(notes or []), "填表人：                审核人：                站长："])
    sheet.finish()
    return n


ROW_LINE = 13.5  # points a line of 10-pt text takes in a wrapped cell


def _grow(sheet: ReportSheet, values: list[Any], wraps: list[bool]) -> None:
    """Give the next row the height its wrapped text needs (Excel, WPS and LibreOffice do not grow a
    row written by openpyxl by themselves)."""
    lines = max(
        (wrapped_lines(_shown(v), w) for v, w, wrap in zip(values, sheet.widths, wraps, strict=True) if wrap),
        default=1,
    )
    if lines > 1:
        sheet.ws.row_dimensions[sheet.row_no + 1].height = ROW_LINE * lines + 3


def _shown(v: Any) -> str:
    """A value as the sheet shows it, for measuring its width."""
    if v is None:
        return ""
    if isinstance(v, dt.datetime):
        return f"{v:%Y-%m-%d %H:%M}" if (v.hour, v.minute) != (0, 0) else f"{v:%Y-%m-%d}"
    if isinstance(v, dt.date):
        return f"{v:%Y-%m-%d}"
    if isinstance(v, Decimal):
        return f"{v:,.2f}"
    return str(v)


def _fit(c: Any) -> Fit:
    """Text may wrap: long text up to 18 characters a line, names and places up to 13; numbers of
    documents and records (隐患编号, 文号) are kept on one line."""
    if c.kind == LONGTEXT:
        return Fit(wrap=True, cap=38, floor=16)
    if c.kind == REF or (c.kind == TEXT and not c.name.endswith(("_no", "code", "number"))):
        return Fit(wrap=True, cap=28, floor=10)
    return Fit()


def export_ledger(
    db: Database,
    key: str,
    path: Path,
    *,
    query: Query | None = None,
    signoff: Signoff | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> int:
    """Export one ledger with its filter to ``path`` (.xlsx); returns the number of records."""
    spec = get_spec(key)
    with building(new_workbook()) as wb:
        n = write_ledger_sheet(
            wb,
            LedgerService(db),
            spec,
            query or Query(),
            station=_station(db),
            signoff=signoff or Signoff(),
            progress=progress,
            cancelled=cancelled,
        )
        _save(wb, path)
    return n


# --- the report workbook -----------------------------------------------------------------------------

REPORT_KINDS = KINDS


def _ratio(rate: Decimal | None) -> Any:
    return "—" if rate is None else float(rate) / 100


def _report_title(report: MonthlyReport, town: str) -> str:
    return {
        "month": f"{town}安全生产工作月报表",
        "half": f"{town}安全生产半年统计汇总表",
        "year": f"{town}安全生产年度统计汇总表",
    }.get(report.kind, f"{town}安全生产统计汇总表")


def _report_sheet(
    wb: Workbook,
    report: MonthlyReport,
    *,
    station: dict[str, Any],
    signoff: Signoff,
    extra_notes: list[str] | None = None,
    narrative: dict[str, str] | None = None,
    rates: list[Rate] | None = None,
) -> None:
    town = station.get("town") or ""
    p = report.periods
    month = report.kind == "month"
    assert report.span is not None
    if month:
        heads = ["项目", "单位", "本月", "本年累计", "去年同期", "同比增减", "同比(%)"]
        widths = [34, 7, 11, 11, 11, 11, 10]
    else:
        heads = ["项目", "单位", "本期", "去年同期", "同比增减", "同比(%)"]
        widths = [34, 7, 12, 12, 12, 10]
    sheet = ReportSheet(wb, "月报表" if month else "统计汇总表", widths=widths, landscape=False)
    sheet.title(_report_title(report, town))
    sheet.line(f"（{report.span.name}）")
    if report.status_line:
        sheet.line(report.status_line, font=STATUS_FONT)
    sheet.strip(_strip(station, signoff, report=True))
    sheet.headers([heads])
    group = None
    for r in report.rows():
        if r.group != group:
            group = r.group
            sheet.row([group] + [None] * (len(heads) - 1), bold=True)
        yoy = "—" if r.yoy_pct is None else float(r.yoy_pct) / 100
        delta = "—" if r.yoy_delta is None else r.yoy_delta
        pct_format = PERCENT_FORMAT if r.unit == "%" else None
        money = MONEY_FORMAT if isinstance(r.ytd, Decimal) and r.unit != "%" else None
        fmt = pct_format or money

        def show(v: Any, unit: str = r.unit) -> Any:
            return _ratio(v) if unit == "%" else ("—" if v is None else v)

        label = "  " + r.label
        compare = [delta if r.unit != "%" else "—", yoy if r.unit != "%" else "—"]
        if month:
            values = [label, r.unit, show(r.month), show(r.ytd), show(r.ly_ytd), *compare]
            formats = [None, None, fmt, fmt, fmt, money, PERCENT_FORMAT]
        else:
            values = [label, r.unit, show(r.ytd), show(r.ly_ytd), *compare]
            formats = [None, None, fmt, fmt, money, PERCENT_FORMAT]
        if r.group.startswith("A"):  # registers at the period's end: no period comparison
            values = values[:3] + ["—"] * (len(values) - 3)
        sheet.row(values, formats=formats, aligns=[LEFT, CENTER] + [RIGHT] * (len(heads) - 2))
    if rates:  # a summary's rates (DOMAIN §3.9), each with what it was worked out from in the notes
        sheet.row(["L 主要比率"] + [None] * (len(heads) - 1), bold=True)
        for rate in rates:
            values = ["  " + rate.label, "%", _ratio(rate.value)] + ["—"] * (len(heads) - 3)
            formats = [None, None, PERCENT_FORMAT] + [None] * (len(heads) - 3)
            sheet.row(values, formats=formats, aligns=[LEFT, CENTER] + [RIGHT] * (len(heads) - 2))
        extra_notes = [*(extra_notes or []), "L组：" + "；".join(f"{r.label}——{r.basis}" for r in rates) + "。"]
    if narrative is not None:  # group K: the clerk's text for the period (R18 预警预测)
        sheet.row(["K 文字情况"] + [None] * (len(heads) - 1), bold=True)
        headings = labels(report.span.start, report.span.end)
        for name in FIELDS:
            sheet.text_row(headings[name], narrative.get(name) or "（未填写）")
    sheet.notes(
        [
            *(f"{'注：' if i == 1 else ''}{i}. {n}" for i, n in enumerate(report.notes, 1)),
            f"去年同期为{p['ly_ytd'].name}；同比(%)＝(本期－去年同期)÷去年同期×100%，去年同期为0时填“—”。",
            *(extra_notes or []),
            _footer(station, signoff),
        ]
    )
    sheet.finish()


def _hazard_table_sheet(wb: Workbook, table: HazardTable, *, station: dict[str, Any], signoff: Signoff) -> None:
    widths = [18, 11, 10, 9, 9, 10, 9, 9, 12, 12, 11, 10, 10]  # 140 units: A4 landscape at full size
    sheet = ReportSheet(wb, "隐患排查治理情况统计表", widths=widths, landscape=True)
    sheet.title("隐患排查治理情况统计表")
    sheet.line(table.period_line)
    county = station.get("county") or ""
    sheet.line(f"填报单位（章）：{_unit(station)}" + (f"      所属县(区)：{county}" if county else ""), align=LEFT)
    labels = {n: label for n, label, _ in HAZARD_TABLE_COLUMNS}
    row1 = ["行业和领域", labels[1], "一般事故隐患", None, None, "重大事故隐患", *[None] * 6, labels[12]]
    row2 = [None, None, *[labels[n] for n in range(2, 12)], None]
    units = ["计量单位"] + [u for _, _, u in HAZARD_TABLE_COLUMNS]
    numbers = ["甲"] + [str(n) for n, _, _ in HAZARD_TABLE_COLUMNS]
    sheet.headers(
        [row1, row2, units, numbers], merges=[(1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 1, 5), (1, 6, 1, 12), (1, 13, 2, 13)]
    )
    formats: list[str | None] = [None] * 13
    formats[4] = formats[7] = PERCENT_FORMAT
    formats[12] = MONEY_FORMAT
    for r in [*table.rows, table.total]:
        values: list[Any] = [r.label]
        for n, _, _ in HAZARD_TABLE_COLUMNS:
            v = r.cols[n]
            values.append(_ratio(v) if n in (4, 7) else v)
        _grow(sheet, values, [True] + [False] * 12)
        sheet.row(
            values,
            formats=formats,
            bold=r is table.total,
            aligns=[LEFT if r is not table.total else CENTER] + [RIGHT] * 12,
        )
    sheet.notes(table.notes)
    sheet.notes([_footer(station, signoff)])
    sheet.pages_tall = 1  # the form on one page, as it is sent
    sheet.finish()


ST = Setting.__table__  # type: ignore[attr-defined]
STN = get_spec("station").table
LAYOUT_SETTING = "statistics_layout"
LAYOUTS = {"12": "隐患排查治理情况统计表（12栏）", "15": "其他重点行业领域安全生产隐患排查治理情况统计表（15栏）"}


def statistics_layout(db: Database) -> str:
    """The 统计表 layout the county collects: "12" (FORMS §1, the default) or "15" (其他重点行业领域…)."""
    with db.session() as s:
        value = s.execute(select(ST.c.value).where(ST.c.key == LAYOUT_SETTING)).scalar()
    return value if value in LAYOUTS else "12"


def set_statistics_layout(db: Database, layout: str, *, operator: str | None = None) -> None:
    """Choose the county's 统计表 layout for the reports exported from now on (audited)."""
    if layout not in LAYOUTS:
        raise UserError(f"统计表格式只能是{'或'.join(LAYOUTS)}栏")
    with db.session() as s:
        put_setting(s, LAYOUT_SETTING, layout, operator=operator)
        s.commit()


# The 15 columns: (number, group, header, unit, the figure of a 统计表 row)
COUNTY_COLUMNS: list[tuple[int, str | None, str, str, Callable[[HazardTableRow], Any]]] = [
    (1, None, "应排查治理事故隐患的生产经营单位", "家", lambda r: r.extra["应排查"]),
    (2, None, "实际排查治理事故隐患的生产经营单位", "家", lambda r: r.cols[1]),
    (3, None, "覆盖率", "%", lambda r: r.extra["覆盖率"]),
    (4, "一般事故隐患", "排查", "项", lambda r: r.cols[2]),
    (5, "一般事故隐患", "其中：已整改", "项", lambda r: r.cols[3]),
    (6, "一般事故隐患", "整改率", "%", lambda r: r.cols[4]),
    (7, "重大事故隐患", "排查", "项", lambda r: r.cols[5]),
    (8, "重大事故隐患", "其中：已整改销号", "项", lambda r: r.cols[6]),
    (9, "重大事故隐患", "整改率", "%", lambda r: r.cols[7]),
    (10, "重大事故隐患", "列入治理计划", "项", lambda r: r.cols[8]),
    (11, "重大事故隐患", "其中：达到“五到位”要求的", "项", lambda r: r.cols[9]),
    (12, "重大事故隐患", "挂牌督办", "项", lambda r: r.cols[10]),
    (13, "重大事故隐患", "其中：省级", "项", lambda r: r.cols[11]),
    (14, "重大事故隐患", "其中：地市级", "项", lambda r: r.extra["地市级"]),
    (15, None, "累计落实隐患治理资金", "万元", lambda r: r.cols[12]),
]


def _county_table_sheet(wb: Workbook, table: HazardTable, *, station: dict[str, Any], signoff: Signoff) -> None:
    """The 15-column variant some counties collect (其他重点行业领域安全生产隐患排查治理情况统计表):
    the same figures as the 12 columns, with 应排查 units and 覆盖率 in front and the city listings."""
    widths = [16, 10, 10, 10, 8, 8, 10, 8, 8, 10, 8, 9, 8, 8, 8, 10]  # a rate needs room for 100.00%
    sheet = ReportSheet(wb, "其他重点行业领域统计表", widths=widths, landscape=True)
    sheet.title("其他重点行业领域安全生产隐患排查治理情况统计表")
    end = table.period.end
    tail = "" if table.ended else "（本期未结束）"
    sheet.line(f"截止到{end.year}年{end.month}月{end.day}日为止{tail}")
    county = station.get("county") or ""
    sheet.line(f"填报单位（章）：{_unit(station)}" + (f"      所属县(区)：{county}" if county else ""), align=LEFT)
    row1: list[str | None] = ["行业和领域"]
    row2: list[str | None] = [None]
    for _n, group, header, _u, _f in COUNTY_COLUMNS:
        row1.append(header if group is None else (group if header == "排查" else None))
        row2.append(None if group is None else header)
    merges = [(1, 1, 2, 1)] + [(1, n + 1, 2, n + 1) for n, group, *_ in COUNTY_COLUMNS if group is None]
    merges += [(1, 5, 1, 7), (1, 8, 1, 15)]
    units = ["计量单位"] + [u for _n, _g, _h, u, _f in COUNTY_COLUMNS]
    numbers = ["甲"] + [str(n) for n, *_ in COUNTY_COLUMNS]
    sheet.headers([row1, row2, units, numbers], merges=merges)
    formats: list[str | None] = [None] * 16
    for n, _g, _h, unit, _f in COUNTY_COLUMNS:
        formats[n] = PERCENT_FORMAT if unit == "%" else (MONEY_FORMAT if unit == "万元" else None)
    for r in [*table.rows, table.total]:
        values: list[Any] = [r.label]
        for _n, _g, _h, unit, figure in COUNTY_COLUMNS:
            v = figure(r)
            values.append(_ratio(v) if unit == "%" else v)
        _grow(sheet, values, [True] + [False] * 15)
        sheet.row(
            values,
            formats=formats,
            bold=r is table.total,
            aligns=[LEFT if r is not table.total else CENTER] + [RIGHT] * 15,
        )
    sheet.notes(
        [
            "注：1. (2)、(4)—(13)、(15)与本工作簿“隐患排查治理情况统计表”(1)—(12)同一口径；"
            "(1)为期末在册（未关闭）的生产经营单位数，(3)＝(2)÷(1)×100%，期内关闭的单位被排查过的计入(2)而不计入(1)，"
            "故(3)可能超过100%；(14)为期末前由地市级挂牌督办的，(13)+(14)≤(12)。",
            # the 统计表's notes 4 and 5, in this sheet's column numbers (12 columns → 15: see note 1)
            f"2. (10)为期末未销号、已制定治理措施（列入治理计划）的重大事故隐患，含以前发现、结转未销号的"
            f"{table.total.carried}项，(11)—(13)为其中的项数，(12)为期末前已挂牌督办的（各级）；",
            "3. (2)、(4)—(9)、(15)只计本期排查发现的隐患，(5)、(8)为其中期末前已整改销号的，与月报表"
            "“本期整改销号”（含以前发现、本期销号的）口径不同；(12)与月报表“挂牌督办”（本期新挂牌数）口径不同。",
        ]
    )
    sheet.notes([_footer(station, signoff)])
    sheet.pages_tall = 1
    sheet.finish()


OVERDUE_SHEET = "逾期未整改隐患"
OVERDUE_COLUMNS = [
    "hazard_no",
    "found_date",
    "enterprise_id",
    "village_id",
    "description",
    "grade",
    "notice_no",
    "deadline",
    "responsible",
]


def _overdue_sheet(
    wb: Workbook,
    db: Database,
    report: MonthlyReport,
    *,
    station: dict[str, Any],
    signoff: Signoff,
) -> int:
    """逾期未整改隐患: the hazards counted in 逾期未整改（期末）, one a line, with how long overdue —
    the county's first question about that figure. Returns how many."""
    assert report.as_of is not None
    day = report.as_of
    hazards = overdue_at(db, day)
    spec = get_spec("hazard")
    cols = [spec.column(n) for n in OVERDUE_COLUMNS]
    ledger = LedgerService(db)
    titles = {
        c.name: ledger.titles(c.ref, [h[c.name] for h in hazards if h[c.name] is not None]) for c in cols if c.ref
    }
    heads = ["序号", *[c.label for c in cols], "逾期天数"]
    rows = [
        [i, *[cell_value(c, h[c.name], titles.get(c.name)) for c in cols], (day - h["deadline"]).days]
        for i, h in enumerate(hazards, 1)
    ]
    fits = [Fit(), *[_fit(c) for c in cols], Fit()]
    widths = fit_widths(heads, [[_shown(v) for v in row] for row in rows], fits, page=PAGE_WIDTH[True])
    sheet = ReportSheet(wb, OVERDUE_SHEET, widths=widths, landscape=True)
    town = station.get("town") or ""
    when = f"{chinese_date(day)}期末" if report.ended else f"截至{chinese_date(day)}，本期未结束"
    sheet.title(f"{town}逾期未整改隐患清单")
    sheet.line(f"（{when}）")
    sheet.strip(_strip(station, signoff))
    sheet.headers([[fitted_header(h, w) for h, w in zip(heads, widths, strict=True)]])
    aligns = [CENTER] + [CENTER if c.kind == DATE else LEFT for c in cols] + [RIGHT]
    wraps = [f.wrap for f in fits]
    for values in rows:
        _grow(sheet, values, wraps)
        sheet.row(values, aligns=aligns)
    if not rows:
        sheet.row(["", "无逾期未整改的隐患", *[""] * (len(heads) - 2)], aligns=aligns)
    sheet.notes(
        [
            f"共{len(rows)}项，即{'本月' if report.kind == 'month' else '本期'}报表“逾期未整改（期末）”之数。",
            "注：逾期＝该日未销号且整改期限早于该日；逾期天数算至该日；整改期限为台账中现在的期限（复查后重新限期的，为新期限）。",
            "填表人：                审核人：                站长：",
        ]
    )
    sheet.finish()
    return len(rows)


DRILL_SHEET = "演练频次核查"


def _drill_frequency_sheet(
    wb: Workbook, frequency: DrillFrequency, *, station: dict[str, Any], signoff: Signoff
) -> None:
    """演练频次核查: each drill frequency FORMS.md §4 requires, per unit and period, with its verdict."""
    widths = [5, 28, 22, 14, 7, 8, 9, 7, 40]  # 140 units: A4 landscape at full size
    sheet = ReportSheet(wb, DRILL_SHEET, widths=widths, landscape=True)
    sheet.title(f"{station.get('town') or ''}应急演练频次核查表")
    sheet.line(f"（{frequency.year}年）")
    sheet.strip(_strip(station, signoff))
    sheet.headers(
        [["序号", "演练单位/预案", "频次要求", "核查期间", "应开展", "实际开展", "计划未开展", "结论", "说明"]]
    )
    centre = [CENTER, LEFT, LEFT, CENTER, RIGHT, RIGHT, RIGHT, CENTER, LEFT]
    for i, v in enumerate(frequency.verdicts, 1):
        values = [i, v.unit, v.rule, v.period, v.required, v.held, v.missed, v.label, v.reason]
        # Excel, WPS and LibreOffice do not grow a row for wrapped text written by openpyxl: size it.
        lines = max(wrapped_lines(str(t), w) for t, w in zip(values, widths, strict=True))
        if lines > 1:
            sheet.ws.row_dimensions[sheet.row_no + 1].height = 14 * lines + 4
        sheet.row(values, aligns=centre)
    if not frequency.verdicts:
        sheet.row(["", "无需核查的演练单位", "", "", "", "", "", "", ""], aligns=centre)
    sheet.notes(
        [
            f"{frequency.summary()}。{frequency.plan_summary()}",
            "注：1. 频次要求依据《生产安全事故应急预案管理办法》：综合或专项应急预案演练每年至少1次，"
            "现场处置方案演练每半年至少1次；学校每月开展应急疏散演练（按学期核查3-6月、9-12月，应开展/实际开展为月数）。",
            "2. 核查单位：本级（含村、社区）；有演练计划、演练记录或本单位预案的企业；企业台账中的全部学校；"
            "各现场处置方案（在某半年内编制的，自下一个半年起核查）。“计划未开展”为演练计划日程中标记为未开展的次数，已取消的不计。",
            "3. 期间未结束且尚未达到要求的为“待完成”。",
            "填表人：                审核人：                站长：",
        ]
    )
    sheet.finish()


# The detail sheets of a report, with the columns a reader at the county needs (the full ledgers
# are one export away).
DETAIL_SHEETS: list[tuple[str, str, list[str]]] = [
    (
        "hazard",
        "隐患明细",
        [
            "hazard_no",
            "found_date",
            "enterprise_id",
            "village_id",
            "location",
            "category",
            "description",
            "grade",
            "deadline",
            "responsible",
            "status",
            "closed_date",
        ],
    ),
    (
        "accident",
        "事故明细",
        [
            "code",
            "date",
            "village_id",
            "enterprise_id",
            "industry",
            "type",
            "deaths",
            "injuries",
            "missing",
            "loss",
            "grade",
            "reporting_issue",
        ],
    ),
    (
        "drill_record",
        "演练明细",
        ["name", "start_at", "place", "organizer", "participants", "content", "form", "scenario", "score", "grade"],
    ),
    (
        "enforcement",
        "执法明细",
        [
            "case_no",
            "date",
            "enterprise_id",
            "party",
            "violation",
            "measure",
            "items",
            "fine",
            "pre_accident",
            "executed",
        ],
    ),
    (
        "agreement",
        "责任书签订情况",
        ["year", "type", "party_b", "party_kind", "signed_date", "signatory", "indicators", "assessment"],
    ),
    (  # DOMAIN §3.8: the roster goes up with the report (春节 and 两会 duty by 1月20日)
        "duty",
        "值班安排",
        ["date", "shift", "leader", "staff", "phone", "events", "handling", "handover"],
    ),
]


def export_report(
    db: Database,
    year: int,
    month: int,
    path: Path,
    *,
    kind: str = "month",
    to: tuple[int, int] | None = None,
    signoff: Signoff | None = None,
    charts: bool = True,
    today: dt.date | None = None,
    layout: str | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Path:
    """The report workbook of a month (``kind="month"``), the half year holding ``month``
    (``"half"``: 1–6 上半年, 7–12 下半年), the year (``"year"``) or the months from ``month`` to
    ``to`` (``"range"``): summary sheet, 统计表, the overdue list, detail sheets and charts, every
    figure as of the period's end — as of ``today`` (default: today) while the period runs. ``layout``
    "15" adds the 15-column 统计表 (default: the county's choice, :func:`statistics_layout`).

    Group A of a period that has ended is kept in the database the first time it is exported
    (``safetystation.reports.registers``), so the same period exported again gives the same figures.
    ``progress(done, total)`` is told after each sheet; ``cancelled()`` true stops with
    ``ExportCancelled`` and nothing written."""
    from safetystation.charts import CHARTS

    span = ReportSpan.of(kind, year, month, to)
    total = 2 + len(DETAIL_SHEETS) + (len(CHARTS) if charts else 0)
    done = 0

    def step() -> None:
        nonlocal done
        if cancelled is not None and cancelled():
            raise ExportCancelled("已取消导出，未生成文件。")
        done += 1
        if progress is not None:
            progress(min(done, total), total)

    check_output(Path(path))  # a refused path before anything is kept in the database
    today = today or dt.date.today()
    signoff = signoff or Signoff()
    if signoff.date is None:  # the report's own day, as every figure in it: not the clock's
        signoff = replace(signoff, date=today)
    station = _station(db)
    # group A of an ended period, kept from now on (audited under the report's 填报人)
    registers.keep(db, span.as_of(today), today=today, operator=signoff.filler or None)
    report, table = _report_and_table(db, span, today)
    problems = table.rule_violations()
    if problems:
        raise UserError("隐患排查治理情况统计表未通过表内校验，未生成文件：" + "；".join(problems))
    with building(new_workbook()) as wb:
        layout = layout or statistics_layout(db)
        if layout not in LAYOUTS:
            raise UserError(f"统计表格式只能是{'或'.join(LAYOUTS)}栏")
        step()
        figures = _recording(wb)
        _build_report(wb, db, report, table, station=station, signoff=signoff, today=today, layout=layout, step=step)
        if charts:
            _chart_sheet(wb, db, report, station, step=step)
        _info_sheet(wb, db, report, figures, station=station, layout=layout)
        step()
        _save(wb, path)
    return Path(path)


def _report_and_table(db: Database, span: ReportSpan, today: dt.date) -> tuple[MonthlyReport, HazardTable]:
    """The period's figures and its 统计表 (from January for a month: FORMS §1)."""
    report = period_report(db, span, today=today)
    assert report.as_of is not None
    table_period = _table_period(span, report.as_of)
    return report, statistics_table(db, table_period, ended=report.ended, cumulative=span.kind == "month")


def _table_period(span: ReportSpan, as_of: dt.date) -> Period:
    start = dt.date(as_of.year, 1, 1) if span.kind == "month" else span.start
    return Period(start, as_of, span_name(start, as_of))


@dataclass
class _Facts:
    """What the figure sheets take from a station's books besides its figures."""

    station: dict[str, Any]
    layout: str
    uid: str
    narrative: dict[str, str]


@gc_paused  # a month's rows, registers and cells: no garbage to collect until they are returned
def report_figures(
    db: Database, year: int, month: int, *, today: dt.date | None = None, layout: str | None = None
) -> dict[str, list[list[Any]]]:
    """The rows of the month's figure sheets (月报表, 统计表) and of its 报送信息, exactly as
    :func:`export_report` would write them — computed, nothing written (not even group A kept): what
    the county reads from a shared database instead of a township's workbook (#19)."""
    today = today or dt.date.today()
    span = ReportSpan.of("month", year, month, None)
    report, table = _report_and_table(db, span, today)
    whole = report.periods["month"]  # the month, to as_of
    texts = period_texts(LedgerService(db), whole.start, whole.end)
    facts = _Facts(_station(db), layout or statistics_layout(db), _station_uid(db), texts)
    return _figures(db, report, table, facts, today)


@gc_paused  # every township's rows and cells (a full collection in the middle of them: 0.1 s)
def stations_report_figures(
    db: Database, year: int, month: int, stations: list[int], *, today: dt.date | None = None
) -> dict[int, dict[str, list[list[Any]]]]:
    """:func:`report_figures` of each of ``stations`` of a shared database, as the county's login
    sees them: each statement once for all of them, grouped by station (#19), not once per station."""
    today = today or dt.date.today()
    with db.snapshot():  # every township as of one moment
        return _stations_report_figures(db, year, month, stations, today)


def _stations_report_figures(
    db: Database, year: int, month: int, stations: list[int], today: dt.date
) -> dict[int, dict[str, list[list[Any]]]]:
    span = ReportSpan.of("month", year, month, None)
    reports = stations_period_reports(db, span, stations, today=today)
    as_of = span.as_of(today)
    table_period = _table_period(span, as_of)
    tables = stations_statistics_tables(db, table_period, stations, ended=span.ended(today), cumulative=True)
    texts = stations_period_texts(db, span.start, as_of, stations)
    station_rows: dict[int, dict[str, Any]] = {}
    settings: dict[int, dict[str, str]] = {sid: {} for sid in stations}
    with db.session() as s:
        live = select(STN).where(STN.c.deleted_at.is_(None)).order_by(STN.c.id)
        for row in s.execute(live).mappings():
            station_rows.setdefault(row["station_id"], dict(row))  # a station's first, as profile() takes it
        keys = (LAYOUT_SETTING, UID_SETTING)
        for sid, key, value in s.execute(select(ST.c.station_id, ST.c.key, ST.c.value).where(ST.c.key.in_(keys))):
            settings.get(sid, {})[key] = value
    out = {}
    for sid in stations:
        mine = settings[sid]
        layout = mine.get(LAYOUT_SETTING)
        facts = _Facts(
            station_rows.get(sid) or dict(NO_STATION),
            layout if layout in LAYOUTS else "12",
            json.loads(mine[UID_SETTING]) if mine.get(UID_SETTING) else "",
            texts[sid],
        )
        out[sid] = _figures(db, reports[sid], tables[sid], facts, today)
    return out


def _figures(
    db: Database, report: MonthlyReport, table: HazardTable, facts: _Facts, today: dt.date
) -> dict[str, list[list[Any]]]:
    """The figure sheets' and 报送信息's rows, recorded and not written out."""
    from safetystation.county import digest as dg

    wb = new_workbook()
    with building(wb):
        figures = _recording(wb, (*dg.FIGURE_SHEETS, dg.INFO_SHEET), write=False)
        station, layout = facts.station, facts.layout
        _figure_sheets(
            wb,
            db,
            report,
            table,
            station=station,
            signoff=Signoff(date=today),
            today=today,
            layout=layout,
            narrative=facts.narrative,
        )
        _info_sheet(wb, db, report, figures, station=station, layout=layout, uid=facts.uid)
    discard(wb)
    return figures


def _station_uid(db: Database) -> str:
    with db.session() as s:
        raw = s.execute(select(ST.c.value).where(ST.c.key == UID_SETTING)).scalar()
    return json.loads(raw) if raw else ""


def _recording(wb: Workbook, names: tuple[str, ...] | None = None, *, write: bool = True) -> dict[str, list[list[Any]]]:
    """Keep the values of the figure sheets (or of the sheets ``names``) as they are written (the
    sheets are write-only, so they cannot be read back before saving): the 报送信息 digest is
    computed from exactly these cells. ``write=False``: only kept, the sheets get no rows (values
    for the county, no workbook to save)."""
    from safetystation.county.digest import FIGURE_SHEETS

    names = names or FIGURE_SHEETS
    recorded: dict[str, list[list[Any]]] = {}
    create = wb.create_sheet

    def create_sheet(title: str | None = None, index: int | None = None) -> Any:
        ws = create(title, index)
        if not write:
            setattr(ws, VALUES_ONLY, True)  # its rows are values: no cells, styles or merges to make
        if title in names:
            rows = recorded[title] = []
            append = ws.append

            def record(cells: Any) -> None:
                rows.append([getattr(c, "value", c) for c in cells])
                if write:
                    append(cells)

            ws.append = record
        return ws

    wb.create_sheet = create_sheet
    return recorded


def _info_sheet(
    wb: Workbook,
    db: Database,
    report: MonthlyReport,
    figures: dict[str, list[list[Any]]],
    *,
    station: dict[str, Any],
    layout: str,
    uid: str | None = None,
) -> None:
    """报送信息: the station, the period and a SHA-256 per figure sheet, visible to the clerk (#19). No
    export date: the same ended period exported again gives the same workbook. ``uid``: the station
    uid when already read (else read here)."""
    import safetystation
    from safetystation.county import digest as dg

    assert report.span is not None and report.as_of is not None
    span = report.span
    uid = _station_uid(db) if uid is None else uid
    town = station.get("town") or ""
    code = dg.period_code(span.kind, (span.start.year, span.start.month), (span.end.year, span.end.month))
    values = {
        "format": dg.FORMAT_TAG,
        "uid": uid,
        "station": station.get("name") or "",
        "town": town,
        "county": station.get("county") or "",
        "kind": KINDS.get(span.kind, span.kind),
        "period": span.label,
        "code": code,
        "as_of": chinese_date(report.as_of) + ("" if report.ended else "（本期未结束）"),
        "layout": layout,
        "version": safetystation.__version__,
        "algorithm": dg.ALGORITHM,
    }
    identity = dg.identity_lines(uid, town, code, layout)
    sheet = ReportSheet(wb, dg.INFO_SHEET, widths=[26, 70], landscape=False)
    sheet.title("报送信息（县级汇总核对用）")
    sheet.headers([["项目", "内容"]])
    for label, key in dg.FIELDS:
        sheet.row([label, str(values[key])], aligns=[LEFT, LEFT])
    for name in dg.FIGURE_SHEETS:
        if name in figures:
            code_value = dg.digest(identity, dg.figure_lines(figures[name]))
            sheet.row([dg.DIGEST_LABEL.format(name), code_value], aligns=[LEFT, LEFT])
    sheet.notes(dg.NOTES)
    sheet.finish()


def _chart_sheet(
    wb: Workbook, db: Database, report: MonthlyReport, station: dict[str, Any], step: Callable[[], None] = lambda: None
) -> None:
    """图表: every chart of the report's period — as of its end — as a picture, one under the other
    (A4 portrait, fit to width)."""
    import io

    from openpyxl.drawing.image import Image
    from openpyxl.worksheet.pagebreak import Break

    from safetystation.charts import CHARTS, make_chart

    assert report.as_of is not None and report.span is not None
    sheet = ReportSheet(wb, "图表", widths=[12] * 8, landscape=False)  # 96 units: a 7.2-in chart at full size
    when = f"截至{chinese_date(report.as_of)}" + ("，本期未结束" if not report.ended else "")
    sheet.title(f"{station.get('town') or ''}安全生产图表（{report.span.label}，{when}）")
    rows_per_chart = 21  # 3.8 in at 96 dpi ≈ 365 px ≈ 19 rows of 20 px, plus a gap
    names = list(CHARTS)
    for _ in range(len(names) * rows_per_chart + 2):
        sheet.blank()  # rows under the pictures, so the page breaks below have rows to fall on
    for i, name in enumerate(names):
        step()
        chart = make_chart(db, name, report.as_of)
        buf = io.BytesIO()
        chart.figure.savefig(buf, format="png", dpi=96)
        sheet.ws.add_image(Image(io.BytesIO(buf.getvalue())), f"A{3 + i * rows_per_chart}")
        if i % 2 == 1 and i + 1 < len(names):  # two charts a page, none cut by a page break
            sheet.ws.row_breaks.append(Break(id=2 + (i + 1) * rows_per_chart))
    sheet.header_first = sheet.header_last = 1  # the title on every page
    sheet.finish()


def _figure_sheets(
    wb: Workbook,
    db: Database,
    report: MonthlyReport,
    table: HazardTable,
    *,
    station: dict[str, Any],
    signoff: Signoff,
    today: dt.date,
    layout: str,
    narrative: dict[str, str] | None = None,
) -> DrillFrequency | None:
    """The 月报表 (or 统计汇总表) and the 统计表(s): the sheets whose figures the county reads; returns a
    year's drill frequencies (FORMS §4) for the sheet that lists them. ``narrative``: the period's
    texts when already read (else read here)."""
    frequency = None
    if report.kind == "year":  # the drill frequencies of FORMS §4, judged once the year is over (#16)
        as_of = min(today, dt.date(report.year + 1, 1, 1))
        frequency = DrillService(LedgerService(db)).frequency(report.year, as_of=as_of)
    notes = [f"{frequency.summary()}，详见“{DRILL_SHEET}”表。{frequency.plan_summary()}"] if frequency else None
    span = report.periods["month"]  # the month, or the whole period of a summary
    if narrative is None:
        narrative = period_texts(LedgerService(db), span.start, span.end)
    rates = summary_rates(db, span.start, span.end) if report.kind != "month" else None
    _report_sheet(wb, report, station=station, signoff=signoff, extra_notes=notes, narrative=narrative, rates=rates)
    _hazard_table_sheet(wb, table, station=station, signoff=signoff)
    if layout == "15":
        _county_table_sheet(wb, table, station=station, signoff=signoff)
    return frequency


def _build_report(
    wb: Workbook,
    db: Database,
    report: MonthlyReport,
    table: HazardTable,
    *,
    station: dict[str, Any],
    signoff: Signoff,
    today: dt.date,
    layout: str = "12",
    step: Callable[[], None] = lambda: None,
) -> None:
    frequency = _figure_sheets(wb, db, report, table, station=station, signoff=signoff, today=today, layout=layout)
    _overdue_sheet(wb, db, report, station=station, signoff=signoff)
    if frequency is not None:
        _drill_frequency_sheet(wb, frequency, station=station, signoff=signoff)
    period: Period = report.periods["month"]  # the month, or the whole period of a summary; to as_of
    ledger = LedgerService(db)
    status = [report.status_line] if report.status_line else []
    for key, name, columns in DETAIL_SHEETS:
        step()
        spec = get_spec(key)
        order = ("date", "id") if key == "duty" else None  # a roster reads forward in time
        q = Query(date_from=period.start, date_to=period.end, order_by=order)
        assert report.span is not None
        write_ledger_sheet(
            wb,
            ledger,
            spec,
            q,
            station=station,
            signoff=signoff,
            columns=columns,
            sheet_name=name,
            title=f"{station.get('town') or ''}{name}（{report.span.name}）",
            fit=True,
            lines=status,
        )
