"""A corpus of bad input files, generated here: every one is refused or has its bad rows named, in
Chinese, by the import command — no crash, no traceback, and the database exactly as before."""

from __future__ import annotations

import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl import Workbook

from safetystation.cli import main as cli
from tests.unit.dbsnap import dump

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples"  # copies of ../shared/samples
HEAD = ["单位名称", "统一社会信用代码", "地址", "从业人数", "风险等级", "是否重点企业", "许可证有效期至"]
GOOD = ["青石建材厂", "", "青石镇一组", "12", "黄", "否", "2027-06-30"]


def _csv(rows: list[list[str]], encoding: str = "utf-8", sep: str = ",") -> Callable[[Path], None]:
    def write(path: Path) -> None:
        path.write_bytes("\r\n".join(sep.join(r) for r in rows).encode(encoding))

    return write


def _xlsx(rows: list[list], *, merge: str | None = None, sheets: int = 1) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        wb = Workbook()
        ws = wb.active
        for r in rows:
            ws.append(r)
        if merge:
            ws.merge_cells(merge)
        for i in range(1, sheets):
            wb.create_sheet(f"空白{i}")
        wb.save(path)

    return write


def _bytes(data: bytes) -> Callable[[Path], None]:
    return lambda path: path.write_bytes(data)


def _zip(members: dict[str, bytes]) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in members.items():
                z.writestr(name, data)

    return write


def _row(**changes: str) -> list[str]:
    row = list(GOOD)
    for label, value in changes.items():
        row[HEAD.index(label)] = value
    return row


def _huge(path: Path) -> None:
    with path.open("wb") as fh:
        fh.truncate(51 * 1024 * 1024)


def _truncated(path: Path) -> None:
    _xlsx([HEAD, GOOD])(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])


def _sample(name: str) -> Callable[[Path], None]:
    return lambda path: shutil.copy(SAMPLES / name, path)


OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# (file name, how to make it, ledger, what the message must say)
CORPUS: list[tuple[str, Callable[[Path], None], str, str]] = [
    # --- not a spreadsheet at all
    ("empty.xlsx", _bytes(b""), "enterprise", "空文件"),
    ("empty.csv", _bytes(b""), "enterprise", "空文件"),
    ("text-renamed.xlsx", _bytes("这不是表格".encode()), "enterprise", "不是电子表格"),
    ("word-renamed.xlsx", _zip({"word/document.xml": b"<w/>"}), "enterprise", "不是电子表格"),
    ("photo.jpg", _bytes(b"\xff\xd8\xff\xe0" + b"0" * 100), "enterprise", "不是可以导入的文件"),
    ("scan.pdf.xlsx", _bytes(b"%PDF-1.7\n" + b"0" * 200), "enterprise", "不是电子表格"),
    ("truncated.xlsx", _truncated, "enterprise", "已损坏"),
    ("zeros.xlsx", _bytes(b"PK\x03\x04" + b"\x00" * 200), "enterprise", "已损坏"),
    ("text-renamed.xls", _bytes("名称,地址\n甲厂,一组".encode()), "enterprise", "不是"),
    ("binary.csv", _bytes(b"a,b\x00\x01\x02" * 10), "enterprise", "二进制"),
    ("fake.xls", _bytes(OLE + b"\x00" * 600), "enterprise", "已损坏"),
    # --- hostile
    (
        "zip-bomb.xlsx",
        _zip({"xl/workbook.xml": b"<w/>", "xl/worksheets/sheet1.xml": b"0" * 300_000_000}),
        "enterprise",
        "压缩炸弹",
    ),
    (
        "xml-bomb.xlsx",
        _zip(
            {
                "xl/workbook.xml": b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY l "lol"><!ENTITY l2 "&l;&l;">]>'
                b"<w>&l2;</w>"
            }
        ),
        "enterprise",
        "XML 实体",
    ),
    (
        "password.xlsx",
        _bytes(OLE + b"\x00" * 512 + "EncryptionInfo".encode("utf-16-le") + b"\x00" * 512),
        "enterprise",
        "密码",
    ),
    ("huge.csv", _huge, "enterprise", "超过 50 MB"),
    ("huge.xlsx", _huge, "enterprise", "超过 50 MB"),
    # --- no usable table
    ("empty-sheet.xlsx", _xlsx([]), "enterprise", "没有任何数据"),
    ("three-empty-sheets.xlsx", _xlsx([], sheets=3), "enterprise", "没有任何数据"),
    ("title-only.xlsx", _xlsx([["青石镇企业名录"], ["填报单位：青石镇"]]), "enterprise", "表头"),
    ("header-only.xlsx", _xlsx([HEAD]), "enterprise", "没有数据行"),
    ("header-only.csv", _csv([HEAD]), "enterprise", "没有数据行"),
    ("english-headers.csv", _csv([["name", "address", "staff"], ["A", "B", "3"]]), "enterprise", "表头"),
    ("wrong-ledger.csv", _csv([HEAD, GOOD]), "accident", "表头"),
    ("totals-only.xlsx", _xlsx([["青石镇企业名录"], HEAD, ["合计", "", "", "0"]]), "enterprise", "没有数据行"),
    ("problem-list-as-accidents.xls", _sample("督导检查问题清单.xls"), "accident", "表头"),
    # --- bad values, named by row and column
    ("bad-date.csv", _csv([HEAD, _row(许可证有效期至="2026-13-45")]), "enterprise", "第2行G列"),
    ("feb-30.csv", _csv([HEAD, _row(许可证有效期至="2026年2月30日")]), "enterprise", "第2行G列"),
    ("dotted-bad-date.xlsx", _xlsx([HEAD, _row(许可证有效期至="2026.02.30")]), "enterprise", "第2行G列"),
    ("serial-out-of-range.xlsx", _xlsx([HEAD, [*GOOD[:6], 99999999]]), "enterprise", "第2行G列"),
    ("negative-people.csv", _csv([HEAD, _row(从业人数="-5")]), "enterprise", "不能小于0"),
    ("text-people.csv", _csv([HEAD, _row(从业人数="十二人")]), "enterprise", "应为整数"),
    ("fullwidth-junk.csv", _csv([HEAD, _row(从业人数="１２ａ")]), "enterprise", "应为整数"),
    ("check-char.csv", _csv([HEAD, _row(统一社会信用代码="91330522MA28C8XX1X")]), "enterprise", "校验位"),
    ("short-code.csv", _csv([HEAD, _row(统一社会信用代码="9133052")]), "enterprise", "18位"),
    ("unknown-risk.csv", _csv([HEAD, _row(风险等级="紫")]), "enterprise", "第2行E列"),
    ("maybe.csv", _csv([HEAD, _row(是否重点企业="也许")]), "enterprise", "第2行F列"),
    ("blank-name.csv", _csv([HEAD, _row(单位名称="")]), "enterprise", "第2行A列"),
    ("too-long.csv", _csv([HEAD, _row(单位名称="很长" * 200)]), "enterprise", "第2行A列"),
    ("duplicates.csv", _csv([HEAD, GOOD, _row(地址="二组")]), "enterprise", "与第2行"),
    ("ragged.csv", _csv([HEAD, GOOD[:2], [*GOOD, "多余", "列"], _row(从业人数="x")]), "enterprise", "第4行D列"),
    ("formula-name.xlsx", _xlsx([HEAD, ["=A1&B1", *GOOD[1:]]]), "enterprise", "第2行A列"),
    ("merged-name.xlsx", _xlsx([HEAD, GOOD, ["", *GOOD[1:]]], merge="A2:A3"), "enterprise", "第3行A列"),
    ("gbk.csv", _csv([HEAD, _row(从业人数="-1")], encoding="gbk"), "enterprise", "不能小于0"),
    ("gb18030.csv", _csv([HEAD, _row(从业人数="-2")], encoding="gb18030"), "enterprise", "不能小于0"),
    ("utf8-bom.csv", _csv([HEAD, _row(从业人数="-3")], encoding="utf-8-sig"), "enterprise", "不能小于0"),
    ("utf16.csv", _csv([HEAD, _row(从业人数="-4")], encoding="utf-16"), "enterprise", "不能小于0"),
    (
        "hazard-deadline-first.csv",
        _csv(
            [["隐患单位", "隐患描述", "发现日期", "整改期限"], ["青石建材厂", "灭火器过期", "2026-05-10", "2026-05-01"]]
        ),
        "hazard",
        "第2行",
    ),
    (
        "hazard-unknown-unit.csv",
        _csv(
            [["隐患单位", "隐患描述", "发现日期", "整改期限"], ["不存在的厂", "通道堵塞", "2026-05-10", "2026-06-01"]]
        ),
        "hazard",
        "不存在的厂",
    ),
    (
        "hazard-bad-level.csv",
        _csv([["隐患描述", "隐患等级", "发现日期", "整改期限"], ["通道堵塞", "特大", "2026-05-10", "2026-06-01"]]),
        "hazard",
        "第2行B列",
    ),
]


def test_the_corpus_is_big_enough():
    assert len(CORPUS) >= 40
    assert len({name for name, *_ in CORPUS}) == len(CORPUS)


@pytest.mark.parametrize("name,make,ledger,message", CORPUS, ids=[c[0] for c in CORPUS])
def test_bad_input_is_refused_clearly_and_nothing_is_written(demo_db, tmp_path, capsys, name, make, ledger, message):
    f = tmp_path / name
    make(f)
    before = dump(demo_db.path)
    assert cli(["import", str(f), "--ledger", ledger, "--db", str(demo_db.path)]) == 1
    out = capsys.readouterr()
    said = out.out + out.err
    assert "Traceback" not in said
    assert message in said, said
    assert dump(demo_db.path) == before
