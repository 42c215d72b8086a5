"""Issue 15 §2, §8: files built to exhaust memory or break the parsers get one Chinese line, in a
child process with a memory ceiling and a time limit, so an abort fails the test instead of pytest."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

ROOT = Path(__file__).resolve().parents[2]
MEMORY_LIMIT = 1024 * 1024 * 1024  # address space of the child: a dense huge range cannot fit
TIME_LIMIT = 20

CHILD = textwrap.dedent(
    """
    import json, resource, sys, time
    resource.setrlimit(resource.RLIMIT_AS, ({limit}, {limit}))
    sys.path.insert(0, {root!r})
    from safetystation.excel.reader import read_sheets
    t0 = time.perf_counter()
    try:
        sheets = read_sheets(sys.argv[1])
        result = {{"rows": sum(len(s.rows) for s in sheets)}}
    except Exception as e:
        result = {{"error": type(e).__name__, "message": str(e)}}
    result["seconds"] = time.perf_counter() - t0
    # VmHWM, not ru_maxrss: Linux keeps ru_maxrss across exec, so it would show pytest's own peak
    hwm = [l for l in open("/proc/self/status") if l.startswith("VmHWM:")][0]
    result["rss_mb"] = int(hwm.split()[1]) / 1024
    print(json.dumps(result, ensure_ascii=False))
    """
)


def read_in_child(path: Path) -> dict:
    script = CHILD.format(limit=MEMORY_LIMIT, root=str(ROOT))
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, timeout=TIME_LIMIT)
    assert r.returncode == 0, f"the reader died (code {r.returncode}): {r.stderr[-2000:]}"
    result = json.loads(r.stdout)
    result["wall"] = time.perf_counter() - t0
    return result


def sheet_xml(cells: list[tuple[str, str]]) -> bytes:
    """A worksheet with inline-string cells at the given references (rows in order)."""
    rows: dict[int, list[str]] = {}
    for ref, value in cells:
        row = int("".join(ch for ch in ref if ch.isdigit()))
        rows.setdefault(row, []).append(f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>')
    body = "".join(f'<row r="{r}">{"".join(cs)}</row>' for r, cs in sorted(rows.items()))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f"<sheetData>{body}</sheetData></worksheet>"
    ).encode()


def xlsx_with(path: Path, sheet: bytes) -> None:
    """A minimal valid workbook around one worksheet part."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0"?><workbook xmlns="{main}" xmlns:r="{rel}">'
            '<sheets><sheet name="企业名录" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)


SMALL = [(f"{c}{r}", f"v{r}{c}") for r in (1, 2) for c in "ABC"]


@pytest.mark.parametrize(
    "far,message",
    [
        ("XFD1048576", "用到了第 1,048,576 行（单元格 XFD1048576）"),  # 549 GB dense: SIGABRT before
        ("CV50000", "范围太大（50,000 行 × 100 列"),  # 4.3 GB and 14 s before
        ("SN3", "用到了第 508 列"),
    ],
)
def test_a_tiny_workbook_with_a_huge_range_is_refused_quickly(tmp_path, far, message):
    path = tmp_path / "企业名录.xlsx"
    xlsx_with(path, sheet_xml([*SMALL, (far, "远处")]))
    assert path.stat().st_size < 6000
    result = read_in_child(path)
    assert result.get("error") == "FileRefused", result
    assert message in result["message"] and "“企业名录”" in result["message"]
    assert result["wall"] < 5 and result["rss_mb"] < 300, result


def test_many_rows_sparse_over_many_columns_is_refused_in_bounded_memory(tmp_path):
    cells = [(f"A{r}", "x") for r in range(1, 600_001, 50)] + [("KN600000", "y")]  # 600,000 × 300 sparse
    path = tmp_path / "sparse.xlsx"
    xlsx_with(path, sheet_xml(cells))
    result = read_in_child(path)
    assert result.get("error") == "FileRefused" and "超过 200,000 行的上限" in result["message"], result
    assert result["wall"] < 10 and result["rss_mb"] < 300, result


def test_a_real_table_still_reads(tmp_path):
    wb = Workbook()
    ws = wb.active
    for r in range(2000):
        ws.append([f"单位{r}", f"地址{r}", r])
    path = tmp_path / "ok.xlsx"
    wb.save(path)
    assert read_in_child(path)["rows"] == 2000


def _corrupt_member(path: Path, member: str, mangle) -> None:
    """Rewrite one zip member's stored bytes in place, keeping its header (CRC, sizes) as it was."""
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(member)
    data = bytearray(path.read_bytes())
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    mangle(data, start, info.compress_size)
    path.write_bytes(bytes(data))


def _flip_deflate(data: bytearray, start: int, size: int) -> None:
    for i in range(start + 2, start + min(size, 40)):
        data[i] ^= 0xFF


def _flip_crc_only(data: bytearray, start: int, size: int) -> None:
    data[start - 30 + 14] ^= 0xFF  # the local header's CRC-32: contents fine, checksum wrong


@pytest.mark.parametrize("mangle", [_flip_deflate, _flip_crc_only], ids=["bad-deflate", "wrong-crc"])
def test_damaged_compressed_data_is_one_chinese_line(tmp_path, mangle):
    path = tmp_path / "坏.xlsx"
    xlsx_with(path, sheet_xml(SMALL * 200))
    _corrupt_member(path, "xl/worksheets/sheet1.xml", mangle)
    result = read_in_child(path)
    assert result.get("error") == "FileRefused", result
    assert "坏.xlsx" in result["message"] and "损坏" in result["message"]


@pytest.mark.parametrize(
    "content,message",
    [
        ("单位名称,备注\r\n青石建材厂," + "长" * 140_000 + "\r\n", "第 2 行有一个单元格的内容过长"),
        ('单位名称,备注\r\n青石建材厂,"没有结束的引号\r\n下一行,x\r\n', "格式有误（引号不成对）"),
        ("单位名称,备注\r\n" + "青石建材厂,正常\r\n" * 400 + "坏行,x\x00y\r\n", "第 402 行含有二进制内容"),
    ],
    ids=["field-over-131072", "unclosed-quote", "nul-after-4096"],
)
def test_broken_csv_is_one_chinese_line(tmp_path, content, message):
    path = tmp_path / "村级.csv"
    path.write_text(content, encoding="utf-8")
    result = read_in_child(path)
    assert result.get("error") == "FileRefused", result
    assert message in result["message"], result


def ods_with(path: Path, rows_xml: str) -> None:
    office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
    table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
    text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
    content = (
        f'<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="{office}" '
        f'xmlns:table="{table}" xmlns:text="{text}" office:version="1.2"><office:body><office:spreadsheet>'
        f'<table:table table:name="企业名录">{rows_xml}</table:table></office:spreadsheet></office:body>'
        "</office:document-content>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet", compress_type=zipfile.ZIP_STORED)
        z.writestr("content.xml", content)
        z.writestr(
            "META-INF/manifest.xml",
            '<?xml version="1.0"?><manifest:manifest '
            'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0">'
            '<manifest:file-entry manifest:full-path="/" '
            'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/></manifest:manifest>',
        )


CELL = '<table:table-cell office:value-type="string"><text:p>{}</text:p></table:table-cell>'


@pytest.mark.parametrize(
    "rows,message",
    [
        # 5,600 rows × 16,000 filled columns in 800 bytes: calamine aborted the process.
        (
            "<table:table-row>" + CELL.format("单位名称") + "</table:table-row>"
            '<table:table-row table:number-rows-repeated="5600"><table:table-cell table:number-columns-repeated='
            '"16000" office:value-type="string"><text:p>x</text:p></table:table-cell></table:table-row>',
            "用到了第 16,000 列",
        ),
        (
            "<table:table-row>" + CELL.format("单位名称") + "</table:table-row>"
            '<table:table-row table:number-rows-repeated="900000">' + CELL.format("x") + "</table:table-row>",
            "用到了第 900,001 行",
        ),
    ],
    ids=["columns", "rows"],
)
def test_an_ods_repeating_filled_cells_is_refused_before_calamine(tmp_path, rows, message):
    path = tmp_path / "名录.ods"
    ods_with(path, rows)
    assert path.stat().st_size < 2000
    result = read_in_child(path)
    assert result.get("error") == "FileRefused" and message in result["message"], result
    assert result["wall"] < 5 and result["rss_mb"] < 300, result


def test_trailing_empty_repeats_as_libreoffice_writes_them_are_fine(tmp_path):
    rows = (
        "<table:table-row>" + CELL.format("单位名称") + CELL.format("地址") + "</table:table-row>"
        "<table:table-row>" + CELL.format("青石建材厂") + CELL.format("一组") + "</table:table-row>"
        '<table:table-row table:number-rows-repeated="1048574"><table:table-cell '
        'table:number-columns-repeated="16384"/></table:table-row>'
    )
    path = tmp_path / "名录.ods"
    ods_with(path, rows)
    assert read_in_child(path)["rows"] >= 2
