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
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

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
        _check_zip(p)
        return _calamine(p)
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
    rows = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    _check_shape(p, p.stem, rows)
    return rows
