"""Normalised content of a workbook for golden comparisons: values, merges, number formats and print
settings — never bytes (zip timestamps and XML attribute order differ between saves)."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path
from typing import Any

from openpyxl import load_workbook


def _value(v: Any) -> Any:
    if isinstance(v, dt.datetime):
        return v.isoformat(sep=" ")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, float):
        return round(v, 6)
    return v


def content(path: Path) -> dict[str, Any]:
    wb = load_workbook(path)
    out: dict[str, Any] = {}
    for ws in wb.worksheets:
        cells = {}
        for row in ws.iter_rows():
            for c in row:
                if c.value is not None and c.value != "":
                    fmt = c.number_format if c.number_format != "General" else None
                    cells[c.coordinate] = [_value(c.value), fmt]
        out[ws.title] = {
            "cells": cells,
            "merged": sorted(str(m) for m in ws.merged_cells.ranges),
            "print": {
                "orientation": ws.page_setup.orientation,
                "paper": ws.page_setup.paperSize,
                "fit_width": ws.page_setup.fitToWidth,
                "fit_height": ws.page_setup.fitToHeight,
                "fit_to_page": ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None,
                "titles": ws.print_title_rows,
                "footer": ws.oddFooter.center.text,
                "centered": ws.print_options.horizontalCentered,
            },
        }
    return out


def formula_cells(path: Path) -> list[str]:
    """Every formula in the file, read from the XML itself (not through openpyxl's interpretation)."""
    found = []
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                if b"<f>" in z.read(name) or b"<f " in z.read(name):
                    found.append(name)
    return found
