"""County consolidation (#19): several demo townships exported and consolidated; the county's 合计
against the townships' own workbooks read independently (openpyxl); a hand-edited figure, a wrong
period, a duplicate, garbage files; the command stops and writes nothing unless --allow-missing."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook

from safetystation import cli
from safetystation.county.consolidate import (
    TABLE_COLUMNS,
    RosterEntry,
    check_files,
    read_roster,
    write_county,
)
from safetystation.county.digest import INFO_SHEET
from safetystation.demo import DEMO_SEED, DEMO_TOWNS, generate
from safetystation.errors import UserError
from safetystation.excel.export import export_report
from safetystation.services.maintenance import open_station
from tests.conftest import need_tool

UNTIL = dt.date(2026, 10, 31)
TODAY = dt.date(2026, 11, 5)
TOWNS = 3


def _township(folder: Path, n: int, *, month: int = 10, charts: bool = False) -> Path:
    """Demo township ``n`` in its own new database (its own station uid), exported for ``month``."""
    db = open_station(folder / f"town{n}.db")
    try:
        generate(db, until=UNTIL, years=1, density=0.5, seed=DEMO_SEED + n - 1, town=DEMO_TOWNS[n - 1])
        return export_report(db, 2026, month, folder / f"town{n}-{month}.xlsx", today=TODAY, charts=charts)
    finally:
        db.dispose()


@pytest.fixture(scope="module")
def towns(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("towns")
    files = [_township(folder, n, charts=n == 1) for n in range(1, TOWNS + 1)]
    files.append(export_report_of(folder, 2, month=9))
    return files


def export_report_of(folder: Path, n: int, *, month: int) -> Path:
    """Another month's workbook of a township already generated in ``folder``."""
    db = open_station(folder / f"town{n}.db")
    try:
        return export_report(db, 2026, month, folder / f"town{n}-{month}.xlsx", today=TODAY, charts=False)
    finally:
        db.dispose()


def _inbox(tmp_path: Path, towns: list[Path], *extra: tuple[str, bytes | Path]) -> Path:
    """A folder as the county receives it: the October workbooks, plus ``extra`` (name, bytes or file)."""
    box = tmp_path / "inbox"
    box.mkdir()
    for f in towns[:TOWNS]:
        shutil.copy(f, box / f.name)
    for name, data in extra:
        if isinstance(data, Path):
            shutil.copy(data, box / name)
        else:
            (box / name).write_bytes(data)
    return box


def _own_figures(path: Path) -> dict[str, float]:
    """A township's figures read straight from its workbook with openpyxl (not the county's reader)."""
    wb = load_workbook(path, read_only=True)
    table = [list(r) for r in wb["隐患排查治理情况统计表"].iter_rows(values_only=True)]
    total = next(r for r in table if r[0] == "合计")
    month = {str(r[0]).strip(): r for r in wb["月报表"].iter_rows(values_only=True) if r[0]}
    town = next(r[1] for r in wb[INFO_SHEET].iter_rows(values_only=True) if r[0] == "乡镇(街道)")
    wb.close()
    return {
        "town": town,
        "检查企业数": total[1],
        "查出隐患数": total[2] + total[5],
        "完成隐患数": total[3] + total[6],
        "重大隐患数": total[5],
        "完成重大隐患数": total[6],
        "整改资金": total[12],
        "总企业数": month["生产经营单位总数（不含已关闭）"][2],
        "出动次数": month["检查次数"][3],
        "整改复查意见书": month["复查"][3],
    }


def _county_rows(path: Path) -> dict[str, dict[str, object]]:
    ws = load_workbook(path)["隐患排查治理情况统计表"]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    head = next(i for i, r in enumerate(rows) if r[0] == "序号")
    names = rows[head]
    out = {}
    for r in rows[head + 2 :]:
        if not r[1]:
            break
        out[r[1]] = dict(zip(names, r, strict=True))
    return out


def test_county_totals_are_the_sum_of_the_townships(towns, tmp_path):
    box = _inbox(tmp_path, towns)
    c = check_files([box], year=2026, month=10)
    assert [t.ok for t in c.townships] == [True] * TOWNS, [p.reason for p in c.problems]
    out = write_county(c, tmp_path / "县汇总.xlsx", today=TODAY)
    county = _county_rows(out)
    own = [_own_figures(f) for f in towns[:TOWNS]]
    assert set(county) == {o["town"] for o in own} | {"合计"}
    assert {o["town"] for o in own} == set(DEMO_TOWNS[:TOWNS])  # each township carries its own name
    for key in ("检查企业数", "查出隐患数", "完成隐患数", "重大隐患数", "完成重大隐患数", "总企业数", "出动次数"):
        for o in own:
            assert county[o["town"]][key] == o[key], (o["town"], key)
        assert county["合计"][key] == sum(o[key] for o in own), key
        assert county["合计"][key] > 0, key  # a real figure, not a sum of nothing
    assert county["合计"]["整改资金"] == pytest.approx(sum(o["整改资金"] for o in own), abs=0.005)
    found, done = county["合计"]["查出隐患数"], county["合计"]["完成隐患数"]
    assert county["合计"]["隐患整改率"] == pytest.approx(done / found, abs=0.00005)
    wb = load_workbook(out)
    assert wb.sheetnames == ["隐患排查治理情况统计表", "月报表（本月）", "月报表（本年累计）", "图表", "未报送", "问题"]
    assert len(wb["图表"]._charts) == 3
    month = {str(r[0]).strip(): r for r in wb["月报表（本月）"].iter_rows(values_only=True) if r[0]}
    assert list(month["项目"][2:]) == [*sorted(o["town"] for o in own), "合计"]
    own_found = []
    for f in towns[:TOWNS]:
        book = load_workbook(f, read_only=True)
        own_found.append(next(r[2] for r in book["月报表"].iter_rows(values_only=True) if r[0] == "  发现隐患"))
        book.close()
    assert month["发现隐患"][-1] == sum(own_found) > 0


def test_a_line_an_older_workbook_lacks_is_placed_by_the_others_and_its_total_said(towns, tmp_path):
    """A township that sent a workbook of an older program has no 其中：重伤 line (added later): the line
    still follows 受伤 (not a second group H after group J), that township's cell says 未报, and a
    note says the 合计 holds only the townships that reported it."""
    c = check_files([_inbox(tmp_path, towns)], year=2026, month=10)
    older = min(c.accepted, key=lambda t: t.town)  # first in the county's sheet
    key = next(k for k in older.items if k[1] == "其中：重伤")
    del older.items[key]  # as the older program wrote it
    c.townships.sort(key=lambda t: t is not older)  # read first: its order leads
    out = write_county(c, tmp_path / "县汇总.xlsx", today=TODAY)
    rows = [r for r in load_workbook(out)["月报表（本月）"].iter_rows(values_only=True) if r[0]]
    labels = [str(r[0]).strip() for r in rows]
    assert labels.index("其中：重伤") == labels.index("受伤") + 1
    assert sum(1 for label in labels if label.startswith("H ")) == 1
    line = rows[labels.index("其中：重伤")]
    towns_in_order = list(rows[labels.index("项目")][2:-1])
    cells = dict(zip(towns_in_order, line[2:-1], strict=True))
    assert cells[older.town] == "未报"
    others = [t for t in c.accepted if t is not older]
    assert line[-1] == sum(t.items[key].month for t in others)
    note = next(label for label in labels if label.startswith("3. "))
    assert "其中：重伤" in note and older.town in note


def test_a_hand_edited_figure_is_flagged(towns, tmp_path):
    edited = tmp_path / "edited.xlsx"
    wb = load_workbook(towns[1])
    ws = wb["月报表"]
    row = next(r for r in ws.iter_rows() if r[0].value == "  出动人员")
    row[2].value = row[2].value + 1  # a figure no cross-column rule can see
    table = wb["隐患排查治理情况统计表"]
    total = next(r for r in table.iter_rows() if r[0].value == "合计")
    total[2].value = total[2].value + 5  # (2) of 合计: no longer the sum of the rows
    wb.save(edited)
    c = check_files([towns[0], edited], year=2026, month=10)
    bad = c.townships[1]
    assert not bad.ok and c.townships[0].ok
    reasons = [(p.sheet, p.where, p.reason) for p in bad.problems]
    assert any(s == "月报表" and "数字与校验码不符" in r for s, _, r in reasons), reasons
    assert any(s == "隐患排查治理情况统计表" and "数字与校验码不符" in r for s, _, r in reasons), reasons
    assert any(w == total[2].coordinate and "不等于各行之和" in r for _, w, r in reasons), reasons
    assert any("一般隐患”本年累计" in r for _, _, r in reasons), reasons  # 月报表 and 统计表 disagree
    # nothing of it is counted: the county table holds the other township only
    out = write_county(c, tmp_path / "out.xlsx", allow_missing=True, charts=False)
    assert set(_county_rows(out)) == {c.townships[0].town, "合计"}


def test_wrong_period_duplicates_and_garbage_are_listed(towns, tmp_path):
    box = _inbox(
        tmp_path,
        towns,
        ("九月.xlsx", towns[TOWNS]),  # 河口镇's September workbook
        ("copy.xlsx", towns[0]),  # the same workbook twice
        ("garbage.xlsx", b"PK\x03\x04 this is not a zip"),
        ("empty.xls", b""),
        ("renamed.xlsx", b"\xd0\xcf\x11\xe0 not an OLE file either"),
        ("说明.txt", "请查收".encode()),
    )
    c = check_files([box], year=2026, month=10)
    by_file = {t.name: t for t in c.townships}
    assert "不是所选的2026年10月月报" in by_file["九月.xlsx"].problems[0].reason
    for name in ("garbage.xlsx", "empty.xls", "renamed.xlsx"):
        assert not by_file[name].ok and by_file[name].problems[0].reason, name
    assert "空文件" in by_file["empty.xls"].problems[0].reason
    copies = [t for t in c.townships if t.town == DEMO_TOWNS[0]]
    assert len(copies) == 2 and sum(t.duplicate for t in copies) == 1 and all(t.ok for t in copies)
    assert "重复" in next(p.reason for t in copies for p in t.problems)
    assert [p.file for p in c.skipped] == ["说明.txt"]
    assert len(c.accepted) == TOWNS  # the copy is not counted twice
    assert sorted(line.split("：")[0] for line in c.blocking()) == [
        "empty.xls",
        "garbage.xlsx",
        "renamed.xlsx",
        "九月.xlsx",
    ]
    with pytest.raises(UserError, match="未生成县汇总"):
        write_county(c, tmp_path / "refused.xlsx")
    assert not (tmp_path / "refused.xlsx").exists()


def test_two_different_workbooks_of_one_town_count_neither(towns, tmp_path):
    other = tmp_path / "other.db"
    db = open_station(other)  # another station that calls itself 青石镇, with other figures
    try:
        generate(db, until=UNTIL, years=1, density=0.5, seed=7, town=DEMO_TOWNS[0])
        second = export_report(db, 2026, 10, tmp_path / "second.xlsx", today=TODAY, charts=False)
    finally:
        db.dispose()
    c = check_files([towns[0], towns[1], second], year=2026, month=10)
    assert [t.ok for t in c.townships] == [False, True, False]
    assert "数字不同的报表" in c.townships[0].problems[0].reason


def test_the_command_stops_without_allow_missing_and_lists_each_file(towns, tmp_path, capsys):
    box = _inbox(tmp_path, towns, ("bad.xlsx", b"not a workbook at all"))
    roster = tmp_path / "名册.csv"
    names = [*DEMO_TOWNS[:TOWNS], "太平乡"]
    roster.write_text("序号,乡镇(街道)\n" + "".join(f"{i},{n}\n" for i, n in enumerate(names, 1)), encoding="utf-8")
    out = tmp_path / "县汇总.xlsx"
    args = ["county", "consolidate", str(box), "--month", "2026-10", "-o", str(out), "--roster", str(roster)]
    assert cli.main(args) == 1
    err = capsys.readouterr().err
    assert "bad.xlsx" in err and "不是电子表格" in err and "太平乡：未收到工作簿" in err
    assert not out.exists()
    assert cli.main([*args, "--allow-missing"]) == 0
    wb = load_workbook(out)
    missing = {r[1]: r[3] for r in wb["未报送"].iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)}
    assert missing == {"太平乡": "未收到工作簿"}
    problems = [r for r in wb["问题"].iter_rows(min_row=3, values_only=True) if isinstance(r[0], int)]
    assert any(r[1] == "bad.xlsx" and r[4] == "错误" for r in problems)
    assert len(_county_rows(out)) == TOWNS + 1


def test_roster_and_uid(towns, tmp_path):
    roster = tmp_path / "r.csv"
    roster.write_text("乡镇(街道),安监站标识\n青石镇,0123abcd\n河口镇,\n", encoding="utf-8")
    entries = read_roster(roster)
    assert entries == [RosterEntry("青石镇", "0123abcd"), RosterEntry("河口镇", "")]
    c = check_files(towns[:TOWNS], year=2026, month=10, roster=entries)
    first = c.townships[0]
    assert first.ok and any("与县名册登记的 0123abcd 不同" in p.reason for p in first.problems)
    third = c.townships[2]
    assert third.ok and any("不在县名册中" in p.reason for p in third.problems)
    assert c.missing() == [] and c.blocking() == []


def test_header_columns_follow_forms_section_2():
    heads = [h for h, _, _ in TABLE_COLUMNS]
    assert heads[:3] == ["所属地区", "总企业数", "检查企业数"] and heads[-1] == "整改复查意见书" and len(heads) == 15


def test_libreoffice_converts_the_county_workbook(towns, tmp_path):
    need_tool("soffice")
    need_tool("pdftotext")
    c = check_files(towns[:TOWNS], year=2026, month=10)
    out = write_county(c, tmp_path / "county.xlsx", today=TODAY)
    subprocess.run(
        ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
         "--outdir", str(tmp_path), str(out)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    text = subprocess.run(["pdftotext", str(tmp_path / "county.pdf"), "-"], capture_output=True, text=True).stdout
    assert "隐患排查治理情况统计表（乡镇汇总）" in text and "合计" in text and DEMO_TOWNS[1] in text
