"""Chinese text in pinyin order (#20 §7): the sort key, SQL paging through LedgerService, the read-only
connection, export-ledger's workbook, and every ledger's declared default order."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import event

from safetystation.domain import LEDGERS, get_spec
from safetystation.domain.spec import BOOL, CHOICE, DATE, DATETIME, INT, LONGTEXT, MONEY, REF, TEXT
from safetystation.pinyin import PREFIX, pinyin_key, sort_key
from safetystation.services.ledger import LedgerService, Query
from safetystation.storage.db import open_database

ROOT = Path(__file__).resolve().parents[2]

# 东 4E1C, 北 5317, 南 5357, 庙 5E99: code point order is 东 北 南 庙; pinyin is bei dong miao nan.
FOUR = ["东", "北", "南", "庙"]
BY_PINYIN = ["北", "东", "庙", "南"]


def test_four_directions_by_pinyin_not_code_point():
    assert sorted(FOUR) == ["东", "北", "南", "庙"]  # what the ledgers did before
    assert sorted(FOUR, key=sort_key) == BY_PINYIN


def test_dictionary_order_details():
    # A character's syllable, then its tone, then the character: all 汪 (wāng) before all 王 (wáng),
    # names of one first character together; a shorter name before its longer ones.
    assert sorted(["王小", "汪海", "王兵", "王"], key=sort_key) == ["汪海", "王", "王兵", "王小"]
    assert sorted(["林", "理", "李四", "里"], key=sort_key) == ["李四", "理", "里", "林"]  # li < lin
    assert sorted(["女", "绿", "路", "吕"], key=sort_key) == ["路", "吕", "绿", "女"]  # lu < lü (v) < nü
    # Polyphones read in their phrase: 重庆 is chong (before 丁 ding), 重量 is zhong (after 张 zhang).
    assert sorted(["丁村", "重庆路", "重量", "张三"], key=sort_key) == ["重庆路", "丁村", "张三", "重量"]


def test_digits_and_latin_sort_before_chinese_numbers_by_value():
    names = ["东风村", "10号仓库", "Zhang", "（一）组", "2号仓库", "abc", "ABC建材", "３号", " 北山"]
    assert sorted(names, key=sort_key) == [
        "（一）组",  # punctuation first, as in ICU
        "2号仓库",
        "３号",  # full-width digits count as digits
        "10号仓库",  # 2 < 3 < 10: numbers by value
        "abc",
        "ABC建材",  # letters ignore case
        "Zhang",
        " 北山",  # leading space ignored
        "东风村",
    ]


def test_key_edge_cases():
    assert pinyin_key(None) is None and pinyin_key("") == ""
    assert pinyin_key(12) == pinyin_key("12")  # a number stored in a text column
    assert sort_key("A") < sort_key("a")  # exact ties fall to the text itself: a total order
    long_a, long_b = "北" * PREFIX + "甲", "北" * PREFIX + "乙"
    assert pinyin_key(long_a) == pinyin_key(long_b) and sort_key(long_a) != sort_key(long_b)
    rare = "\U0002a6d6"  # an Extension B character pypinyin cannot read: after every read one
    assert sorted([rare, "座", "阿"], key=sort_key) == ["阿", "座", rare]


def _enterprises(ledger: LedgerService, names: list[str]) -> None:
    for n in names:
        ledger.create("enterprise", {"name": n})


def test_ledger_pages_continue_the_pinyin_order(ledger):
    names = FOUR + ["东方加油站", "北山石材厂", "南湖饭店", "庙前小学", "安澜物流", "2号仓库", "ABC建材"]
    _enterprises(ledger, names)
    page1 = [r["name"] for r in ledger.list("enterprise", offset=0, limit=4)]  # the ledger's own order
    page2 = [r["name"] for r in ledger.list("enterprise", offset=4, limit=4)]
    page3 = [r["name"] for r in ledger.list("enterprise", offset=8, limit=4)]
    assert page1 == ["2号仓库", "ABC建材", "安澜物流", "北"]
    assert page2 == ["北山石材厂", "东", "东方加油站", "庙"]
    assert page3 == ["庙前小学", "南", "南湖饭店"]
    every = [r["name"] for b in ledger.iter_rows("enterprise", batch=3) for r in b]  # exports and prints
    assert every == page1 + page2 + page3 == sorted(names, key=sort_key)
    down = [r["name"] for r in ledger.list("enterprise", Query(order_by=("-name",)), limit=None)]
    assert down == every[::-1]


def test_a_search_keeps_the_order(ledger):
    _enterprises(ledger, ["南村砖厂", "东村砖厂", "北村砖厂", "庙村砖厂", "东村饭店"])
    rows = ledger.list("enterprise", Query(search="砖厂"), offset=1, limit=2)
    assert [r["name"] for r in rows] == ["东村砖厂", "庙村砖厂"]


def test_reference_and_pick_list_columns_sort_by_what_is_shown(ledger):
    ids = {n: ledger.create("village", {"name": n}) for n in FOUR}
    for n, v in zip(["甲厂", "乙厂", "丙厂", "丁厂"], FOUR, strict=True):
        ledger.create("enterprise", {"name": n, "village_id": ids[v]})
    rows = ledger.list("enterprise", Query(order_by=("village_id",)), limit=None)
    assert [ledger.titles("village", [r["village_id"]])[r["village_id"]] for r in rows] == BY_PINYIN
    for name, role in [("甲", "leader"), ("乙", "staff"), ("丙", "head"), ("丁", "leader")]:
        ledger.create("staff", {"name": name, "role": role})
    rows = ledger.list("staff", Query(order_by=("role",)), limit=None)
    # The pick-list's order (站长, 工作人员, 信息员, 分管领导), not the codes' (head, leader, staff…);
    # one role's people in the default order, by name: 丁 ding before 甲 jia.
    assert [(r["role"], r["name"]) for r in rows] == [
        ("head", "丙"),
        ("staff", "乙"),
        ("leader", "丁"),
        ("leader", "甲"),
    ]


def test_the_read_only_connection_sorts_by_pinyin_too(db, ledger):
    _enterprises(ledger, FOUR)
    path = db.path
    db.dispose()
    ro = open_database(path, read_only=True)
    try:
        assert [r["name"] for r in LedgerService(ro).list("enterprise", limit=None)] == BY_PINYIN
    finally:
        ro.dispose()


def test_export_ledger_writes_the_pinyin_order(db, ledger, tmp_path):
    _enterprises(ledger, FOUR + ["东方加油站", "北山石材厂"])
    path = db.path
    db.dispose()
    out = tmp_path / "单位.xlsx"
    r = subprocess.run(
        [sys.executable, "-m", "safetystation", "export-ledger", "enterprise", "--db", str(path), "-o", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    ws = load_workbook(out).active
    header = next(i for i, row in enumerate(ws.iter_rows(values_only=True)) if row[0] == "序号")
    rows = list(ws.iter_rows(min_row=header + 2, values_only=True))
    column = [c for c in list(ws.iter_rows(values_only=True))[header]].index("单位名称")
    names = [row[column] for row in rows if isinstance(row[0], int)]
    assert names == ["北", "北山石材厂", "东", "东方加油站", "庙", "南"]


# --- every ledger declares its default order ---------------------------------------------------

# Registers: lists of things, sorted by the pinyin of their name (the first key is the title field).
REGISTERS = {
    "station",
    "village",
    "staff",
    "equipment",
    "enterprise",
    "brigade",
    "checklist_template",
    "work_task",
    "county_roster",
}
# Registers grouped first: key parts by their unit (its name's pinyin), then their own name;
# industries keep the 统计表's row order (their 排序 column), then name.
GROUPED = {
    "key_part": ("enterprise_id", "name"),
    "industry": ("sort_order", "name"),
    "certified_operator": ("enterprise_id", "name"),  # by unit, then person
    "rule": ("category", "title"),  # the rules book by its chapters (the pick-list's order), then name
    "vehicle": ("village_id", "owner"),  # 拖拉机台帐 by village, then owner
    "driver": ("village_id", "name"),  # 驾驶员台帐 by village, then person
    "fireworks_outlet": ("village_id", "name"),  # 烟花爆竹经营点 by village, then name
    "fire_priority": ("village_id", "name"),  # 重点消防户 by village, then name
    "self_built_house": ("village_id", "owner"),  # 农村自建房 by village, then owner
}
# Dated children whose order is by nature oldest first: a hazard's handling history as its record
# shows it, and a drill plan's schedule (the next drill first).
OLDEST_FIRST = {"hazard_event", "drill_occurrence"}


@pytest.mark.parametrize("key", list(LEDGERS))
def test_every_ledger_declares_a_default_order(key):
    spec = get_spec(key)
    order = spec.order_by
    assert order and all(k.lstrip("-") in spec.table.c for k in order), order
    assert order[-1].lstrip("-") == "id", "ends with the id: rows never tie, pages never overlap"
    if spec.parent is None:  # shown as a page: the header can show the arrow on the first key
        assert not spec.column(order[0].lstrip("-")).hidden
    if key in REGISTERS:
        assert spec.title_field and order[0] == spec.title_field
        assert spec.column(spec.title_field).kind == TEXT  # …which sorts by pinyin
    elif key in GROUPED:
        assert order[: len(GROUPED[key])] == GROUPED[key]
    elif key in OLDEST_FIRST:
        assert spec.date_field and f"-{spec.date_field}" not in order and spec.date_field in order
    elif spec.date_field:
        assert order == (f"-{spec.date_field}", "-id"), "a dated ledger lists the newest first"
    else:  # an undated child: by its parent, then by name (pinyin) or as entered (checklist items)
        assert spec.parent and order[0] == spec.parent
        assert order[1:] in (("id",), (spec.title_field, "id")) and spec.column(order[0]).kind == REF


def test_the_classification_above_covers_the_registers():
    """A new ledger without a date is a register, a child or a listed exception: never unsorted."""
    for key, spec in LEDGERS.items():
        if spec.parent is None and not spec.date_field:
            assert key in REGISTERS | set(GROUPED), key


def test_every_column_sorts_in_sql_both_ways(demo_db):
    """A header click on any column of any ledger: text by pinyin, the rest by value, both directions."""
    ledger = LedgerService(demo_db)
    for key, spec in LEDGERS.items():
        for c in spec.columns:
            if c.hidden:
                continue
            up = ledger.list(key, Query(order_by=(c.name,)), limit=None)
            down = ledger.list(key, Query(order_by=("-" + c.name,)), limit=None)
            assert len(up) == len(down) == ledger.count(key), (key, c.name)
            values = [r[c.name] for r in up if r[c.name] is not None]
            if c.kind in (TEXT, LONGTEXT):
                assert values == sorted(values, key=sort_key), (key, c.name)
            elif c.kind in (INT, MONEY, DATE, DATETIME, BOOL):
                assert values == sorted(values), (key, c.name)
            elif c.kind == CHOICE and c.choices is not None:
                assert values == sorted(values, key=lambda v: (c.choices.codes + [v]).index(v)), (key, c.name)
            elif c.kind == REF and c.ref:
                titles = ledger.titles(c.ref, values)
                assert [titles[v] for v in values] == sorted((titles[v] for v in values), key=sort_key)
            assert [r[c.name] for r in down if r[c.name] is not None] == values[::-1], (key, c.name)


def test_the_order_is_one_sql_expression(ledger, db):
    """What a port to PostgreSQL replaces (safetystation/pinyin.py): the ORDER BY calls pinyin_key."""
    seen: list[str] = []
    event.listen(db.engine, "before_cursor_execute", lambda _c, _cur, sql, *_: seen.append(sql))
    ledger.list("enterprise", offset=10, limit=5)
    assert "ORDER BY pinyin_key(enterprise.name) ASC, enterprise.name ASC, enterprise.id ASC" in seen[-1]
    assert "LIMIT ? OFFSET ?" in seen[-1]  # paged in SQL


def test_preload_loads_the_dictionaries_that_sorting_needs():
    """The window calls it on a worker thread once it is up (ui/app.py), so the first ledger opened
    with a village filter does not wait for pypinyin's 0.15 s import."""
    import subprocess
    import sys

    code = (
        "import sys; from safetystation import pinyin; assert 'pypinyin' not in sys.modules; "
        "pinyin.preload(); assert 'pypinyin' in sys.modules and pinyin._readings.cache_info().currsize == 1"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
