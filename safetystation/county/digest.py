"""The 报送信息 sheet of a township report workbook: who sent it, for which period, and a SHA-256
over each figure sheet's numbers, so the county can tell a hand-edited figure (issue #19).

Nothing is hidden from the clerk: the sheet is an ordinary visible sheet at the end of the workbook,
and its note says what the 校验码 covers and that a figure must be corrected in the program and the
workbook exported again. A digest is not a signature — whoever has the program can export any
figures — it catches numbers typed over in Excel/WPS after the export, which is what a county
adding up 28 workbooks by formula cannot see.

Normalisation (the same on both sides): every numeric cell of a figure sheet, row by row, as
``row|column|row label|value`` with the value printed with six decimals (a rate is stored as a
fraction, 88.83% = 0.8883; money in 万元 or 元), preceded by the workbook's identity lines (station
uid, town, period code, layout), so a 报送信息 sheet copied from another workbook does not match.
Text cells (titles, strips, “—”) are not figures and do not count; a number typed into a “—” cell,
or a number replaced by text, changes the digest.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from typing import Any, TypeGuard

INFO_SHEET = "报送信息"
FORMAT_TAG = "SafetyStation 报送信息 1"
# The sheets whose numbers are the report's figures, in workbook order.
FIGURE_SHEETS = ("月报表", "统计汇总表", "隐患排查治理情况统计表", "其他重点行业领域统计表")
DIGEST_LABEL = "校验码（{}）"

# The 报送信息 rows: (label, key). Values are written as text.
FIELDS = [
    ("格式", "format"),
    ("安监站标识", "uid"),
    ("安监站名称", "station"),
    ("乡镇(街道)", "town"),
    ("所属县(区)", "county"),
    ("报表种类", "kind"),
    ("报表期间", "period"),
    ("期间代码", "code"),
    ("统计截至", "as_of"),
    ("统计表格式", "layout"),
    ("程序版本", "version"),
    ("校验算法", "algorithm"),
]
ALGORITHM = "SHA-256（各表数字规范化后计算，见注）"


def is_number(v: Any) -> TypeGuard[int | float]:
    return isinstance(v, int | float) and not isinstance(v, bool)


def normal(v: float) -> str:
    """A figure as the digest sees it: six decimals (what a float keeps through Excel and WPS saves)."""
    text = f"{float(v):.6f}"
    return "0.000000" if text == "-0.000000" else text


def figure_lines(rows: Iterable[Sequence[Any]]) -> list[str]:
    """The normalised numeric cells of a sheet given as rows of values (row 1 first)."""
    out = []
    for r, values in enumerate(rows, 1):
        label = ""
        if values and isinstance(values[0], str):
            label = values[0].strip()
        for c, v in enumerate(values, 1):
            if is_number(v):
                out.append(f"{r}|{c}|{label}|{normal(v)}")
    return out


def identity_lines(uid: str, town: str, code: str, layout: str) -> list[str]:
    return [f"uid={uid.strip()}", f"town={town.strip()}", f"period={code.strip()}", f"layout={layout.strip()}"]


def digest(identity: list[str], lines: list[str]) -> str:
    h = hashlib.sha256()
    for line in [*identity, *lines]:
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()


def period_code(kind: str, start: tuple[int, int], end: tuple[int, int]) -> str:
    """``month 2026-10``; ``half 2026-07..2026-12``; ``year 2026``; ``range 2026-03..2026-08``."""
    if kind == "month":
        return f"month {start[0]:04d}-{start[1]:02d}"
    if kind == "year":
        return f"year {start[0]:04d}"
    return f"{kind} {start[0]:04d}-{start[1]:02d}..{end[0]:04d}-{end[1]:02d}"


NOTES = [
    "注：1. 本表由程序在导出时生成，供县级汇总时核对报送单位、报表期间和数字，请勿修改，也不要删除本表。",
    "2. 校验码按各表全部数字计算（每个数字保留6位小数，连同所在行号、列号和行名称，以及本表的安监站标识、"
    "乡镇、期间代码和统计表格式），算法为 SHA-256。导出后改动表中任一数字，县级汇总时将提示该表“数字与校验码不符”。",
    "3. 数字有误的，请在程序中更正台账后重新导出，不要直接在工作簿中改数字。",
]
