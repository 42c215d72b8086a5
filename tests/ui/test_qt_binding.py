"""Guard against a binding bug seen in PySide6-Essentials 6.12.0 on Python 3.11: every call of a
void Qt method dropped a reference to None, so a long print job (or a long working day) ended in
“Fatal Python error: none_dealloc”. The pinned version must not do that."""

from __future__ import annotations

import sys

from PySide6.QtCore import QRectF
from PySide6.QtGui import QImage, QPainter, QPen


def test_void_qt_calls_do_not_drop_references_to_none(qapp):
    image = QImage(50, 50, QImage.Format.Format_RGB32)
    painter = QPainter(image)
    pen = QPen()
    before = sys.getrefcount(None)
    for _ in range(2000):
        painter.setPen(pen)
        painter.drawRect(QRectF(0, 0, 1, 1))
    after = sys.getrefcount(None)
    painter.end()
    assert after - before > -100, f"None lost {before - after} references in 4000 void calls"
