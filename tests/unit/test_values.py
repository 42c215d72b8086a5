"""Parsing of what clerks type and spreadsheets hold, and the ledgers' cross-field rules."""

from __future__ import annotations

import datetime as dt

import pytest

from safetystation.domain import get_spec
from safetystation.domain.drill import drill_grade_for, parse_months
from safetystation.domain.records import accident_grade_for
from safetystation.domain.validators import check_credit_code, credit_code_check_char
from safetystation.domain.values import halfwidth, parse_bool, parse_date, parse_int, parse_money, validate
from safetystation.errors import ValidationError


@pytest.mark.parametrize(
    "raw",
    [
        "2026年12月31日",
        "2026.12.31",
        "2026/12/31",
        "2026-12-31",
        "20261231",
        "２０２６年１２月３１日",
        " 2026 年 12 月 31 日 ",
        46387,
        46387.0,
        dt.datetime(2026, 12, 31, 0, 0),
        "2026-12-31 00:00:00",
    ],
)
def test_dates(raw):
    assert parse_date(raw) == dt.date(2026, 12, 31)


@pytest.mark.parametrize(
    "raw,reason",
    [
        ("2026.13.1", "没有13月1日"),
        ("2026年2月30日", "没有2月30日"),
        ("立即整改", "不是可识别的日期"),
        ("", "不是可识别的日期"),
    ],
)
def test_bad_dates_say_why(raw, reason):
    with pytest.raises(ValueError, match=reason):
        parse_date(raw)


def test_numbers_and_flags():
    assert halfwidth("１５８０８４１４８５２") == "15808414852"
    assert parse_int("１８５") == 185 and parse_int(117.0) == 117 and parse_int("1,200人") == 1200
    with pytest.raises(ValueError):
        parse_int("12.5")
    assert parse_money("1,234.5元") == 123450 and parse_money("￥0.01") == 1 and parse_money(500) == 500
    assert parse_money(12.5, native_fen=False) == 1250
    with pytest.raises(ValueError, match="两位小数"):
        parse_money("1.001")
    assert parse_bool("是") is True and parse_bool("否") is False and parse_bool("√") is True
    with pytest.raises(ValueError, match="是”或“否"):
        parse_bool("也许")


def test_credit_code_check_character():
    # GB 32100 worked example as printed in public validators: 91350100M000100Y43
    assert check_credit_code("91350100M000100Y43") is None
    assert "校验位错误" in check_credit_code("91350100M000100Y44")
    assert "18位" in check_credit_code("9135010")
    assert "不允许的字符" in check_credit_code("91350100M000100YI3")
    body = "91330522MA2B3C4D5"
    assert check_credit_code(body + credit_code_check_char(body)) is None


def test_choice_labels_and_aliases_are_accepted():
    spec = get_spec("enterprise")
    clean = validate(spec, {"name": "甲", "risk_level": "红", "status": "停产整顿", "is_key": "是"}, external=True)
    assert clean["risk_level"] == "red" and clean["status"] == "suspended" and clean["is_key"] is True


def test_all_errors_reported_at_once():
    with pytest.raises(ValidationError) as info:
        validate(get_spec("enterprise"), {"name": "", "employees": "很多", "licence_expiry": "明年"}, external=True)
    assert {e.label for e in info.value.errors} == {"单位名称", "从业人数", "许可证有效期至"}
    assert "单位名称：必填" in str(info.value)


CROSS_FIELD_CASES = [
    ("hazard", {"found_date": "2026-03-10", "deadline": "2026-03-01", "description": "x"}, "deadline"),
    (
        "training",
        {"start_date": "2026-03-10", "end_date": "2026-03-01", "topic": "x", "group": "other", "trainees": 10},
        "end_date",
    ),
    (
        "training",
        {"start_date": "2026-03-10", "topic": "x", "group": "other", "trainees": 10, "passed": 11},
        "passed",
    ),
    (
        "accident",
        {"date": "2026-03-01", "industry": "road", "type": "traffic", "deaths": 3, "grade": "ordinary"},
        "grade",
    ),
    (
        "accident",
        {"date": "2026-03-01", "industry": "road", "type": "traffic", "injuries": 1, "serious_injuries": 2},
        "serious_injuries",
    ),
    (
        "drill_record",
        {
            "name": "x",
            "start_at": "2026-03-01 09:00",
            "end_at": "2026-03-01 08:00",
            "place": "x",
            "participants": 5,
        },
        "end_at",
    ),
    (
        "drill_record",
        {
            "name": "x",
            "start_at": "2026-03-01 09:00",
            "place": "x",
            "participants": 5,
            "score": 95,
            "grade": "pass",
        },
        "grade",
    ),
    ("drill_plan", {"name": "x", "recurrence": "months", "months": "3,13", "start_date": "2026-01-01"}, "months"),
    ("drill_plan", {"name": "x", "recurrence": "months", "start_date": "2026-01-01"}, "months"),
    ("enforcement", {"date": "2026-03-01", "violation": "x", "measure": "fine", "party": "张某"}, "fine"),
    ("enforcement", {"date": "2026-03-01", "violation": "x", "measure": "order"}, "party"),
    (
        "agreement",
        {"year": 2026, "type": "target", "party_b": "x", "party_kind": "enterprise", "signed_date": "2026-01-10"},
        "enterprise_id",
    ),
    ("zero_report", {"period": "国庆", "report_date": "2026-10-07", "no_accident": "否"}, "accident_id"),
    ("key_part", {"name": "储罐区", "hazard_type": "explosion", "is_major_source": True}, "source_grade"),
    ("staff", {"name": "张三", "role": "village_officer", "employment": "part"}, "village_id"),
    ("brigade", {"name": "企业队", "type": "enterprise"}, "enterprise_id"),
    (
        "hazard_listing",
        {"hazard_id": 1, "listed_date": "2026-03-10", "delisted_date": "2026-03-01"},
        "delisted_date",
    ),
]


@pytest.mark.parametrize("key,values,field", CROSS_FIELD_CASES)
def test_cross_field_rules(key, values, field):
    with pytest.raises(ValidationError) as info:
        validate(get_spec(key), values, external=True)
    assert field in {e.field for e in info.value.errors}


def test_grades():
    assert [drill_grade_for(s) for s in (100, 90, 89, 80, 79, 60, 59, 0)] == [
        "excellent",
        "excellent",
        "good",
        "good",
        "pass",
        "pass",
        "fail",
        "fail",
    ]
    assert accident_grade_for(0) == "ordinary" and accident_grade_for(3) == "larger"
    assert accident_grade_for(10) == "major" and accident_grade_for(30) == "extraordinary"
    assert accident_grade_for(0, serious_injuries=10) == "larger"
    assert accident_grade_for(0, loss_fen=1000 * 1_000_000) == "larger"  # 1000万元
    assert parse_months("3，6、9 12月") == [3, 6, 9, 12]


def test_fast_converters_agree_with_coerce_on_every_column():
    """validate() converts through per-column shortcuts; they must give what coerce() gives (value or
    the same Chinese reason) for whatever a spreadsheet cell or a form field may hold."""
    import datetime as dt

    from safetystation.domain import LEDGERS
    from safetystation.domain.values import _converter, coerce

    corpus = [" 张三 ", "ＡＢＣ１２３", "a\u00a0b ", "\u3000青石\u3000", "青石１组", "河口\u00a0村 ", "  ", "",
              "x" * 3, "12", "１２人", " 12 ", 12, 12.0, 12.5, 13800001111.0, 0, True, False, dt.date(2026, 3, 1),
              dt.datetime(2026, 3, 1, 9, 30),
              "2026年3月1日", "2026.3.1", 46082, "是", "否", "蓝", "blue", " blue ", "BLUE", "重大"]  # fmt: skip
    checked = 0
    for spec in LEDGERS.values():
        for column in spec.columns:
            values = corpus + [label for _, label in column.choices] if column.choices else corpus
            for external in (True, False):
                fast = _converter(column, external)
                for raw in values:
                    try:
                        expected: object = coerce(column, raw, external=external)
                    except ValueError as e:
                        expected = ("error", str(e))
                    try:
                        got: object = fast(raw)
                    except ValueError as e:
                        got = ("error", str(e))
                    assert got == expected and type(got) is type(expected), (spec.key, column.name, raw)
                    checked += 1
    assert checked > 10_000


def test_validate_columns_gives_what_validate_gives_record_by_record():
    """An import validates column by column (validate_columns); each record must come out exactly as
    validate() would have it: the same typed values, or the same errors in the same order."""
    import datetime as dt
    import random

    from safetystation.domain import LEDGERS
    from safetystation.domain.values import ABSENT, records_from_columns, validate_columns

    corpus = [" 张三 ", "ＡＢＣ１２３", "青石１组", "  ", "", "x" * 300, "12", "１２人", 12, 12.0, 12.5, -3, 0,
              True, False, None, dt.date(2026, 3, 1), "2026年3月1日", "明年", 46082, "是", "否", "蓝", "重大",
              "91330522MA0000001X", "91330522MA00000014", "2026-03-01 09:00", "2026-03-01 08:00"]  # fmt: skip
    rng = random.Random(20261122)
    compared = rejected = 0
    for spec in LEDGERS.values():
        examples = [dict(values) for key, values, _ in CROSS_FIELD_CASES if key == spec.key]
        for external in (True, False):
            pools, good = {}, {}
            for column in spec.columns:
                pools[column.name] = corpus + [label for _, label in column.choices] if column.choices else corpus
                good[column.name] = [v for v in pools[column.name] if _accepted(spec, column.name, v, external)]
            records = []
            for n in range(80):
                names = rng.sample(spec.names, rng.randint(0, len(spec.names)))
                if n % 2:  # all required columns, and only values each column accepts
                    names = [c.name for c in spec.columns if c.required] + names
                record = {}
                for name in names:
                    pool = good[name] if n % 2 and good[name] else pools[name]
                    record[name] = rng.choice(pool)
                if rng.random() < 0.05:
                    record["no_such_column"] = "x"
                records.append(record)
            for example in examples:  # records that reach the cross-field checks
                records.append(example)
                records.append({k: v for k, v in example.items() if rng.random() < 0.7})
            # Every record mentions its columns in one order, as an import's rows do.
            order = [*rng.sample(spec.names, len(spec.names)), "no_such_column"]
            records = [{k: r[k] for k in order if k in r} for r in records]
            expected = []
            for record in records:
                try:
                    expected.append(validate(spec, record, external=external))
                except ValidationError as e:
                    expected.append([(f.field, f.label, f.message) for f in e.errors])
            columns = {k: [r.get(k, ABSENT) for r in records] for k in order if any(k in r for r in records)}
            clean, errors = validate_columns(spec, columns, len(records), external=external)
            typed = records_from_columns(clean, len(records), ABSENT)
            for i, (record, want) in enumerate(zip(records, expected, strict=True)):
                have = [(f.field, f.label, f.message) for f in errors[i]] if i in errors else typed[i]
                assert have == want, (spec.key, external, record)
                if isinstance(want, dict):
                    assert {k: type(v) for k, v in have.items()} == {k: type(v) for k, v in want.items()}
                else:
                    rejected += 1
                compared += 1
    assert compared > 3000 and 0.2 * compared < rejected < 0.95 * compared  # both outcomes well covered
    assert validate_columns(get_spec("village"), {}, 0) == ({}, {})


def _accepted(spec, name, value, external):
    try:
        validate(spec, {name: value}, external=external)
    except ValidationError as e:
        return name not in {f.field for f in e.errors}
    return True


def test_checkers_agree_with_the_range_and_column_checks():
    """validate() checks through per-column shortcuts (_checker); they must say what _check_range and
    the column's own check say, for values inside, at and outside every column's limits."""
    from safetystation.domain import LEDGERS
    from safetystation.domain.spec import INT, LONGTEXT, MONEY, TEXT
    from safetystation.domain.values import _check_range, _checker

    checked = 0
    for spec in LEDGERS.values():
        for column in spec.columns:
            fast = _checker(column)
            if column.kind in (INT, MONEY):
                edges = [v for v in (column.min, column.max) if v is not None]
                values = [0, 1, -1, 10**9, *[e + d for e in edges for d in (-1, 0, 1)]]
            elif column.kind in (TEXT, LONGTEXT):
                limit = column.max_length or 10
                values = ["", "1" * limit, "1" * (limit + 1), "张" * (limit - 1), "91330522MA00000014", "12-3"]
            else:
                continue
            for v in values:
                want = _check_range(column, v) or (column.check(v) if column.check else None)
                assert (fast(v) if fast else None) == want, (spec.key, column.name, v)
                checked += 1
    assert checked > 300


def test_every_text_column_stops_at_the_excel_cell_limit():
    """#15 §9: what validation lets in, export can write out (32,767 characters per cell)."""
    from safetystation.domain import LEDGERS
    from safetystation.domain.spec import LONGTEXT, MAX_TEXT, TEXT
    from safetystation.domain.values import validate

    texts = [(spec, c) for spec in LEDGERS.values() for c in spec.columns if c.kind in (TEXT, LONGTEXT)]
    assert texts and all(c.max_length and c.max_length <= MAX_TEXT for _, c in texts)
    hazard = next(spec for spec in LEDGERS.values() if spec.key == "hazard")
    note = next(c for c in hazard.columns if c.kind == LONGTEXT and c.max_length == MAX_TEXT)
    with pytest.raises(ValidationError) as caught:
        validate(hazard, {note.name: "长" * 40_000}, existing={})
    assert any(e.field == note.name and "最多32767个字" in e.message for e in caught.value.errors)


@pytest.mark.parametrize("value", [2027, 202706, 2027.0, "1949-12-31", "2101-01-01", dt.date(1900, 1, 1)])
def test_dates_outside_1950_2100_are_refused_not_converted(value):
    """#15 §12: the number 2027 used to become 1905-07-19, 202706 the year 2454, silently."""
    with pytest.raises(ValueError, match="不在1950—2100年之间"):
        parse_date(value)


def test_a_year_typed_as_a_number_is_refused_on_every_import_path():
    spec = get_spec("hazard")
    found = next(c for c in spec.columns if c.name == "found_date")
    with pytest.raises(ValidationError, match="像是只填了年份或年月"):
        validate(spec, {found.name: 2027}, existing={})
    assert parse_date(46000) == dt.date(2025, 12, 9)  # a real Excel date serial still reads


def test_text_keeps_chinese_punctuation_and_folds_full_width_codes():
    """A clerk's 青石（东区）超市 stays as typed (it was silently folded to 青石(东区)超市); full-width
    digits and letters still become ASCII, in the form's path and the importer's fast path alike."""
    from safetystation.domain import get_spec
    from safetystation.domain.values import _converter, coerce

    name = get_spec("enterprise").column("name")
    for convert in (lambda v: coerce(name, v), _converter(name, external=True)):
        assert convert("青石（东区）超市，二楼：东侧；是否？是！") == "青石（东区）超市，二楼：东侧；是否？是！"
        assert convert(" ＺＪ３３０５－０１\u3000") == "ZJ3305-01"
