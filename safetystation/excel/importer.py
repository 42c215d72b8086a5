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
import gc
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import Any

from openpyxl.utils import get_column_letter
from sqlalchemy import insert, select, update

from safetystation.domain import get_spec
from safetystation.domain.base import stamps
from safetystation.domain.spec import BOOL, DATE, REF, LedgerSpec
from safetystation.domain.values import (
    clean_text,
    halfwidth,
    parse_bool,
    parse_date,
    records_from_columns,
    validate_many,
)
from safetystation.errors import UserError, ValidationError
from safetystation.excel.reader import Sheet, read_sheets
from safetystation.services.ledger import LedgerService
from safetystation.storage.backup import backup_file
from safetystation.storage.db import Database

HEADER_SCAN_ROWS = 30
IGNORED_HEADERS = {"序号", "编号(序号)", "no", "no.", "行号"}
IMMEDIATE = {"立即整改", "立即", "立刻", "当场", "当场整改", "马上", "即时"}
TOTAL_ROW = re.compile(r"^(合\s*计|总\s*计|小\s*计)")
NOTE_ROW = re.compile(r"^(注[:：\d１-９一二三、.\s]|注$|说明[:：]|填表说明|备注[:：])")
SIGN_ROW = re.compile(r"^(填表人|填报人|审核人|单位负责人|负责人|联系电话|制表人)[:：]")
REPORT_DATE = re.compile(r"填报日期[:：]\s*(\S+)")


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


def _gc_paused(f: Callable[..., Any]) -> Callable[..., Any]:
    """Run ``f`` with Python's cyclic garbage collector paused. An import allocates several objects
    per cell, none of them in reference cycles, and the collector would walk all of them again and
    again (a tenth of a 10,000-row import); they are freed by reference counting as usual."""

    @functools.wraps(f)
    def paused(*args: Any, **kwargs: Any) -> Any:
        enabled = gc.isenabled()
        gc.disable()
        try:
            return f(*args, **kwargs)
        finally:
            if enabled:
                gc.enable()

    return paused


@_gc_paused
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
    plan = ImportPlan(path, spec.key, sh.name, hrow + 1, headers, auto, [], [], notes, duplicates)
    data: list[tuple[int, list[Any]]] = []
    for i in range(hrow + 1, len(sh.rows)):
        raw = sh.rows[i]
        kind = _row_kind(raw)
        if kind is None:
            data.append((i + 1, raw))
        elif kind:
            plan.skipped.append((i + 1, kind))
    cells, sources = _layout(spec, auto, headers, lookups)
    plan.rows = _plan_rows(spec, data, cells, sources, fixed)
    if not plan.rows:
        raise UserError(f"“{path.name}”工作表“{sh.name}”的表头在第{hrow + 1}行，但下面没有数据行，没有可导入的内容。")
    _apply_rules(spec, plan, lookups.get("village_id", {}))
    _mark_duplicates(db, spec, plan)
    return plan


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


_BLANK = object()  # a cell the row leaves empty: the column is not mentioned in the row's values


def _plan_rows(
    spec: LedgerSpec,
    data: list[tuple[int, list[Any]]],
    cells: list[Cell],
    sources: dict[str, tuple[str, str]],
    fixed: dict[str, Any],
) -> list[PlannedRow]:
    """The data rows' values as the ledger's columns (trimmed; names of registered records turned
    into their ids; blanks filled from ``fixed``; “立即整改” in a date column as the record's date),
    worked a column at a time; the values are validated later, all rows at once."""
    raws = [raw for _, raw in data]
    n = len(raws)
    width = min(map(len, raws), default=0)
    problems: dict[int, list[Problem]] = {}
    extras: dict[int, dict[str, Any]] = {}
    columns: dict[str, list[Any]] = {}
    for i, name, how, lookup, ref_title in cells:
        cut = map(itemgetter(i), raws) if i < width else (raw[i] if i < len(raw) else None for raw in raws)
        column = [(v.strip() or _BLANK) if isinstance(v, str) else _BLANK if v is None else v for v in cut]
        if how == "extra":
            for k, v in enumerate(column):
                if v is not _BLANK:
                    try:
                        extras.setdefault(k, {})[name] = parse_bool(v)
                    except ValueError as e:
                        problems.setdefault(k, []).append(Problem(data[k][0], *sources[name], str(e)))
            continue
        if lookup is not None:
            found: dict[Any, int | None] = {}  # cell → id; a list repeats the same few names
            for k, v in enumerate(column):
                if v is _BLANK:
                    continue
                if v not in found:
                    found[v] = lookup.get(without_spaces(halfwidth(str(clean_text(v)))))
                column[k] = found[v]
                if column[k] is None:
                    key = without_spaces(halfwidth(str(clean_text(v))))
                    message = f"“{key}”不在{ref_title}中（请先登记，或改成已登记的名称）"
                    problems.setdefault(k, []).append(Problem(data[k][0], *sources[name], message))
                    column[k] = _BLANK
        if name in columns:  # two file columns mapped to one ledger column: a later non-empty cell wins
            column = [old if new is _BLANK else new for old, new in zip(columns[name], column, strict=True)]
        columns[name] = column
    for name, value in fixed.items():
        column = columns.get(name)
        columns[name] = [value] * n if column is None else [value if v is _BLANK else v for v in column]
    if spec.date_field:  # “立即整改” in a date column: the record's own date (fixed on the day found)
        own = columns.get(spec.date_field, [_BLANK] * n)
        for c in spec.columns:
            column = columns.get(c.name)
            if c.kind != DATE or c.name == spec.date_field or column is None:
                continue
            for k, v in enumerate(column):
                if isinstance(v, str) and halfwidth(v).strip() in IMMEDIATE:
                    column[k] = None if own[k] is _BLANK else own[k]
    values = records_from_columns(columns, n, _BLANK)
    return [
        PlannedRow(rowno, raw, record, extras.get(k, {}), problems=problems.get(k, []), sources=sources)
        for k, ((rowno, raw), record) in enumerate(zip(data, values, strict=True))
    ]


def _apply_rules(spec: LedgerSpec, plan: ImportPlan, villages: dict[str, int]) -> None:
    """Ledger-specific import rules, then validation of every row."""
    for pr in plan.rows:
        if spec.key == "enterprise" and villages and not pr.values.get("village_id") and pr.values.get("address"):
            # The county's list gives an address (青石镇高桥村4组) rather than a village column.
            address = without_spaces(str(pr.values["address"]))
            hit = next((vid for name, vid in villages.items() if name in address), None)
            if hit:
                pr.values["village_id"] = hit
        if spec.key == "hazard" and pr.extras.get("_rectified") and pr.values.get("rectified_date"):
            if not pr.values.get("deadline"):
                pr.values["deadline"] = pr.values["rectified_date"]
        if spec.key == "hazard" and pr.extras.get("_rectified") and not pr.values.get("rectified_date"):
            pr.problems.append(Problem(pr.row, "", "", "标为已整改，但没有填写整改完成日期"))
        if spec.key == "hazard":
            for k in ("status", "closed_date", "verifier", "verified_date", "verify_result", "failed_reviews"):
                pr.values.pop(k, None)  # states come from the workflow, not from a spreadsheet
    checked = validate_many(spec, [pr.values for pr in plan.rows], external=True)
    for pr, result in zip(plan.rows, checked, strict=True):
        if isinstance(result, ValidationError):
            for fe in result.errors:
                col, header = pr.sources.get(fe.field, ("", fe.label))
                pr.problems.append(Problem(pr.row, col, header, fe.message))
        else:
            pr.values = result
        if pr.problems:
            pr.action = "reject"


def _key_of(values: dict[str, Any], fields: tuple[str, ...]) -> tuple[Any, ...] | None:
    key = tuple(values.get(f) for f in fields)
    if len(fields) == 1 and key[0] in (None, ""):
        return None
    return key


def _mark_duplicates(db: Database, spec: LedgerSpec, plan: ImportPlan) -> None:
    keysets = NATURAL_KEYS.get(spec.key, [])
    if not keysets:
        return
    t = spec.table
    existing: list[dict[tuple[Any, ...], int]] = []
    with db.session() as s:
        for fields in keysets:
            rows = s.execute(select(t.c.id, *[t.c[f] for f in fields]).where(t.c.deleted_at.is_(None)))
            existing.append({tuple(r[1:]): r[0] for r in rows})
    seen: list[dict[tuple[Any, ...], int]] = [{} for _ in keysets]
    for pr in plan.rows:
        if pr.action == "reject":
            continue
        for n, fields in enumerate(keysets):
            key = _key_of(pr.values, fields)
            if key is None:
                continue
            if key in seen[n]:
                labels = "、".join(spec.column(f).label for f in fields)
                pr.problems.append(Problem(pr.row, "", "", f"与第{seen[n][key]}行的“{labels}”相同（文件内重复）"))
                pr.action = "reject"
                break
            seen[n][key] = pr.row
            if key in existing[n]:
                pr.target_id = existing[n][key]
                pr.action = "update" if plan.duplicates == "update" else "skip"
                break


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


@_gc_paused
def commit_import(
    db: Database,
    plan: ImportPlan,
    *,
    mode: str = "all",
    operator: str | None = None,
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
        backup = backup_file(db.path, backup_dir or db.path.parent / "backups", reason="导入前")
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
            ids = ledger.bulk_insert(s, spec.key, [r.values for r in part])
            if spec.key == "hazard":
                _hazard_workflow(s, part, ids, operator)
            done += len(part)
            if progress:
                progress(done, total)
        for r in updates:
            if cancelled and cancelled():
                s.rollback()
                raise ImportCancelled("已取消导入，数据库没有任何改动。")
            assert r.target_id is not None
            ledger.update(spec.key, r.target_id, r.values, session=s)
            done += 1
            if progress and done % 200 == 0:
                progress(done, total)
        s.commit()
    if progress:
        progress(total, total)
    return ImportResult(len(inserts), len(updates), plan.count("skip"), len(rejected), error_file, backup)


def _hazard_workflow(s: Any, rows: list[PlannedRow], ids: list[int], operator: str | None) -> None:
    """Imported hazards enter the workflow like registered ones: a number, a 登记 step, and for rows
    the file reports as rectified, a 报告整改完成 step (they then await the station's re-inspection)."""
    h, ev = get_spec("hazard").table, get_spec("hazard_event").table
    events = []
    for r, hid in zip(rows, ids, strict=True):
        found = r.values["found_date"]
        s.execute(
            update(h)
            .where(h.c.id == hid)
            .values(
                hazard_no=r.values.get("hazard_no") or f"YH{found:%Y}-{hid:05d}",
                status="awaiting_review" if r.extras.get("_rectified") else "registered",
            )
        )
        events.append(
            {
                "hazard_id": hid,
                "date": found,
                "action": "登记（导入）",
                "status_from": None,
                "status_to": "registered",
                "person": operator,
                "passed": None,
                "note": r.values.get("description"),
                **stamps(operator),
            }
        )
        if r.extras.get("_rectified"):
            events.append(
                {
                    "hazard_id": hid,
                    "date": r.values["rectified_date"],
                    "action": "报告整改完成（导入）",
                    "status_from": "registered",
                    "status_to": "awaiting_review",
                    "person": operator,
                    "passed": None,
                    "note": None,
                    **stamps(operator),
                }
            )
    s.execute(insert(ev), events)


def write_error_workbook(plan: ImportPlan, path: Path) -> Path:
    """The rejected rows as they were in the file, with a column saying what is wrong with each."""
    from openpyxl import Workbook

    from safetystation.excel.writer import text_cell, value_cell

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
        wb.save(path)
    except OSError as e:
        raise UserError(f"无法写入错误行文件“{path}”：{e.strerror}") from e
    return path
