"""#18: a record's form shows its photos and scans as thumbnails; adding several at once attaches the
good ones and says, in Chinese, which were refused and why, and which were made smaller; removing asks
first and can be undone; a new record's form says photos come after saving."""

from __future__ import annotations

import io

import pytest
from PIL import Image
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from safetystation.services.attachments import AttachmentService
from tests.unit.factory import make
from ui import file_dialogs
from ui.attachments import PhotoViewer
from ui.record_form import RecordDialog


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path):
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "qs"))
    QApplication.setOrganizationName("SafetyStationTest")


def _jpeg(w: int, h: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (w, h), (200, 80, 40)).save(out, "JPEG")
    return out.getvalue()


@pytest.fixture
def boxes(monkeypatch):
    said: dict[str, list[str]] = {"warning": [], "information": []}
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: said["warning"].append(a[2]))
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said["information"].append(a[2]))
    return said


def test_adding_shows_thumbnails_and_says_what_was_refused(qtbot, ledger, tmp_path, monkeypatch, boxes):
    drill = make(ledger, "drill_record")
    big, fake = tmp_path / "演练现场.jpg", tmp_path / "签字.pdf"
    big.write_bytes(_jpeg(3000, 2000))
    fake.write_bytes(b"not a pdf at all")
    dialog = RecordDialog(ledger, "drill_record", drill)
    qtbot.addWidget(dialog)
    strip = dialog.attachments
    assert strip is not None and strip.list.count() == 0 and "还没有" in strip.title.text()
    # without photos only the title and 添加 take room from the form
    assert not strip.list.isVisibleTo(dialog) and not strip.remove_button.isVisibleTo(dialog)
    assert strip.add_button.isVisibleTo(dialog)
    monkeypatch.setattr(file_dialogs, "open_files", lambda *a, **k: [big, fake])
    strip.add_button.click()
    assert strip.list.count() == 1 and strip.list.item(0).text() == "演练现场"
    assert strip.list.isVisibleTo(dialog) and strip.remove_button.isVisibleTo(dialog)
    assert not strip.list.item(0).icon().isNull()
    assert "2000×1333" in strip.list.item(0).toolTip() and "已缩小" in strip.list.item(0).toolTip()
    [warning] = boxes["warning"]
    assert "已添加 1 个，未添加 1 个" in warning and "“签字.pdf”不是有效的 PDF 文件" in warning
    assert "1 个" in strip.title.text()
    assert [i.name for i in AttachmentService(ledger).list("drill_record", drill)] == ["演练现场.jpg"]


def test_a_downscaled_photo_alone_is_reported(qtbot, ledger, tmp_path, monkeypatch, boxes):
    drill = make(ledger, "drill_record")
    path = tmp_path / "IMG_1.jpg"
    path.write_bytes(_jpeg(2400, 1800))
    dialog = RecordDialog(ledger, "drill_record", drill)
    qtbot.addWidget(dialog)
    assert dialog.attachments is not None
    dialog.attachments.attach([path])
    assert boxes["warning"] == [] and "2400×1800" in boxes["information"][0]


def test_remove_asks_and_can_be_undone(qtbot, ledger, monkeypatch, boxes):
    hazard_photos = AttachmentService(ledger)
    drill = make(ledger, "drill_record")
    first = hazard_photos.add("drill_record", drill, name="a.jpg", data=_jpeg(300, 200), caption="疏散").id
    hazard_photos.add("drill_record", drill, name="b.jpg", data=_jpeg(300, 200))
    dialog = RecordDialog(ledger, "drill_record", drill)
    qtbot.addWidget(dialog)
    strip = dialog.attachments
    assert strip is not None and strip.list.count() == 2 and not strip.restore_button.isVisibleTo(dialog)
    assert not strip.remove_button.isEnabled()
    strip.list.item(0).setSelected(True)
    assert strip.remove_button.isEnabled()
    asked: list[str] = []

    def answer(reply):
        def ask(*a, **_k):
            asked.append(a[2])
            return reply

        return ask

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    strip.remove_button.click()
    assert strip.list.count() == 2 and "“疏散”" in asked[0]
    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    strip.remove_button.click()
    assert [strip.list.item(i).text() for i in range(strip.list.count())] == ["b"]
    assert strip.restore_button.isVisibleTo(dialog)
    strip.restore(first)
    assert strip.list.count() == 2 and not strip.restore_button.isVisibleTo(dialog)
    assert not dialog.typed()  # the form's own fields are untouched: 取消 does not ask


def test_the_viewer_fits_the_photo(qtbot, ledger):
    photos = AttachmentService(ledger)
    drill = make(ledger, "drill_record")
    added = photos.add("drill_record", drill, name="a.jpg", data=_jpeg(1600, 1200))
    viewer = PhotoViewer(photos.get(added.id), photos.data(added.id))
    qtbot.addWidget(viewer)
    viewer.resize(500, 400)
    viewer.show()
    qtbot.waitExposed(viewer)
    shown = viewer.label.pixmap()
    assert shown.width() <= viewer.label.width() and shown.height() <= viewer.label.height()
    assert abs(shown.width() / shown.height() - 4 / 3) < 0.02


def test_a_new_record_says_photos_come_after_saving(qtbot, ledger):
    dialog = RecordDialog(ledger, "drill_record")
    qtbot.addWidget(dialog)
    assert dialog.attachments is None
    assert any("保存这条记录后" in w.text() for w in dialog.findChildren(type(dialog.general).__mro__[1]))
