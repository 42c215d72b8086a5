"""Importing spreadsheets: the three real-world samples with the counts and errors a careful clerk
expects, encodings, header mapping, duplicates, commit modes, cancel, and refusal of bad files."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from safetystation.errors import UserError
from safetystation.excel.importer import ImportCancelled, commit_import, plan_import
from safetystation.services.ledger import LedgerService, Query
from safetystation.services.operators import Operator
from tests.unit.dbsnap import dump

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"  # copies of ../shared/samples
ENTERPRISES = SAMPLES / "县下发_辖区企业名录.xlsx"
PROBLEMS = SAMPLES / "督导检查问题清单.xls"
VILLAGE_CSV = SAMPLES / "村级隐患自查汇总.csv"
D = dt.date


# --- the county's enterprise list (.xlsx with title block, 合计 and 注 rows) ---------------------------


def test_county_enterprise_list(db, ledger):
    plan = plan_import(db, ENTERPRISES, "enterprise")
    assert (plan.sheet, plan.header_row, len(plan.rows)) == ("企业名录", 3, 60)
    assert plan.skipped == [(64, "合计行"), (66, "注释或签名行")]
    assert plan.rejected == [] and plan.count("insert") == 60
    result = commit_import(db, plan, operator=Operator("周晓燕"))
    assert (result.inserted, result.rejected) == (60, 0)
    rows = {r["name"]: r for r in ledger.list("enterprise", limit=None)}
    assert len(rows) == 60
    assert "青石桃园农机合作社" in rows  # "  青石桃园农机合作社 " trimmed
    west = rows["青石西岭石料场"]  # full-width digits in the sheet
    assert west["phone"] == "15808414852" and west["employees"] == 185 and west["risk_level"] == "orange"
    assert rows["青石桃园纸制品有限公司"]["licence_expiry"] == D(2026, 6, 23)  # “2026年6月23日”
    assert rows["青石东山烟花爆竹零售点"]["licence_expiry"] == D(2026, 12, 19)  # “2026.12.19”
    industries = {i["id"]: i["name"] for i in ledger.list("industry", limit=None)}
    assert industries[rows["青石杨柳加油站"]["industry_id"]] == "加油站"
    assert sum(r["employees"] for r in rows.values()) > 7604  # the sheet's 合计 silently left out text numbers


def test_villages_come_from_the_address(demo_db):
    ledger = LedgerService(demo_db)
    plan = plan_import(demo_db, ENTERPRISES, "enterprise")
    villages = {v["id"]: v["name"] for v in ledger.list("village", limit=None)}
    new = [r for r in plan.rows if r.action == "insert"]
    assert new and all(villages[r.values["village_id"]] in r.values["address"] for r in new)
    # names that the demo township already has are recognised as the same enterprise
    assert plan.count("skip") == len(plan.rows) - len(new) > 0


def test_importing_twice_skips_or_updates(db, ledger):
    commit_import(db, plan_import(db, ENTERPRISES, "enterprise"))
    again = plan_import(db, ENTERPRISES, "enterprise")
    assert again.count("skip") == 60 and again.count("insert") == 0
    changed = db.path.parent / "changed.xlsx"
    wb = load_workbook(ENTERPRISES)
    wb.active["H4"] = 999
    wb.save(changed)
    plan = plan_import(db, changed, "enterprise", duplicates="update")
    assert plan.count("update") == 60
    result = commit_import(db, plan)
    assert result.updated == 60
    assert ledger.list("enterprise", Query(search="青石桃园石料场"))[0]["employees"] == 999
    assert ledger.count("enterprise") == 60


# --- the supervision problem list (legacy .xls) --------------------------------------------------------


def test_problem_list_after_the_enterprise_list(db, ledger):
    commit_import(db, plan_import(db, ENTERPRISES, "enterprise"))
    plan = plan_import(db, PROBLEMS, "hazard")
    assert (plan.header_row, len(plan.rows), len(plan.rejected)) == (3, 25, 0)
    assert any("填报日期2026-11-05" in n for n in plan.notes)
    result = commit_import(db, plan, operator=Operator("周晓燕"))
    assert result.inserted == 25
    hazards = ledger.list("hazard", Query(order_by=("id",)), limit=None)
    assert {h["found_date"] for h in hazards} == {D(2026, 11, 5)}
    assert {h["source"] for h in hazards} == {"superior"}
    assert sum(h["grade"] == "major" for h in hazards) == 3
    immediate = [h for h in hazards if h["deadline"] == D(2026, 11, 5)]
    assert len(immediate) == 5  # “立即整改” means the day it was found
    by_no = {i + 1: h for i, h in enumerate(hazards)}
    assert by_no[2]["deadline"] == D(2027, 1, 5) and by_no[3]["deadline"] == D(2026, 12, 7)
    assert by_no[5]["deadline"] == D(2026, 12, 20)  # a real Excel date cell
    assert all(h["status"] == "registered" and h["hazard_no"] for h in hazards)
    events = LedgerService(db).list("hazard_event", limit=None)
    assert len(events) == 25 and {e["action"] for e in events} == {"导入登记"}


def test_problem_list_alone_flags_unknown_units_and_invents_nothing(db, ledger):
    plan = plan_import(db, PROBLEMS, "hazard")
    assert len(plan.rejected) == 25
    first = plan.rejected[0].problems[0]
    assert (first.row, first.column, first.header) == (4, "B", "被检查单位")
    assert "“青石南湾液化气站”不在辖区生产经营单位台账中" in first.message
    with pytest.raises(UserError, match="有25行数据有误，未导入任何数据"):
        commit_import(db, plan)
    assert ledger.count("enterprise") == 0 and ledger.count("hazard") == 0


# --- the village self-check summary (GBK CSV) -------------------------------------------------------


def test_village_csv_in_gbk(demo_db):
    ledger = LedgerService(demo_db)
    before = ledger.count("hazard")
    plan = plan_import(demo_db, VILLAGE_CSV, "hazard")
    assert (plan.header_row, len(plan.rows)) == (1, 18)
    rejected = plan.rejected
    assert [r.row for r in rejected] == [2, 3, 4, 6, 10, 18]  # not rectified and no deadline given
    assert all(str(r.problems[0]) == f"第{r.row}行“整改期限”：必填" for r in rejected)
    ok = plan.valid
    assert len(ok) == 12 and all(r.values["deadline"] == r.values["rectified_date"] for r in ok)
    assert all(r.values["source"] == "village" for r in ok)
    result = commit_import(demo_db, plan, mode="valid", error_path=demo_db.path.parent / "err.xlsx")
    assert (result.inserted, result.rejected) == (12, 6)
    assert ledger.count("hazard") == before + 12
    imported = ledger.list("hazard", Query(filters={"source": "village", "status": "awaiting_review"}), limit=None)
    assert len([h for h in imported if h["found_date"].year == 2026 and h["found_date"].month == 10]) >= 12
    errors = load_workbook(result.error_file).active
    assert [c.value for c in errors[1]][-1] == "错误原因" and errors.max_row == 7
    assert errors["A2"].value == 2 and "整改期限" in errors.cell(2, errors.max_column).value


def test_village_csv_with_a_default_deadline(demo_db):
    plan = plan_import(demo_db, VILLAGE_CSV, "hazard", defaults={"整改期限": "2026-11-30"})
    assert len(plan.rows) == 18 and plan.rejected == []
    not_fixed = [r for r in plan.rows if not r.extras.get("_rectified")]
    assert len(not_fixed) == 6 and {r.values["deadline"] for r in not_fixed} == {D(2026, 11, 30)}


def test_village_csv_on_a_station_without_those_villages(db):
    plan = plan_import(db, VILLAGE_CSV, "hazard", defaults={"整改期限": "2026-11-30"})
    assert len(plan.rejected) == 18
    assert "“河口村”不在村(社区)中" in str(plan.rejected[0].problems[0])


@pytest.mark.parametrize(
    "encoding,bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("utf-16", b""), ("gb18030", b"")]
)
def test_csv_encodings(demo_db, tmp_path, encoding, bom):
    text = VILLAGE_CSV.read_bytes().decode("gbk")
    f = tmp_path / "v.csv"
    f.write_bytes(bom + text.encode(encoding))
    plan = plan_import(demo_db, f, "hazard")
    assert len(plan.rows) == 18 and len(plan.valid) == 12
    assert plan.rows[0].values.get("description") == "员工未进行三级安全教育" or plan.rows[0].action == "reject"


# --- mapping, modes, cancel --------------------------------------------------------------------------


def test_the_clerk_can_correct_the_mapping(db):
    plan = plan_import(db, ENTERPRISES, "enterprise", mapping={"地址": None, "法定代表人": "主要负责人"})
    row = plan.rows[0].values
    assert "address" not in row and row["principal"] == "李红梅" and "legal_rep" not in row
    with pytest.raises(UserError, match="没有“不存在的栏”这一栏"):
        plan_import(db, ENTERPRISES, "enterprise", mapping={"地址": "不存在的栏"})


def test_wrong_ledger_is_refused_clearly(db):
    with pytest.raises(UserError, match="没有找到“应急演练记录”的表头行"):
        plan_import(db, ENTERPRISES, "drill_record")


def test_cancel_writes_nothing(db, ledger):
    before = dump(db.path)
    plan = plan_import(db, ENTERPRISES, "enterprise")
    with pytest.raises(ImportCancelled):
        commit_import(db, plan, cancelled=lambda: True)
    assert ledger.count("enterprise") == 0
    assert dump(db.path) == before


def test_import_backs_up_first(db):
    result = commit_import(db, plan_import(db, ENTERPRISES, "enterprise"))
    assert result.backup is not None and result.backup.exists()
    assert sqlite3.connect(result.backup).execute("select count(*) from enterprise").fetchone()[0] == 0


# --- files that must be refused ----------------------------------------------------------------------


def _xlsx(path: Path, rows: list[list]) -> Path:
    wb = Workbook()
    for r in rows:
        wb.active.append(r)
    wb.save(path)
    return path


def test_bad_cells_are_named_by_row_and_column(db, tmp_path):
    f = _xlsx(
        tmp_path / "e.xlsx",
        [
            ["单位名称", "统一社会信用代码", "从业人数", "许可证有效期至", "风险等级"],
            ["甲厂", "91330522MA2B3C4D5E", "很多", "2026.13.1", "紫"],
            ["乙厂", None, 12, "2027-01-01", "蓝"],
        ],
    )
    plan = plan_import(db, f, "enterprise")
    [bad] = plan.rejected
    got = {(p.row, p.column): p.message for p in bad.problems}
    assert "校验位错误" in got[(2, "B")] and "应为整数" in got[(2, "C")]
    assert "没有13月1日" in got[(2, "D")] and "不是可选值" in got[(2, "E")]
    assert plan.count("insert") == 1


def test_duplicate_rows_inside_one_file(db, tmp_path):
    f = _xlsx(tmp_path / "d.xlsx", [["单位名称", "地址"], ["甲厂", "一组"], ["乙厂", "二组"], ["甲厂", "三组"]])
    plan = plan_import(db, f, "enterprise")
    assert [r.row for r in plan.rejected] == [4] and "与第2行" in str(plan.rejected[0].problems[0])


def test_duplicates_by_credit_code_then_by_name(db, ledger, tmp_path):
    from safetystation.domain.validators import credit_code_check_char

    def code(n: int) -> str:
        return f"91330522MA{n:07d}" + credit_code_check_char(f"91330522MA{n:07d}")

    ledger.create("enterprise", {"name": "老厂", "credit_code": code(1)})
    ledger.create("enterprise", {"name": "旧站"})
    rows = [
        ["单位名称", "统一社会信用代码"],
        ["老厂新名", code(1)],  # row 2: the registered 老厂 by its code (its name is not looked at)
        ["旧站", None],  # row 3: the registered 旧站 by name
        ["丙厂", code(3)],  # row 4: new
        ["丁厂", code(3)],  # row 5: the same code as row 4
        ["戊厂", None],  # row 6: new; several rows without a code are not duplicates of each other
        ["己厂", ""],  # row 7: new
        ["戊厂", code(4)],  # row 8: a new code, but the name of row 6
        ["老厂新名", code(5)],  # row 9: row 2 matched by code, so its name was not taken: new
    ]
    plan = plan_import(db, _xlsx(tmp_path / "dup.xlsx", rows), "enterprise")
    assert [(r.row, r.action) for r in plan.rows] == [
        (2, "skip"), (3, "skip"), (4, "insert"), (5, "reject"), (6, "insert"), (7, "insert"), (8, "reject"),
        (9, "insert"),
    ]  # fmt: skip
    assert "与第4行的“统一社会信用代码”相同" in str(plan.rows[3].problems[0])
    assert "与第6行的“单位名称”相同" in str(plan.rows[6].problems[0])
    assert [
        r.action for r in plan_import(db, _xlsx(tmp_path / "u.xlsx", rows), "enterprise", duplicates="update").rows
    ][:2] == ["update", "update"]


@pytest.mark.parametrize(
    "name,make,message",
    [
        ("empty.xlsx", lambda p: p.write_bytes(b""), "空文件"),
        ("renamed.xlsx", lambda p: p.write_text("这不是表格"), "内容不是电子表格"),
        ("notes.docx.xlsx", lambda p: _zip(p, {"word/document.xml": b"<w/>"}), "不是电子表格"),
        ("photo.jpg", lambda p: p.write_bytes(b"\xff\xd8\xff\xe0" + b"0" * 100), "不是可以导入的文件"),
        ("broken.xlsx", lambda p: p.write_bytes(b"PK\x03\x04" + b"\x00" * 200), "已损坏"),
        (
            "bomb.xlsx",
            lambda p: _zip(p, {"xl/workbook.xml": b"<w/>", "xl/worksheets/sheet1.xml": b"0" * 300_000_000}),
            "压缩炸弹",
        ),
        (
            "lol.xlsx",
            lambda p: _zip(p, {"xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">]><w/>'}),
            "XML 实体",
        ),
        (
            "locked.xlsx",
            lambda p: p.write_bytes(
                b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
                + b"\x00" * 512
                + "EncryptionInfo".encode("utf-16-le")
                + b"\x00" * 512
            ),
            "密码",
        ),
        ("huge.csv", lambda p: _huge(p), "超过 50 MB"),
        ("binary.csv", lambda p: p.write_bytes(b"a,b\x00\x01\x02" * 10), "二进制"),
    ],
)
def test_malformed_files_are_refused_with_nothing_written(db, tmp_path, name, make, message):
    f = tmp_path / name
    make(f)
    before = dump(db.path)
    with pytest.raises(UserError, match=message):
        plan_import(db, f, "enterprise")
    assert dump(db.path) == before


def _zip(path: Path, members: dict[str, bytes]) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)


def _huge(path: Path) -> None:
    with path.open("wb") as fh:
        fh.truncate(51 * 1024 * 1024)


def test_empty_workbook(db, tmp_path):
    f = _xlsx(tmp_path / "blank.xlsx", [])
    with pytest.raises(UserError, match="没有任何数据"):
        plan_import(db, f, "enterprise")


def test_xls_and_ods_read_the_same(db, tmp_path):
    shutil.copy(PROBLEMS, tmp_path / "p.xls")
    plan = plan_import(db, tmp_path / "p.xls", "hazard")
    assert len(plan.rows) == 25


def test_rows_skipped_by_their_first_character_match_the_patterns():
    """_row_kind decides most rows by the first character of the first cell; every alternative of
    the 合计/注/签名 patterns must start with one of the characters it looks closer at."""
    from safetystation.excel.importer import _SKIP_START, NOTE_ROW, SIGN_ROW, TOTAL_ROW, _row_kind

    for pattern in (TOTAL_ROW, NOTE_ROW, SIGN_ROW):
        body = pattern.pattern.removeprefix("^(").removesuffix(")")
        assert {alternative[0] for alternative in body.split("|")} <= _SKIP_START, pattern.pattern
    assert _row_kind(["合  计", 60]) == "合计行" and _row_kind([" 合计", None]) == "合计行"
    assert _row_kind([None, "注：本表由县应急管理局下发"]) == "注释或签名行"
    assert _row_kind(["填表人：周晓燕"]) == "注释或签名行" and _row_kind(["", None, "  "]) == ""
    assert _row_kind(["单位名称甲"]) is None and _row_kind([3, "甲厂"]) is None and _row_kind(["注塑厂"]) is None


def test_a_firm_of_the_same_name_with_another_code_is_a_conflict_never_an_update(db, ledger, tmp_path):
    """#15 §10: --duplicates update used to replace a registered firm's code, address and staff."""
    from safetystation.domain.validators import credit_code_check_char

    def code(n: int) -> str:
        return f"91330522MA{n:07d}" + credit_code_check_char(f"91330522MA{n:07d}")

    firm = ledger.create(
        "enterprise", {"name": "青石建材厂", "credit_code": code(1), "address": "一组", "employees": 12}
    )
    ledger.create("enterprise", {"name": "无码厂"})
    head = ["单位名称", "统一社会信用代码", "地址", "从业人数"]
    rows = [
        head,
        ["青石建材厂", code(2), "外乡某村", "99"],  # row 2: same name, another valid code
        ["无码厂", code(3), "三组", "5"],  # row 3: the registered firm had no code: the same one, now coded
    ]
    plan = plan_import(db, _xlsx(tmp_path / "c.xlsx", rows), "enterprise", duplicates="update")
    assert [(r.row, r.action) for r in plan.rows] == [(2, "reject"), (3, "update")]
    text = str(plan.rows[0].problems[0])
    assert "“单位名称”与已登记的记录相同，但“统一社会信用代码”不同" in text and code(1) in text and code(2) in text
    skipping = plan_import(db, _xlsx(tmp_path / "c.xlsx", rows), "enterprise")
    assert [r.action for r in skipping.rows] == ["skip", "skip"]
    assert any(n.startswith("第2行：“单位名称”与已登记的记录相同") for n in skipping.notes), skipping.notes
    commit_import(db, plan, mode="valid", error_path=tmp_path / "errors.xlsx")
    kept = ledger.get("enterprise", firm)
    assert (kept["credit_code"], kept["address"], kept["employees"]) == (code(1), "一组", 12)
    same = plan_import(db, _xlsx(tmp_path / "d.xlsx", [head, ["青石建材厂", None, "二组", "13"]]), "enterprise",
                       duplicates="update")  # fmt: skip
    assert [r.action for r in same.rows] == ["update"]  # no code in the file: the registered firm


def test_formula_cells_without_a_saved_value_are_named_not_silently_blank(db, tmp_path):
    """#15 §12: a formula cell saved without its computed value (openpyxl, some WPS exports) reads as
    blank; the clerk is told how many, on which sheet, before anything is imported."""
    rows = [["单位名称", "从业人数"], ["青石建材厂", 12], ["青石砖厂", "=B2*2"]]
    plan = plan_import(db, _xlsx(tmp_path / "f.xlsx", rows), "enterprise")
    assert any("有 1 个公式单元格没有保存计算结果" in n for n in plan.notes), plan.notes
    plain = plan_import(db, _xlsx(tmp_path / "g.xlsx", rows[:2]), "enterprise")
    assert not any("公式" in n for n in plain.notes)
