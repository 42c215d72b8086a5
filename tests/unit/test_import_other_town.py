"""#20 §9: a file that names another town than the station's is imported only after a warning —
the county's list for 青石镇 opened at 柳河镇 would otherwise fill 柳河镇's ledger without a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from safetystation.excel.importer import plan_import, same_town, town_names
from safetystation.services.station import StationService

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"
ENTERPRISES = SAMPLES / "县下发_辖区企业名录.xlsx"  # titled 青石镇辖区生产经营单位名录, 填报单位 青石镇人民政府


def set_town(db, town: str, name: str | None = None) -> None:
    StationService(db).save_profile({"name": name or f"{town}安全生产监督管理站", "town": town, "county": "清河县"})


def test_the_county_list_of_another_town_warns(db):
    set_town(db, "柳河镇")
    plan = plan_import(db, ENTERPRISES, "enterprise")
    assert len(plan.warnings) == 1  # the title rows (title and 填报单位) say 青石镇; sheet and file name do not
    warning = plan.warnings[0]
    assert "青石镇" in warning and "柳河镇" in warning and "标题" in warning
    assert f"⚠ 注意：{warning}" in plan.summary()  # the command line's preview shows it too
    assert plan.count("insert") == 60  # a warning, not a refusal: the clerk decides


@pytest.mark.parametrize("town", ["青石镇", "青石镇人民政府", "青石"])
def test_the_same_town_does_not_warn(db, town):
    set_town(db, town)
    assert plan_import(db, ENTERPRISES, "enterprise").warnings == []


def test_a_station_not_yet_set_up_is_not_warned(db):
    assert StationService(db).profile() is None
    assert plan_import(db, ENTERPRISES, "enterprise").warnings == []


def test_only_the_station_name_given_is_read_for_its_town(db):
    set_town(db, "青石镇安全生产监督管理站")  # the command line's setup with --station only
    assert plan_import(db, ENTERPRISES, "enterprise").warnings == []
    set_town(db, "柳河镇安全生产监督管理站")
    assert "柳河镇" in plan_import(db, ENTERPRISES, "enterprise").warnings[0]


def test_sheet_and_file_names_and_a_town_column(db, tmp_path):
    set_town(db, "柳河镇")
    wb = Workbook()
    ws = wb.active
    ws.title = "东山乡企业"
    ws.append(["单位名称", "乡镇（街道）", "地址"])
    ws.append(["柳河砖厂", "柳河镇", "柳河镇一村"])
    ws.append(["青石石料场", "青石镇", "青石镇二村"])
    ws.append(["青石木材厂", "青石镇人民政府", "青石镇三村"])
    ws.append(["东山农机站", "东山乡", "东山乡四村"])
    path = tmp_path / "2026年西岭街道企业名录.xlsx"
    wb.save(path)
    warnings = plan_import(db, path, "enterprise").warnings
    assert len(warnings) == 3
    sheet, name, column = warnings
    assert "工作表名" in sheet and "东山乡" in sheet
    assert "文件名" in name and "西岭街道" in name
    assert "“乡镇（街道）”栏（B列）有3行" in column and "青石镇2行、东山乡1行" in column


def test_a_file_of_the_station_itself_does_not_warn(db, tmp_path):
    set_town(db, "柳河镇")
    wb = Workbook()
    ws = wb.active
    ws.title = "柳河镇企业"
    ws.append(["柳河镇辖区企业名录（各乡镇通用表式）"])
    ws.append(["单位名称", "乡镇", "地址"])
    ws.append(["柳河砖厂", "柳河镇", "柳河镇一村"])
    path = tmp_path / "柳河镇企业名录.xlsx"
    wb.save(path)
    assert plan_import(db, path, "enterprise").warnings == []


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("填报单位（盖章）：青石镇人民政府", ["青石镇"]),
        ("2026年青石镇隐患清单", ["青石镇"]),
        ("清河县马家河镇企业名录", ["马家河镇"]),
        ("关于马家河镇的通报", ["马家河镇"]),
        ("城关街道办事处", ["城关街道"]),
        ("各乡镇隐患汇总；本镇企业；统筹城乡；乡镇（街道）", []),
        ("县安委办督导检查问题清单（第三季度）", []),
    ],
)
def test_town_names_in_titles(text, names):
    assert town_names(text) == names


def test_same_town_tolerates_spellings():
    assert same_town("青石镇人民政府", "青石镇") and same_town("家河镇", "马家河镇") and same_town("青石", "青石镇")
    assert not same_town("青石镇", "柳河镇") and not same_town("", "柳河镇")
