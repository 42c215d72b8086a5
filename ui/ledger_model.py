"""A table model over one ledger that pages through SQL: only the blocks on screen are loaded, so a
1,000,000-row ledger opens and scrolls as fast as a short one. Sorting is done by SQL on the native
values (dates as dates, numbers as numbers, Chinese text by pinyin), never on the displayed text; a
ledger opens in its spec's default order, which :meth:`LedgerTableModel.sort_indicator` tells the
header to show."""

from __future__ import annotations

import datetime as dt
from collections import deque
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor

from safetystation.domain import get_spec
from safetystation.domain.display import text as display_text
from safetystation.domain.spec import BOOL, DATE, DATETIME, INT, MONEY, REF, ColumnSpec
from safetystation.services.ledger import LedgerService, Page, Query

BLOCK = 200  # rows fetched per SQL query
KEEP_BLOCKS = 50  # cached blocks (10,000 rows) before the oldest are dropped
OVERDUE = QColor("#b00020")
RecordRole = Qt.ItemDataRole.UserRole  # the record's id (column 0) / its native value (others)
Index = QModelIndex | QPersistentModelIndex
_DISPLAY, _TOOLTIP, _ALIGN, _FOREGROUND, _RECORD = (
    int(r)
    for r in (
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        RecordRole,
    )
)
_ROLES = frozenset({_DISPLAY, _TOOLTIP, _ALIGN, _FOREGROUND, _RECORD})


def _alignment(column: ColumnSpec) -> int:
    if column.kind in (INT, MONEY):
        return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if column.kind in (DATE, DATETIME, BOOL):
        return int(Qt.AlignmentFlag.AlignCenter)
    return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)


def visible_columns(key: str) -> list[ColumnSpec]:
    return [c for c in get_spec(key).columns if not c.hidden]


class LedgerTableModel(QAbstractTableModel):
    """Rows in blocks of ``BLOCK``, each read by one SQL query (:meth:`LedgerService.page`), at most
    ``KEEP_BLOCKS`` kept. What reading block n costs the database (rows it reads besides the block's):

    - block 0 (first paint), or the block next to a cached one (scrolling either way): nothing more —
      a keyset seek from the cached block's last row (or before its first, scrolling up), on an index
      of the order's first column where there is one;
    - the last block (the scrollbar dragged to the end): nothing more either — the order reversed,
      read from the end;
    - a jump (the scrollbar dragged far): the rows between it and the nearest known place — a cached
      block before or after it (a keyset seek, then an OFFSET over the gap), else the start or the
      end (OFFSET alone), whichever is nearest: at most half the ledger, and the gap once a nearby
      block is cached.

    The row count comes from the last :meth:`refresh`; refresh, sort and filter drop every block and
    anchor (rows changed meanwhile show after the refresh the change notification brings)."""

    def __init__(self, ledger: LedgerService, key: str, query: Query | None = None, parent: Any = None):
        super().__init__(parent)
        self.ledger = ledger
        self.key = key
        self.spec = get_spec(key)
        self.columns = visible_columns(key)
        self._align = [_alignment(c) for c in self.columns]
        self._red = QBrush(OVERDUE)
        self.query = query or Query()
        self.today = dt.date.today()
        self._count = 0
        self._blocks: dict[int, list[tuple[dict, list[str]]]] = {}
        self._anchors: dict[int, tuple[tuple[Any, ...], tuple[Any, ...]]] = {}  # block → first/last sort keys
        self.reads: deque[str] = deque(maxlen=100)  # how the last blocks were read (tests, the bench): see _read
        self.refresh()

    # --- data access --------------------------------------------------------------------------
    def refresh(self) -> None:
        """Re-count and drop the cache (after a change, a new filter or a new order)."""
        self.beginResetModel()
        self._blocks.clear()
        self._anchors.clear()
        self._count = self.ledger.count(self.key, self.query)
        self.endResetModel()

    def set_query(self, query: Query) -> None:
        self.query = query
        self.refresh()

    def _read(self, n: int) -> Page:
        """Block ``n`` from the nearest known place (see the class docstring): the candidates are the
        start, the end and every cached block, each costing the rows skipped to reach block n."""
        start = n * BLOCK
        size = max(0, min(BLOCK, self._count - start))
        gap = self._count - start - size
        best: tuple[int, int, str, dict[str, Any]] = (start, 1, f"offset {start}", {"offset": start})
        ways = [(gap, 3, f"from the end, offset {gap}", {"backward": True, "offset": gap, "limit": size})]
        for m, (first, last) in self._anchors.items():
            if m < n:
                skip = (n - m - 1) * BLOCK
                ways.append((skip, 0, f"after block {m}, offset {skip}", {"after": last, "offset": skip}))
            elif m > n:
                skip = (m - n - 1) * BLOCK
                how = {"after": first, "backward": True, "offset": skip}
                ways.append((skip, 2, f"before block {m}, offset {skip}", how))
        for way in ways:
            best = min(best, way, key=lambda w: (w[0], w[1]))
        self.reads.append(f"block {n}: {best[2]}")
        return self.ledger.page(self.key, self.query, **{"limit": BLOCK, **best[3]})

    def _block(self, n: int) -> list[tuple[dict, list[str]]]:
        found = self._blocks.get(n)
        if found is not None:
            return found
        page = self._read(n)
        rows = page.rows
        titles: dict[str, dict[int, str]] = {}
        for c in self.columns:
            if c.kind == REF and c.ref:
                ids = [r[c.name] for r in rows if r[c.name] is not None]
                titles[c.name] = self.ledger.titles(c.ref, ids)
        block = [(r, [display_text(c, r[c.name], titles.get(c.name)) for c in self.columns]) for r in rows]
        if len(self._blocks) >= KEEP_BLOCKS:
            oldest = next(iter(self._blocks))
            self._blocks.pop(oldest)
            self._anchors.pop(oldest, None)
        self._blocks[n] = block
        if page.first is not None and page.last is not None and len(rows) == min(BLOCK, self._count - n * BLOCK):
            self._anchors[n] = (page.first, page.last)  # (a short block: the ledger changed; no anchor)
        return block

    def row_record(self, row: int) -> dict:
        block = self._block(row // BLOCK)
        return block[row % BLOCK][0]

    def record_id(self, row: int) -> int:
        return int(self.row_record(row)["id"])

    def row_of(self, record_id: int, *, search_blocks: int = 10) -> int | None:
        """The row showing ``record_id``: among the loaded blocks, else in the first few (a new or
        changed record is usually near the top); None when it is further down."""
        blocks = sorted(self._blocks)
        blocks += [n for n in range(min(search_blocks, -(-self._count // BLOCK))) if n not in self._blocks]
        for n in blocks:
            for i, (r, _) in enumerate(self._block(n)):
                if r["id"] == record_id:
                    return n * BLOCK + i
        return None

    # --- Qt model -----------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else self._count

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self.columns)

    def data(self, index: Index, role: int = _DISPLAY) -> Any:
        # Called for every cell and role painted (~2,000 calls a first paint): roles as plain ints, the
        # roles not answered turned away first (comparing an int to a Qt enum costs ~3 µs in PySide6).
        role = int(role)
        if role not in _ROLES:
            return None
        row = index.row()
        if not index.isValid() or not (0 <= row < self._count):
            return None
        block = self._block(row // BLOCK)
        offset = row % BLOCK
        if offset >= len(block):  # the table changed under us; a refresh is on its way
            return None
        record, shown = block[offset]
        col = index.column()
        if role == _DISPLAY:
            return shown[col]
        if role == _TOOLTIP:
            text = shown[col]
            return text if len(text) > 20 else None
        if role == _RECORD:
            return record["id"] if col == 0 else record[self.columns[col].name]
        if role == _ALIGN:
            return self._align[col]
        return self._red if self._overdue(record) else None  # _FOREGROUND

    def _overdue(self, record: dict) -> bool:
        """Hazards past their deadline and not closed stand out in red."""
        if self.key != "hazard":
            return False
        deadline = record.get("deadline")
        return record.get("status") != "closed" and deadline is not None and deadline < self.today

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Horizontal:
            return self.columns[section].label if 0 <= section < len(self.columns) else None
        return str(section + 1)

    def order(self) -> tuple[str, ...]:
        """The order the rows are in: the query's, else the ledger's default."""
        return self.query.order_by or self.spec.order_by

    def sort_indicator(self) -> tuple[int, Qt.SortOrder]:
        """The header's sort arrow for :meth:`order`: its first column and direction (-1: no column
        shown here sorts the rows)."""
        first = self.order()[0]
        names = [c.name for c in self.columns]
        name = first.lstrip("-")
        direction = Qt.SortOrder.DescendingOrder if first.startswith("-") else Qt.SortOrder.AscendingOrder
        return (names.index(name) if name in names else -1), direction

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column (a header click), in SQL; rows equal there keep the default order's
        remaining keys, so the default column in its default direction is exactly the default order."""
        if not 0 <= column < len(self.columns):
            return
        name = self.columns[column].name
        first = name if order == Qt.SortOrder.AscendingOrder else "-" + name
        wanted = (first, *(k for k in self.spec.order_by if k.lstrip("-") != name))
        if wanted == self.order():
            return  # already so (the header repeats the opening order when sorting is switched on)
        self.query.order_by = wanted
        self.refresh()
