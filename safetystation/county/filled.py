"""A township's month sent as the county's own template, filled (#19): recognised by the template the
county registered (``template register``), read cell by cell where the template holds its
placeholders, and checked like a workbook of this program — the 统计表 合计 by the FORMS §1 rules, the
月报表 items the county table needs, the period and the town.

What a filled template cannot carry is said, never hidden: it has no 报送信息 and so no digests, so a
figure changed by hand after filling cannot be detected (a remark on the 问题 sheet). A figure placed
below a row the template repeats per record (``row.…``) has moved by an unknown number of rows, so such
a template is refused for consolidation with the cells named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from safetystation.county import digest as dg
from safetystation.county.township import (
    MONTH_SHEET,
    REQUIRED_ITEMS,
    TABLE_SHEET,
    Item,
    Township,
    _cell,
    _cross_check,
    _load,
    _rules,
    _text,
    loaded,
)
from safetystation.excel.template import PLACEHOLDER
from safetystation.reports.monthly import FLOWS, GA, SNAPSHOT_LABELS

# placeholder → the 月报表 item it is (group, label, column)
ITEMS: dict[str, tuple[str, str, str]] = {k: (GA, label, "month") for k, (label, _unit) in SNAPSHOT_LABELS.items()}
ITEMS.update({f"{f.key}.{p}": (f.group, f.label, p) for f in FLOWS for p in ("month", "ytd")})
TOTAL = re.compile(r"hz\.合计\.(\d+)")


@dataclass
class Template:
    """Where a registered template holds what: exact placeholders by cell, and cells whose text
    holds the town or the period (as a pattern to read them back)."""

    path: Path
    cells: dict[tuple[str, int, int], str] = field(default_factory=dict)
    texts: dict[tuple[str, int, int], tuple[re.Pattern[str], list[str]]] = field(default_factory=dict)
    moved: list[str] = field(default_factory=list)  # figure cells below a repeated row: unreadable

    @property
    def sheets(self) -> set[str]:
        return {s for s, _, _ in (*self.cells, *self.texts)}


def load_template(path: Path) -> Template:
    """The registered template's placeholders (the county's own file, checked when registered)."""
    tpl = Template(Path(path))
    for sheet, rows in _load(tpl.path, _all_sheets(tpl.path)).items():
        repeated = min((r for r, row in enumerate(rows) if any("{{row." in _text(v) for v in row)), default=None)
        for r, row in enumerate(rows):
            below = repeated is not None and r > repeated
            for c, v in enumerate(row):
                text = v if isinstance(v, str) else ""
                if "{{" not in text:
                    continue
                whole = PLACEHOLDER.fullmatch(text.strip())
                if whole:
                    name = whole.group(1)
                    if name in ITEMS or TOTAL.fullmatch(name) or name.startswith(("station.", "report.")):
                        if below:
                            tpl.moved.append(f"{sheet}!{_cell(r, c)}")
                            continue
                        tpl.cells[(sheet, r, c)] = name
                    continue
                names = PLACEHOLDER.findall(text)
                if any(n.startswith(("station.", "report.")) for n in names) and not (
                    repeated is not None and r > repeated
                ):
                    pattern = "".join(
                        "(.*?)" if i % 2 else re.escape(part) for i, part in enumerate(PLACEHOLDER.split(text.strip()))
                    )
                    tpl.texts[(sheet, r, c)] = (re.compile(pattern + r"\Z", re.S), names)
    return tpl


def _all_sheets(path: Path) -> set[str]:
    from python_calamine import CalamineWorkbook

    return set(CalamineWorkbook.from_path(str(path)).sheet_names)


def read_filled(path: Path | str, tpl: Template, *, year: int, month: int) -> Township:
    """Read one township's filled county template for the month; never raises for a bad file."""
    t = Township(Path(path))
    sheets = loaded(t, tpl.sheets)
    if sheets is None:
        return t
    missing = sorted(tpl.sheets - set(sheets))
    if missing:
        t.add("不是本县报表模板填写的工作簿：缺少工作表" + "、".join(f"“{n}”" for n in missing))
        return t
    if tpl.moved:
        t.add(
            "县报表模板中这些汇总数字位于逐条重复的明细行之下，填写后位置随记录条数而变，无法按位置读取："
            + "、".join(tpl.moved[:10])
        )
        return t
    values: dict[str, Any] = {}
    where: dict[str, str] = {}
    for (sheet, r, c), name in tpl.cells.items():
        rows = sheets[sheet]
        values[name] = rows[r][c] if r < len(rows) and c < len(rows[r]) else None
        where[name] = f"{sheet}!{_cell(r, c)}"
    for (sheet, r, c), (pattern, names) in tpl.texts.items():
        rows = sheets[sheet]
        m = pattern.match(_text(rows[r][c]) if r < len(rows) and c < len(rows[r]) else "")
        if m:
            for name, v in zip(names, m.groups(), strict=True):
                values.setdefault(name, v)
                where.setdefault(name, f"{sheet}!{_cell(r, c)}")
    t.info = {"乡镇(街道)": _text(values.get("station.town")), "报送方式": "县报表模板"}
    if not t.town:
        t.add("县报表模板中没有乡镇(街道)名称（模板缺少 {{station.town}}，或该格被改动），无法确认是哪个乡镇")
    _check_period(t, values, where, year, month)
    _read_total(t, values, where)
    _read_items(t, values)
    if t.ok and t.table and t.items:
        _cross_check(t)
    t.add("按县报表模板报送，没有报送信息和校验码：填写后手工改动的数字无法发现", fatal=False)
    return t


def _check_period(t: Township, values: dict[str, Any], where: dict[str, str], year: int, month: int) -> None:
    got = (_text(values.get("report.year")), _text(values.get("report.month")))
    if got == ("", ""):
        period = _text(values.get("report.period"))
        if not period:
            t.add("县报表模板中没有填报年月（{{report.year}}/{{report.month}} 或 {{report.period}}），无法核对期间")
        elif period != f"{year}年{month}月":
            t.add(f"报表期间为“{period}”，不是所选的{year}年{month}月", where=where.get("report.period", ""))
        return
    if got != (str(year), str(month)):
        t.add(f"报表期间为{got[0]}年{got[1]}月，不是所选的{year}年{month}月", where=where.get("report.month", ""))


def _number(t: Township, values: dict[str, Any], where: dict[str, str], name: str) -> float | None:
    v = values.get(name)
    if v is None or _text(v) in ("", "—", "-"):
        return None
    if dg.is_number(v):
        return float(v)
    t.add(f"“{_text(v)}”不是数字", where=where.get(name, ""))
    return None


def _read_total(t: Township, values: dict[str, Any], where: dict[str, str]) -> None:
    names = {f"hz.合计.{n}" for n in range(1, 13)}
    absent = sorted((n for n in names if n not in values), key=lambda n: int(n.rsplit(".", 1)[1]))
    if absent:
        t.add(
            "县报表模板中没有统计表合计的这些栏，无法汇总：" + "、".join("{{" + n + "}}" for n in absent), TABLE_SHEET
        )
        return
    before = len(t.problems)
    cols = {n: _number(t, values, where, f"hz.合计.{n}") for n in range(1, 13)}
    if len(t.problems) > before:
        return
    for rate in (4, 7):  # the template gets the 整改率 in percent (92.22), the workbook as a fraction
        value = cols[rate]
        cols[rate] = None if value is None else value / 100
    _rules(t, 0, cols, "合计")
    cells = {_cell(0, n): where[f"hz.合计.{n}"] for n in range(1, 13)}  # the template's cells, not row 1's
    t.problems[before:] = [replace(p, sheet="", where=cells.get(p.where, p.where)) for p in t.problems[before:]]
    t.table = {k: (v or 0) for k, v in cols.items()}
    t.table[4], t.table[7] = cols[4], cols[7]


def _read_items(t: Township, values: dict[str, Any]) -> None:
    for name, (group, label, column) in ITEMS.items():
        if name in values:
            item = t.items.setdefault((group, label), Item(group, label, "", None, None))
            setattr(item, column, values[name])
    missing = [f"{g[2:]}·{label}" for g, label in REQUIRED_ITEMS if (g, label) not in t.items]
    if missing:
        t.add("县报表模板中没有汇总需要的月报项目：" + "、".join(missing), MONTH_SHEET)
