"""Issue 15 §2, §8: files built to exhaust memory or break the parsers get one Chinese line, in a
child process with a memory ceiling and a time limit, so an abort fails the test instead of pytest."""

from __future__ import annotations

import json
import struct
import subprocess
import sys
import textwrap
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.conftest import need_tool
from tests.unit import xls_writer as xls

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


# --- legacy .xls (BIFF8 in an OLE2 compound file) ---------------------------------------------------------

XLS_HEAD = [xls.label(0, c, h) for c, h in enumerate(("单位名称", "地址", "从业人数"))]
XLS_SMALL = [*XLS_HEAD, xls.label(1, 0, "青石建材厂"), xls.label(1, 1, "一组"), xls.number(1, 2, 12)]
SMALL_DIMS = xls.dimensions(0, 2, 0, 3)


@pytest.mark.parametrize(
    "far,dims,message",
    [
        # before: 1.2 GB resident and 1.5 s for 65,536 × 256 cells; under the child's 1 GB ceiling, SIGABRT
        ([xls.label(65535, 255, "远处")], SMALL_DIMS, "范围太大（65,536 行 × 256 列，最远到 IV65536，而实际只有 7 个"),
        ([xls.mulrk(65535, 250, [1, 2, 3, 4, 5, 6])], SMALL_DIMS, "范围太大（65,536 行 × 256 列，最远到 IV65536"),
        ([xls.number(4, 600, 1.0)], SMALL_DIMS, "用到了第 601 列（单元格 WC5）"),
        # calamine reserves DIMENSIONS rows × columns cells up front: 670 MB for the whole sheet
        ([], xls.dimensions(0, 65536, 0, 256), "范围太大（65,536 行 × 256 列，最远到 IV65536，而实际只有 6 个"),
        # …and aborted the process (a 44 TB allocation) for a DIMENSIONS claiming 2³² rows
        ([], xls.dimensions(0, 0xFFFFFFFF, 0, 256), "用到了第 4,294,967,295 行"),
    ],
    ids=["cell-at-IV65536", "mulrk-to-IV65536", "column-601", "dimensions-whole-sheet", "dimensions-2^32-rows"],
)
def test_a_tiny_xls_with_a_huge_range_is_refused_quickly(tmp_path, far, dims, message):
    path = tmp_path / "企业名录.xls"
    xls.write_xls(path, {"企业名录": [*XLS_SMALL, *far]}, {"企业名录": dims})
    assert path.stat().st_size < 6000
    result = read_in_child(path)
    assert result.get("error") == "FileRefused", result
    assert message in result["message"] and "“企业名录”" in result["message"], result
    assert result["wall"] < 5 and result["rss_mb"] < 300, result


def test_an_xls_with_thousands_of_empty_sheets_is_refused(tmp_path):
    """120,000 sheets in 6 MB cost calamine 80 MB, and 50 MB of them a gigabyte."""
    path = tmp_path / "多表.xls"
    path.write_bytes(xls.compound_file(xls.workbook_stream({f"表{i}": xls.sheet([]) for i in range(1001)})))
    result = read_in_child(path)
    assert result.get("error") == "FileRefused" and "有超过 1,000 个工作表" in result["message"], result
    assert result["wall"] < 5, result
    path.write_bytes(xls.compound_file(xls.workbook_stream({f"表{i}": xls.sheet(XLS_SMALL) for i in range(1000)})))
    assert read_in_child(path).get("rows") == 2000


def test_a_real_xls_table_still_reads(tmp_path):
    """2,000 rows of labels, numbers and MULRK runs, under a block of formatted empty cells (MULBLANK)
    down to row 60,000: blanks are not values, calamine does not lay them out, so they are no reason
    to refuse; DIMENSIONS covers them, as Excel writes it."""
    cells = list(XLS_HEAD)
    for r in range(1, 2000):
        cells += [xls.label(r, 0, f"单位{r}"), xls.label(r, 1, f"地址{r}"), xls.mulrk(r, 2, [r, r + 1])]
    cells += [xls.mulblank(r, 0, 19) for r in range(2000, 60000)]
    path = tmp_path / "名录.xls"
    xls.write_xls(path, {"企业名录": cells, "空白": []}, {"企业名录": xls.dimensions(0, 60000, 0, 20)})
    result = read_in_child(path)
    assert result.get("rows") == 2000, result
    assert result["rss_mb"] < 300, result


def test_the_county_sample_xls_still_reads(tmp_path):
    from python_calamine import CalamineWorkbook

    sample = ROOT / "tests" / "data" / "samples" / "督导检查问题清单.xls"
    wb = CalamineWorkbook.from_path(str(sample))
    expected = sum(len(wb.get_sheet_by_name(n).to_python(skip_empty_area=False)) for n in wb.sheet_names)
    assert expected > 5
    assert read_in_child(sample).get("rows") == expected


@pytest.mark.slow
def test_an_xls_saved_by_libreoffice_still_reads(tmp_path):
    need_tool("soffice")
    wb = Workbook()
    ws = wb.active
    ws.append(["单位名称", "地址", "从业人数", "检查日期"])
    for r in range(1, 3000):
        ws.append([f"单位{r}", f"青石镇{r % 12}组", r, f"2026-0{r % 9 + 1}-1{r % 9}"])
    wb.create_sheet("第二页").append(["备注"])
    src = tmp_path / "名录.xlsx"
    wb.save(src)
    r = subprocess.run(
        [
            "soffice",
            "--headless",
            f"-env:UserInstallation=file://{tmp_path}/lo",
            "--convert-to",
            "xls",
            "--outdir",
            str(tmp_path / "out"),
            str(src),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert r.returncode == 0, r.stderr
    assert read_in_child(tmp_path / "out" / "名录.xls").get("rows") == 3001


def _boundsheet_beyond_the_stream(path: Path) -> None:
    stream = xls.workbook_stream({"企业名录": xls.sheet(XLS_SMALL)})
    at = stream.index(b"\x85\x00") + 4  # BOUNDSHEET's lbPlyPos: where the sheet's records start
    path.write_bytes(xls.compound_file(stream[:at] + struct.pack("<I", 1_000_000) + stream[at + 4 :]))


def _truncated_xls(path: Path) -> None:
    xls.write_xls(path, {"企业名录": XLS_SMALL * 300})
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _directory_chain_looping(path: Path) -> None:
    data = bytearray(xls.compound_file(xls.workbook_stream({"企业名录": xls.sheet(XLS_SMALL)})))
    struct.pack_into("<I", data, 512 + 4 * 1, 1)  # the FAT (sector 0): the directory's sector 1 → sector 1
    path.write_bytes(bytes(data))


def _two_workbook_streams(path: Path) -> None:
    """A second directory entry named Workbook: which one a reader takes is not for the file to decide."""
    data = bytearray(xls.compound_file(xls.workbook_stream({"企业名录": xls.sheet(XLS_SMALL)})))
    directory = 2 * 512  # header, FAT sector 0, directory in sector 1
    data[directory + 256 : directory + 384] = data[directory + 128 : directory + 256]
    path.write_bytes(bytes(data))


def _sheets_sharing_records(path: Path) -> None:
    """Two BOUNDSHEETs pointing at the same records: thousands of them would read one sheet thousands of times."""
    stream = xls.workbook_stream({"甲": xls.sheet(XLS_SMALL), "乙": xls.sheet(XLS_SMALL)})
    first = stream.index(b"\x85\x00") + 4
    second = stream.index(b"\x85\x00", first) + 4
    path.write_bytes(xls.compound_file(stream[:second] + stream[first : first + 4] + stream[second + 4 :]))


def _formula_with_a_wrong_length(path: Path) -> None:
    formula = xls.record(
        0x0006, struct.pack("<HHHdHIH", 1, 5, 0, 1.0, 0, 0, 0xFFFF)
    )  # 65,535 formula bytes, none there
    xls.write_xls(path, {"企业名录": [*XLS_SMALL, formula]})


@pytest.mark.parametrize(
    "make,message",
    [
        (_truncated_xls, "已损坏"),
        (lambda p: p.write_bytes(xls.OLE_MAGIC + bytes(range(256)) * 40), "已损坏"),
        (_boundsheet_beyond_the_stream, "已损坏"),  # calamine panicked: a traceback, not a message
        (_formula_with_a_wrong_length, "已损坏"),  # likewise, inside calamine's formula parser
        (_directory_chain_looping, "已损坏"),  # calamine followed it for ever, allocating until it aborted
        (_two_workbook_streams, "已损坏"),
        (_sheets_sharing_records, "已损坏"),
        # rows 5 to 2: calamine computed 2³² − 2 rows and aborted
        (lambda p: xls.write_xls(p, {"企业名录": XLS_SMALL}, {"企业名录": xls.dimensions(5, 2, 0, 3)}), "已损坏"),
        (lambda p: p.write_bytes(xls.compound_file(b"\0" * 5000, name="WordDocument")), "不是电子表格"),
        (
            lambda p: p.write_bytes(
                xls.compound_file(xls.bof(0x0005) + xls.record(0x002F, b"\x01\x00" + b"\0" * 52) + xls.EOF)
            ),
            "密码",
        ),
    ],
    ids=[
        "truncated",
        "garbage",
        "sheet-offset-beyond-stream",
        "formula-length",
        "directory-loop",
        "two-workbooks",
        "sheets-sharing-records",
        "dimensions-inverted",
        "word",
        "password",
    ],
)
def test_a_damaged_xls_is_one_chinese_line(tmp_path, make, message):
    path = tmp_path / "坏.xls"
    make(path)
    result = read_in_child(path)
    assert result.get("error") == "FileRefused", result
    assert "坏.xls" in result["message"] and message in result["message"], result
    assert result["wall"] < 5 and result["rss_mb"] < 300, result
