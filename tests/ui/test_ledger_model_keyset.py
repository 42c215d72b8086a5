"""The ledger table's model reads its blocks by keyset (#19 "Scale"): the block after a cached one is
read after that block's last row, the block before after its first row (backwards), the last block
from the end; a jump seeks from the nearest known place. Whatever the order of access, the rows
shown are the ledger's rows in order; refresh, sort and filter drop the anchors."""

from __future__ import annotations

import random

import pytest
from PySide6.QtCore import Qt

from safetystation.services.ledger import LedgerService, Query
from tests.unit.test_keyset_paging import fill
from ui import ledger_model
from ui.ledger_model import LedgerTableModel as Model
from ui.ledger_model import RecordRole

BLOCK = 4


@pytest.fixture
def hazards(db, ledger, monkeypatch):
    monkeypatch.setattr(ledger_model, "BLOCK", BLOCK)
    fill(db, ledger, "hazard", n=60)  # 48 live rows: 12 blocks
    return ledger


def _ids(model: Model, rows) -> list[int]:
    return [model.data(model.index(r, 0), RecordRole) for r in rows]


def _want(ledger: LedgerService, q: Query) -> list[int]:
    return [r["id"] for r in ledger.list("hazard", q, limit=None)]


def test_scrolling_down_and_up_reads_each_block_by_keyset(qtbot, hazards):
    model = Model(hazards, "hazard")
    n = model.rowCount()
    assert n == 48
    want = _want(hazards, model.query)
    assert _ids(model, range(n)) == want
    assert list(model.reads)[:3] == [
        "block 0: offset 0",
        "block 1: after block 0, offset 0",
        "block 2: after block 1, offset 0",
    ]
    assert all("after block" in r for r in list(model.reads)[1:])

    model.refresh()  # the anchors go with the blocks
    assert not model._anchors and not model._blocks
    assert _ids(model, range(n - 1, -1, -1)) == want[::-1]  # from the end, scrolling up
    assert list(model.reads)[-12] == "block 11: from the end, offset 0"
    assert list(model.reads)[-11] == "block 10: before block 11, offset 0"
    assert all("before block" in r for r in list(model.reads)[-11:-1])
    assert model.reads[-1] == "block 0: offset 0"  # the start is as near as block 1


def test_a_jump_seeks_from_the_nearest_known_place(qtbot, hazards):
    model = Model(hazards, "hazard")
    want = _want(hazards, model.query)
    model.data(model.index(0, 0))
    assert _ids(model, [5 * BLOCK]) == [want[5 * BLOCK]]  # block 5: after block 0, skipping blocks 1–4
    assert model.reads[-1] == f"block 5: after block 0, offset {4 * BLOCK}"
    assert _ids(model, [3 * BLOCK + 1]) == [want[3 * BLOCK + 1]]  # nearer block 5 than 0: back from it
    assert model.reads[-1] == f"block 3: before block 5, offset {BLOCK}"
    assert _ids(model, [10 * BLOCK]) == [want[10 * BLOCK]]  # nearer the end than block 5
    assert model.reads[-1] == f"block 10: from the end, offset {BLOCK}"


@pytest.mark.parametrize("column", ["location", "funds", "enterprise_id", "notice_date", "status"])
def test_any_order_of_access_shows_the_rows_in_order(qtbot, hazards, column):
    model = Model(hazards, "hazard")
    names = [c.name for c in model.columns]
    for direction in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
        model.sort(names.index(column), direction)
        want = _want(hazards, model.query)
        rows = list(range(model.rowCount()))
        random.Random(column).shuffle(rows)
        assert _ids(model, rows) == [want[r] for r in rows]
        assert {r.split(":")[1].split(",")[0].strip() for r in model.reads} > {"offset 0"}  # keyset reads happened
    assert model.sort_indicator() == (names.index(column), Qt.SortOrder.DescendingOrder)


def test_a_filter_drops_the_anchors_and_row_of_still_finds_records(qtbot, hazards):
    model = Model(hazards, "hazard")
    _ids(model, range(model.rowCount()))
    assert len(model._anchors) == 12
    model.set_query(Query(search="仓库"))
    assert not model._anchors
    want = _want(hazards, model.query)
    assert 0 < model.rowCount() == len(want) < 48
    assert model.row_of(want[-1]) == len(want) - 1
    assert model.record_id(len(want) - 1) == want[-1]
