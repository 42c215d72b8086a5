"""Print preview (with the printer behind its print button) and 导出PDF for ledgers and documents; the
layouts themselves are in ``ui.printing``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QBuffer, QIODevice, Qt
from PySide6.QtGui import QGuiApplication, QPagedPaintDevice, QPageSize, QPdfWriter
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QMessageBox, QWidget

from safetystation.domain import get_spec
from safetystation.errors import UserError
from safetystation.services.ledger import LedgerService, Query
from ui.file_dialogs import save_file, show_made
from ui.printing import DOCUMENTS, ledger_title, print_ledger, write_pdf

Paint = Callable[[QPagedPaintDevice], int]
_PRINTERS: dict[int, QPrinter] = {}


def _check(parent: QWidget, paint: Paint) -> bool:
    """Lay the pages out once in memory, so a refusal (no notice number yet…) is a message, not an
    empty preview."""
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    try:
        paint(QPdfWriter(buffer))
    except UserError as e:
        QMessageBox.warning(parent, parent.tr("无法打印"), str(e))
        return False
    return True


def preview(parent: QWidget, title: str, paint: Paint, *, check: bool = True) -> QPrintPreviewDialog | None:
    """Open the print preview of ``paint``; its toolbar prints to any printer (or to a PDF file)."""
    if check and not _check(parent, paint):
        return None
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageSize(QPageSize(QPageSize.PageSizeId.A4))
    printer.setDocName(title)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    # The dialog only points at the printer (not a QObject): hold it until the dialog is gone.
    key = id(dialog)
    _PRINTERS[key] = printer
    dialog.destroyed.connect(lambda *_a: _PRINTERS.pop(key, None))
    dialog.setWindowTitle(parent.tr("打印预览 — {0}").format(title))
    dialog.paintRequested.connect(lambda device: _paint_safely(parent, paint, device))
    # 1000×720 where there is room; within the screen's free area on a 1024×700 one (#20 §4).
    screen = parent.screen() or QGuiApplication.primaryScreen()
    free = screen.availableGeometry() if screen is not None else None
    dialog.resize(min(1000, free.width() - 24) if free else 1000, min(720, free.height() - 48) if free else 720)
    dialog.open()
    return dialog


def _paint_safely(parent: QWidget, paint: Paint, device: QPagedPaintDevice) -> None:
    try:
        paint(device)
    except UserError as e:
        QMessageBox.warning(parent, parent.tr("无法打印"), str(e))


def save_pdf(parent: QWidget, title: str, paint: Paint) -> Path | None:
    """Ask where, then write the PDF; a failure leaves no half-written file."""
    chosen = save_file(parent, parent.tr("导出PDF"), "pdf", f"{title}.pdf", "PDF (*.pdf)")
    path = str(chosen) if chosen else ""
    if not path:
        return None
    target = Path(path)
    try:
        pages = write_pdf(target, title, paint)
    except UserError as e:
        QMessageBox.warning(parent, parent.tr("无法导出PDF"), str(e))
        return None
    show_made(parent, parent.tr("已导出“{0}”，共{1}页（PDF）。").format(title, pages), target)
    return target


def ledger_paint(
    ledger: LedgerService, key: str, query: Query, columns: Sequence[str] | None = None
) -> tuple[str, Paint]:
    """The ledger's title and its painting, with ``columns`` (None: the print profile)."""
    return ledger_title(ledger, key, query), lambda device: print_ledger(device, ledger, key, query, columns)


def document_paint(ledger: LedgerService, kind: str, record_id: int | None) -> tuple[str, Paint]:
    doc = DOCUMENTS[kind]
    return document_title(ledger, kind, record_id), lambda device: doc.paint(device, ledger, record_id)


def document_title(ledger: LedgerService, kind: str, record_id: int | None) -> str:
    """The document's title with what it is about — its number, unit and date (a notice: 青安〔2026〕
    第1号, the unit, the notice date) — so the proposed PDF name says which one it is (#20 §6)."""
    doc = DOCUMENTS[kind]
    if record_id is None or doc.ledger is None:
        return doc.title
    spec = get_spec(doc.ledger)
    try:
        record = ledger.get(doc.ledger, record_id)
    except UserError:
        return doc.title  # the painting says what is wrong
    if kind == "notice":
        number, day = record.get("notice_no"), record.get("notice_date")
    else:
        number = record.get(spec.numbering.field) if spec.numbering else record.get(spec.title_field or "")
        day = record.get(spec.date_field) if spec.date_field else None
    unit_id = record.get("enterprise_id")
    unit = ledger.titles("enterprise", [unit_id]).get(unit_id) if unit_id else None
    when = f"{day:%Y-%m-%d}" if isinstance(day, dt.date) else None
    return " ".join(str(part) for part in (doc.title, number, unit, when) if part)
