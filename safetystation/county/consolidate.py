"""Consolidate the townships' monthly workbooks into the county's 县汇总 workbook (issue #19).

:func:`check_files` reads and checks every workbook (never raising for a bad one);
:func:`write_county` writes 县汇总.xlsx — and refuses, writing nothing, while any workbook failed or
a town of the roster sent none, unless the clerk allows it (``allow_missing``): then the rest are
consolidated and the failures are on the 问题 and 未报送 sheets. Nothing is partly read: a workbook
with a problem marked 错误 contributes no figure at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from safetystation.county import digest as dg
from safetystation.county.township import (
    NO_INFO,
    OVERDUE,
    WORKBOOK_SUFFIXES,
    Item,
    Problem,
    Township,
    read_township,
    summary_row,
)
from safetystation.errors import UserError
from safetystation.excel.reader import FileRefused, read_sheets
from safetystation.excel.writer import (
    CENTER,
    LEFT,
    MONEY_FORMAT,
    PERCENT_FORMAT,
    RIGHT,
    ReportSheet,
    discard,
    new_workbook,
    wrapped_lines,
)
from safetystation.outputs import check_output, write_output

Progress = Callable[[int, int], None]
Cancelled = Callable[[], bool]

ROSTER_TOWN = ("乡镇(街道)", "乡镇(街道)名称", "乡镇", "乡镇名称", "所属地区", "街道")
ROSTER_UID = ("安监站标识", "标识", "station_uid")


class ConsolidationCancelled(UserError):
    """The clerk cancelled; nothing was written."""


@dataclass(frozen=True)
class RosterEntry:
    """A town the county expects a workbook from; ``uid`` (the station's 安监站标识) when known."""

    town: str
    uid: str = ""


@dataclass
class Consolidation:
    """The checked workbooks of one month, and what the county workbook will say."""

    year: int
    month: int
    townships: list[Township]
    roster: list[RosterEntry] | None
    skipped: list[Problem] = field(default_factory=list)  # files in the folder that are not workbooks

    @property
    def accepted(self) -> list[Township]:
        return [t for t in self.townships if t.ok and not t.duplicate]

    @property
    def failed(self) -> list[Township]:
        return [t for t in self.townships if not t.ok]

    @property
    def problems(self) -> list[Problem]:
        return [p for t in self.townships for p in t.problems] + self.skipped

    def missing(self) -> list[tuple[RosterEntry, str]]:
        """Roster towns with no accepted workbook, and why (no file, or its file's failure)."""
        if self.roster is None:
            return [(RosterEntry(t.town or "（未知）", t.uid), f"{t.name}：{_failure(t)}") for t in self.failed]
        have = {t.town for t in self.accepted}
        out = []
        for entry in self.roster:
            if entry.town in have:
                continue
            failed = [t for t in self.failed if t.town == entry.town]
            names = "、".join(t.name for t in failed)
            out.append((entry, f"工作簿未通过核对：{names}（原因见“问题”表）" if failed else "未收到工作簿"))
        return out

    def blocking(self) -> list[str]:
        """Why the county workbook may not be written without ``allow_missing``: one line a file or town."""
        lines = [f"{t.name}：{_failure(t)}" for t in self.failed]
        if self.roster is not None:
            lines += [f"{e.town}：未收到工作簿" for e, why in self.missing() if why == "未收到工作簿"]
        return lines


def _failure(t: Township) -> str:
    reasons = [
        p.reason + (f"（{p.sheet}{' ' + p.where if p.where else ''}）" if p.sheet else "")
        for p in t.problems
        if p.fatal
    ]
    return "；".join(reasons[:3]) + (f"等{len(reasons)}项" if len(reasons) > 3 else "")


# --- the roster -------------------------------------------------------------------------------------


def read_roster(path: Path | str) -> list[RosterEntry]:
    """A roster file (.xlsx/.xls/.ods/.csv): a column 乡镇(街道) (or 乡镇, 所属地区) and optionally
    安监站标识, under a header row found by content."""
    for sheet in read_sheets(path):
        for i, row in enumerate(sheet.rows[:20]):
            heads = [str(v).strip() if v is not None else "" for v in row]
            town = next((heads.index(h) for h in ROSTER_TOWN if h in heads), None)
            if town is None:
                continue
            uid = next((heads.index(h) for h in ROSTER_UID if h in heads), None)
            out: list[RosterEntry] = []
            seen: set[str] = set()
            for r in sheet.rows[i + 1 :]:
                name = str(r[town]).strip() if town < len(r) and r[town] is not None else ""
                if not name:
                    continue
                if name in seen:
                    raise FileRefused(f"县名册“{Path(path).name}”中乡镇“{name}”出现了两次。")
                seen.add(name)
                code = str(r[uid]).strip() if uid is not None and uid < len(r) and r[uid] is not None else ""
                out.append(RosterEntry(name, code))
            if not out:
                raise FileRefused(f"县名册“{Path(path).name}”中没有乡镇。")
            return out
    raise FileRefused(f"县名册“{Path(path).name}”中找不到“乡镇(街道)”栏。")


def stored_roster(ledger: Any) -> list[RosterEntry] | None:
    """The 县名册 kept in the county's database (ledger ``county_roster``); None while it is empty."""
    rows = ledger.list("county_roster", limit=None)
    return [RosterEntry(r["town"], r["station_uid"] or "") for r in rows] or None


# --- checking -------------------------------------------------------------------------------------


def workbook_files(sources: Iterable[Path | str]) -> tuple[list[Path], list[Problem]]:
    """The files to read: every file given, and in a folder every spreadsheet (not the hidden or
    temporary copies Excel/WPS leave, ``~$…``, ``.~…``); other files in a folder are remarked on."""
    files: list[Path] = []
    skipped: list[Problem] = []
    for src in sources:
        p = Path(src)
        if p.is_dir():
            for f in sorted(p.iterdir()):
                if not f.is_file() or f.name.startswith(("~$", ".")):
                    continue
                if f.suffix.lower() in WORKBOOK_SUFFIXES:
                    files.append(f)
                else:
                    skipped.append(Problem(f.name, "不是电子表格工作簿，未读取", fatal=False))
        else:
            files.append(p)
    return files, skipped


def check_files(
    sources: Iterable[Path | str],
    *,
    year: int,
    month: int,
    roster: list[RosterEntry] | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    template: Path | None = None,
) -> Consolidation:
    """Read and check every workbook (of the folders and files in ``sources``) for the month. With the
    county's registered ``template``, a workbook that is that template filled in is read by it."""
    files, skipped = workbook_files(sources)
    if not files:
        raise UserError("所选位置没有乡镇报表工作簿（.xlsx/.xls）。")
    tpl = _template(template)
    if tpl is not None:
        from safetystation.county.filled import read_filled
    townships = []
    for i, f in enumerate(files):
        if cancelled is not None and cancelled():
            raise ConsolidationCancelled("已取消汇总，未生成文件。")
        t = read_township(f, year=year, month=month)
        if tpl is not None and not t.info and t.problems and t.problems[0].reason.startswith(NO_INFO):
            t = read_filled(f, tpl, year=year, month=month)
        townships.append(t)
        if progress is not None:
            progress(i + 1, len(files))
    _duplicates(townships)
    _against_roster(townships, roster)
    return Consolidation(year, month, townships, roster, skipped)


def _template(path: Path | None) -> Any:
    """The county's registered template, read (a ``county.filled.Template``), or None."""
    if path is None:
        return None
    from safetystation.county.filled import load_template

    try:
        return load_template(Path(path))
    except (FileRefused, OSError) as e:
        raise UserError(f"登记的县报表模板“{path}”无法读取（{e}），请重新登记；未汇总。") from e


def _duplicates(townships: list[Township]) -> None:
    """A town is one line of the county table. Two workbooks of one town: an identical copy is counted
    once (a remark); different figures are counted from neither, until the county says which holds.
    One 安监站标识 under two towns is remarked on (a database copied to set up another station)."""
    by_town: dict[str, list[Township]] = {}
    for t in townships:
        if t.ok:
            by_town.setdefault(t.town, []).append(t)
    for same in by_town.values():
        if len(same) < 2:
            continue
        names = "、".join(t.name for t in same)
        digests = {(t.uid, tuple(sorted((k, v) for k, v in t.info.items() if k.startswith("校验码")))) for t in same}
        if len(digests) == 1:
            for t in same[1:]:
                t.duplicate = True
                t.add(f"与“{same[0].name}”是同一乡镇的同一份报表（重复），只汇总一份", fatal=False)
        else:
            for t in same:
                t.add(f"乡镇“{t.town}”有{len(same)}份数字不同的报表：{names}；请确认以哪一份为准，只保留那一份")
    by_uid: dict[str, set[str]] = {}
    for t in townships:
        if t.ok and t.uid:
            by_uid.setdefault(t.uid, set()).add(t.town)
    for t in townships:
        towns = by_uid.get(t.uid, set())
        if t.ok and len(towns) > 1:
            t.add(
                f"安监站标识 {t.uid} 同时出现在{'、'.join(sorted(towns))}的报表中"
                "（可能复制了别的乡镇的数据库来建站），请核实",
                dg.INFO_SHEET,
                fatal=False,
            )


def _against_roster(townships: list[Township], roster: list[RosterEntry] | None) -> None:
    if roster is None:
        return
    known = {e.town: e for e in roster}
    for t in townships:
        if not t.town or not t.info:
            continue
        entry = known.get(t.town)
        if entry is None:
            t.add(
                f"乡镇“{t.town}”不在县名册中（名册共{len(known)}个乡镇），已汇总；请核实名称或补入县名册", fatal=False
            )
        elif entry.uid and t.uid and entry.uid != t.uid:
            t.add(
                f"安监站标识 {t.uid} 与县名册登记的 {entry.uid} 不同（可能换了电脑或重装后未恢复数据），请核实",
                dg.INFO_SHEET,
                fatal=False,
            )


# --- the county workbook ----------------------------------------------------------------------------

TABLE_COLUMNS = [  # FORMS §2: (header, unit, format)
    ("所属地区", "", None),
    ("总企业数", "家", None),
    ("检查企业数", "家", None),
    ("出动次数", "次", None),
    ("查出隐患数", "项", None),
    ("完成隐患数", "项", None),
    ("隐患整改率", "%", PERCENT_FORMAT),
    ("重大隐患数", "项", None),
    ("完成重大隐患数", "项", None),
    ("重大隐患整改率", "%", PERCENT_FORMAT),
    ("整改资金", "万元", MONEY_FORMAT),
    ("现场检查记录", "份", None),
    ("责令限期整改指令书", "份", None),
    ("强制措施决定书", "份", None),
    ("整改复查意见书", "份", None),
]
SUMMED = [h for h, u, _ in TABLE_COLUMNS if u not in ("", "%")]


def county_rows(c: Consolidation) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The townships' FORMS §2 rows in roster order (then by town), and the 合计 row."""
    order = {e.town: i for i, e in enumerate(c.roster or [])}
    towns = sorted(c.accepted, key=lambda t: (order.get(t.town, len(order)), t.town))
    rows = [summary_row(t) for t in towns]
    total: dict[str, Any] = {"所属地区": "合计"}
    for h in SUMMED:
        total[h] = sum((r[h] for r in rows), Decimal(0) if h == "整改资金" else 0)
    total["隐患整改率"] = round(total["完成隐患数"] / total["查出隐患数"], 4) if total["查出隐患数"] else None
    total["重大隐患整改率"] = round(total["完成重大隐患数"] / total["重大隐患数"], 4) if total["重大隐患数"] else None
    return rows, total


def write_county(
    c: Consolidation,
    path: Path | str,
    *,
    allow_missing: bool = False,
    today: dt.date | None = None,
    charts: bool = True,
) -> Path:
    """Write 县汇总.xlsx; refuses (nothing written) while ``c.blocking()`` unless ``allow_missing``."""
    path = Path(path)
    check_output(path)
    blocking = c.blocking()
    if blocking and not allow_missing:
        raise UserError(
            f"有{len(blocking)}个问题，未生成县汇总（核对无误后再汇总，或选择“缺报时仍汇总其余乡镇”）：\n"
            + "\n".join(blocking)
        )
    if not c.accepted:
        raise UserError("没有一份通过核对的乡镇报表，未生成县汇总：\n" + "\n".join(blocking))
    today = today or dt.date.today()
    wb = new_workbook()
    try:
        rows, total = county_rows(c)
        _table_sheet(wb, c, rows, total, today)
        _month_sheet(wb, c, "month", "本月")
        _month_sheet(wb, c, "ytd", "本年累计")
        if charts:
            _chart_sheet(wb, c, rows)
        _missing_sheet(wb, c)
        _problem_sheet(wb, c)
        write_output(path, wb.save)
    except BaseException:
        discard(wb)
        raise
    return path


def _period(c: Consolidation) -> str:
    return f"{c.year}年{c.month}月"


def _table_sheet(
    wb: Workbook, c: Consolidation, rows: list[dict[str, Any]], total: dict[str, Any], today: dt.date
) -> None:
    widths = [5, 12, 8, 8, 8, 8, 8, 9, 8, 8, 9, 11, 9, 10, 9, 9]
    sheet = ReportSheet(wb, "隐患排查治理情况统计表", widths=widths, landscape=True)
    sheet.title("隐患排查治理情况统计表（乡镇汇总）")
    sheet.line(f"（{c.year}年1月-{c.month}月）")
    sheet.line(f"汇总乡镇：{len(rows)}个" + (f"，县名册{len(c.roster)}个" if c.roster is not None else ""), align=LEFT)
    heads = ["序号", *[h for h, _, _ in TABLE_COLUMNS]]
    units = ["", *[u for _, u, _ in TABLE_COLUMNS]]
    sheet.headers([heads, units])
    formats: list[str | None] = [None, *[f for _, _, f in TABLE_COLUMNS]]
    aligns = [CENTER, LEFT] + [RIGHT] * (len(heads) - 2)
    for i, r in enumerate([*rows, total], 1):
        values = [i if r is not total else "", *[_shown(r[h]) for h, _, _ in TABLE_COLUMNS]]
        sheet.row(values, formats=formats, aligns=aligns, bold=r is total)
    sheet.notes(
        [
            "注：1. 各数为本年1月至本月累计数，取自各乡镇报送的月报工作簿：检查企业数、查出/完成隐患数、重大隐患数、"
            "整改资金取自其“隐患排查治理情况统计表”合计行（查出＝(2)+(5)，完成＝(3)+(6)）；总企业数为月末在册数；出动次数、现场检查记录为"
            "“检查次数”，责令限期整改指令书为“下发整改通知书”，强制措施决定书为“查封/扣押/没收”，整改复查意见书为“复查”，均为月报表本年累计。",
            "2. 整改率＝完成数÷查出数×100%，无隐患的填“—”；合计行的整改率按合计数计算，不是各乡镇整改率的平均。",
            f"3. 未通过核对的工作簿不计入，见“未报送”“问题”表。汇总日期：{today.year}年{today.month}月{today.day}日。",
        ]
    )
    sheet.pages_tall = 1
    sheet.finish()


def _shown(v: Any) -> Any:
    if v is None:
        return "—"
    if isinstance(v, float) and v.is_integer():
        return int(v)
    return v


def _month_items(c: Consolidation) -> list[tuple[str, str, str]]:
    """Every 月报表 line (group, label, unit) of the accepted workbooks: in the first one's order, and a
    line only some have (one a newer program added, such as 其中：重伤) after the line it follows in
    theirs — not after the last group, under its group's name a second time."""
    order: list[tuple[str, str]] = []
    units: dict[tuple[str, str], str] = {}
    for t in c.accepted:
        at = -1  # where this workbook's previous line is in ``order``
        for key, item in t.items.items():
            if key in units:
                at = order.index(key)
            else:
                units[key] = item.unit
                at += 1
                order.insert(at, key)
    return [(g, label, units[(g, label)]) for g, label in order]


RATE_PARTS = {
    ("C 隐患排查治理", "整改率"): (("C 隐患排查治理", "其中：期末已整改销号"), ("C 隐患排查治理", "发现隐患"))
}


def _month_sheet(wb: Workbook, c: Consolidation, column: str, name: str) -> None:
    towns = sorted(c.accepted, key=lambda t: _roster_order(c, t))
    heads = ["项目", "单位", *[t.town for t in towns], "合计"]
    widths = [30, 6, *[max(8, min(12, len(t.town) * 2 + 2)) for t in towns], 10]
    sheet = ReportSheet(wb, f"月报表（{name}）", widths=widths, landscape=len(heads) > 6)
    sheet.title(f"安全生产工作月报表（乡镇汇总，{name}）")
    sheet.line(f"（{_period(c)}）" if column == "month" else f"（{c.year}年1月-{c.month}月）")
    sheet.headers([heads])
    group = None
    aligns = [LEFT, CENTER] + [RIGHT] * (len(heads) - 2)
    partial: list[str] = []  # lines some townships' workbooks do not have (an older program's)
    for g, label, unit in _month_items(c):
        if column == "ytd" and g.startswith("A "):
            continue  # registers at the month's end: in the 本月 sheet only
        if g != group:
            group = g
            sheet.row([g] + [None] * (len(heads) - 1), bold=True)
        items: list[Item | None] = [t.items.get((g, label)) for t in towns]
        values = [getattr(i, column) if i else None for i in items]
        nums = [float(v) for v in values if v is not None and dg.is_number(v)]
        total: Any
        if unit == "%":
            parts = RATE_PARTS.get((g, label))
            if parts:
                done = sum(t.value(parts[0], column) for t in towns)
                found = sum(t.value(parts[1], column) for t in towns)
                total = done / found if found else "—"
            else:
                total = "—"
        elif nums:
            total = sum(nums)
        elif values and all(isinstance(v, str) and v in ("是", "否") for v in values):
            total = f"{sum(v == '是' for v in values)}个乡镇是"
        else:
            total = "—"
        fmt = PERCENT_FORMAT if unit == "%" else ("#,##0.00" if unit == "万元" else None)
        shown = [
            "未报" if i is None else _shown(v) if v not in (None, "") else "—"
            for i, v in zip(items, values, strict=True)
        ]
        if None in items:
            partial.append(
                f"“{label.strip()}”（"
                + "、".join(t.town for t, i in zip(towns, items, strict=True) if i is None)
                + "）"
            )
        row = ["  " + label, unit, *shown, _shown(total)]
        sheet.row(row, formats=[None, None, *[fmt] * (len(towns) + 1)], aligns=aligns)
    sheet.notes(
        [
            "注：1. 各乡镇数字取自其报送的月报表（未改动，见“问题”表）；合计为各乡镇之和，"
            "期末数（累计未整改、逾期未整改等）为各乡镇期末数之和；A组为月末在册数（只在“月报表（本月）”中）。",
            "2. 整改率的合计按合计数计算（期末已整改销号÷发现隐患）；其他比率不汇总，填“—”。",
            *(
                [
                    "3. 这些行有的乡镇报表里没有（用较早版本的程序导出，填“未报”），其合计只含报了的乡镇："
                    + "；".join(partial)
                    + "。"
                ]
                if partial
                else []
            ),
        ]
    )
    sheet.finish()


def _roster_order(c: Consolidation, t: Township) -> tuple[int, str]:
    order = {e.town: i for i, e in enumerate(c.roster or [])}
    return order.get(t.town, len(order)), t.town


def _chart_sheet(wb: Workbook, c: Consolidation, rows: list[dict[str, Any]]) -> None:
    """图表: 隐患整改率, 逾期未整改 and 检查次数 by township as Excel bar charts over a visible table of
    the same figures (drawn by Excel, WPS and LibreOffice themselves: nothing to render here, and the
    county can restyle them). The township workbook's 图表 are pictures of its own database's charts;
    drawing 3 matplotlib pictures took 2 of a 28-township run's seconds."""
    from openpyxl.chart import BarChart, Reference
    from openpyxl.chart.label import DataLabelList
    from openpyxl.chart.text import RichText
    from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RichTextProperties
    from openpyxl.worksheet.pagebreak import Break

    towns = sorted(c.accepted, key=lambda t: _roster_order(c, t))
    ytd = f"{c.year}年1-{c.month}月" if c.month > 1 else f"{c.year}年1月"
    series: list[tuple[str, list[float]]] = [
        (f"隐患整改率（{ytd}，%）", [round(100 * float(r["隐患整改率"] or 0), 2) for r in rows]),
        (f"逾期未整改隐患（{_period(c)}末，项）", [int(t.value(OVERDUE, "month")) for t in towns]),
        (f"检查次数（{ytd}，次）", [int(float(r["出动次数"])) for r in rows]),
    ]
    sheet = ReportSheet(wb, "图表", widths=[14, 24, 26, 22], landscape=False)
    sheet.title(f"各乡镇安全生产图表（{_period(c)}）")
    sheet.headers([["乡镇(街道)", *[name for name, _ in series]]])
    first = sheet.row_no + 1
    for i, r in enumerate(rows):
        sheet.row([r["所属地区"], *[values[i] for _, values in series]], aligns=[LEFT, RIGHT, RIGHT, RIGHT])
    last = sheet.row_no
    sheet.notes(["注：图表按上表数字绘制；整改率＝完成隐患数÷查出隐患数×100%（见“隐患排查治理情况统计表”）。"])
    # Up to 12 townships: columns, two charts a page. More: horizontal bars, every township named on
    # its own line (LibreOffice skips every other column label at 28), one chart a page.
    many = len(rows) > 12
    height = max(7.5, 0.5 * len(rows) + 2.5) if many else 7.5  # cm
    per = int(height / 0.53) + 3  # rows of the default height (0.53 cm) a chart takes, with a gap
    top = sheet.row_no + 2
    for _ in range(len(series) * per + 1):
        sheet.blank()
    names = Reference(sheet.ws, min_col=1, min_row=first, max_row=last)
    for k, (title, _values) in enumerate(series):
        chart = BarChart()
        chart.type = "bar" if many else "col"
        chart.title = title
        chart.legend = None
        chart.width, chart.height = 16, height
        chart.add_data(Reference(sheet.ws, min_col=2 + k, min_row=first - 1, max_row=last), titles_from_data=True)
        chart.set_categories(names)
        chart.x_axis.delete = False
        chart.y_axis.delete = False
        chart.y_axis.scaling.min = 0  # bars from zero, not from wherever the lowest one is
        if k == 0:
            chart.y_axis.scaling.max = 100
        chart.x_axis.tickLblSkip = 1
        if many:
            chart.x_axis.scaling.orientation = "maxMin"  # the first township at the top, as in the table
        chart.x_axis.txPr = RichText(
            bodyPr=RichTextProperties(rot=-2700000 if 8 < len(rows) <= 12 else 0, vert="horz"),
            p=[
                Paragraph(pPr=ParagraphProperties(defRPr=CharacterProperties(sz=800)), endParaRPr=CharacterProperties())
            ],
        )
        chart.dataLabels = DataLabelList(  # the value only (LibreOffice adds the names unless told)
            showVal=True, showCatName=False, showSerName=False, showLegendKey=False, showPercent=False
        )
        chart.series[0].graphicalProperties.solidFill = COLOURS[k].lstrip("#")
        sheet.ws.add_chart(chart, f"A{top + k * per}")
    sheet.ws.row_breaks.append(Break(id=top - 1))  # the table on its page, the charts after it
    for k in range(1, len(series)):
        if many or k % 2 == 0:  # one tall chart a page, or two a page; none cut
            sheet.ws.row_breaks.append(Break(id=top - 1 + k * per))
    sheet.header_first = sheet.header_last = 1  # the title on every page, not the table's header
    sheet.finish()


COLOURS = ["#1f5fa8", "#2e7d32", "#d9822b"]  # safetystation.charts' colours


def _wrapped_row(sheet: ReportSheet, values: list[Any], aligns: list[Any]) -> None:
    """A row as high as its longest wrapped text (Excel, WPS and LibreOffice do not grow a row
    written by openpyxl themselves; the township export's ``_grow`` does the same)."""
    lines = max(wrapped_lines(str(v or ""), w) for v, w in zip(values, sheet.widths, strict=True))
    if lines > 1:
        sheet.ws.row_dimensions[sheet.row_no + 1].height = 13.5 * lines + 3
    sheet.row(values, aligns=aligns)


def _missing_sheet(wb: Workbook, c: Consolidation) -> None:
    sheet = ReportSheet(wb, "未报送", widths=[6, 16, 34, 70], landscape=True)
    sheet.title(f"未报送（或未通过核对）的乡镇（{_period(c)}）")
    sheet.headers([["序号", "乡镇(街道)", "安监站标识", "原因"]])
    missing = c.missing()
    for i, (entry, why) in enumerate(missing, 1):
        _wrapped_row(sheet, [i, entry.town, entry.uid, why], [CENTER, LEFT, LEFT, LEFT])
    if not missing:
        sheet.row(["", "无", "", ""], aligns=[CENTER, LEFT, LEFT, LEFT])
    note = (
        "注：县名册中的乡镇没有通过核对的报表的，列于本表。"
        if c.roster is not None
        else (
            "注：未提供县名册，本表只列出未通过核对的工作簿；"
            "在县级汇总页面或用 --roster 提供县名册，可列出未报送的乡镇。"
        )
    )
    sheet.notes([note])
    sheet.finish()


def _problem_sheet(wb: Workbook, c: Consolidation) -> None:
    sheet = ReportSheet(wb, "问题", widths=[6, 26, 18, 10, 6, 74], landscape=True)
    sheet.title(f"核对发现的问题（{_period(c)}）")
    sheet.headers([["序号", "文件", "工作表", "单元格", "级别", "问题说明"]])
    problems = c.problems
    aligns = [CENTER, LEFT, LEFT, CENTER, CENTER, LEFT]
    for i, p in enumerate(problems, 1):
        _wrapped_row(sheet, [i, p.file, p.sheet, p.where, p.level, p.reason], aligns)
    if not problems:
        sheet.row(["", "未发现问题", "", "", "", ""], aligns=aligns)
    sheet.notes(["注：“错误”的工作簿未计入汇总；“提示”的已计入，请核实。"])
    sheet.finish()
