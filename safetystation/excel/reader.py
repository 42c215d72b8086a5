"""Reading spreadsheets as they arrive at a station: .xlsx / .xlsm / .xls / .ods through
python-calamine (fast, and unaffected by the wrong sheet dimension WPS writes), and .csv in UTF-8
(with or without BOM), UTF-16 or GB18030/GBK.

Before any parser sees a file it is checked: size, what the bytes really are (a renamed .zip or .doc
is not a spreadsheet), password protection, zip bombs (total and per-entry expansion) and XML
entity declarations (billion-laughs style bombs). Every refusal is one Chinese sentence naming the
file and the problem; nothing here writes anywhere.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import ParseError

from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from safetystation.errors import UserError

MAX_FILE_BYTES = 50 * 1024 * 1024  # a county list is a few hundred KB; 50 MB is far beyond any real one
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_RATIO = 200  # uncompressed ÷ compressed for one zip entry; real sheets stay well under 100
MAX_ROWS = 200_000
MAX_COLS = 500

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
ENCRYPTED_OLE_MARK = "EncryptionInfo".encode("utf-16-le")


@dataclass
class Sheet:
    """One worksheet's cells, row by row (row 1 of the sheet is ``rows[0]``)."""

    name: str
    rows: list[list[Any]]
    notes: list[str] = field(default_factory=list)  # what the clerk should know about how it was read


class FileRefused(UserError):
    """A file that cannot or must not be read; the message says why."""


def read_sheets(path: Path | str) -> list[Sheet]:
    """All worksheets of a spreadsheet or the one table of a CSV file."""
    p = Path(path)
    name = p.name
    if not p.is_file():
        raise FileRefused(f"找不到文件“{p}”。")
    size = p.stat().st_size
    if size == 0:
        raise FileRefused(f"“{name}”是空文件（0 字节）。")
    if size > MAX_FILE_BYTES:
        raise FileRefused(
            f"“{name}”有 {size / 1024 / 1024:.0f} MB，超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限；"
            "请确认选对了文件，或把数据分成几个文件导入。"
        )
    with p.open("rb") as fh:
        head = fh.read(8)
    suffix = p.suffix.lower()
    if head.startswith(ZIP_MAGIC):
        try:
            _check_zip(p)
            with zipfile.ZipFile(p) as zf:
                opendocument = "content.xml" in zf.namelist()
            if opendocument:
                _check_ods_extent(p)
                uncached = {}
            else:
                uncached = _check_xlsx_extent(p)
        except (zipfile.BadZipFile, zlib.error, EOFError) as e:  # corrupt deflate, wrong CRC or size
            raise FileRefused(f"“{p.name}”已损坏（压缩数据校验失败），无法读取。") from e
        except ParseError as e:
            raise FileRefused(f"“{p.name}”的内容已损坏（XML 格式错误），无法读取。") from e
        sheets = _calamine(p)
        for sh in sheets:
            if uncached.get(sh.name):
                sh.notes.append(
                    f"工作表“{sh.name}”有 {uncached[sh.name]} 个公式单元格没有保存计算结果，按空白读取；"
                    "请先在 WPS/Excel 中打开并保存该文件，再导入"
                )
        return sheets
    if head == OLE_MAGIC:
        data = p.read_bytes()
        if ENCRYPTED_OLE_MARK in data:
            raise FileRefused(f"“{name}”设置了打开密码。请在 WPS 或 Excel 中取消密码、另存后再导入。")
        return _calamine(p)
    if suffix in (".csv", ".txt"):
        return [Sheet(p.stem, _read_csv(p))]
    if suffix in (".xlsx", ".xlsm", ".xls", ".ods", ".et"):
        raise FileRefused(f"“{name}”的扩展名是 {suffix}，但内容不是电子表格（可能已损坏或被改了扩展名）。")
    raise FileRefused(f"“{name}”不是可以导入的文件；支持 .xlsx、.xls、.ods 和 .csv。")


def _check_zip(p: Path) -> None:
    try:
        zf = zipfile.ZipFile(p)
    except zipfile.BadZipFile:
        raise FileRefused(f"“{p.name}”已损坏（压缩结构不完整），无法读取。") from None
    with zf:
        infos = zf.infolist()
        names = {i.filename for i in infos}
        if not ({"xl/workbook.xml", "content.xml"} & names):
            raise FileRefused(f"“{p.name}”是压缩包或其他 Office 文档，不是电子表格。")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise FileRefused(f"“{p.name}”中的内容已加密，请取消密码后再导入。")
            total += info.file_size
            if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
                raise FileRefused(
                    f"“{p.name}”中的“{info.filename}”解压后异常巨大（压缩比超过{MAX_RATIO}倍），"
                    "疑似压缩炸弹，已拒绝读取。"
                )
        if total > MAX_UNPACKED_BYTES:
            raise FileRefused(
                f"“{p.name}”解压后超过 {MAX_UNPACKED_BYTES // 1024 // 1024} MB，疑似压缩炸弹，已拒绝读取。"
            )
        for info in infos:
            if info.filename.endswith((".xml", ".rels")):
                with zf.open(info) as fh:
                    start = fh.read(4096)
                if b"<!DOCTYPE" in start or b"<!ENTITY" in start:
                    raise FileRefused(f"“{p.name}”含有 XML 实体定义（正常表格不会有），可能是恶意文件，已拒绝读取。")


MAX_CELLS = 6_000_000  # rows × columns calamine may lay out densely (200,000 rows × 30 columns)
# A range this much larger than its cells is stray far-away cells, not a table: laying it out would
# cost hundreds of MB for nothing.
SPARSE_FLOOR, SPARSE_RATIO = 1_000_000, 50
# A formula cell whose writer saved no computed value (<v>): calamine reads it as blank.
_NO_VALUE = re.compile(
    rb"(?:</(?:\w+:)?f>|<(?:\w+:)?f\b[^>]*/>)\s*(?:<(?:\w+:)?v\s*/>|<(?:\w+:)?v>\s*</(?:\w+:)?v>)?\s*</(?:\w+:)?c>"
)
_CELL_REF = re.compile(rb"<(?:\w+:)?c\s[^>]*?\br=\"([A-Z]{1,3})([0-9]{1,7})\"")
_CHUNK = 1 << 20


def _column_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """worksheet part (xl/worksheets/sheet1.xml) → the sheet's name, as far as the workbook says."""
    import defusedxml.ElementTree as ET

    try:
        rels = ET.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
        book = ET.fromstring(zf.read("xl/workbook.xml"))
    except (KeyError, ET.ParseError, zipfile.BadZipFile, zlib.error):
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    names = {}
    for sheet in book.iter():
        rid = next((v for k, v in sheet.attrib.items() if k.endswith("}id")), None)
        if sheet.tag.endswith("sheet") and rid in targets:
            target = targets[rid].lstrip("/")
            names[target if target.startswith("xl/") else "xl/" + target] = sheet.get("name", "")
    return names


def _check_xlsx_extent(
    p: Path, *, max_rows: int = MAX_ROWS, max_cols: int = MAX_COLS, max_cells: int = MAX_CELLS
) -> dict[str, int]:
    """Learn each worksheet's real extent from its cell references before calamine lays it out.

    calamine builds a dense rows × columns range: one stray cell at XFD1048576 in a 5 KB file asks for
    hundreds of GB and aborts the process. The references are read from the compressed XML stream in
    bounded memory, and a sheet whose range is too large is refused naming the farthest cell.
    Returns, per sheet, the formula cells saved without a computed value (they read as blank).
    """
    uncached: dict[str, int] = {}
    with zipfile.ZipFile(p) as zf:
        names = _sheet_names(zf)
        for info in zf.infolist():
            if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
                continue
            max_row = max_col = cells = formulas = 0
            tail = b""
            with zf.open(info) as fh:
                while chunk := fh.read(_CHUNK):
                    data = tail + chunk
                    end = data.rfind(b"<")  # a reference cut by the chunk boundary is read next time
                    end = len(data) if end < 0 else end
                    formulas += len(_NO_VALUE.findall(data, 0, end))
                    for letters, digits in _CELL_REF.findall(data, 0, end):
                        cells += 1
                        row, col = int(digits), _column_number(letters)
                        if row > max_row:
                            max_row = row
                        if col > max_col:
                            max_col = col
                    tail = data[end:]
            sheet = names.get(info.filename, info.filename.rsplit("/", 1)[-1])
            if formulas:
                uncached[sheet] = formulas
            _check_extent(p, sheet, max_row, max_col, cells, max_rows=max_rows, max_cols=max_cols, max_cells=max_cells)
    return uncached


def _check_extent(
    p: Path, sheet: str, max_row: int, max_col: int, cells: int, *, max_rows: int, max_cols: int, max_cells: int
) -> None:
    """Refuse a sheet whose laid-out range would be too large, naming its farthest cell."""
    far = f"{get_column_letter(min(max_col, 18278))}{max_row}" if max_col else ""
    if max_row > max_rows:
        raise FileRefused(
            f"“{p.name}”的工作表“{sheet}”用到了第 {max_row:,} 行（单元格 {far}），"
            f"超过 {max_rows:,} 行的上限；如果那里只是误填的内容，请删除后另存再使用。"
        )
    if max_col > max_cols:
        raise FileRefused(
            f"“{p.name}”的工作表“{sheet}”用到了第 {max_col:,} 列（单元格 {far}），"
            f"超过 {max_cols} 列的上限；如果那里只是误填的内容，请删除后另存再使用。"
        )
    dense = max_row * max_col
    if dense > max_cells or (dense > SPARSE_FLOOR and dense > SPARSE_RATIO * cells):
        raise FileRefused(
            f"“{p.name}”的工作表“{sheet}”范围太大（{max_row:,} 行 × {max_col:,} 列，最远到 {far}，"
            f"而实际只有 {cells:,} 个单元格）；请删除远处多余的单元格后另存再使用。"
        )


_ODS_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_ODS_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _check_ods_extent(p: Path) -> None:
    """The same bound for .ods: repeated rows and columns (``number-rows-repeated``,
    ``number-columns-repeated``) let a 1 KB file describe billions of filled cells, which calamine
    would lay out until the process aborts. Read as a stream; only cells that hold a value count,
    so LibreOffice's usual trailing empty repeats are no problem."""
    import xml.etree.ElementTree as ET  # entity declarations were refused by _check_zip already

    def repeat(el: ET.Element, name: str) -> int:
        try:
            return max(1, int(el.get(_ODS_TABLE + name, "1")))
        except ValueError:
            return 1

    with zipfile.ZipFile(p) as zf, zf.open("content.xml") as fh:
        sheet, row, rows_here, col, max_row, max_col, cells = "", 0, 1, 0, 0, 0, 0
        for event, el in ET.iterparse(fh, events=("start", "end")):
            if event == "start":
                if el.tag == _ODS_TABLE + "table":
                    sheet, row, max_row, max_col, cells = el.get(_ODS_TABLE + "name", ""), 0, 0, 0, 0
                elif el.tag == _ODS_TABLE + "table-row":
                    rows_here, col = repeat(el, "number-rows-repeated"), 0
                continue
            if el.tag in (_ODS_TABLE + "table-cell", _ODS_TABLE + "covered-table-cell"):
                cols_here = repeat(el, "number-columns-repeated")
                if el.get(_ODS_OFFICE + "value-type") is not None:
                    max_row, max_col = max(max_row, row + rows_here), max(max_col, col + cols_here)
                    cells += rows_here * cols_here
                col += cols_here
                el.clear()
            elif el.tag == _ODS_TABLE + "table-row":
                row += rows_here
                el.clear()
            elif el.tag == _ODS_TABLE + "table":
                _check_extent(
                    p, sheet, max_row, max_col, cells, max_rows=MAX_ROWS, max_cols=MAX_COLS, max_cells=MAX_CELLS
                )
                el.clear()


def check_workbook_bounds(p: Path, *, max_bytes: int, max_rows: int, max_cols: int, max_cells: int) -> None:
    """The reader's safety checks for an .xlsx that openpyxl will load (a county template): size, zip
    bombs, XML entities, and each sheet's real extent, all before the workbook is parsed."""
    size = p.stat().st_size
    if size > max_bytes:
        raise FileRefused(f"“{p.name}”有 {size / 1024 / 1024:.1f} MB，超过 {max_bytes // 1024 // 1024} MB 的上限。")
    try:
        _check_zip(p)
        _check_xlsx_extent(p, max_rows=max_rows, max_cols=max_cols, max_cells=max_cells)
    except (zipfile.BadZipFile, zlib.error, EOFError) as e:
        raise FileRefused(f"“{p.name}”已损坏（压缩数据校验失败），无法读取。") from e


def _calamine(p: Path) -> list[Sheet]:
    try:
        wb = CalamineWorkbook.from_path(str(p))
        sheets = []
        for name in wb.sheet_names:
            rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
            _check_shape(p, name, rows)
            sheets.append(Sheet(name, [list(r) for r in rows]))
    except FileRefused:
        raise
    except Exception as e:  # calamine raises its own error types for every kind of damage
        text = str(e)
        if "password" in text.lower() or "encrypt" in text.lower():
            raise FileRefused(f"“{p.name}”设置了密码保护。请在 WPS 或 Excel 中取消密码、另存后再导入。") from e
        raise FileRefused(f"无法读取“{p.name}”：文件已损坏或格式不受支持（{text[:120]}）。") from e
    if not sheets:
        raise FileRefused(f"“{p.name}”中没有工作表。")
    return sheets


def _check_shape(p: Path, sheet: str, rows: list[Any]) -> None:
    if len(rows) > MAX_ROWS:
        raise FileRefused(f"“{p.name}”的工作表“{sheet}”有 {len(rows):,} 行，超过 {MAX_ROWS:,} 行的上限。")
    if rows and max(len(r) for r in rows[:100]) > MAX_COLS:
        raise FileRefused(f"“{p.name}”的工作表“{sheet}”列数超过 {MAX_COLS}，不像台账表格。")


def decode_text(data: bytes, name: str) -> str:
    """CSV bytes as text: BOMs first, then strict UTF-8, then GB18030 (a superset of GBK)."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    if b"\x00" in data[:4096]:
        raise FileRefused(f"“{name}”含有二进制内容，不是文本表格（CSV）。")
    for encoding in ("utf-8", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise FileRefused(f"无法识别“{name}”的文字编码；请在 WPS 中另存为“CSV UTF-8”或 .xlsx 后再导入。")


def _read_csv(p: Path) -> list[list[Any]]:
    text = decode_text(p.read_bytes(), p.name)
    sample = text[:8192]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",\t;|")
    except csv.Error:
        dialect = csv.excel
    if "\x00" in text:  # decode_text looks at the start only; a NUL would be stored as it is
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise FileRefused(f"“{p.name}”第 {line} 行含有二进制内容（NUL 字符），不是正常的文本表格。")
    # strict: an unclosed quote is an error, not the rest of the file read into one cell
    reader = csv.reader(io.StringIO(text), dialect, strict=True)
    rows = []
    try:
        for r in reader:
            rows.append(list(r))
            if len(rows) > MAX_ROWS:
                break
    except csv.Error as e:  # a field over the csv module's limit, a NUL, a broken quote…
        what = "有一个单元格的内容过长" if "field larger" in str(e) else "格式有误（引号不成对）"
        raise FileRefused(f"“{p.name}”第 {reader.line_num} 行{what}，无法作为表格读取。") from e
    _check_shape(p, p.stem, rows)
    return rows
