"""Importing a spreadsheet into a ledger: find the header row by content, map headers to the
ledger's columns through the spec's synonyms (the clerk may correct the mapping), normalise and
validate every cell, preview the result with each bad cell named by sheet row and column, then
commit all-or-nothing — or the valid rows only, with the rejected rows written to an error workbook.

The pipeline is two calls: :func:`plan_import` (reads, never writes) and :func:`commit_import`
(backs the database up, then writes in one transaction that a cancel or a crash rolls back whole).
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

from openpyxl.utils import get_column_letter
from sqlalchemy import select

from safetystation.collector import gc_paused
from safetystation.config import AppConfig
from safetystation.domain import get_spec
from safetystation.domain.spec import BOOL, DATE, REF, LedgerSpec
from safetystation.domain.values import (
    ABSENT,
    clean_text,
    halfwidth,
    parse_bool,
    parse_date,
    records_from_columns,
    validate_columns,
)
from safetystation.errors import UserError
from safetystation.excel.reader import Sheet, read_sheets
from safetystation.outputs import write_output
from safetystation.services.hazards import HazardService
from safetystation.services.ledger import LedgerService
from safetystation.services.records import can_create
from safetystation.services.station import StationService
from safetystation.storage.backup import backup_file, station_uid
from safetystation.storage.db import Database
from safetystation.storage.safety import rotate

if TYPE_CHECKING:
    from safetystation.services.operators import Operator

HEADER_SCAN_ROWS = 30
IGNORED_HEADERS = {"序号", "编号(序号)", "no", "no.", "行号"}
IMMEDIATE = {"立即整改", "立即", "立刻", "当场", "当场整改", "马上", "即时"}
TOTAL_ROW = re.compile(r"^(合\s*计|总\s*计|小\s*计)")
NOTE_ROW = re.compile(r"^(注[:：\d１-９一二三、.\s]|注$|说明[:：]|填表说明|备注[:：])")
SIGN_ROW = re.compile(r"^(填表人|填报人|审核人|单位负责人|负责人|联系电话|制表人)[:：]")
REPORT_DATE = re.compile(r"填报日期[:：]\s*(\S+)")
# A town (乡, 镇, 街道) named in a title, a sheet or file name, or a 乡镇 column (#20 §9).
TOWN_SUFFIX = re.compile(r"街道|镇|乡")
TOWN_HEADER = re.compile(r"^(所属)?(乡镇|乡\(镇\)|镇|乡|街道|乡镇街道|乡镇\(街道\)|镇\(街道\)|乡\(镇、街道\))(名称)?$")
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_TOWN_BEFORE = frozenset("省市县区旗州盟年月日于")  # a town's name starts after these, or where the text does
_NOT_A_TOWN_START = frozenset("各本全该我每此其两多诸")  # 各乡镇, 本镇, 全乡…
_NOT_A_TOWN_END = ("城乡", "家乡", "下乡", "老乡", "故乡", "城镇", "村镇", "集镇", "小镇", "重镇", "古镇")
_OFFICE = re.compile(r"(人民政府|政府|办事处|安全生产监督管理站|安监站)$")


@dataclass(frozen=True)
class Extra:
    """An import-only column: read from the file, used by a ledger's import rule, not stored as such."""

    name: str
    label: str
    synonyms: tuple[str, ...]
    kind: str


EXTRAS: dict[str, list[Extra]] = {
    "hazard": [Extra("_rectified", "是否已整改", ("已整改", "是否整改", "整改情况"), BOOL)],
}

# Keys that identify “the same record” for duplicate handling (first match wins).
NATURAL_KEYS: dict[str, list[tuple[str, ...]]] = {
    "enterprise": [("credit_code",), ("name",)],
    "village": [("name",)],
    "industry": [("name",)],
    "staff": [("name",)],
    "brigade": [("name",)],
    "checklist_template": [("name",)],
    "hazard": [("found_date", "enterprise_id", "village_id", "location", "description")],
}


def without_spaces(text: str) -> str:
    """``text`` with every whitespace character removed (names are compared this way)."""
    return "".join(text.split())


def normalize_header(text: Any) -> str:
    t = halfwidth(str(text or "")).strip()
    t = without_spaces(t).replace("（", "(").replace("）", ")").rstrip(":：").lstrip("*").rstrip("*")
    return t.lower()


def _strip_unit(text: str) -> str:
    return re.sub(r"\([^)]*\)$", "", text)


@dataclass
class Problem:
    """One bad cell (or row) of the file, by sheet row number and column."""

    row: int
    column: str
    header: str
    message: str

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"{self.column}列" if self.column else "")
        return f"{where}“{self.header}”：{self.message}" if self.header else f"{where}：{self.message}"


@dataclass
class PlannedRow:
    """A data row of the file and what committing will do with it."""

    row: int
    raw: list[Any]
    values: dict[str, Any] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)
    action: str = "insert"  # insert / update / skip / reject
    target_id: int | None = None
    problems: list[Problem] = field(default_factory=list)
    sources: dict[str, tuple[str, str]] = field(default_factory=dict)  # column → (letter, header)


@dataclass
class ImportPlan:
    """What an import would do; nothing has been written yet."""

    path: Path
    ledger: str
    sheet: str
    header_row: int
    headers: list[str]
    mapping: dict[int, str | None]
    rows: list[PlannedRow]
    skipped: list[tuple[int, str]]
    notes: list[str]
    duplicates: str
    # What the clerk must see before importing: the file names another town than the station's (#20 §9).
    warnings: list[str] = field(default_factory=list)

    @property
    def spec(self) -> LedgerSpec:
        return get_spec(self.ledger)

    @property
    def rejected(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action == "reject"]

    @property
    def valid(self) -> list[PlannedRow]:
        return [r for r in self.rows if r.action != "reject"]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    def summary(self) -> list[str]:
        spec = self.spec
        mapped = [
            f"{self.headers[i]}→{spec.column(n).label if n in spec.names else _extra_label(self.ledger, n)}"
            for i, n in sorted(self.mapping.items())
            if n
        ]
        ignored = [self.headers[i] for i, n in sorted(self.mapping.items()) if not n and self.headers[i]]
        lines = [
            f"文件：{self.path.name}，工作表“{self.sheet}”，表头在第{self.header_row}行，导入到“{spec.title}”",
            "栏目对应：" + "；".join(mapped),
        ]
        if ignored:
            lines.append("不导入的栏目：" + "、".join(ignored))
        lines += [f"⚠ 注意：{w}" for w in self.warnings]
        lines += self.notes
        lines.append(
            f"数据行{len(self.rows)}行：可导入{len(self.valid)}行（新增{self.count('insert')}行、更新"
            f"{self.count('update')}行、跳过已存在{self.count('skip')}行），有误{len(self.rejected)}行"
        )
        for row, reason in self.skipped:
            lines.append(f"  第{row}行：{reason}，不作为数据")
        for r in self.rejected:
            for p in r.problems:
                lines.append(f"  ✗ {p}")
        return lines


def _extra_label(ledger: str, name: str) -> str:
    return next((e.label for e in EXTRAS.get(ledger, []) if e.name == name), name)


def _header_index(spec: LedgerSpec) -> dict[str, str]:
    index: dict[str, str] = {}
    for c in spec.columns:
        if c.hidden:
            continue
        for h in c.headers:
            index.setdefault(normalize_header(h), c.name)
    for e in EXTRAS.get(spec.key, []):
        for h in (e.label, *e.synonyms):
            index.setdefault(normalize_header(h), e.name)
    return index


def _match(index: dict[str, str], text: Any) -> str | None:
    n = normalize_header(text)
    if not n:
        return None
    found = index.get(n) or index.get(_strip_unit(n))
    if found is None and n.startswith("是否") and len(n) > 2:  # 是否重点监管 → 重点监管
        found = index.get(n[2:])
    return found


def _find_header(sheet: Sheet, index: dict[str, str]) -> tuple[int, int]:
    """(0-based row index, score) of the most header-like row among the first rows."""
    best = (-1, 0)
    for i, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        score = len({m for m in (_match(index, v) for v in row) if m})
        if score > best[1]:
            best = (i, score)
    return best


# The first characters of the rows TOTAL_ROW, NOTE_ROW and SIGN_ROW match (a test keeps them in step).
_SKIP_START = frozenset("合总小注说填备审单负联制")


def _row_kind(raw: list[Any]) -> str | None:
    """None for a data row, “” for an empty one, else why the row is not data (合计行, 注释或签名行)."""
    first = raw[0] if raw else None
    if isinstance(first, str):
        c = first[:1]
        if c and not c.isspace() and c not in _SKIP_START:
            return None  # the usual case, decided without cleaning the text
    elif isinstance(first, int | float | dt.date):
        return None  # a 序号 or a date
    text = _first_text(raw)
    if not text:
        return ""
    if TOTAL_ROW.match(text):
        return "合计行"
    if NOTE_ROW.match(text) or SIGN_ROW.match(text):
        return "注释或签名行"
    return None


def _first_text(row: list[Any]) -> str:
    for v in row:
        t = clean_text(v)
        if t:
            return halfwidth(t)
    return ""


def _report_date(rows: list[list[Any]]) -> dt.date | None:
    for row in rows:
        for v in row:
            m = REPORT_DATE.search(str(v or ""))
            if m:
                try:
                    return parse_date(m.group(1))
                except ValueError:
                    return None
    return None


def _lookups(ledger: LedgerService, spec: LedgerSpec) -> dict[str, dict[str, int]]:
    out = {}
    for c in spec.columns:
        if c.kind == REF and c.ref and get_spec(c.ref).title_field:
            out[c.name] = {without_spaces(k): v for k, v in ledger.lookup(c.ref).items()}
    return out


@gc_paused  # an import allocates several objects per cell, none of them in cycles
def plan_import(
    db: Database,
    path: Path | str,
    ledger_key: str,
    *,
    sheet: str | None = None,
    mapping: dict[str, str | None] | None = None,
    defaults: dict[str, Any] | None = None,
    duplicates: str = "skip",
) -> ImportPlan:
    """Read ``path`` and work out, row by row, what importing it into ``ledger_key`` would do.

    ``mapping`` overrides the automatic header mapping (file header → column name, or None to
    leave that column out); ``defaults`` fill columns the file lacks or leaves blank (column name or
    Chinese label → value); ``duplicates`` is ``"skip"`` or ``"update"``.
    """
    if duplicates not in ("skip", "update"):
        raise UserError("重复记录的处理方式只能是“跳过”或“更新”")
    spec = get_spec(ledger_key)
    if not can_create(ledger_key):
        raise UserError(f"{spec.title}的记录由“{spec.workflow}”产生，不能从文件导入。")
    path = Path(path)
    sheets = read_sheets(path)
    index = _header_index(spec)
    if sheet is not None:
        chosen = [s for s in sheets if s.name == sheet]
        if not chosen:
            raise UserError(f"“{path.name}”中没有名为“{sheet}”的工作表（有：{'、'.join(s.name for s in sheets)}）")
        candidates = chosen
    else:
        candidates = [s for s in sheets if any(any(clean_text(v) for v in r) for r in s.rows)]
    if not candidates:
        raise UserError(f"“{path.name}”中没有任何数据（所有工作表都是空的）。")
    scored = [(s, *_find_header(s, index)) for s in candidates]
    sh, hrow, score = max(scored, key=lambda t: t[2])
    need = 1 if len([c for c in spec.columns if not c.hidden]) <= 2 else 2
    if score < need:
        examples = "、".join(c.label for c in spec.columns if c.required and not c.hidden)[:60]
        raise UserError(
            f"在“{path.name}”中没有找到“{spec.title}”的表头行：前{HEADER_SCAN_ROWS}行中没有与本台账栏目"
            f"（如 {examples}）相符的标题。请检查是否选错了台账或文件。"
        )
    headers = [clean_text(v) or "" for v in sh.rows[hrow]]
    auto: dict[int, str | None] = {}
    used: set[str] = set()
    for i, h in enumerate(headers):
        name = None if normalize_header(h) in IGNORED_HEADERS else _match(index, h)
        if name and name not in used:
            auto[i] = name
            used.add(name)
        else:
            auto[i] = None
    for header_text, target in (mapping or {}).items():
        positions = [i for i, h in enumerate(headers) if normalize_header(h) == normalize_header(header_text)]
        if not positions:
            raise UserError(f"表头中没有“{header_text}”，无法按指定方式对应")
        if target is not None and target not in spec.names and target not in {e.name for e in EXTRAS.get(spec.key, [])}:
            label_map = {c.label: c.name for c in spec.columns}
            if target not in label_map:
                raise UserError(f"“{spec.title}”没有“{target}”这一栏")
            target = label_map[target]
        for i in positions:
            auto[i] = target
    notes: list[str] = []
    fixed: dict[str, Any] = {}
    label_map = {c.label: c.name for c in spec.columns}
    for k, v in (defaults or {}).items():
        name = label_map.get(k, k)
        if name not in spec.names:
            raise UserError(f"“{spec.title}”没有“{k}”这一栏，无法设定默认值")
        fixed[name] = v
        notes.append(f"“{spec.column(name).label}”未填写的行按“{v}”处理（导入时指定）")
    mapped = set(auto.values())
    title_text = " ".join(_first_text(r) for r in sh.rows[:hrow])
    report_date = _report_date(sh.rows[:hrow])
    if spec.date_field and spec.date_field not in mapped and spec.date_field not in fixed and report_date:
        fixed[spec.date_field] = report_date
        notes.append(f"文件没有“{spec.column(spec.date_field).label}”栏，按表头的填报日期{report_date:%Y-%m-%d}填写")
    if spec.key == "hazard" and "source" not in mapped and "source" not in fixed:
        source = (
            "superior"
            if re.search(r"督查|督导|问题清单", title_text)
            else "village"
            if "village_id" in mapped and re.search(r"村|自查", title_text + path.stem)
            else "inspection"
        )
        fixed["source"] = source
        notes.append(f"隐患来源按“{spec.column('source').choices.label(source)}”登记")  # type: ignore[union-attr]
    ledger = LedgerService(db)
    lookups = _lookups(ledger, spec)
    notes[:0] = sh.notes  # how the sheet itself was read comes first
    plan = ImportPlan(path, spec.key, sh.name, hrow + 1, headers, auto, [], [], notes, duplicates)
    data: list[tuple[int, list[Any]]] = []
    for i in range(hrow + 1, len(sh.rows)):
        raw = sh.rows[i]
        kind = _row_kind(raw)
        if kind is None:
            data.append((i + 1, raw))
        elif kind:
            plan.skipped.append((i + 1, kind))
    if not data:
        raise UserError(f"“{path.name}”工作表“{sh.name}”的表头在第{hrow + 1}行，但下面没有数据行，没有可导入的内容。")
    cells, sources = _layout(spec, auto, headers, lookups)
    rows = _Rows(data, sources)
    _read_columns(spec, rows, cells, fixed)
    _apply_rules(spec, rows, lookups.get("village_id", {}))
    plan.rows = _validated(spec, rows)
    _mark_duplicates(db, spec, plan)
    _refuse_guarded(db, spec, plan)
    if spec.key != "station":  # a station profile's file sets the town rather than naming another
        plan.warnings = other_town_warnings(db, path, sh, hrow, headers, data)
    return plan


def town_names(text: str) -> list[str]:
    """The towns (乡, 镇, 街道) a title, sheet name or file name mentions, in order: “青石镇” in
    “2026年青石镇辖区企业名录” or “填报单位（盖章）：青石镇人民政府”; not 各乡镇, 本镇 or 城乡."""
    found: list[str] = []
    for seg in _CJK.findall(halfwidth(text)):
        for m in TOWN_SUFFIX.finditer(seg):
            p = m.start()
            if m.group() == "乡" and seg[p + 1 : p + 2] == "镇":
                continue  # 乡镇: towns in general
            starts = [p - k for k in (2, 3, 4) if p - k >= 0]
            # A name of two to four characters, starting where the text does or after 县, 市, 年…;
            # else the two characters before (most towns' names have two).
            start = next((b for b in starts if b == 0 or seg[b - 1] in _TOWN_BEFORE), starts[0] if starts else None)
            if start is None:
                continue
            name = seg[start : m.end()]
            if name[0] in _NOT_A_TOWN_START or name.endswith(_NOT_A_TOWN_END) or "乡镇" in name:
                continue
            if name not in found:
                found.append(name)
    return found


def _town_core(name: str) -> str:
    """青石 for 青石镇, 青石镇人民政府 or 青石街道办事处: what two spellings of one town share."""
    text = _OFFICE.sub("", without_spaces(halfwidth(name)))
    return re.sub(r"(街道|镇|乡)$", "", text)


def same_town(a: str, b: str) -> bool:
    """Whether two names are one town (one may be cut short: 家河镇 and 马家河镇)."""
    ca, cb = _town_core(a), _town_core(b)
    return bool(ca and cb) and (ca.endswith(cb) or cb.endswith(ca))


def station_town(db: Database) -> str | None:
    """The station's town as set up (乡镇(街道)名称), or None before the setup."""
    profile = StationService(db).profile()
    text = clean_text(profile.get("town") or profile.get("name")) if profile else None
    if not text:
        return None
    names = town_names(text)  # “青石镇安全生产监督管理站” when only the station's name was given
    return names[0] if names else text


def other_town_warnings(
    db: Database, path: Path, sh: Sheet, hrow: int, headers: list[str], data: list[tuple[int, list[Any]]]
) -> list[str]:
    """Warnings when the file names another town than the station's: in its title rows, its sheet's or
    its own name, or a 乡镇 column. The county's list for 青石镇 imported at 柳河镇 would otherwise add
    青石镇's enterprises to 柳河镇's ledger without a word."""
    own = station_town(db)
    if not own:
        return []
    warnings: list[str] = []
    places = [
        ("标题", " ".join(t for r in sh.rows[:hrow] for v in r if (t := clean_text(v)))),
        ("工作表名", sh.name),
        ("文件名", path.stem),
    ]
    for where, text in places:
        others = [n for n in town_names(text) if not same_town(n, own)]
        if others:
            shown = text if len(text) <= 40 else text[:40] + "…"
            warnings.append(
                f"文件的{where}写的是“{'、'.join(others)}”（{where}：“{shown}”），本站是“{own}”。"
                "可能选错了文件，或这是别的乡镇的名单；请核对后再决定是否导入。"
            )
    for i, header in enumerate(headers):
        if not TOWN_HEADER.match(normalize_header(header)):
            continue
        counts: dict[str, int] = {}
        for _, raw in data:
            cell = clean_text(raw[i]) if i < len(raw) else None
            if cell and not same_town(cell, own):
                name = _OFFICE.sub("", without_spaces(halfwidth(cell)))
                counts[name] = counts.get(name, 0) + 1
        if counts:
            listed = "、".join(f"{n}{c}行" for n, c in sorted(counts.items(), key=lambda t: -t[1])[:5])
            more = "等" if len(counts) > 5 else ""
            warnings.append(
                f"“{header}”栏（{_letter(i + 1)}列）有{sum(counts.values())}行写的是其他乡镇（{listed}{more}），"
                f"本站是“{own}”；导入后这些行会记在本站的台账里。请核对后再决定是否导入。"
            )
    return warnings


@functools.cache
def _extras(ledger: str) -> dict[str, Any]:
    return {e.name: e for e in EXTRAS.get(ledger, [])}


@functools.cache
def _letter(col: int) -> str:
    return get_column_letter(col)


Cell = tuple[int, str, str, dict[str, int] | None, str]  # index, column, how (""/"extra"/"ref"), lookup, ref title


def _layout(
    spec: LedgerSpec, mapping: dict[int, str | None], headers: list[str], lookups: dict[str, dict[str, int]]
) -> tuple[list[Cell], dict[str, tuple[str, str]]]:
    """How every data row is read (worked out once): the mapped cells, and where each column comes
    from (letter, header) for the problems' messages."""
    extras = _extras(spec.key)
    cells: list[Cell] = []
    sources: dict[str, tuple[str, str]] = {}
    for i, name in mapping.items():
        if not name:
            continue
        sources[name] = (_letter(i + 1), headers[i])
        if name in extras:
            cells.append((i, name, "extra", None, ""))
            continue
        column = spec.column(name)
        if column.kind == REF and name in lookups:
            cells.append((i, name, "ref", lookups[name], get_spec(column.ref).title if column.ref else ""))
        else:
            cells.append((i, name, "", None, ""))
    return cells, sources


@dataclass
class _Rows:
    """The file's data rows while they are planned, a column at a time: column → one value per row
    (:data:`ABSENT` for an empty cell), and what the rows' cells already showed to be wrong."""

    data: list[tuple[int, list[Any]]]  # (sheet row number, cells)
    sources: dict[str, tuple[str, str]]
    columns: dict[str, list[Any]] = field(default_factory=dict)
    extras: dict[int, dict[str, Any]] = field(default_factory=dict)
    problems: dict[int, list[Problem]] = field(default_factory=dict)

    def problem(self, k: int, name: str, message: str) -> None:
        where = self.sources.get(name, ("", ""))
        self.problems.setdefault(k, []).append(Problem(self.data[k][0], *where, message))

    def column(self, name: str) -> list[Any]:
        """The column's values, an all-empty column added when the file has none."""
        return self.columns.setdefault(name, [ABSENT] * len(self.data))


def _read_columns(spec: LedgerSpec, rows: _Rows, cells: list[Cell], fixed: dict[str, Any]) -> None:
    """The data rows' cells as the ledger's columns: trimmed, names of registered records turned
    into their ids, blanks filled from ``fixed``, “立即整改” in a date column as the record's date."""
    raws = [raw for _, raw in rows.data]
    n = len(raws)
    width = min(map(len, raws))
    columns = rows.columns
    for i, name, how, lookup, ref_title in cells:
        cut = map(itemgetter(i), raws) if i < width else (raw[i] if i < len(raw) else None for raw in raws)
        column = [(v.strip() or ABSENT) if isinstance(v, str) else ABSENT if v is None else v for v in cut]
        if how == "extra":
            for k, v in enumerate(column):
                if v is not ABSENT:
                    try:
                        rows.extras.setdefault(k, {})[name] = parse_bool(v)
                    except ValueError as e:
                        rows.problem(k, name, str(e))
            continue
        if lookup is not None:
            # cell → (id or None, the name as compared); a list repeats the same few names. Keyed with
            # the type too: 1 and True are equal keys but not equal names.
            ids: dict[tuple[type, Any], tuple[int | None, str]] = {}
            for k, v in enumerate(column):
                if v is ABSENT:
                    continue
                hit = ids.get((v.__class__, v))
                if hit is None:
                    key = without_spaces(halfwidth(str(clean_text(v))))
                    hit = ids[v.__class__, v] = (lookup.get(key), key)
                found, key = hit
                if found is None:
                    rows.problem(k, name, f"“{key}”不在{ref_title}中（请先登记，或改成已登记的名称）")
                    column[k] = ABSENT
                else:
                    column[k] = found
        if name in columns:  # two file columns mapped to one ledger column: a later non-empty cell wins
            column = [old if new is ABSENT else new for old, new in zip(columns[name], column, strict=True)]
        columns[name] = column
    for name, value in fixed.items():
        given = columns.get(name)
        columns[name] = [value] * n if given is None else [value if v is ABSENT else v for v in given]
    if spec.date_field:  # “立即整改” in a date column: the record's own date (fixed on the day found)
        own = columns.get(spec.date_field, [ABSENT] * n)
        for c in spec.columns:
            dates = columns.get(c.name)
            if c.kind != DATE or c.name == spec.date_field or dates is None:
                continue
            for k, v in enumerate(dates):
                if isinstance(v, str) and halfwidth(v).strip() in IMMEDIATE:
                    dates[k] = None if own[k] is ABSENT else own[k]


def _apply_rules(spec: LedgerSpec, rows: _Rows, villages: dict[str, int]) -> None:
    """Ledger-specific import rules, before validation."""
    if spec.key == "enterprise" and villages and "address" in rows.columns:
        # The county's list gives an address (青石镇高桥村4组) rather than a village column.
        address, village = rows.columns["address"], rows.column("village_id")
        for k, (a, v) in enumerate(zip(address, village, strict=True)):
            if a is not ABSENT and a and (v is ABSENT or not v):
                text = without_spaces(str(a))
                hit = next((vid for name, vid in villages.items() if name in text), None)
                if hit:
                    village[k] = hit
    if spec.key == "hazard":
        rectified = rows.column("rectified_date")
        for k, extras in rows.extras.items():
            if not extras.get("_rectified"):
                continue
            done = rectified[k]
            if done is ABSENT or not done:
                rows.problem(k, "", "标为已整改，但没有填写整改完成日期")
                continue
            deadline = rows.column("deadline")
            if deadline[k] is ABSENT or not deadline[k]:
                deadline[k] = done
        for name in set(spec.owned) - {"rectified_date"}:  # that one becomes the 报告整改完成 step
            rows.columns.pop(name, None)  # states and documents come from the workflow, not a spreadsheet


def _validated(spec: LedgerSpec, rows: _Rows) -> list[PlannedRow]:
    """Every row validated: its typed values, or (keeping the values as read) what is wrong with it."""
    n = len(rows.data)
    clean, errors = validate_columns(spec, rows.columns, n, external=True)
    values = records_from_columns(clean, n, ABSENT)
    planned = []
    extras, problems, sources = rows.extras, rows.problems, rows.sources
    for k, (rowno, raw) in enumerate(rows.data):
        pr = PlannedRow(rowno, raw, values[k], extras.get(k) or {}, "insert", None, problems.get(k) or [], sources)
        if k in errors:
            pr.values = {name: column[k] for name, column in rows.columns.items() if column[k] is not ABSENT}
            for fe in errors[k]:
                col, header = sources.get(fe.field, ("", fe.label))
                pr.problems.append(Problem(rowno, col, header, fe.message))
        if pr.problems:
            pr.action = "reject"
        planned.append(pr)
    return planned


def _distinct(keys: list[Any]) -> bool:
    """Whether no key other than None and “” occurs twice."""
    unique = set(keys)
    return len(unique) + sum(keys.count(blank) - (blank in unique) for blank in (None, "")) == len(keys)


def _mark_duplicates(db: Database, spec: LedgerSpec, plan: ImportPlan) -> None:
    """Rows whose natural key (NATURAL_KEYS, first match wins) an earlier row of the file has are
    rejected; rows matching a live record are marked to update it or to be skipped."""
    keysets = NATURAL_KEYS.get(spec.key, [])
    if not keysets:
        return
    t = spec.table
    rows = [pr for pr in plan.rows if pr.action != "reject"]
    values = [pr.values for pr in rows]
    existing: list[dict[Any, int]] = []
    owned: list[dict[int, Any]] = []  # per keyset, each live record's key by id
    keys: list[list[Any]] = []  # per keyset, each row's key: a value for one field, a tuple for more
    with db.session() as s:
        for fields in keysets:
            found = s.execute(select(t.c.id, *[t.c[f] for f in fields]).where(t.c.deleted_at.is_(None))).all()
            if len(fields) == 1:
                owned.append({r[0]: r[1] for r in found})
                keys.append(list(map(dict.get, values, repeat(fields[0]))))
            else:
                owned.append({r[0]: tuple(r[1:]) for r in found})
                keys.append(list(zip(*(map(dict.get, values, repeat(f)) for f in fields), strict=True)))
            existing.append({key: id_ for id_, key in owned[-1].items()})
    if all(_distinct(k) and existing[n].keys().isdisjoint(k) for n, k in enumerate(keys)):
        return  # new records only, none twice (the usual first import): nothing to mark
    seen: list[dict[Any, int]] = [{} for _ in keysets]
    updating = plan.duplicates == "update"
    for j, pr in enumerate(rows):
        for n, fields in enumerate(keysets):
            key = keys[n][j]
            if key is None or key == "":  # a row without a credit code is matched by name only
                continue
            if key in seen[n]:
                labels = "、".join(spec.column(f).label for f in fields)
                pr.problems.append(Problem(pr.row, "", "", f"与第{seen[n][key]}行的“{labels}”相同（文件内重复）"))
                pr.action = "reject"
                break
            seen[n][key] = pr.row
            if key in existing[n]:
                target = existing[n][key]
                clash = _conflict(spec, keysets, keys, owned, n, j, target)
                if clash and updating:  # same name, another firm's code: never merged into it
                    pr.problems.append(Problem(pr.row, "", "", clash))
                    pr.action = "reject"
                    break
                if clash:  # skipped either way, but the clerk is told it may be another firm
                    plan.notes.append(f"第{pr.row}行：{clash}")
                pr.target_id = target
                pr.action = "update" if updating else "skip"
                break


def _refuse_guarded(db: Database, spec: LedgerSpec, plan: ImportPlan) -> None:
    """Rows that would update a record in a way one of the ledger's guards refuses (a stopped
    enterprise set back to 在产 without a passed 复工复产验收) are rejected in the preview with the
    guard's reason, so the clerk sees them before importing; commit_import would otherwise stop on
    the first of them and write nothing."""
    updates = [pr for pr in plan.rows if pr.action == "update"]
    if not spec.guards or not updates:
        return
    ledger = LedgerService(db)
    with db.session() as s:
        for pr in updates:
            assert pr.target_id is not None
            current = ledger.get(spec.key, pr.target_id, session=s)
            changed = {
                k: (current[k], v)
                for k, v in pr.values.items()
                if k in current and k not in spec.owned and current[k] != v
            }
            for guard in spec.guards:
                if (reason := guard(s, current, changed)) is not None:
                    column = next((k for k in changed if k in pr.sources), None)
                    letter, header = pr.sources[column] if column else ("", "")
                    pr.problems.append(Problem(pr.row, letter, header, reason))
                    pr.action = "reject"
                    break


def _conflict(
    spec: LedgerSpec,
    keysets: list[tuple[str, ...]],
    keys: list[list[Any]],
    owned: list[dict[int, Any]],
    n: int,
    j: int,
    target: int,
) -> str | None:
    """A row matched by a weaker key (a firm's name) whose stronger key (its credit code) is filled in
    and differs from the matched record's: two different firms, not one to update."""
    for m in range(n):
        mine, theirs = keys[m][j], owned[m].get(target)
        if mine not in (None, "") and theirs not in (None, "") and mine != theirs:
            weak = "、".join(spec.column(f).label for f in keysets[n])
            strong = "、".join(spec.column(f).label for f in keysets[m])
            return (
                f"“{weak}”与已登记的记录相同，但“{strong}”不同（已登记：{theirs}，文件中：{mine}）："
                "可能是同名的另一家单位，未导入也未覆盖；如确为同一家，请先在台账中核对修改后再导入"
            )
    return None


# --- committing ---------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    """What an import wrote."""

    inserted: int
    updated: int
    skipped: int
    rejected: int
    error_file: Path | None
    backup: Path | None

    def summary(self) -> str:
        text = f"导入完成：新增{self.inserted}行，更新{self.updated}行，跳过已存在{self.skipped}行"
        if self.rejected:
            text += f"，有误未导入{self.rejected}行"
            if self.error_file:
                text += f"（已写入“{self.error_file}”）"
        return text + "。"


class ImportCancelled(UserError):
    """The clerk cancelled; the transaction was rolled back and nothing was written."""


@gc_paused
def commit_import(
    db: Database,
    plan: ImportPlan,
    *,
    mode: str = "all",
    operator: Operator | None = None,
    error_path: Path | None = None,
    backup_dir: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportResult:
    """Write the plan. ``mode="all"``: only if every row is valid; ``mode="valid"``: the valid rows,
    with the rejected ones written to ``error_path`` (default: beside the source file)."""
    if mode not in ("all", "valid"):
        raise UserError("导入方式只能是“全部”或“仅正确的行”")
    rejected = plan.rejected
    if mode == "all" and rejected:
        raise UserError(f"有{len(rejected)}行数据有误，未导入任何数据。请修改后重新导入，或选择只导入正确的行。")
    error_file = None
    if rejected:
        error_file = write_error_workbook(plan, error_path or plan.path.with_name(f"{plan.path.stem}_错误行.xlsx"))
    backup = None
    if db.path is not None and db.path.exists():
        folder = backup_dir or db.path.parent / "backups"
        backup = backup_file(db.path, folder, reason="导入前")
        config = AppConfig.load()  # 导入前 backups are rotated like the daily ones, or they pile up
        rotate(
            folder,
            db.path.stem,
            station_uid(db.path),
            keep_daily=config.keep_daily,
            keep_monthly=config.keep_monthly,
            today=dt.date.today(),
        )
    ledger = LedgerService(db, operator=operator)
    spec = plan.spec
    inserts = [r for r in plan.rows if r.action == "insert"]
    updates = [r for r in plan.rows if r.action == "update"]
    total = len(inserts) + len(updates)
    done = 0
    chunk = 1000
    with db.session() as s:
        for start in range(0, len(inserts), chunk):
            if cancelled and cancelled():
                s.rollback()
                raise ImportCancelled("已取消导入，数据库没有任何改动。")
            part = inserts[start : start + chunk]
            if spec.key == "hazard":  # hazards enter their workflow as registered ones do
                rectified = [bool(r.extras.get("_rectified")) for r in part]
                HazardService(ledger).register_imported(s, [r.values for r in part], rectified)
            else:
                ledger.bulk_insert(s, spec.key, [r.values for r in part])
            done += len(part)
            if progress:
                progress(done, total)
        for r in updates:
            if cancelled and cancelled():
                s.rollback()
                raise ImportCancelled("已取消导入，数据库没有任何改动。")
            assert r.target_id is not None
            # A workflow's columns change through its steps only, never by re-importing a file.
            values = {k: v for k, v in r.values.items() if k not in spec.owned}
            ledger.update(spec.key, r.target_id, values, session=s)
            done += 1
            if progress and done % 200 == 0:
                progress(done, total)
        s.commit()
    if progress:
        progress(total, total)
    return ImportResult(len(inserts), len(updates), plan.count("skip"), len(rejected), error_file, backup)


def write_error_workbook(plan: ImportPlan, path: Path) -> Path:
    """The rejected rows as they were in the file, with a column saying what is wrong with each."""
    from openpyxl import Workbook

    from safetystation.excel.writer import discard, text_cell, value_cell

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("错误行")
    ws.append([text_cell(ws, "原行号"), *[text_cell(ws, h) for h in plan.headers], text_cell(ws, "错误原因")])
    for r in plan.rejected:
        cells = [value_cell(ws, r.row)]
        cells += [value_cell(ws, v) if v is not None else None for v in r.raw[: len(plan.headers)]]
        cells += [None] * (len(plan.headers) + 1 - len(cells))
        cells.append(text_cell(ws, "；".join(str(p) for p in r.problems)))
        ws.append(cells)
    try:
        return write_output(path, wb.save)
    except BaseException:
        discard(wb)
        raise
