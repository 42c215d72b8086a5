"""Keyset (seek) paging (#19 "Scale"): the pages :meth:`LedgerService.page` reads after (or before) a
row, chained, are exactly the ledger's rows in order, for every order a ledger can be sorted by —
each visible column both ways (Chinese text by pinyin, pick-lists in their own order, references by
the name they point to), with empty values, equal values, deleted rows, a search, filters — on
SQLite and, with ``--db-url``, on PostgreSQL. The reference is one ordered list (OFFSET paging's
query without a LIMIT)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
from typing import Any

import pytest
from sqlalchemy import insert

from safetystation.domain import get_spec
from safetystation.domain.spec import BOOL, CHOICE, DATE, DATETIME, INT, LONGTEXT, MONEY, REF, TEXT, ColumnSpec
from safetystation.services.ledger import LedgerService, Query
from tests.unit.factory import make

TEXTS = ["东", "北", "南湖饭店", "庙前小学", "2号仓库", "10号仓库", "ABC建材", "abc建材", "东方加油站", "重庆"]
ROWS = 60
PAGE = 7


def _pool(ledger: LedgerService, c: ColumnSpec, nullable: bool) -> list[Any]:
    """A few values for column ``c``, some repeated, NULL among them where the column allows it."""
    if c.kind in (TEXT, LONGTEXT):
        values: list[Any] = [t[: c.max_length] if c.max_length else t for t in TEXTS[:6]]
    elif c.kind == INT:
        values = [0, 1, 5, 12]
    elif c.kind == MONEY:
        values = [0, 12.5, 300, 1200]
    elif c.kind == DATE:
        values = [dt.date(2026, 3, 1), dt.date(2026, 3, 2), dt.date(2025, 12, 31)]
    elif c.kind == DATETIME:
        values = [dt.datetime(2026, 3, 1, 9, 30), dt.datetime(2026, 3, 1, 14, 0), dt.datetime(2025, 5, 1, 8, 0)]
    elif c.kind == BOOL:
        values = [True, False]
    elif c.kind == CHOICE:
        assert c.choices is not None
        values = list(c.choices.codes[:4])
    elif c.kind == REF:
        assert c.ref is not None
        values = [make(ledger, c.ref) for _ in range(3)]
    else:
        raise AssertionError(c.kind)
    return values + [None] * (2 if nullable else 0)


def fill(db, ledger: LedgerService, key: str, n: int = ROWS, seed: int = 7) -> None:
    """``n`` rows of ``key`` written straight into its table (reading is under test, not the rules),
    each column drawn from a small pool: many equal values, NULLs where allowed; every fifth row in
    the recycle bin."""
    spec, rnd = get_spec(key), random.Random(seed)
    table = spec.table
    pools = {c.name: _pool(ledger, c, table.c[c.name].nullable) for c in spec.columns if c.name in table.c}
    unique = {
        col.name
        for con in table.constraints
        for col in getattr(con, "columns", [])
        if con.__class__.__name__ == "UniqueConstraint"
    }
    unique |= {c.name for c in table.columns if c.unique}
    now = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
    rows = []
    for i in range(n):
        row: dict[str, Any] = {}
        for name, pool in pools.items():
            value = rnd.choice(pool)
            if name in unique and value is not None:
                value = f"{value}{i}" if isinstance(value, str) else value
            row[name] = value
        row.update(created_at=now, updated_at=now, deleted_at=now if i % 5 == 0 else None)
        rows.append(row)
    with db.session() as s:
        s.execute(insert(table), rows)
        s.commit()


def ids(rows: list[dict]) -> list[int]:
    return [r["id"] for r in rows]


def forward(ledger: LedgerService, key: str, q: Query, size: int = PAGE) -> list[int]:
    out: list[int] = []
    page = ledger.page(key, q, limit=size)
    while page.rows:
        out += ids(page.rows)
        assert len(out) < 10_000, "keyset paging does not end"
        page = ledger.page(key, q, after=page.last, limit=size)
    return out


def backward(ledger: LedgerService, key: str, q: Query, size: int = PAGE) -> list[int]:
    out: list[int] = []
    page = ledger.page(key, q, backward=True, limit=size)
    while page.rows:
        out = ids(page.rows) + out
        assert len(out) < 10_000, "keyset paging does not end"
        page = ledger.page(key, q, after=page.first, backward=True, limit=size)
    return out


def check(ledger: LedgerService, key: str, q: Query) -> list[dict]:
    """Forward and backward chains of pages are the ordered list; so are jumps (an anchor plus an
    OFFSET) forward and back. Returns the list."""
    full = ledger.list(key, q, limit=None)
    want = ids(full)
    order = q.order_by
    assert forward(ledger, key, q) == want, f"{key} {order}: forward keyset pages differ from the ordered list"
    assert backward(ledger, key, q) == want, f"{key} {order}: backward keyset pages differ from the ordered list"
    if len(want) > 3 * PAGE:
        first = ledger.page(key, q, limit=PAGE)
        jump = ledger.page(key, q, after=first.last, offset=PAGE, limit=PAGE)  # skip one block
        assert ids(jump.rows) == want[2 * PAGE : 3 * PAGE]
        last = ledger.page(key, q, backward=True, limit=PAGE)
        assert ids(last.rows) == want[-PAGE:]
        back = ledger.page(key, q, after=last.first, backward=True, offset=PAGE, limit=PAGE)
        assert ids(back.rows) == want[-3 * PAGE : -2 * PAGE]
    return full


def orders(key: str) -> list[tuple[str, ...]]:
    spec = get_spec(key)
    out: list[tuple[str, ...]] = [spec.order_by]
    for c in spec.columns:
        if not c.hidden:
            out += [(c.name, *spec.order_by), ("-" + c.name, *spec.order_by)]
    return out


@pytest.mark.parametrize("key", ["hazard", "inspection", "enterprise"])
def test_keyset_pages_are_the_ordered_list_for_every_column_both_ways(db, ledger, key):
    fill(db, ledger, key)
    with_nulls_and_ties = 0
    for order in orders(key):
        full = check(ledger, key, Query(order_by=order))
        values = [r[order[0].lstrip("-")] for r in full]
        if None in values and len({v for v in values if v is not None}) < values.count(None) + len(values) - 2:
            with_nulls_and_ties += 1
    # The data exercises what could go wrong: columns with both empty and repeated values.
    assert with_nulls_and_ties >= 4
    assert ledger.count(key) < ledger.count(key, Query()) + ledger.count(key, Query(deleted=True))


@pytest.mark.parametrize(
    "q",
    [
        Query(deleted=True),
        Query(search="仓库"),
        Query(search="仓库", order_by=("-location",)),
        Query(filters={"status": ["registered", "noticed"]}, order_by=("enterprise_id",)),
        Query(filters={"<deadline": dt.date(2026, 3, 2)}, order_by=("-funds",)),
        Query(date_from=dt.date(2026, 1, 1), order_by=("grade", "-notice_date")),
    ],
    ids=["bin", "search", "search-desc", "filter-ref", "earlier-than", "date-range"],
)
def test_keyset_pages_with_filters_and_the_bin(db, ledger, q):
    fill(db, ledger, "hazard")
    full = check(ledger, "hazard", q)
    assert 0 < len(full) < ROWS


def test_a_page_carries_its_sort_keys_and_equal_rows_follow_the_id(db, ledger):
    fill(db, ledger, "enterprise", n=30)
    q = Query(order_by=("-scale",))  # a pick-list: its place in the list, then the code; then the name; the id
    page = ledger.page("enterprise", q, limit=5)
    assert page.first is not None and page.last is not None
    assert page.last[-1] == page.rows[-1]["id"] and page.first[-1] == page.rows[0]["id"]
    assert len(page.last) == 2 + 2 + 1  # scale (place, code), name (pinyin, text), id
    assert ledger.page("enterprise", q, limit=0).rows == []
    with pytest.raises(ValueError, match="anchor"):
        ledger.page("enterprise", q, after=(1,))


def test_an_anchor_row_deleted_meanwhile_still_places_the_next_page(db, ledger):
    """The anchor is the row's sort keys, not the row: deleting it moves nothing."""
    fill(db, ledger, "enterprise", n=30)
    q = Query()
    want = ids(ledger.list("enterprise", q, limit=None))
    first = ledger.page("enterprise", q, limit=5)
    ledger.delete("enterprise", first.rows[-1]["id"])
    assert ids(ledger.page("enterprise", q, after=first.last, limit=5).rows) == want[5:10]


def test_keyset_on_every_demo_order_of_the_hazards(demo_db):
    """On the demo township (whatever it holds): pages of a tenth of the hazards, every column."""
    ledger = LedgerService(demo_db)
    n = ledger.count("hazard")
    assert n > 20
    size = max(3, n // 10)
    for order in itertools.islice(orders("hazard"), 0, None, 3):
        q = Query(order_by=order)
        want = ids(ledger.list("hazard", q, limit=None))
        assert forward(ledger, "hazard", q, size) == want, order
        assert backward(ledger, "hazard", q, size) == want, order


def test_on_sqlite_a_keyset_page_seeks_the_index_of_the_order(db, ledger):
    """Without statistics SQLite took ``deleted_at IS NULL`` for a selective lookup and sorted every
    live row for each page (~250 ms at 1,000,000 rows): the live-rows condition is marked likely, so
    the page walks the index of the found date from the anchor (bench/ledger_scale.py)."""
    if db.is_server:
        pytest.skip("SQLite's query planner (PostgreSQL plans from its statistics)")
    from sqlalchemy import event

    fill(db, ledger, "hazard", n=20)
    seen: list[tuple[str, Any]] = []
    event.listen(db.engine, "before_cursor_execute", lambda c, cur, sql, params, *_: seen.append((sql, params)))
    first = ledger.page("hazard", limit=5)
    ledger.page("hazard", after=first.last, limit=5)
    with db.engine.connect() as conn:
        plans = [
            " ".join(r[3] for r in conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params))
            for sql, params in seen
            if sql.startswith("SELECT")
        ]
    assert plans[0] == "SCAN hazard USING INDEX ix_hazard_found_date"
    assert plans[1] == "SEARCH hazard USING INDEX ix_hazard_found_date (found_date<?)"
