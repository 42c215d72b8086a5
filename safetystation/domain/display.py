"""How a stored value is shown: choice labels, referenced records' names, 是/否, money in 元.

One place for the table view, the Excel export and the print layout.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from safetystation.domain.spec import BOOL, CHOICE, DATE, DATETIME, MONEY, REF, ColumnSpec


def cell_value(column: ColumnSpec, value: Any, titles: dict[int, str] | None = None) -> Any:
    """The value as it goes into a spreadsheet cell: typed where the type means something."""
    if value is None:
        return None
    if column.kind == CHOICE:
        assert column.choices is not None
        return column.choices.label(value)
    if column.kind == REF:
        return (titles or {}).get(value, f"#{value}")
    if column.kind == BOOL:
        return "是" if value else "否"
    if column.kind == MONEY:
        return (Decimal(value) / 100).quantize(Decimal("0.01"))
    return value


def text(column: ColumnSpec, value: Any, titles: dict[int, str] | None = None) -> str:
    """The value as text for a table cell or a printed page."""
    v = cell_value(column, value, titles)
    if v is None:
        return ""
    if column.kind == DATETIME and isinstance(v, dt.datetime):
        return f"{v:%Y-%m-%d %H:%M}"
    if column.kind == DATE and isinstance(v, dt.date):
        return f"{v:%Y-%m-%d}"
    if column.kind == MONEY:
        return f"{v:,.2f}"
    return str(v)
