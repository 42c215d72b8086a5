"""Reading spreadsheets as they arrive at a station: .xlsx / .xlsm / .xls / .ods through
python-calamine (fast, and unaffected by the wrong sheet dimension WPS writes), and .csv in UTF-8
(with or without BOM), UTF-16 or GB18030/GBK.

Before any parser sees a file it is checked: size, what the bytes really are (a renamed .zip or .doc
is not a spreadsheet), password protection, zip bombs (total and per-entry expansion) and XML
entity declarations (billion-laughs style bombs). Every refusal is one Chinese sentence naming the
file and the problem; nothing here writes anywhere.
"""

from __future__ import annotations

import bisect
import csv
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterator
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
MAX_SHEETS = 1000  # a station's workbook has a handful; each costs calamine a range and a list

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
        if ENCRYPTED_OLE_MARK in p.read_bytes():
            raise FileRefused(f"“{name}”设置了打开密码。请在 WPS 或 Excel 中取消密码、另存后再导入。")
        _check_xls_extent(p)
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
    p: Path,
    sheet: str,
    max_row: int,
    max_col: int,
    cells: int,
    *,
    max_rows: int,
    max_cols: int,
    max_cells: int,
    sparse: bool = True,
) -> None:
    """Refuse a sheet whose laid-out range would be too large, naming its farthest cell. ``sparse=False``
    applies only the absolute limits (for a range that is reserved but never filled in)."""
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
    if dense > max_cells or (sparse and dense > SPARSE_FLOOR and dense > SPARSE_RATIO * cells):
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


# BIFF records (MS-XLS 2.3) the .xls check reads. Cells calamine keeps as values; BLANK and MULBLANK
# (formatted empty cells) it skips, so they count towards the DIMENSIONS but do not widen the range.
# FORMULA, LABELSST, NUMBER, LABEL, BOOLERR, RK: one value cell each (row, column first)
_XLS_VALUE_CELLS = frozenset({0x0006, 0x00FD, 0x0203, 0x0204, 0x0205, 0x027E})
_MULRK, _BLANK, _MULBLANK, _DIMENSIONS = 0x00BD, 0x0201, 0x00BE, 0x0200
_BOF, _EOF, _BOUNDSHEET, _FILEPASS, _CODEPAGE = 0x0809, 0x000A, 0x0085, 0x002F, 0x0042
_U16, _U16X2, _U32 = struct.Struct("<H"), struct.Struct("<HH"), struct.Struct("<I")


def _check_xls_extent(p: Path) -> None:
    """The same bound for a legacy .xls (BIFF5/BIFF8 in an OLE2 compound file), read before calamine.

    calamine lays out the range of a sheet's value cells densely (a 6 KB file with one cell at IV65536
    took 1.2 GB) and first reserves room for DIMENSIONS rows × columns cells (a DIMENSIONS claiming 2³²
    rows aborted the process). The Workbook stream is opened with olefile (at most the file's size, read
    once) and its records walked: each sheet's cell positions and DIMENSIONS go through the same
    ``_check_extent`` as .xlsx and .ods. Structure calamine would loop, panic or abort on (a sector chain
    that never ends, a sheet offset beyond the stream, a BOUNDSHEET too short, DIMENSIONS whose last row
    comes before its first) is refused here as damage.
    """
    import olefile

    damaged = f"“{p.name}”已损坏（表格文件的内部结构不完整），无法读取。"
    try:
        with olefile.OleFileIO(str(p)) as ole:
            stream = _workbook_stream(p, ole, damaged)
    except FileRefused:
        raise
    except Exception as e:  # olefile raises OSError, struct.error, IndexError… for each kind of damage
        raise FileRefused(damaged) from e
    with stream, stream.getbuffer() as buf:
        sheets = _xls_sheets(p, buf, damaged)
        # Each sheet's records end (EOF) before the next sheet's begin: sheets sharing records would have
        # calamine (and this check) read the same records once per sheet.
        starts = sorted(start for _, start in sheets)
        if len(set(starts)) < len(starts):
            raise FileRefused(damaged)
        for sheet, start in sheets:
            after = bisect.bisect_right(starts, start)
            _check_xls_sheet(p, buf, sheet, start, starts[after] if after < len(starts) else len(buf), damaged)


def _workbook_stream(p: Path, ole: Any, damaged: str) -> io.BytesIO:
    """The stream calamine reads (the first directory entry named Workbook, else Book), read once.

    Every sector chain calamine follows must end within the file: calamine follows a directory chain
    that loops back on itself for ever, allocating as it goes. The entry is looked for in the raw
    directory as calamine does (unlinked entries too), and must be the only one of its name.
    """
    import olefile

    fat = ole.fat

    def ends(chain: Any, sect: int) -> bool:  # at most one step per sector: longer is a loop
        for _ in range(len(chain) + 1):
            if sect == olefile.ENDOFCHAIN:
                return True
            if sect >= len(chain):
                return False
            sect = chain[sect]
        return False

    if not ends(fat, ole.first_dir_sector):
        raise FileRefused(damaged)
    directory = ole.directory_fp.getvalue()
    names = [
        directory[i : i + 64].decode("utf-16-le", "ignore").split("\0", 1)[0] for i in range(0, len(directory), 128)
    ]
    sid = next((names.index(n) for n in ("Workbook", "Book") if n in names), None)
    if sid is None:
        raise FileRefused(f"“{p.name}”是 Word 等其他 Office 文档，不是电子表格。")
    entry = ole.direntries[sid]
    if (
        entry is None
        or entry.entry_type != olefile.STGTY_STREAM
        or entry.name != names[sid]
        or [n.lower() for n in names].count(entry.name.lower()) > 1
    ):
        raise FileRefused(damaged)
    size = p.stat().st_size
    if entry.size > size or ole.root.size > size:  # sizes only a looping chain could supply
        raise FileRefused(damaged)
    # The mini stream and its allocation table are optional (ENDOFCHAIN, or FREESECT from some writers).
    if not all(
        s in (olefile.ENDOFCHAIN, olefile.FREESECT) or ends(fat, s)
        for s in (ole.first_mini_fat_sector, ole.root.isectStart)
    ):
        raise FileRefused(damaged)
    if entry.size < 4096:  # in the mini stream (olefile, like calamine, fixes the cutoff at 4096)
        ole.loadminifat()
    if not ends(ole.minifat if entry.size < 4096 else fat, entry.isectStart):
        raise FileRefused(damaged)
    stream = ole.openstream(entry.name)  # at the root, the only entry of that name: this entry
    if stream.seek(0, io.SEEK_END) < entry.size:  # the chain ends early
        stream.close()
        raise FileRefused(damaged)
    return stream


def _xls_records(buf: memoryview, pos: int) -> Iterator[tuple[int, int, int]]:
    """(type, where its data starts, its length) of each record from ``pos`` to the stream's end; a
    record cut by the end is left to calamine, which reports it."""
    end = len(buf)
    while pos + 4 <= end:
        typ, length = _U16X2.unpack_from(buf, pos)
        pos += 4
        if pos + length > end:
            return
        yield typ, pos, length
        pos += length


def _xls_sheets(p: Path, buf: memoryview, damaged: str) -> list[tuple[str, int]]:
    """The workbook globals: each sheet's name and where its records start (BOUNDSHEET)."""
    sheets: list[tuple[str, int]] = []
    biff8, codec = True, "latin-1"
    for typ, at, length in _xls_records(buf, 0):
        if typ == _EOF:
            break
        if typ == _BOF and length >= 4:
            version, kind = _U16X2.unpack_from(buf, at)
            biff8 = version not in (0x0002, 0x0007, 0x0200, 0x0300, 0x0400, 0x0500) and (version, kind) != (0, 0x1000)
        elif typ == _FILEPASS:  # the records after it are encrypted
            raise FileRefused(f"“{p.name}”设置了密码保护。请在 WPS 或 Excel 中取消密码、另存后再导入。")
        elif typ == _CODEPAGE and length >= 2:
            codec = f"cp{_U16.unpack_from(buf, at)[0]}"
        elif typ == _BOUNDSHEET:
            if length < 8:
                raise FileRefused(damaged)
            if len(sheets) == MAX_SHEETS:
                raise FileRefused(
                    f"“{p.name}”有超过 {MAX_SHEETS:,} 个工作表，不像台账文件；请只保留要导入的工作表，另存后再使用。"
                )
            start, cch = _U32.unpack_from(buf, at)[0], buf[at + 6]
            if start > len(buf):
                raise FileRefused(damaged)
            if biff8 and buf[at + 7] & 1:
                name = bytes(buf[at + 8 : at + 8 + 2 * cch]).decode("utf-16-le", "replace")
            elif biff8:
                name = bytes(buf[at + 8 : at + 8 + cch]).decode("latin-1")
            else:
                try:
                    name = bytes(buf[at + 7 : at + 7 + cch]).decode(codec, "replace")
                except LookupError:
                    name = bytes(buf[at + 7 : at + 7 + cch]).decode("latin-1")
            sheets.append((name.replace("\0", ""), start))
    return sheets


def _check_xls_sheet(p: Path, buf: memoryview, sheet: str, start: int, stop: int, damaged: str) -> None:
    """One sheet's records up to its EOF (where calamine stops too), which must come before ``stop``
    (the next sheet's records): the extent of its value cells, and the rows × columns its DIMENSIONS
    make calamine reserve."""
    max_row = max_col = cells = blanks = dim_rows = dim_cols = 0
    for typ, at, length in _xls_records(buf, start):
        if at > stop:
            raise FileRefused(damaged)
        if typ in _XLS_VALUE_CELLS:
            n, last = 1, 0
        elif typ == _MULRK:  # row, first column, 6 bytes per cell, last column
            n, last = (length - 6) // 6, (length - 6) // 6 - 1
        elif typ == _BLANK:
            blanks += 1
            continue
        elif typ == _MULBLANK:  # row, first column, 2 bytes per cell, last column
            blanks += max(0, (length - 6) // 2)
            continue
        elif typ == _DIMENSIONS:
            if length == 14:
                first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", buf, at)
            elif length == 10:
                first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", buf, at)
            else:
                continue  # calamine refuses the file itself
            if last_row and last_col:  # one past the last row and column; calamine reserves the difference
                if first_row > last_row or first_col > last_col:
                    raise FileRefused(damaged)  # calamine computes 2³² − n rows and aborts
                dim_rows, dim_cols = max(dim_rows, last_row), max(dim_cols, last_col)
            continue
        elif typ == _EOF:
            break
        else:
            continue
        if length < 4 or n < 1:
            continue  # too short for a cell: calamine refuses the file itself
        row, col = _U16X2.unpack_from(buf, at)
        cells += n
        if row >= max_row:
            max_row = row + 1
        if col + last >= max_col:
            max_col = col + last + 1
    _check_extent(p, sheet, max_row, max_col, cells, max_rows=MAX_ROWS, max_cols=MAX_COLS, max_cells=MAX_CELLS)
    # The reservation is address space that is never filled in: only the absolute limits apply.
    _check_extent(
        p,
        sheet,
        dim_rows,
        dim_cols,
        cells + blanks,
        max_rows=MAX_ROWS,
        max_cols=MAX_COLS,
        max_cells=MAX_CELLS,
        sparse=False,
    )


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
    except BaseException as e:
        # A record calamine indexes past its end (a formula's length, a short BOUNDSHEET) panics in Rust;
        # pyo3 raises that as PanicException, a BaseException that `except Exception` lets through.
        if type(e).__name__ != "PanicException":
            raise
        raise FileRefused(f"无法读取“{p.name}”：文件已损坏（{str(e)[:120]}）。") from e
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
