"""The photos and scans of one record, as thumbnails in its form (#18): 添加照片/扫描件…, 查看, 另存为…,
移除 and 恢复已移除的. Each takes effect at once (the file is in the database when the thumbnail
shows), independently of the form's 保存/取消 — the strip says so."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from PySide6.QtCore import QSize, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QIcon, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QMessageBox,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from safetystation.errors import UserError
from safetystation.services.attachments import AttachmentInfo, AttachmentService
from safetystation.services.ledger import LedgerService
from ui import file_dialogs

THUMB = 96  # px: the thumbnails' box in the form
# What the file dialog offers (the formats safetystation/images.py reads).
DIALOG_FILTER = "照片和扫描件 (*.jpg *.jpeg *.png *.bmp *.tif *.tiff *.webp *.gif *.pdf);;所有文件 (*)"


def _pixmap(data: bytes) -> QPixmap:
    image = QImage.fromData(data)
    return QPixmap.fromImage(image)


class AttachmentStrip(QWidget):
    """Thumbnails of a record's attachments with the buttons that change them."""

    def __init__(self, ledger: LedgerService, owner: str, owner_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.service = AttachmentService(ledger)
        self.owner = owner
        self.owner_id = owner_id
        self.items: list[AttachmentInfo] = []
        self.title = QLabel()
        self.list = QListWidget()
        self.list.setViewMode(QListWidget.ViewMode.IconMode)
        self.list.setIconSize(QSize(THUMB, THUMB))
        self.list.setGridSize(QSize(THUMB + 24, THUMB + 34))
        self.list.setFlow(QListWidget.Flow.LeftToRight)
        self.list.setWrapping(False)
        self.list.setMovement(QListWidget.Movement.Static)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setFixedHeight(THUMB + 44)
        self.list.setSelectionMode(QListWidget.SelectionMode.ExtendedSelection)
        self.list.setWordWrap(True)
        self.list.itemDoubleClicked.connect(lambda _item: self.open_selected())
        self.list.itemSelectionChanged.connect(self._enable)
        self.add_button = QPushButton(self.tr("添加照片/扫描件…"))
        self.open_button = QPushButton(self.tr("查看"))
        self.save_button = QPushButton(self.tr("另存为…"))
        self.remove_button = QPushButton(self.tr("移除"))
        self.restore_button = QPushButton(self.tr("恢复已移除的…"))
        self.add_button.clicked.connect(self.add_files)
        self.open_button.clicked.connect(self.open_selected)
        self.save_button.clicked.connect(self.save_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.restore_button.clicked.connect(self.show_removed)
        buttons = QHBoxLayout()
        buttons.setContentsMargins(0, 0, 0, 0)
        for b in (self.add_button, self.open_button, self.save_button, self.remove_button, self.restore_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.title)
        lay.addWidget(self.list)
        lay.addLayout(buttons)
        self.refresh()

    # --- showing -------------------------------------------------------------------------------
    def refresh(self) -> None:
        self.items = self.service.list(self.owner, self.owner_id)
        self.list.clear()
        for info in self.items:
            item = QListWidgetItem(QIcon(_pixmap(info.thumbnail)), info.title)
            item.setToolTip(info.describe())
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setTextAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
            self.list.addItem(item)
        n = len(self.items)
        self.title.setText(
            self.tr("照片和扫描件（{0} 个；添加、移除立即生效，不需要点“保存”）").format(n)
            if n
            else self.tr("照片和扫描件：还没有（可添加现场照片、签到表、签字盖章的扫描件）")
        )
        # A record without photos (most of them) gives the form its room back: only the title and 添加.
        self.list.setVisible(bool(n))
        for b in (self.open_button, self.save_button, self.remove_button):
            b.setVisible(bool(n))
        self.restore_button.setVisible(bool(self.service.list(self.owner, self.owner_id, deleted=True)))
        self._enable()

    def _enable(self) -> None:
        chosen = bool(self.list.selectedItems())
        for b in (self.open_button, self.save_button, self.remove_button):
            b.setEnabled(chosen)

    def selected_ids(self) -> list[int]:
        return [int(i.data(Qt.ItemDataRole.UserRole)) for i in self.list.selectedItems()]

    # --- changing ------------------------------------------------------------------------------
    def add_files(self) -> None:
        paths = file_dialogs.open_files(self, self.tr("添加照片或扫描件"), "photos", DIALOG_FILTER)
        if paths:
            self.attach(paths)

    def attach(self, paths: list[Path]) -> None:
        """Attach each file; at the end say which were made smaller and which were refused, and why."""
        notes, refused = [], []
        for path in paths:
            try:
                added = self.service.attach_file(self.owner, self.owner_id, path)
            except UserError as e:
                refused.append(str(e))
                continue
            if added.note:
                notes.append(f"“{added.name}”：{added.note}")
        self.refresh()
        if refused:
            done = len(paths) - len(refused)
            text = self.tr("已添加 {0} 个，未添加 {1} 个：").format(done, len(refused)) + "\n\n" + "\n".join(refused)
            QMessageBox.warning(self, self.tr("有文件没有添加"), text)
        elif notes:
            QMessageBox.information(self, self.tr("已添加"), "\n".join(notes))

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        info = next(i for i in self.items if i.id == ids[0])
        try:
            data = self.service.data(info.id)
        except UserError as e:
            QMessageBox.warning(self, self.tr("无法打开"), str(e))
            return
        if info.kind == "image":
            PhotoViewer(info, data, self).open()
            return
        # A PDF opens in the computer's own reader, from a private temporary copy.
        folder = Path(tempfile.mkdtemp(prefix="safetystation-"))
        path = folder / self.service.suggested_name(info.id)
        path.write_bytes(data)
        if not QDesktopServices.openUrl(QUrl.fromLocalFile(str(path))):
            QMessageBox.warning(self, self.tr("无法打开"), self.tr("这台电脑上没有能打开 PDF 的程序。"))

    def save_selected(self) -> None:
        for attachment_id in self.selected_ids():
            name = self.service.suggested_name(attachment_id)
            suffix = Path(name).suffix.lower()
            filters = "PDF (*.pdf)" if suffix == ".pdf" else self.tr("JPEG 照片 (*.jpg)")
            path = file_dialogs.save_file(self, self.tr("附件另存为"), "photos-out", name, filters)
            if path is None:
                return
            try:
                self.service.export(attachment_id, path)
            except UserError as e:
                QMessageBox.warning(self, self.tr("没有保存"), str(e))
                return

    def remove_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = "、".join(f"“{i.title}”" for i in self.items if i.id in ids)
        answer = QMessageBox.question(
            self,
            self.tr("移除附件"),
            self.tr("从这条记录上移除{0}吗？\n移除后文件仍留在数据库中，可用“恢复已移除的…”找回。").format(names),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            for attachment_id in ids:
                self.service.remove(attachment_id)
        except UserError as e:
            QMessageBox.warning(self, self.tr("没有移除"), str(e))
        self.refresh()

    def show_removed(self) -> None:
        removed = self.service.list(self.owner, self.owner_id, deleted=True)
        menu = QMenu(self)
        for info in removed:
            action = menu.addAction(QIcon(_pixmap(info.thumbnail)), self.tr("恢复“{0}”").format(info.title))
            action.triggered.connect(lambda _=False, i=info.id: self.restore(i))
        menu.popup(self.restore_button.mapToGlobal(self.restore_button.rect().bottomLeft()))
        self._menu = menu  # kept alive while shown

    def restore(self, attachment_id: int) -> None:
        try:
            self.service.restore(attachment_id)
        except UserError as e:
            QMessageBox.warning(self, self.tr("没有恢复"), str(e))
        self.refresh()


class PhotoViewer(QDialog):
    """One photo, fitted to the window, with its name, size and when it was taken."""

    def __init__(self, info: AttachmentInfo, data: bytes, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(info.title)
        self.pixmap = _pixmap(data)
        self.label = QLabel()
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # Ignored: the photo is scaled to the room the window gives, never the window to the photo.
        self.label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.label.setMinimumSize(200, 150)
        caption = QLabel(info.describe())
        caption.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay = QVBoxLayout(self)
        lay.addWidget(self.label, 1)
        lay.addWidget(caption)
        lay.addWidget(buttons)
        screen = self.screen()
        free = screen.availableGeometry() if screen is not None else None
        self.resize(min(900, free.width() - 40) if free else 900, min(680, free.height() - 40) if free else 680)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 (Qt override)
        super().resizeEvent(event)
        room = self.label.size()
        self.label.setPixmap(
            self.pixmap.scaled(room, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation)
        )
