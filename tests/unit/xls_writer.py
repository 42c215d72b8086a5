"""Legacy .xls files (BIFF8 in an OLE2 compound file) built record by record, so the tests can make the
hostile ones no spreadsheet program would write: a cell at the last row and column, a DIMENSIONS record
claiming the whole sheet, a broken structure. Only what calamine reads is written (no styles, fonts)."""

from __future__ import annotations

import struct
from pathlib import Path

SECTOR = 512
FREE, END, FAT_SECTOR, NO_STREAM = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def record(typ: int, data: bytes = b"") -> bytes:
    return struct.pack("<HH", typ, len(data)) + data


def bof(kind: int) -> bytes:
    """BOF of a BIFF8 substream: 0x0005 workbook globals, 0x0010 worksheet."""
    return record(0x0809, struct.pack("<HHHHII", 0x0600, kind, 0x0DBB, 0x07CC, 0x41, 0x06))


EOF = record(0x000A)


def dimensions(first_row: int, last_row_plus_1: int, first_col: int, last_col_plus_1: int) -> bytes:
    return record(0x0200, struct.pack("<IIHHH", first_row, last_row_plus_1, first_col, last_col_plus_1, 0))


def number(row: int, col: int, value: float) -> bytes:
    return record(0x0203, struct.pack("<HHHd", row, col, 0, value))


def label(row: int, col: int, text: str) -> bytes:
    """A LABEL cell (the string kept in the cell record, UTF-16)."""
    return record(0x0204, struct.pack("<HHHHB", row, col, 0, len(text), 1) + text.encode("utf-16-le"))


def blank(row: int, col: int) -> bytes:
    return record(0x0201, struct.pack("<HHH", row, col, 0))


def mulblank(row: int, first_col: int, last_col: int) -> bytes:
    return record(
        0x00BE, struct.pack("<HH", row, first_col) + b"\0\0" * (last_col - first_col + 1) + struct.pack("<H", last_col)
    )


def mulrk(row: int, first_col: int, values: list[int]) -> bytes:
    """Integers as RK values (value << 2 | 2) in one MULRK record."""
    body = b"".join(struct.pack("<HI", 0, (v << 2) | 2) for v in values)
    return record(0x00BD, struct.pack("<HH", row, first_col) + body + struct.pack("<H", first_col + len(values) - 1))


def sheet(cells: list[bytes], dims: bytes | None = None) -> bytes:
    """A worksheet substream; without `dims` a DIMENSIONS record is not written at all."""
    return bof(0x0010) + (dims or b"") + b"".join(cells) + EOF


def workbook_stream(sheets: dict[str, bytes]) -> bytes:
    """Globals (BOF, CODEPAGE, one BOUNDSHEET per sheet, EOF) followed by the sheet substreams."""

    def boundsheet(offset: int, name: str) -> bytes:
        return record(0x0085, struct.pack("<IBBBB", offset, 0, 0, len(name), 1) + name.encode("utf-16-le"))

    head = bof(0x0005) + record(0x0042, struct.pack("<H", 1200))
    globals_len = len(head) + sum(len(boundsheet(0, n)) for n in sheets) + len(EOF)
    offset, entries = globals_len, []
    for name, data in sheets.items():
        entries.append(boundsheet(offset, name))
        offset += len(data)
    return head + b"".join(entries) + EOF + b"".join(sheets.values())


def compound_file(stream: bytes, name: str = "Workbook") -> bytes:
    """An OLE2 compound file (version 3, 512-byte sectors) holding one stream. The stream is padded to
    4096 bytes so it lives in regular sectors, not the mini stream."""
    stream = stream.ljust(4096, b"\0")
    data_sectors = -(-len(stream) // SECTOR)
    fat_sectors = 1
    while fat_sectors * (SECTOR // 4) < fat_sectors + 1 + data_sectors:
        fat_sectors += 1
    assert fat_sectors <= 109, "more FAT sectors than the header's DIFAT holds"
    dir_sector = fat_sectors
    first_data = fat_sectors + 1
    fat = [FAT_SECTOR] * fat_sectors + [END]
    fat += [first_data + i + 1 for i in range(data_sectors - 1)] + [END]
    fat += [FREE] * (fat_sectors * SECTOR // 4 - len(fat))
    difat = list(range(fat_sectors)) + [FREE] * (109 - fat_sectors)
    header = (
        OLE_MAGIC
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, fat_sectors, dir_sector, 0, 4096, END, 0, END, 0)
        + struct.pack("<109I", *difat)
    )

    def entry(name: str, typ: int, child: int, start: int, size: int) -> bytes:
        encoded = (name + "\0").encode("utf-16-le") if name else b""
        return (
            encoded.ljust(64, b"\0")
            + struct.pack("<HBB", len(encoded), typ, 1)
            + struct.pack("<III", NO_STREAM, NO_STREAM, child)
            + b"\0" * 16
            + struct.pack("<I", 0)
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    directory = (
        entry("Root Entry", 5, 1, END, 0)
        + entry(name, 2, NO_STREAM, first_data, len(stream))
        + entry("", 0, NO_STREAM, 0, 0) * 2
    )
    body = struct.pack(f"<{len(fat)}I", *fat) + directory + stream.ljust(data_sectors * SECTOR, b"\0")
    return header + body


def write_xls(path: Path, sheets: dict[str, list[bytes]], dims: dict[str, bytes] | None = None) -> None:
    """An .xls whose sheets hold the given cell records (and, per sheet, an optional DIMENSIONS)."""
    dims = dims or {}
    path.write_bytes(compound_file(workbook_stream({n: sheet(c, dims.get(n)) for n, c in sheets.items()})))
