"""Turning what people type or spreadsheets hold into typed column values, and validating a record.

Everything that enters a ledger (the edit form, an import, the CLI) goes through :func:`validate`,
so one set of rules decides what a ledger accepts, and every refusal names the field and the reason
in Chinese. Nothing is ever truncated or guessed: a value that does not fit is an error.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import repeat
from operator import setitem
from typing import Any

from safetystation.domain.spec import (
    BOOL,
    CHOICE,
    DATE,
    DATETIME,
    INT,
    LONGTEXT,
    MONEY,
    REF,
    TEXT,
    ColumnSpec,
    LedgerSpec,
)
from safetystation.errors import FieldError, ValidationError

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_NEEDS_FOLDING = re.compile("[\u00a0\u3000\uff01-\uff5e]").search  # what clean_text + halfwidth change
# Chinese punctuation typed in text stays as typed: （东区） is not folded to (东区), nor ，：；？！.
_CHINESE_PUNCTUATION = "！（），：；？"
_TEXT_FOLD = {c: t for c, t in _FULLWIDTH.items() if chr(c) not in _CHINESE_PUNCTUATION}


def halfwidth(text: str) -> str:
    """Full-width ASCII (１２３ＡＢＣ，．) to ordinary ASCII, as WPS users often type digits."""
    return text.translate(_FULLWIDTH)


def fold_text(text: str) -> str:
    """:func:`halfwidth` for text a clerk wrote: full-width digits, letters and symbols become ASCII
    (ＺＪ３３０５, ０５７１－…), the Chinese punctuation （），：；？！ stays."""
    return text.translate(_TEXT_FOLD)


def clean_text(value: Any) -> str | None:
    """Trimmed text; whole-number floats (Excel stores 13800001111 as 1.38e10) lose their ``.0``."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\u00a0", " ").strip()
    return text or None


_EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE_PATTERNS = [
    re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
]


# A station's records are dated within a working life: a year outside this range is a typing or
# conversion slip (2027 or 202706 typed as a number is Excel day 2027 = 1905-07-19).
MIN_YEAR, MAX_YEAR = 1950, 2100


def _plausible(day: dt.date, value: Any) -> dt.date:
    if MIN_YEAR <= day.year <= MAX_YEAR:
        return day
    hint = "（像是只填了年份或年月）" if isinstance(value, int | float) else ""
    raise ValueError(f"“{value}”不是有效日期{hint}：年份{day.year}不在{MIN_YEAR}—{MAX_YEAR}年之间，请写成 2026-12-31")


def parse_date(value: Any) -> dt.date:
    """A date from a date, a datetime, an Excel serial number or text such as 2026年12月31日,
    2026.12.31, 2026/12/31, 2026-12-31 or 20261231, in the years 1950–2100. Raises ValueError with a
    Chinese reason."""
    if isinstance(value, dt.datetime):
        return _plausible(value.date(), value)
    if isinstance(value, dt.date):
        return _plausible(value, value)
    if isinstance(value, int | float) and not isinstance(value, bool):
        if 1 <= value < 2958466:  # Excel's date serial range (1900-01-01 … 9999-12-31)
            return _plausible(_EXCEL_EPOCH + dt.timedelta(days=int(value)), value)
        raise ValueError(f"“{value}”不是有效日期")
    text = halfwidth(str(value)).strip()
    text = re.sub(r"\s+00:00(:00)?$", "", text)
    for pat in _DATE_PATTERNS:
        m = pat.match(text)
        if m:
            y, mo, d = (int(g) for g in m.groups())
            try:
                day = dt.date(y, mo, d)
            except ValueError:
                raise ValueError(f"“{value}”不是有效日期（{y}年没有{mo}月{d}日）") from None
            return _plausible(day, value)
    raise ValueError(f"“{value}”不是可识别的日期，请写成 2026-12-31 或 2026年12月31日")


def parse_datetime(value: Any) -> dt.datetime:
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time())
    text = halfwidth(str(value)).strip()
    m = re.match(r"^(.*?)[ T]+(\d{1,2})[:：时](\d{2})(?::(\d{2}))?分?$", text)
    if m:
        day = parse_date(m.group(1))
        h, mi, s = int(m.group(2)), int(m.group(3)), int(m.group(4) or 0)
        if h > 23 or mi > 59 or s > 59:
            raise ValueError(f"“{value}”中的时间无效")
        return dt.datetime.combine(day, dt.time(h, mi, s))
    return dt.datetime.combine(parse_date(value), dt.time())


_TRUE = {"是", "有", "y", "yes", "true", "1", "√", "✓", "已", "对"}
_FALSE = {"否", "无", "n", "no", "false", "0", "×", "✗", "未", "不"}


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    text = halfwidth(str(value)).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"“{value}”应填“是”或“否”")


def parse_int(value: Any) -> int:
    if isinstance(value, bool):
        raise ValueError("应为整数")
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        if value.is_integer():
            return int(value)
        raise ValueError(f"“{value}”应为整数")
    text = halfwidth(str(value)).strip().replace(",", "")
    text = re.sub(r"(人|个|家|次|项|台|具|份|条|期|支)$", "", text)
    if re.fullmatch(r"[+-]?\d+(\.0+)?", text):
        return int(float(text)) if "." in text else int(text)
    raise ValueError(f"“{value}”应为整数")


def parse_money(value: Any, *, native_fen: bool = True) -> int:
    """Money as integer fen. A Python ``int`` from code is already fen (``native_fen``); text, floats
    and Decimals are yuan (``1,234.5`` or ``1234.50元``) as forms and spreadsheets hold them."""
    if isinstance(value, bool):
        raise ValueError("应为金额")
    if isinstance(value, int) and native_fen:
        return value
    text = halfwidth(str(value)).strip().replace(",", "").removesuffix("元").strip()
    if text.startswith("¥") or text.startswith("￥"):
        text = text[1:]
    try:
        yuan = Decimal(text)
    except InvalidOperation:
        raise ValueError(f"“{value}”不是有效金额（单位：元）") from None
    fen = yuan * 100
    if fen != fen.to_integral_value():
        raise ValueError(f"“{value}”的金额精确到分即可（最多两位小数）")
    return int(fen)


def coerce(column: ColumnSpec, value: Any, *, external: bool = False) -> Any:
    """``value`` as the column's Python type, None for blank; ValueError (Chinese) when it cannot be.

    ``external`` marks values from a spreadsheet or a text box: numbers there are yuan, not fen.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = column.kind
    if kind in (TEXT, LONGTEXT):
        text = clean_text(value)
        return fold_text(text) if text is not None and kind == TEXT else text
    if kind == INT:
        return parse_int(value)
    if kind == MONEY:
        return parse_money(value, native_fen=not external)
    if kind == DATE:
        return parse_date(value)
    if kind == DATETIME:
        return parse_datetime(value)
    if kind == BOOL:
        return parse_bool(value)
    if kind == CHOICE:
        assert column.choices is not None
        code = column.choices.parse(halfwidth(str(value)))
        if code is None:
            allowed = "、".join(label for _, label in column.choices)
            raise ValueError(f"“{value}”不是可选值（可选：{allowed}）")
        return code
    if kind == REF:
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str) and value.strip().isdigit():
            return int(value.strip())
        raise ValueError(f"“{value}”不是有效的记录编号")
    raise AssertionError(kind)


def _check_range(column: ColumnSpec, value: Any) -> str | None:
    if value is None:
        return None
    if column.kind in (TEXT, LONGTEXT) and column.max_length and len(value) > column.max_length:
        return f"最多{column.max_length}个字，实际{len(value)}个字"
    if column.kind in (INT, MONEY):
        shown = value / 100 if column.kind == MONEY else value
        if column.min is not None and value < column.min:
            return f"不能小于{column.min}（填的是{shown}）"
        if column.max is not None and value > column.max:
            return f"不能大于{column.max}（填的是{shown}）"
    return None


Converter = Callable[[Any], Any]


def _converter(column: ColumnSpec, external: bool) -> Converter:
    """:func:`coerce` for one column, with a shortcut for the value type a spreadsheet cell or a form
    field usually already has (an import validates every cell of every row through these)."""

    def general(value: Any) -> Any:
        return coerce(column, value, external=external)

    kind = column.kind
    if kind == TEXT:

        def text(value: Any) -> Any:
            if type(value) is str:  # clean_text + halfwidth, inline
                if value.isascii() or not _NEEDS_FOLDING(value):  # no full-width characters, no NBSP
                    return value.strip() or None
                value = value.replace("\u00a0", " ").strip()
                return value.translate(_TEXT_FOLD) if value else None
            return general(value)

        return text
    if kind == INT:

        def integer(value: Any) -> Any:
            if type(value) is int:
                return value
            if type(value) is float and value.is_integer():  # how a spreadsheet holds 12
                return int(value)
            return general(value)

        return integer
    if kind == DATE:

        def date(value: Any) -> Any:
            return value if type(value) is dt.date and MIN_YEAR <= value.year <= MAX_YEAR else general(value)

        return date
    same_type = {BOOL: bool, REF: int}.get(kind)
    if same_type is not None:

        def typed(value: Any) -> Any:
            return value if type(value) is same_type else general(value)

        return typed
    if kind == CHOICE:
        assert column.choices is not None
        exact = column.choices.exact

        def choice(value: Any) -> Any:
            return (type(value) is str and exact(value)) or general(value)

        return choice
    return general


def _checker(column: ColumnSpec) -> Callable[[Any], str | None] | None:
    """The range and column checks of a non-empty value, or None when the column has none."""
    ranged = (column.kind in (TEXT, LONGTEXT) and column.max_length) or (
        column.kind in (INT, MONEY) and (column.min is not None or column.max is not None)
    )
    check = column.check
    if not ranged:
        return check
    if column.kind in (TEXT, LONGTEXT) and column.max_length:
        limit = column.max_length

        def length(value: Any) -> str | None:
            if len(value) > limit:
                return f"最多{limit}个字，实际{len(value)}个字"
            return check(value) if check else None

        return length

    low, high = column.min, column.max
    if column.kind == INT and check is None:

        def bounded(value: Any) -> str | None:
            if (low is None or value >= low) and (high is None or value <= high):
                return None
            return _check_range(column, value)

        return bounded

    def checker(value: Any) -> str | None:
        return _check_range(column, value) or (check(value) if check else None)

    return checker


@dataclass(frozen=True)
class _Rules:
    """A ledger's validation, worked out once per spec."""

    columns: dict[str, tuple[ColumnSpec, Converter, Callable[[Any], str | None] | None]]
    required: tuple[ColumnSpec, ...]


_RULES: dict[tuple[int, bool], tuple[LedgerSpec, _Rules]] = {}


def _rules(spec: LedgerSpec, external: bool) -> _Rules:
    cached = _RULES.get((id(spec), external))
    if cached is None or cached[0] is not spec:
        rules = _Rules(
            {c.name: (c, _converter(c, external), _checker(c)) for c in spec.columns},
            tuple(c for c in spec.columns if c.required),
        )
        cached = _RULES[(id(spec), external)] = (spec, rules)
    return cached[1]


def validate(
    spec: LedgerSpec, values: dict[str, Any], *, existing: dict[str, Any] | None = None, external: bool = False
) -> dict[str, Any]:
    """Parse and check ``values`` for ``spec``; return the typed values given (not the merged record).

    With ``existing`` (an update) the checks see the record as it will be after the change.
    Raises :class:`ValidationError` listing every bad field at once.
    """
    errors: list[FieldError] = []
    clean: dict[str, Any] = {}
    rules = _rules(spec, external)
    for name, raw in values.items():
        found = rules.columns.get(name)
        if found is None:
            errors.append(FieldError(name, name, f"“{spec.title}”没有这一栏"))
            continue
        column, convert, check = found
        try:
            value = None if raw is None else convert(raw)
        except ValueError as e:
            errors.append(FieldError(name, column.label, str(e)))
            continue
        problem = check(value) if check is not None and value is not None else None
        if problem:
            errors.append(FieldError(name, column.label, problem))
            continue
        clean[name] = value
    merged = {**existing, **clean} if existing else clean
    bad = {e.field for e in errors}
    defaults = spec.defaults
    by_name = spec.by_name
    for column in rules.required:
        if column.name not in bad and merged.get(column.name) is None:
            if existing is None and column.name in defaults and column.name not in values:
                continue  # the table fills its default on insert
            errors.append(FieldError(column.name, column.label, "必填"))
    if not errors and spec.checks:
        merged = {**merged}  # the cross-field checks see the defaults; ``clean`` does not get them
        for default_name, default in defaults.items():
            merged.setdefault(default_name, default)
        for rule in spec.checks:
            for name, message in rule(merged):
                errors.append(FieldError(name, by_name[name].label if name in by_name else name, message))
    if errors:
        raise ValidationError(errors, title=f"{spec.title}：输入有误")
    return clean


def records_from_columns(columns: dict[str, list[Any]], n: int, absent: object) -> list[dict[str, Any]]:
    """``n`` records from columns of values (column → one value per record), each leaving out the
    columns where its value is ``absent``; keys in the columns' order."""
    names = list(columns)
    if not names:
        return [{} for _ in range(n)]
    # Copies of one dict with every key, filled a column at a time: twice as fast as dict(zip(...)).
    records = list(map(dict.copy, repeat(dict.fromkeys(names), n)))
    for name, values in columns.items():
        any(map(setitem, records, repeat(name), values))  # record[name] = value for each; setitem gives None
        if absent in values:
            for record, v in zip(records, values, strict=True):
                if v is absent:
                    del record[name]
    return records


ABSENT = object()  # in a column of values: the record does not mention the column
_BAD = object()  # a value that failed conversion or its check


def validate_columns(
    spec: LedgerSpec, columns: dict[str, list[Any]], n: int, *, external: bool = False
) -> tuple[dict[str, list[Any]], dict[int, list[FieldError]]]:
    """:func:`validate` for ``n`` new records given column by column (column → one value per record,
    :data:`ABSENT` where a record does not mention the column), several times faster than a record
    at a time for an import's thousands.

    Returns the typed columns and, by record index, the errors ``validate`` would raise for that
    record: the same messages, in the same order when each record mentions its columns in the order
    of ``columns``. The typed values of a record with errors are not meaningful.
    """
    rules = _rules(spec, external)
    failed: dict[int, list[FieldError]] = {}  # conversion and check errors, in the columns' order
    clean: dict[str, list[Any]] = {}
    for name, values in columns.items():
        found = rules.columns.get(name)
        if found is None:
            for i, v in enumerate(values):
                if v is not ABSENT:
                    failed.setdefault(i, []).append(FieldError(name, name, f"“{spec.title}”没有这一栏"))
            clean[name] = values
            continue
        column, convert, check = found
        try:
            if column.kind == TEXT:  # the text converter's usual case inline: thousands of calls saved
                fold = _NEEDS_FOLDING
                out = [
                    (v.strip() or None)
                    if v.__class__ is str and (v.isascii() or not fold(v))
                    else v
                    if v is None or v is ABSENT
                    else convert(v)
                    for v in values
                ]
            else:
                out = [v if v is None or v is ABSENT else convert(v) for v in values]
        except ValueError:
            out = []
            for i, v in enumerate(values):
                try:
                    out.append(v if v is None or v is ABSENT else convert(v))
                except ValueError as e:
                    failed.setdefault(i, []).append(FieldError(name, column.label, str(e)))
                    out.append(_BAD)
        if check is not None:
            if column.kind in (TEXT, LONGTEXT) and column.max_length:  # the length test inline
                limit, own = column.max_length, column.check
                problems = [
                    None
                    if v.__class__ is not str  # None, ABSENT, _BAD
                    else check(v)
                    if len(v) > limit
                    else own(v)
                    if own is not None
                    else None
                    for v in out
                ]
            else:
                problems = [None if v is None or v is ABSENT or v is _BAD else check(v) for v in out]
            if any(problems):
                for i, problem in enumerate(problems):
                    if problem:
                        failed.setdefault(i, []).append(FieldError(name, column.label, problem))
                        out[i] = _BAD
        clean[name] = out
    defaults = spec.defaults
    for column in rules.required:  # 必填, in the ledger's column order after the record's own errors
        out = clean.get(column.name, [ABSENT] * n)
        default = column.name in defaults  # the table fills it when the record does not mention it
        if None in out or (ABSENT in out and not default):
            for i, v in enumerate(out):
                if v is None or (v is ABSENT and not default):
                    failed.setdefault(i, []).append(FieldError(column.name, column.label, "必填"))
    if spec.checks:  # the cross-field checks of the records without errors, seeing the defaults
        by_name = spec.by_name
        for i, record in enumerate(records_from_columns(clean, n, ABSENT)):
            if i in failed:
                continue
            merged = {**defaults, **record}
            for rule in spec.checks:
                for name, message in rule(merged):
                    label = by_name[name].label if name in by_name else name
                    failed.setdefault(i, []).append(FieldError(name, label, message))
    return clean, failed
