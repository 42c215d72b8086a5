"""Excel exports: any ledger with its current filter, and the monthly / half-year / year report
workbook (月报表, 隐患排查治理情况统计表 exactly as FORMS.md §1, and detail sheets).

Every sheet follows FORMS.md §7 through :class:`~safetystation.excel.writer.ReportSheet`.
Files are written to a temporary name beside the target and renamed at the end, so a failed or
cancelled export never leaves a half-written workbook under the name the clerk chose.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from safetystation.dates import Period, chinese_date
from safetystation.domain import get_spec
from safetystation.domain.display import cell_value
from safetystation.domain.drill import DrillFrequency
from safetystation.domain.spec import DATE, DATETIME, INT, MONEY, LedgerSpec
from safetystation.errors import UserError
from safetystation.excel.writer import (
    CENTER,
    LEFT,
    MONEY_FORMAT,
    PERCENT_FORMAT,
    RIGHT,
    ReportSheet,
    Strip,
    discard,
    new_workbook,
    wrapped_lines,
)
from safetystation.outputs import write_output
from safetystation.reports.monthly import (
    HAZARD_TABLE_COLUMNS,
    HazardTable,
    MonthlyReport,
    hazard_table,
    monthly_report,
)
from safetystation.services.drills import DrillService
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.station import StationService
from safetystation.storage.db import Database

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]


class ExportCancelled(UserError):
    """The clerk cancelled a long export; nothing was written."""


@dataclass(frozen=True)
class Signoff:
    """Who fills and who checks, and the date printed on the report."""

    filler: str = ""
    reviewer: str = ""
    date: dt.date | None = None


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


def _station(db: Database) -> dict[str, Any]:
    return StationService(db).profile() or {"name": "", "town": "", "county": "", "phone": ""}


def _strip(station: dict[str, Any], signoff: Signoff) -> Strip:
    return Strip(
        unit=f"{station.get('town') or station.get('name') or ''}人民政府",
        filler=signoff.filler,
        reviewer=signoff.reviewer,
        date=signoff.date or dt.date.today(),
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
) -> int:
    """Write one ledger (filtered by ``q``) as a report sheet; returns the number of data rows."""
    cols = (
        [spec.column(n) for n in columns]
        if columns
        else [c for c in spec.columns if not c.hidden and not (spec.parent and c.name == spec.parent)]
    )
    widths = [5] + [_excel_width(min(c.width, 40)) for c in cols]
    sheet = ReportSheet(wb, sheet_name or spec.title, widths=widths)
    town = station.get("town") or ""
    sheet.title(title or f"{town}{spec.title}{_period_text(q)}")
    sheet.strip(_strip(station, signoff))
    sheet.headers([["序号", *[c.label for c in cols]]])
    formats: list[str | None] = [None]
    aligns = [CENTER]
    for c in cols:
        formats.append(MONEY_FORMAT if c.kind == MONEY else None)
        aligns.append(RIGHT if c.kind in (INT, MONEY) else (CENTER if c.kind in (DATE, DATETIME) else LEFT))
    total = ledger.count(spec.key, q)
    refs = [c for c in cols if c.ref]
    n = 0
    for batch in ledger.iter_rows(spec.key, q):
        if cancelled and cancelled():
            raise ExportCancelled("已取消导出，未生成文件。")
        titles = {
            c.name: ledger.titles(c.ref, [r[c.name] for r in batch if r[c.name] is not None]) for c in refs if c.ref
        }
        for r in batch:
            n += 1
            sheet.row(
                [n, *[cell_value(c, r[c.name], titles.get(c.name)) for c in cols]], formats=formats, aligns=aligns
            )
        if progress:
            progress(n, total)
    sheet.notes([f"共{n}条记录。", "填表人：                审核人：                站长："])
    sheet.finish()
    return n


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


# --- the monthly report workbook ---------------------------------------------------------------------

REPORT_KINDS = {"month": "月报", "half": "半年统计汇总", "year": "年度统计汇总"}


def _ratio(rate: Decimal | None) -> Any:
    return "—" if rate is None else float(rate) / 100


def _report_sheet(
    wb: Workbook,
    report: MonthlyReport,
    *,
    kind: str,
    station: dict[str, Any],
    signoff: Signoff,
    extra_notes: list[str] | None = None,
) -> None:
    town = station.get("town") or ""
    p = report.periods
    if kind == "month":
        heads = ["项目", "单位", "本月", "本年累计", "去年同期", "同比增减", "同比(%)"]
        widths = [34, 7, 11, 11, 11, 11, 10]
        title = f"{town}安全生产工作月报表"
        period = f"（{report.year}年{report.month}月）"
    else:
        heads = ["项目", "单位", "本期", "去年同期", "同比增减", "同比(%)"]
        widths = [34, 7, 12, 12, 12, 10]
        title = f"{town}安全生产{'半年' if kind == 'half' else '年度'}统计汇总表"
        period = f"（{p['ytd'].name}）"
    sheet = ReportSheet(wb, "月报表" if kind == "month" else "统计汇总表", widths=widths, landscape=False)
    sheet.title(title)
    sheet.line(period)
    sheet.strip(_strip(station, signoff))
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
        if kind == "month":
            values = [
                label,
                r.unit,
                show(r.month),
                show(r.ytd),
                show(r.ly_ytd),
                delta if r.unit != "%" else "—",
                yoy if r.unit != "%" else "—",
            ]
            formats = [None, None, fmt, fmt, fmt, money, PERCENT_FORMAT]
        else:
            values = [
                label,
                r.unit,
                show(r.ytd),
                show(r.ly_ytd),
                delta if r.unit != "%" else "—",
                yoy if r.unit != "%" else "—",
            ]
            formats = [None, None, fmt, fmt, money, PERCENT_FORMAT]
        if r.group.startswith("A"):  # snapshot: no period comparison
            values = values[:3] + ["—"] * (len(values) - 3)
        sheet.row(values, formats=formats, aligns=[LEFT, CENTER] + [RIGHT] * (len(heads) - 2))
    sheet.notes(
        [
            "注：" + " ".join(f"{i}. {n}" for i, n in enumerate(report.notes, 1)),
            f"去年同期为{p['ly_ytd'].name}；同比(%)＝(本期－去年同期)÷去年同期×100%，去年同期为0时填“—”。",
            *(extra_notes or []),
            "单位负责人：                填表人：                联系电话：                填报日期：",
        ]
    )
    sheet.finish()


def _hazard_table_sheet(wb: Workbook, table: HazardTable, *, station: dict[str, Any], signoff: Signoff) -> None:
    widths = [20, 12, 10, 10, 9, 10, 10, 9, 12, 12, 12, 10, 12]
    sheet = ReportSheet(wb, "隐患排查治理情况统计表", widths=widths, landscape=True)
    sheet.title("隐患排查治理情况统计表")
    sheet.line(f"（{table.period.start.year}年1月-{table.period.end.month}月）")
    unit = f"{station.get('town') or station.get('name') or ''}人民政府"
    sheet.line(f"填报单位（章）：{unit}", align=LEFT)
    labels = {n: label for n, label, _ in HAZARD_TABLE_COLUMNS}
    row1 = [
        "行业和领域",
        labels[1],
        "一般事故隐患",
        None,
        None,
        "重大事故隐患",
        None,
        None,
        None,
        None,
        None,
        None,
        labels[12],
    ]
    row2 = [
        None,
        None,
        labels[2],
        labels[3],
        labels[4],
        labels[5],
        labels[6],
        labels[7],
        labels[8],
        labels[9],
        labels[10],
        labels[11],
        None,
    ]
    units = ["计量单位"] + [u for _, _, u in HAZARD_TABLE_COLUMNS]
    numbers = ["甲"] + [str(n) for n, _, _ in HAZARD_TABLE_COLUMNS]
    sheet.headers(
        [row1, row2, units, numbers], merges=[(1, 1, 2, 1), (1, 2, 2, 2), (1, 3, 1, 5), (1, 6, 1, 12), (1, 13, 2, 13)]
    )
    formats: list[str | None] = [
        None,
        None,
        None,
        None,
        PERCENT_FORMAT,
        None,
        None,
        PERCENT_FORMAT,
        None,
        None,
        None,
        None,
        MONEY_FORMAT,
    ]
    for r in [*table.rows, table.total]:
        values: list[Any] = [r.label]
        for n, _, _ in HAZARD_TABLE_COLUMNS:
            v = r.cols[n]
            values.append(_ratio(v) if n in (4, 7) else v)
        sheet.row(
            values,
            formats=formats,
            bold=r is table.total,
            aligns=[LEFT if r is not table.total else CENTER] + [RIGHT] * 12,
        )
    sheet.notes(table.notes)
    sheet.notes(
        [
            "单位负责人：                填表人：                联系电话：                填报日期："
            + (chinese_date(signoff.date) if signoff.date else "")
        ]
    )
    sheet.finish()


DRILL_SHEET = "演练频次核查"


def _drill_frequency_sheet(
    wb: Workbook, frequency: DrillFrequency, *, station: dict[str, Any], signoff: Signoff
) -> None:
    """演练频次核查: each drill frequency FORMS.md §4 requires, per unit and period, with its verdict."""
    widths = [6, 32, 24, 15, 8, 9, 10, 8, 48]
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
]


def export_report(
    db: Database,
    year: int,
    month: int,
    path: Path,
    *,
    kind: str = "month",
    signoff: Signoff | None = None,
    charts: bool = True,
) -> Path:
    """The report workbook for a month (``kind="month"``), the first half (``"half"``, month 6) or the
    year (``"year"``, month 12): summary sheet, 统计表, and detail sheets of the period."""
    if kind not in REPORT_KINDS:
        raise UserError(f"报表类型“{kind}”无效")
    if kind == "half":
        month = 6
    elif kind == "year":
        month = 12
    signoff = signoff or Signoff()
    station = _station(db)
    report = monthly_report(db, year, month)
    table = hazard_table(db, year, month)
    problems = table.rule_violations()
    if problems:
        raise UserError("隐患排查治理情况统计表未通过表内校验，未生成文件：" + "；".join(problems))
    with building(new_workbook()) as wb:
        _build_report(wb, db, report, table, kind=kind, station=station, signoff=signoff)
        if charts:
            _chart_sheet(wb, db, year, month, station)
        _save(wb, path)
    return Path(path)


def _chart_sheet(wb: Workbook, db: Database, year: int, month: int, station: dict[str, Any]) -> None:
    """图表: every chart of the month as a picture, one under the other (A4 portrait, fit to width)."""
    import io

    from openpyxl.drawing.image import Image
    from openpyxl.worksheet.pagebreak import Break

    from safetystation.charts import CHARTS, make_chart

    sheet = ReportSheet(wb, "图表", widths=[12] * 8, landscape=False)
    sheet.title(f"{station.get('town') or ''}安全生产图表（截至{year}年{month}月）")
    rows_per_chart = 21  # 3.8 in at 96 dpi ≈ 365 px ≈ 19 rows of 20 px, plus a gap
    names = list(CHARTS)
    for _ in range(len(names) * rows_per_chart + 2):
        sheet.blank()  # rows under the pictures, so the page breaks below have rows to fall on
    for i, name in enumerate(names):
        chart = make_chart(db, name, dt.date(year, month, 1))
        buf = io.BytesIO()
        chart.figure.savefig(buf, format="png", dpi=96)
        sheet.ws.add_image(Image(io.BytesIO(buf.getvalue())), f"A{3 + i * rows_per_chart}")
        if i % 2 == 1 and i + 1 < len(names):  # two charts a page, none cut by a page break
            sheet.ws.row_breaks.append(Break(id=2 + (i + 1) * rows_per_chart))
    sheet.header_first = sheet.header_last = 1  # the title on every page
    sheet.finish()


def _build_report(
    wb: Workbook,
    db: Database,
    report: MonthlyReport,
    table: HazardTable,
    *,
    kind: str,
    station: dict[str, Any],
    signoff: Signoff,
) -> None:
    frequency = None
    if kind == "year":  # the drill frequencies of FORMS §4, judged once the year is over (#16)
        as_of = min(dt.date.today(), dt.date(report.year + 1, 1, 1))
        frequency = DrillService(LedgerService(db)).frequency(report.year, as_of=as_of)
    notes = [f"{frequency.summary()}，详见“{DRILL_SHEET}”表。{frequency.plan_summary()}"] if frequency else None
    _report_sheet(wb, report, kind=kind, station=station, signoff=signoff, extra_notes=notes)
    _hazard_table_sheet(wb, table, station=station, signoff=signoff)
    if frequency is not None:
        _drill_frequency_sheet(wb, frequency, station=station, signoff=signoff)
    period: Period = report.periods["month" if kind == "month" else "ytd"]
    ledger = LedgerService(db)
    for key, name, columns in DETAIL_SHEETS:
        spec = get_spec(key)
        q = Query(date_from=period.start, date_to=period.end)
        write_ledger_sheet(
            wb,
            ledger,
            spec,
            q,
            station=station,
            signoff=signoff,
            columns=columns,
            sheet_name=name,
            title=f"{station.get('town') or ''}{name}（{period.name}）",
        )
