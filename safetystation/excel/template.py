"""The county's own report template: registered once, then filled from the monthly figures.

A template is an ordinary .xlsx in which cells hold placeholders such as ``{{b_inspections.month}}``
or ``填报单位：{{station.town}}人民政府``. A cell that is exactly one placeholder receives a typed
value (a number stays a number); a placeholder inside text is replaced as text. A row whose cells
hold ``{{row.hazard.隐患描述}}``-style placeholders is repeated once per record of that ledger in
the report period. ``placeholder_help()`` lists every name; it can be exported as a workbook.

Templates are checked when registered and again before each fill: unknown placeholders, and
pictures, charts or WPS cell images (which openpyxl would silently drop on saving), are refused
with a message naming them — a county template is never filled in a damaged form.
"""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import hashlib
import json
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import load_workbook
from openpyxl.cell.cell import Cell
from sqlalchemy import delete, insert, select

from safetystation.dates import Period, chinese_date
from safetystation.domain import get_spec
from safetystation.domain.base import utcnow
from safetystation.domain.display import cell_value
from safetystation.domain.system import StoredFile
from safetystation.errors import UserError
from safetystation.excel.export import DETAIL_SHEETS, Signoff, _save, _station
from safetystation.excel.reader import FileRefused, check_workbook_bounds
from safetystation.reports.monthly import (
    EXTRA_COLUMNS,
    FLOWS,
    HAZARD_TABLE_COLUMNS,
    SNAPSHOT_LABELS,
    hazard_table,
    monthly_report,
)
from safetystation.services.ledger import LedgerService, Query, put_setting
from safetystation.storage.db import Database

FILES = StoredFile.__table__  # type: ignore[attr-defined]
PLACEHOLDER = re.compile(r"\{\{\s*([^{}]+?)\s*\}\}")
SETTING_KEY = "county_template"
PERIODS = {"month": "本月", "ytd": "本年累计", "ly_month": "去年同月", "ly_ytd": "去年同期累计", "yoy": "同比(%)"}
STATION_FIELDS = {
    "name": "安监站名称",
    "town": "乡镇(街道)名称",
    "county": "所属县(区)",
    "phone": "联系电话",
    "head": "站长",
    "address": "地址",
}
REPORT_FIELDS = {
    "year": "年份",
    "month": "月份",
    "period": "本月（如 2026年6月）",
    "ytd_period": "本年累计期间",
    "date": "填报日期",
    "filler": "填表人",
    "reviewer": "审核人",
}
ROW_LEDGERS = {key for key, _, _ in DETAIL_SHEETS}


@dataclass(frozen=True)
class Placeholder:
    """One name a template may use, and what it means."""

    name: str
    meaning: str


def placeholder_help() -> list[Placeholder]:
    """Every placeholder name with its meaning, in the order of the help sheet."""
    out = [Placeholder(f"station.{k}", v) for k, v in STATION_FIELDS.items()]
    out += [Placeholder(f"report.{k}", v) for k, v in REPORT_FIELDS.items()]
    out += [Placeholder(k, f"{label}（{unit}，期末在册数）") for k, (label, unit) in SNAPSHOT_LABELS.items()]
    for f in FLOWS:
        for p, pl in PERIODS.items():
            out.append(Placeholder(f"{f.key}.{p}", f"{f.group[2:]}·{f.label}（{f.unit}）·{pl}"))
    out += [Placeholder(f"c_rate.{p}", f"隐患整改率（%）·{pl}") for p, pl in PERIODS.items() if p != "yoy"]
    for n, label, unit in HAZARD_TABLE_COLUMNS:
        out.append(Placeholder(f"hz.合计.{n}", f"隐患排查治理情况统计表·合计·({n}){label}（{unit}）"))
    for key, (label, unit) in EXTRA_COLUMNS.items():  # what the 15-column variant adds
        out.append(Placeholder(f"hz.合计.{key}", f"隐患排查治理情况统计表·合计·{label}（{unit}）"))
    out.append(Placeholder("hz.<行业名称>.<1-12>", "统计表中该行业的某一栏，如 hz.加油站.2"))
    out.append(
        Placeholder("hz.<行业名称>.<应排查|覆盖率|地市级>", "15栏统计表中该行业的应排查单位数、覆盖率、地市级挂牌数")
    )
    out.append(Placeholder("row.序号", "明细行的序号（用于重复行）"))
    for key, name, columns in DETAIL_SHEETS:
        spec = get_spec(key)
        for c in columns:
            out.append(
                Placeholder(
                    f"row.{key}.{c}", f"{name}重复行·{spec.column(c).label}（也可写 row.{key}.{spec.column(c).label}）"
                )
            )
    return out


def export_placeholder_help(path: Path) -> Path:
    """A workbook listing every placeholder and its meaning, for whoever prepares a county template."""
    from safetystation.excel.writer import LEFT, ReportSheet, new_workbook

    wb = new_workbook()
    sheet = ReportSheet(wb, "占位符说明", widths=[34, 70], landscape=False)
    sheet.title("县报表模板占位符说明")
    sheet.line(
        "在模板单元格中写 {{名称}}；整格只有一个占位符时填入数值，夹在文字中时按文字替换。"
        "含 {{row.台账.栏目}} 的行按本月记录逐条重复。",
        align=LEFT,
    )
    sheet.headers([["占位符", "含义"]])
    for p in placeholder_help():
        sheet.row(["{{" + p.name + "}}", p.meaning])
    sheet.finish()
    _save(wb, path)
    return Path(path)


def _known(name: str) -> bool:
    if name in _KNOWN:
        return True
    parts = name.split(".")
    if parts[0] == "hz" and len(parts) == 3:
        return (parts[2].isdigit() and 1 <= int(parts[2]) <= 12) or parts[2] in EXTRA_COLUMNS
    if parts[0] == "row" and len(parts) == 3 and parts[1] in ROW_LEDGERS:
        spec = get_spec(parts[1])
        return parts[2] in spec.names or parts[2] in {c.label for c in spec.columns}
    return False


_KNOWN = {p.name for p in placeholder_help() if "<" not in p.name}

# A county template is a form of a few pages: these bounds are far above any real one and keep a
# hostile file from costing gigabytes or minutes.
TEMPLATE_MAX_BYTES = 5 * 1024 * 1024
TEMPLATE_MAX_ROWS, TEMPLATE_MAX_COLS, TEMPLATE_MAX_CELLS = 5_000, 200, 200_000
# Formulas that read or call outside the workbook: [other.xlsx]Sheet!A1, \\server\share, web calls,
# and hyperlinks to files or web addresses.
OUTSIDE = re.compile(
    r"\[[^\]]+\.(xl\w*|csv|et)\]|\\\\|WEBSERVICE\s*\(|FILTERXML\s*\(|CALL\s*\(|REGISTER\.ID\s*\("
    r"|HYPERLINK\s*\(\s*\"\s*(file|https?|ftp|smb):|'[a-z]:\\\\",
    re.IGNORECASE,
)


def check_template(path: Path) -> list[str]:
    """Problems that stop a template from being used (empty list: fine)."""
    path = Path(path)
    problems: list[str] = []
    try:
        with zipfile.ZipFile(path) as z:
            names = z.namelist()
    except (zipfile.BadZipFile, OSError):
        return [f"“{path.name}”不是 .xlsx 文件（县里的模板请在 WPS 中另存为 .xlsx 格式）"]
    pictures = [
        n
        for n in names
        if n.startswith(("xl/media/", "xl/drawings/", "xl/charts/", "xl/embeddings/")) or n.endswith("cellimages.xml")
    ]
    if pictures:
        problems.append(
            f"模板含有图片、图表或嵌入对象（{len(pictures)}个），程序填写时会丢失它们；"
            "请删除后再登记，或改用程序自带的月报格式"
        )
    links = [n for n in names if n.startswith("xl/externalLinks/")]
    if links:
        problems.append(
            f"模板引用了其他工作簿（外部链接{len(links)}个），填写和打开时会去读取别处的文件；请删除外部链接后再登记"
        )
    if problems:
        return problems
    try:
        check_workbook_bounds(
            path,
            max_bytes=TEMPLATE_MAX_BYTES,
            max_rows=TEMPLATE_MAX_ROWS,
            max_cols=TEMPLATE_MAX_COLS,
            max_cells=TEMPLATE_MAX_CELLS,
        )
    except FileRefused as e:
        return [str(e)]
    try:
        wb = load_workbook(path)
    except Exception as e:
        return [f"无法打开模板“{path.name}”：文件已损坏或格式不受支持（{str(e)[:80]}）"]
    unknown = []
    reaching = []
    found = 0
    for ws in wb.worksheets:
        for cell in _existing_cells(ws):
            if not isinstance(cell.value, str):
                continue
            if cell.data_type == "f" and OUTSIDE.search(cell.value):
                reaching.append(f"{ws.title}!{cell.coordinate}")
            for name in PLACEHOLDER.findall(cell.value):
                found += 1
                if not _known(name):
                    unknown.append(f"{ws.title}!{cell.coordinate} {{{{{name}}}}}")
    if reaching:
        problems.append("模板中的公式引用了本工作簿以外的文件或网址（" + "、".join(reaching[:10]) + "），已拒绝登记")
    if unknown:
        problems.append(
            "模板中有无法识别的占位符："
            + "；".join(unknown[:20])
            + ("……" if len(unknown) > 20 else "")
            + "（可用的名称见“导出占位符说明”）"
        )
    if not found:
        problems.append("模板中没有任何占位符（如 {{b_inspections.month}}），无法填写")
    return problems


def _existing_cells(ws: Any) -> list[Cell]:
    """The cells the sheet really has, row by row. iter_rows() walks max_row × max_column and creates
    every empty cell on the way (a 4.9 KB template with one far cell took 7.8 GB)."""
    return sorted(ws._cells.values(), key=lambda c: (c.row, c.column))  # openpyxl keeps them in a dict


def register_template(db: Database, path: Path, *, operator: str | None = None) -> str:
    """Check the county's template and keep it in the database (any PC of a shared database fills it;
    the choice audited by name and SHA-256); returns the name it is kept under."""
    problems = check_template(path)
    if problems:
        raise UserError("模板未登记：" + "；".join(problems))
    data = Path(path).read_bytes()  # (check_template bounded its size)
    sha = hashlib.sha256(data).hexdigest()
    name = Path(path).name
    with db.session() as s:
        s.execute(delete(FILES).where(FILES.c.key == SETTING_KEY))
        s.execute(insert(FILES).values(key=SETTING_KEY, name=name, sha256=sha, data=data, stored_at=utcnow()))
        put_setting(s, SETTING_KEY, json.dumps({"name": name, "sha256": sha}, ensure_ascii=False), operator=operator)
        s.commit()
    return name


def registered_template(db: Database) -> Path | None:
    """The registered template as a file to read (a private temporary copy, removed when the program
    ends), or None while none is registered. Nothing is written to the database."""
    with db.session() as s:
        row = s.execute(select(FILES.c.sha256, FILES.c.data).where(FILES.c.key == SETTING_KEY)).first()
    if row is None:
        return None
    sha, data = row
    if hashlib.sha256(data).hexdigest() != sha:
        raise UserError("数据库中登记的县报表模板已损坏（校验不符），请重新登记。")
    target = _copies() / f"{sha}.xlsx"
    if not target.exists():
        target.write_bytes(data)
    return target


@functools.cache
def _copies() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="safetystation-templates-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


def _values(db: Database, year: int, month: int, signoff: Signoff) -> dict[str, Any]:
    report = monthly_report(db, year, month)
    table = hazard_table(db, year, month)
    station = _station(db)
    v: dict[str, Any] = {f"station.{k}": station.get("head_name" if k == "head" else k) or "" for k in STATION_FIELDS}
    date = signoff.date or dt.date.today()
    v.update(
        {
            "report.year": year,
            "report.month": month,
            "report.period": report.periods["month"].name,
            "report.ytd_period": report.periods["ytd"].name,
            "report.date": chinese_date(date),
            "report.filler": signoff.filler,
            "report.reviewer": signoff.reviewer,
        }
    )
    v.update(report.snapshot)
    rows = {r.key: r for r in report.rows()}
    for f in FLOWS:
        r = rows[f.key]
        for p in ("month", "ytd", "ly_month", "ly_ytd"):
            v[f"{f.key}.{p}"] = getattr(r, p)
        v[f"{f.key}.yoy"] = r.yoy_pct if r.yoy_pct is not None else "—"
    for p in ("month", "ytd", "ly_month", "ly_ytd"):
        rate = report.rate(p)
        v[f"c_rate.{p}"] = rate if rate is not None else "—"
    for trow in [*table.rows, table.total]:
        label = trow.label.split(".", 1)[-1]
        for n, _, _ in HAZARD_TABLE_COLUMNS:
            val = trow.cols[n]
            v[f"hz.{label}.{n}"] = "—" if val is None else val
        for key in EXTRA_COLUMNS:
            val = trow.extra.get(key)
            v[f"hz.{label}.{key}"] = "—" if val is None else val
    return v


def _typed(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def _set_text(cell: Cell, text: str) -> None:
    cell.value = text
    cell.data_type = "s"  # never a formula, whatever the text starts with


def fill_template(
    db: Database, year: int, month: int, out: Path, *, template: Path | None = None, signoff: Signoff | None = None
) -> Path:
    """Fill the registered (or given) template for ``year``-``month`` and save it as ``out``."""
    template = template or registered_template(db)
    if template is None:
        raise UserError("还没有登记县里的报表模板")
    if not Path(template).exists():
        raise UserError(f"登记的模板文件“{template}”已不存在，请重新登记")
    problems = check_template(template)
    if problems:
        raise UserError("模板无法使用：" + "；".join(problems))
    signoff = signoff or Signoff()
    values = _values(db, year, month, signoff)
    wb = load_workbook(template)
    ledger = LedgerService(db)
    period = values["report.period"]
    month_period = Period.month(year, month)
    unknown_rows: list[str] = []
    for ws in wb.worksheets:
        repeated = sorted({c.row for c in _existing_cells(ws) if isinstance(c.value, str) and "{{row." in c.value})
        for r in reversed(repeated):
            key = _repeat_ledger(ws, r)
            if key:
                _repeat(ws, r, key, ledger, Query(date_from=month_period.start, date_to=month_period.end))
        for cell in _existing_cells(ws):
            if not isinstance(cell.value, str) or "{{" not in cell.value:
                continue
            whole = PLACEHOLDER.fullmatch(cell.value.strip())
            if whole and whole.group(1) in values:
                value = _typed(values[whole.group(1)])
                if isinstance(value, str):
                    _set_text(cell, value)
                else:
                    cell.value = value
                continue

            def sub(m: re.Match[str], where: str = f"{ws.title}!{cell.coordinate}") -> str:
                name = m.group(1)
                if name not in values:
                    unknown_rows.append(where)
                    return ""
                val = values[name]
                return f"{val:,.2f}" if isinstance(val, Decimal) else str(val)

            _set_text(cell, PLACEHOLDER.sub(sub, cell.value))
    if unknown_rows:
        raise UserError(f"{period}：模板中以下位置的行业名称在统计表中不存在：" + "、".join(unknown_rows[:20]))
    _save(wb, out)
    return Path(out)


def _repeat_ledger(ws: Any, r: int) -> str | None:
    for cell in (c for c in _existing_cells(ws) if c.row == r):
        if isinstance(cell.value, str):
            for name in PLACEHOLDER.findall(cell.value):
                parts = name.split(".")
                if parts[0] == "row" and len(parts) == 3:
                    return parts[1]
    return None


def _repeat(ws: Any, r: int, key: str, ledger: LedgerService, q: Query) -> None:
    """Repeat template row ``r`` once per record, shifting what is below (merges included)."""
    spec = get_spec(key)
    rows = [row for batch in ledger.iter_rows(key, q) for row in batch]
    template = [(c.column, c.value, c._style) for c in _existing_cells(ws) if c.row == r]
    height = ws.row_dimensions[r].height
    extra = len(rows) - 1
    if extra > 0:
        below = [m for m in ws.merged_cells.ranges if m.min_row > r]
        for m in below:
            ws.merged_cells.remove(m)
        ws.insert_rows(r + 1, extra)
        for m in below:
            m.shift(0, extra)
            ws.merged_cells.add(m)
    elif extra < 0:
        ws.delete_rows(r, 1)
        return
    by_label = {c.label: c for c in spec.columns}
    titles = {c.name: ledger.titles(c.ref, [x[c.name] for x in rows if x[c.name]]) for c in spec.columns if c.ref}
    for i, rec in enumerate(rows):
        target = r + i
        ws.row_dimensions[target].height = height
        for col, value, style in template:
            cell = ws.cell(row=target, column=col)
            cell._style = style
            if not isinstance(value, str):
                cell.value = value
                continue

            def sub(m: re.Match[str], rec: dict[str, Any] = rec, i: int = i) -> str:
                parts = m.group(1).split(".")
                if parts == ["row", "序号"]:
                    return str(i + 1)
                column = spec.column(parts[2]) if parts[2] in spec.names else by_label[parts[2]]
                v = cell_value(column, rec[column.name], titles.get(column.name))
                if v is None:
                    return ""
                if isinstance(v, dt.date):
                    return f"{v:%Y-%m-%d}"
                return str(v)

            if PLACEHOLDER.search(value):
                _set_text(cell, PLACEHOLDER.sub(sub, value))
            else:
                cell.value = value
