"""Every ledger: table, LedgerSpec, validation and a create/update/delete round trip."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from safetystation.domain import LEDGERS, get_spec
from safetystation.domain.spec import CHOICE, INT, LONGTEXT, MONEY, REF, TEXT
from safetystation.errors import ValidationError, WorkflowError
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.operators import Operator
from tests.unit.factory import make, valid_values

KEYS = list(LEDGERS)

# The ledgers DOMAIN.md names for the core issue, by record number.
REQUIRED_RECORDS = {
    "R01",
    "R03",
    "R05",
    "R06",
    "R07",
    "R08",
    "R09",
    "R10",
    "R11",
    "R12",
    "R13",
    "R14",
    "R15",
    "R17",
    "R19",
    "R20",
    "R22",
}


def test_every_required_ledger_is_registered():
    codes = {s.record_code for s in LEDGERS.values() if s.record_code}
    assert REQUIRED_RECORDS <= codes, REQUIRED_RECORDS - codes


@pytest.mark.parametrize("key", KEYS)
def test_spec_is_complete(key, db):
    spec = get_spec(key)
    assert spec.title and spec.columns
    assert key in inspect(db.engine).get_table_names()
    for c in spec.columns:
        assert c.label.strip(), c.name
        assert c.width > 0
        if c.kind == CHOICE:
            assert c.choices is not None and c.choices.codes
        if c.kind == REF:
            assert c.ref in LEDGERS, c.ref
    if spec.date_field:
        assert spec.date_field in spec.names
    if spec.title_field:
        assert spec.title_field in spec.names
    labels = [c.label for c in spec.columns]
    assert len(labels) == len(set(labels)), "two columns share a label: imports could not tell them apart"


@pytest.mark.parametrize("key", KEYS)
def test_required_fields_are_named_when_missing(key, ledger):
    spec = get_spec(key)
    must = {c.label for c in spec.columns if c.required and spec.model.model_fields[c.name].default is None}
    if not must:
        pytest.skip("every required column has a default")
    with pytest.raises(ValidationError) as info:
        ledger.create(key, {}, workflow=spec.workflow)
    named = {e.label for e in info.value.errors}
    assert must <= named
    assert all(e.message == "必填" for e in info.value.errors if e.label in must)


@pytest.mark.parametrize("key", KEYS)
def test_round_trip(key, ledger: LedgerService):
    rid = make(ledger, key)
    row = ledger.get(key, rid)
    assert row["created_by"] == "测试员" and row["deleted_at"] is None
    spec = get_spec(key)
    text = next(
        (
            c
            for c in spec.columns
            if c.kind in (TEXT, LONGTEXT)
            and not c.check
            and not c.required
            and c.name not in ("time", "months")
            and c.name not in spec.owned  # a workflow's column changes through its steps only
        ),
        None,
    )
    if text is not None:
        changed = ledger.update(key, rid, {text.name: "修改后的内容"})
        assert changed == {text.name: (row[text.name], "修改后的内容")}
        assert ledger.get(key, rid)[text.name] == "修改后的内容"
    before = ledger.count(key)
    if spec.undeletable:  # a notice: its number stays; it is cancelled through its workflow instead
        with pytest.raises(WorkflowError, match="不能删除"):
            ledger.delete(key, rid)
        assert ledger.count(key) == before
        return
    ledger.delete(key, rid)
    assert ledger.count(key) == before - 1
    assert [r["id"] for r in ledger.list(key, Query(deleted=True))] == [rid]
    ledger.restore(key, rid)
    assert ledger.count(key) == before


@pytest.mark.parametrize("key", KEYS)
def test_out_of_range_values_are_refused_not_truncated(key, ledger):
    spec = get_spec(key)
    values = valid_values(ledger, key)
    bad = {}
    for c in spec.columns:
        if c.kind == TEXT and c.max_length and not c.check and not c.hidden and c.name not in ("time", "months"):
            bad[c.name] = "长" * (c.max_length + 1)
        elif c.kind in (INT, MONEY) and c.min is not None:
            bad[c.name] = c.min - 1
        elif c.kind == CHOICE:
            bad[c.name] = "不存在的选项"
    if not bad:
        pytest.skip("no bounded column")
    with pytest.raises(ValidationError) as info:
        ledger.create(key, {**values, **bad}, workflow=spec.workflow)
    assert {e.field for e in info.value.errors} == set(bad)
    assert ledger.count(key) == sum(1 for _ in ledger.list(key))  # nothing half-written


def test_unknown_field_is_refused(ledger):
    with pytest.raises(ValidationError, match="没有这一栏"):
        ledger.create("village", {"name": "河口村", "nonsense": 1})


def test_unique_name_gives_a_chinese_message(ledger):
    ledger.create("village", {"name": "河口村"})
    with pytest.raises(Exception, match="已有相同“村\\(社区\\)名称”"):
        ledger.create("village", {"name": "河口村"})


def test_search_filter_and_paging(ledger):
    v1 = ledger.create("village", {"name": "河口村"})
    ledger.create("village", {"name": "龙潭村"})
    for i in range(25):
        ledger.create(
            "enterprise",
            {"name": f"青石{'加油站' if i % 5 == 0 else '机械厂'}{i}", "village_id": v1 if i % 2 else None},
        )
    assert ledger.count("enterprise", Query(search="加油站")) == 5
    assert ledger.count("enterprise", Query(filters={"village_id": v1})) == 12
    page = ledger.list("enterprise", Query(order_by=("name",)), offset=10, limit=10)
    everything = ledger.list("enterprise", Query(order_by=("name",)), limit=None)
    assert page == everything[10:20]
    assert ledger.count("enterprise", Query(search="%")) == 0  # LIKE wildcards are literal


def test_audit_trail_records_before_and_after(ledger, db):
    from sqlalchemy import select

    from safetystation.domain.system import AuditLog

    rid = ledger.create("village", {"name": "河口村", "population": 100})
    ledger.update("village", rid, {"population": 120})
    ledger.delete("village", rid)
    with db.session() as s:
        rows = s.execute(select(AuditLog.__table__).order_by(AuditLog.__table__.c.id)).mappings().all()
    assert [r["action"] for r in rows] == ["create", "update", "delete"]
    assert rows[1]["before"] == '{"population": 100}' and rows[1]["after"] == '{"population": 120}'
    assert all(r["operator"] == "测试员" for r in rows)


def test_a_write_and_its_audit_entry_carry_one_instant(ledger, db):
    """The row's created_at/updated_at and its audit entry's time are the same reading of the clock,
    even on a clock that moves between two readings."""
    import datetime as dt
    import itertools

    from sqlalchemy import select

    from safetystation.domain.system import AuditLog

    ticks = itertools.count()
    ledger.clock = lambda: dt.datetime(2026, 6, 1, 2, 0, tzinfo=dt.UTC) + dt.timedelta(seconds=next(ticks))
    rid = ledger.create("village", {"name": "河口村", "population": 100})
    stamps = [ledger.get("village", rid)["updated_at"]]
    ledger.update("village", rid, {"population": 120})
    stamps.append(ledger.get("village", rid)["updated_at"])
    ledger.delete("village", rid)
    stamps.append(ledger.get("village", rid)["updated_at"])
    with db.session() as s:
        audited = s.execute(select(AuditLog.__table__.c.at).order_by(AuditLog.__table__.c.id)).scalars().all()
    assert len(set(stamps)) == 3
    assert [a.replace(tzinfo=None) for a in audited] == [t.replace(tzinfo=None) for t in stamps]


@pytest.mark.parametrize("key", KEYS)
def test_bulk_insert_stores_and_audits_exactly_what_a_single_insert_does(ledger, key):
    """The import's fast path (driver-level executemany, audit JSON made by SQLite) against
    ``create`` (ORM insert, audit JSON made by Python) for every column of every ledger."""
    import datetime as dt
    import json

    from sqlalchemy import delete, select

    from safetystation.domain.spec import BOOL, DATETIME
    from safetystation.domain.system import AuditLog
    from safetystation.domain.values import validate
    from tests.unit.factory import OVERRIDES, sample_value

    spec = get_spec(key)
    values = {c.name: sample_value(ledger, c) for c in spec.columns if not c.hidden}
    values.update(OVERRIDES.get(key, {}))
    for c in spec.columns:
        if c.kind == DATETIME and c.name in values:
            values[c.name] = dt.datetime(2026, 3, 1, 9, 5, 7, 120)  # microseconds survive both ways
        if c.kind == BOOL and c.name in values and key not in OVERRIDES:
            values[c.name] = True
    values = validate(spec, values)
    t, a = spec.table, AuditLog.__table__

    def stored(record_id):
        with ledger.db.session() as s:
            row = dict(s.execute(select(t).where(t.c.id == record_id)).mappings().one())
            after = s.execute(select(a.c.after).where(a.c.ledger == key, a.c.record_id == record_id)).scalar_one()
        for k in ("id", "created_at", "updated_at"):
            row.pop(k)
        present = {k: v for k, v in json.loads(after).items() if v is not None}  # the 修改记录 shows both as empty
        return row, json.dumps(present, sort_keys=True, ensure_ascii=False)  # true and 1 differ here

    # The workflow that writes every column: the ledger's own, or the one owning its linked column (a
    # complaint's hazard is linked by the 举报转为隐患 workflow while the complaint is typed by hand).
    writer = spec.workflow or next(iter(set(spec.owned.values())), None)
    single = ledger.create(key, values, workflow=writer)
    expected = stored(single)
    with ledger.db.session() as s:  # make room for the same values again (unique columns)
        s.execute(delete(a).where(a.c.ledger == key, a.c.record_id == single))
        s.execute(delete(t).where(t.c.id == single))
        s.commit()
    with ledger.db.session() as s:
        (bulk,) = ledger.bulk_insert(s, key, [values], workflow=writer)
        s.commit()
    assert stored(bulk) == expected
    assert ledger.history(key, bulk)[0].changes  # the 修改记录 shows the created values


@pytest.mark.parametrize("operator", ["测试员", None])
def test_bulk_insert_of_rows_with_different_empty_columns(db, operator):
    """Columns empty in some rows only, BOOL and DATE columns on the fast binding paths, with and
    without an operator: the stored rows are what create() stores."""
    import datetime as dt
    import json

    from sqlalchemy import text

    from safetystation.domain.values import validate

    service = LedgerService(db, operator=None if operator is None else Operator(operator))
    spec = get_spec("enterprise")
    rows = [
        {"name": "甲厂", "phone": "13800001111", "licence_expiry": dt.date(2027, 1, 31), "is_key": True},
        {"name": "乙厂", "employees": 12, "licence_expiry": None, "is_key": False},
        {"name": "丙厂", "phone": None, "licence_expiry": "2026年3月1日"},
    ]
    rows = [validate(spec, r) for r in rows]
    singles = [service.create("enterprise", dict(r, name=r["name"] + "单")) for r in rows]
    with db.session() as s:
        ids = service.bulk_insert(s, "enterprise", rows)
        s.commit()
    raw = sqlite3_rows(db, "enterprise", [*singles, *ids])
    for single, bulk in zip(raw[:3], raw[3:], strict=True):
        single.pop("name"), bulk.pop("name")
        assert bulk == single  # the very text stored: dates as 2027-01-31, BOOL as 1/0, NULL for empty
    assert raw[3]["created_by"] == operator
    with db.session() as s:
        afters = s.execute(text(f"SELECT after FROM audit_log WHERE record_id IN {tuple(ids)} ORDER BY id")).scalars()
        assert [json.loads(a).get("phone") for a in afters] == ["13800001111", None, None]


def sqlite3_rows(db, table, ids):
    import sqlite3

    con = sqlite3.connect(db.path)
    con.row_factory = sqlite3.Row
    try:
        out = []
        for i in ids:
            row = dict(con.execute(f"SELECT * FROM {table} WHERE id = ?", (i,)).fetchone())
            for k in ("id", "created_at", "updated_at"):
                row.pop(k)
            out.append(row)
        return out
    finally:
        con.close()
