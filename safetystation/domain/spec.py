"""The declarative ledger description (DESIGN.md §2): one ``LedgerSpec`` per ledger.

A ledger's fields are declared once, on its sqlmodel table, with :func:`col`. The column metadata
(Chinese label, kind, choices, width, Excel synonyms…) rides in the SQLAlchemy column ``info`` and is
read back by :func:`register`, so the table view, the edit form, the Excel import mapping and export
headers, and the print layout all read the same description.

A column's ``width`` is its natural width in **Excel column-width units**: one digit or Latin letter is
1, one Chinese character is 2 (a date ``2026-11-25`` is 10, 隐患等级 is 8, a 15-character 隐患描述 is
30). Every user reads it in that unit: the Excel export sets it as the column width (plus the cell's
padding), the table view and the print layout turn it into half a Chinese character of their own font
per unit (:attr:`ColumnSpec.chars`).

What goes on paper is the ledger's print profile (``register(..., printed=(...))``): the columns of
the printed ledger in their order; the clerk may print another choice of columns for one print.
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from safetystation.domain.choices import Choices

# Column kinds. Each decides parsing, validation, display and the Excel cell type.
TEXT, LONGTEXT, INT, MONEY, DATE, DATETIME, BOOL, CHOICE, REF = (
    "text",
    "longtext",
    "int",
    "money",
    "date",
    "datetime",
    "bool",
    "choice",
    "ref",
)
KINDS = {TEXT, LONGTEXT, INT, MONEY, DATE, DATETIME, BOOL, CHOICE, REF}

_META = "ss_column"


@dataclass(frozen=True)
class ColumnMeta:
    """What :func:`col` records about a column beyond its SQL type."""

    label: str
    kind: str | None = None
    required: bool = False
    choices: Choices | None = None
    ref: str | None = None
    width: int | None = None
    fmt: str | None = None
    synonyms: tuple[str, ...] = ()
    help: str = ""
    min: int | None = None
    max: int | None = None
    max_length: int | None = None
    check: Callable[[Any], str | None] | None = None
    search: bool = False
    filter: bool = False
    hidden: bool = False
    owner: str | None = None
    by_operator: bool = False
    unique: bool = False  # no two of the station's records share the value (UNIQUE (station_id, column))


def col(
    label: str,
    *,
    default: Any = None,
    required: bool = False,
    kind: str | None = None,
    choices: Choices | None = None,
    ref: str | None = None,
    width: int | None = None,
    fmt: str | None = None,
    synonyms: tuple[str, ...] = (),
    help: str = "",
    min: int | None = None,
    max: int | None = None,
    max_length: int | None = None,
    check: Callable[[Any], str | None] | None = None,
    search: bool = False,
    filter: bool = False,
    hidden: bool = False,
    owner: str | None = None,
    by_operator: bool = False,
    index: bool = False,
    unique: bool = False,
) -> Any:
    """A sqlmodel ``Field`` carrying the ledger metadata; ``ref`` is the referenced table name.
    ``owner`` names the workflow that alone writes the column (e.g. 隐患治理流程 for a hazard's status):
    the generic create, update and import refuse it, the form shows it read-only. ``width`` is in Excel
    column-width units (a Chinese character is 2, see the module's docstring). ``by_operator`` proposes
    the operator's name in a new record's form."""
    meta = ColumnMeta(
        label=label,
        kind=kind,
        required=required,
        choices=choices,
        ref=ref,
        width=width,
        fmt=fmt,
        synonyms=tuple(synonyms),
        help=help,
        min=min,
        max=max,
        max_length=max_length,
        check=check,
        search=search,
        filter=filter or choices is not None or ref is not None,
        hidden=hidden,
        owner=owner,
        by_operator=by_operator,
        unique=unique and ref is None,
    )
    kwargs: dict[str, Any] = {"sa_column_kwargs": {"info": {_META: meta}}}
    if ref is not None:
        kwargs["foreign_key"] = f"{ref}.id"
        kwargs["index"] = True
        kwargs["ondelete"] = "RESTRICT"
    elif index:
        kwargs["index"] = True
    if unique and ref is not None:  # one record per referenced record: ids are the database's, not a station's
        kwargs["unique"] = True
    if max_length is not None:
        kwargs["max_length"] = max_length
    return Field(default=default, **kwargs)


# Excel's cell limit: every text column holds at most this much, so whatever can be typed or imported
# can also be exported (a 40,000-character 备注 used to import and then block the ledger's export).
MAX_TEXT = 32_767


def _text_limit(kind: str, declared: int | None) -> int | None:
    if kind not in (TEXT, LONGTEXT):
        return declared
    return min(declared, MAX_TEXT) if declared else MAX_TEXT


@dataclass(frozen=True)
class ColumnSpec:
    """One ledger column: name, Chinese label, kind and the rules that go with it."""

    name: str
    label: str
    kind: str
    required: bool
    choices: Choices | None
    ref: str | None
    width: int
    fmt: str | None
    synonyms: tuple[str, ...]
    help: str
    min: int | None
    max: int | None
    max_length: int | None
    check: Callable[[Any], str | None] | None
    search: bool
    filter: bool
    hidden: bool
    owner: str | None = None
    by_operator: bool = False  # a new record's value is, unless changed, the operator's name (带队人)

    @property
    def chars(self) -> float:
        """The natural width in Chinese characters (``width`` counts a Chinese character as 2)."""
        return self.width / 2

    @property
    def headers(self) -> tuple[str, ...]:
        """Every header text an import accepts for this column (label first)."""
        return (self.label, *self.synonyms)


Check = Callable[[dict[str, Any]], list[tuple[str, str]]]
# A rule over other records that a change must keep (an enterprise back to 在产 needs a passed 复产验收):
# given the caller's session, the record as it is and the changes {name: (old, new)}, the Chinese
# reason the change is refused, or None. LedgerService.update asks every guard of the ledger.
Guard = Callable[[Any, dict[str, Any], dict[str, tuple[Any, Any]]], str | None]


@dataclass(frozen=True)
class Numbering:
    """A record number the service gives a new record whose ``field`` is left blank: ``prefix``, the
    year of the ledger's date field and a sequence per year (JC2026-0007). The next number follows
    the highest of that year, counting records in the recycle bin, so a number is never reused."""

    field: str
    prefix: str
    digits: int = 4

    def format(self, year: int, n: int) -> str:
        return f"{self.prefix}{year}-{n:0{self.digits}d}"

    def sequence(self, number: str, year: int) -> int | None:
        """The sequence of ``number`` if it is one of ``year``'s in this pattern."""
        head = f"{self.prefix}{year}-"
        tail = number[len(head) :] if number.startswith(head) else ""
        return int(tail) if tail.isascii() and tail.isdigit() else None


@dataclass
class LedgerSpec:
    """A ledger: its table, Chinese title, columns in display order and cross-field checks."""

    key: str
    title: str
    model: type[SQLModel]
    columns: list[ColumnSpec]
    group: str
    record_code: str = ""
    date_field: str | None = None
    title_field: str | None = None
    order_by: tuple[str, ...] = ("-id",)  # the default order: see register()
    parent: str | None = None
    checks: list[Check] = field(default_factory=list)
    numbering: Numbering | None = None
    # The columns a record is shown by where another ledger picks it (检查记录: 日期 单位 编号).
    picker: tuple[str, ...] = ()
    # The workflow whose service alone creates this ledger's records (隐患治理流程 for 隐患), or None.
    workflow: str | None = None
    # Why a record of this ledger is never deleted (a notice's number: it is cancelled instead), or None.
    undeletable: str | None = None
    # The print profile: the columns of the printed ledger, in order (empty: every shown column).
    printed: tuple[str, ...] = ()
    # Rules over other records that every change of a record must keep (see Guard); another module may
    # add one (domain/resumption.py guards the enterprise's 经营状态).
    guards: list[Guard] = field(default_factory=list)

    @functools.cached_property
    def unique(self) -> frozenset[str]:
        """The columns no two of the station's records share (a column's ``unique``; #19)."""
        return frozenset(
            c.name
            for u in self.table.constraints
            if isinstance(u, UniqueConstraint)
            for c in u.columns
            if c.name != "station_id"
        ) | frozenset(c.name for c in self.table.columns if c.unique)

    @functools.cached_property
    def owned(self) -> dict[str, str]:
        """Column → the workflow that alone writes it."""
        return {c.name: c.owner for c in self.columns if c.owner}

    @property
    def table(self) -> Any:
        return self.model.__table__  # type: ignore[attr-defined]

    def column(self, name: str) -> ColumnSpec:
        try:
            return self.by_name[name]
        except KeyError:
            raise KeyError(f"{self.key}: no column {name!r}") from None

    @functools.cached_property
    def by_name(self) -> dict[str, ColumnSpec]:
        return {c.name: c for c in self.columns}

    @functools.cached_property
    def defaults(self) -> dict[str, Any]:
        """Column → default value of the table (not the bookkeeping columns, whose values vary)."""
        out = {}
        for name, f in self.model.model_fields.items():
            if name in self.by_name and f.default_factory is None and f.default is not None:
                out[name] = f.default
        return out

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def printable(self) -> list[ColumnSpec]:
        """Every column that can go on paper: the shown ones (a hidden column is bookkeeping)."""
        return [c for c in self.columns if not c.hidden]

    @property
    def print_columns(self) -> list[ColumnSpec]:
        """The print profile's columns in its order (every shown column when the ledger has none)."""
        return [self.by_name[n] for n in self.printed] if self.printed else self.printable

    @property
    def search_columns(self) -> list[ColumnSpec]:
        return [c for c in self.columns if c.search]

    @property
    def filter_columns(self) -> list[ColumnSpec]:
        return [c for c in self.columns if c.filter]


LEDGERS: dict[str, LedgerSpec] = {}

# Navigation groups (the desktop issue's left-hand tree uses the same names).
GROUP_STATION, GROUP_EQUIPMENT, GROUP_LEDGER, GROUP_HAZARD, GROUP_DRILL, GROUP_SYSTEM = (
    "基础信息",
    "六有装备",
    "台账",
    "隐患治理",
    "应急演练",
    "系统",
)


def _unwrap_optional(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if len(args) == 1:
            return args[0]
    return tp


def _infer_kind(py_type: Any, meta: ColumnMeta) -> str:
    if meta.kind:
        return meta.kind
    if meta.ref:
        return REF
    if meta.choices is not None:
        return CHOICE
    tp = _unwrap_optional(py_type)
    if tp is bool:
        return BOOL
    if tp is int:
        return INT
    if tp is dt.datetime or getattr(tp, "__name__", "") in ("NaiveDatetime", "AwareDatetime"):
        return DATETIME
    if tp is dt.date:
        return DATE
    return TEXT


_DEFAULT_WIDTH = {TEXT: 12, LONGTEXT: 30, INT: 6, MONEY: 10, DATE: 11, DATETIME: 16, BOOL: 5, CHOICE: 8, REF: 16}


def register(
    model: type[SQLModel],
    *,
    key: str | None = None,
    title: str,
    group: str,
    record_code: str = "",
    date_field: str | None = None,
    title_field: str | None = None,
    order_by: tuple[str, ...],
    parent: str | None = None,
    checks: list[Check] | None = None,
    numbering: Numbering | None = None,
    picker: tuple[str, ...] = (),
    workflow: str | None = None,
    undeletable: str | None = None,
    printed: tuple[str, ...] = (),
) -> LedgerSpec:
    """Build the ``LedgerSpec`` of a table from its :func:`col` metadata and add it to ``LEDGERS``.

    ``order_by`` is the ledger's default order, which every list, export and print of it follows and
    the window's header shows: column names, ``"-name"`` descending, text by pinyin (services/ledger.py
    ``_sort_terms``). Dated ledgers put the newest first (``("-date", "-id")``); registers sort by the
    pinyin of their name (tests/unit/test_pinyin.py holds every ledger to this).

    ``printed`` is the print profile: the columns that go on paper and their order, for a ledger whose
    shown columns do not fit across landscape A4 (the rest stay on screen, in the export and on the
    record's own document; the clerk can add them for one print). Without it every shown column prints."""
    table = model.__table__  # type: ignore[attr-defined]
    key = key or table.name
    fields = model.model_fields  # their annotations, as pydantic has evaluated them already
    columns: list[ColumnSpec] = []
    for c in table.columns:
        meta: ColumnMeta | None = c.info.get(_META)
        if meta is None:
            continue
        if meta.unique:  # unique within the station: several townships may share one PostgreSQL database
            table.append_constraint(UniqueConstraint(table.c.station_id, c, name=f"uq_{table.name}_{c.name}"))
        kind = _infer_kind(fields[c.name].annotation if c.name in fields else None, meta)
        if kind not in KINDS:
            raise ValueError(f"{key}.{c.name}: unknown kind {kind!r}")
        required = meta.required or (not c.nullable and c.default is None and not c.primary_key)
        columns.append(
            ColumnSpec(
                name=c.name,
                label=meta.label,
                kind=kind,
                required=required,
                choices=meta.choices,
                ref=meta.ref,
                width=meta.width or _DEFAULT_WIDTH[kind],
                fmt=meta.fmt,
                synonyms=meta.synonyms,
                help=meta.help,
                min=meta.min,
                max=meta.max,
                max_length=_text_limit(kind, meta.max_length),
                check=meta.check,
                search=meta.search,
                filter=meta.filter,
                hidden=meta.hidden,
                owner=meta.owner,
                by_operator=meta.by_operator,
            )
        )
    spec = LedgerSpec(
        key=key,
        title=title,
        model=model,
        columns=columns,
        group=group,
        record_code=record_code,
        date_field=date_field,
        title_field=title_field,
        order_by=order_by,
        parent=parent,
        checks=list(checks or []),
        numbering=numbering,
        picker=picker,
        workflow=workflow,
        undeletable=undeletable,
        printed=tuple(printed),
    )
    unknown = [n for n in printed if n not in spec.by_name or spec.by_name[n].hidden]
    if unknown or len(set(printed)) != len(printed):
        raise ValueError(f"{key}: print profile {printed!r} names unknown, hidden or repeated columns {unknown!r}")
    if numbering is not None and (numbering.field not in spec.by_name or date_field is None):
        raise ValueError(f"{key}: numbering needs a column {numbering.field!r} and a date field")
    if key in LEDGERS:
        raise ValueError(f"ledger {key!r} registered twice")
    LEDGERS[key] = spec
    return spec
