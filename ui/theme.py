"""The bundled Chinese font, a focus mark a clerk can see, and Qt's own Chinese translations, installed
once per QApplication."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QRect, Qt, QTranslator
from PySide6.QtGui import QColor, QFont, QFontDatabase, QFontMetrics, QPainter, QPen
from PySide6.QtWidgets import (
    QApplication,
    QProxyStyle,
    QStyle,
    QStyleFactory,
    QStyleOption,
    QStyleOptionComplex,
    QWidget,
)

from safetystation.resources import FONT_FILE, QT_TRANSLATIONS

# The keyboard focus mark (#20 §5): a 2-px dark-blue ring with a white line inside it, seen on white
# (checkboxes, buttons) and on the blue of a selected table row alike.
FOCUS_COLOUR = QColor("#0b3d91")
FOCUS_WIDTH = 2


_RINGED = (QStyle.ComplexControl.CC_ToolButton, QStyle.ComplexControl.CC_ComboBox, QStyle.ComplexControl.CC_SpinBox)


class FocusStyle(QProxyStyle):
    """The platform's own style (Fusion, Windows…) with a focus mark that shows: the styles' own is a
    faint tint (Fusion) or a dotted line (Windows), drawn only after a key press, and a clerk moving
    through a form with Tab lost track of which box or button Space would press."""

    def drawPrimitive(  # noqa: N802 (Qt override)
        self,
        element: QStyle.PrimitiveElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        if element == QStyle.PrimitiveElement.PE_FrameFocusRect:
            draw_focus_ring(painter, option.rect)
            return
        super().drawPrimitive(element, option, painter, widget)
        if element == QStyle.PrimitiveElement.PE_FrameLineEdit and option.state & QStyle.StateFlag.State_HasFocus:
            draw_focus_ring(painter, option.rect, inner=False)

    def drawControl(  # noqa: N802 (Qt override)
        self,
        element: QStyle.ControlElement,
        option: QStyleOption,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawControl(element, option, painter, widget)
        # Fusion marks a focused push button only by a slightly bluer outline, without a focus rect.
        if element == QStyle.ControlElement.CE_PushButton and option.state & QStyle.StateFlag.State_HasFocus:
            draw_focus_ring(painter, option.rect.adjusted(2, 2, -2, -2))

    def drawComplexControl(  # noqa: N802 (Qt override)
        self,
        control: QStyle.ComplexControl,
        option: QStyleOptionComplex,
        painter: QPainter,
        widget: QWidget | None = None,
    ) -> None:
        super().drawComplexControl(control, option, painter, widget)
        # Fusion outlines a focused pick-list or date box in a pale blue, a tool button not at all.
        if control in _RINGED and option.state & QStyle.StateFlag.State_HasFocus:
            if control == QStyle.ComplexControl.CC_ToolButton:
                draw_focus_ring(painter, option.rect.adjusted(2, 2, -2, -2))
            else:
                draw_focus_ring(painter, option.rect, inner=False)  # on the frame: the text is not touched

    def subElementRect(  # noqa: N802 (Qt override)
        self, element: QStyle.SubElement, option: QStyleOption, widget: QWidget | None = None
    ) -> QRect:
        rect = super().subElementRect(element, option, widget)
        if element in (QStyle.SubElement.SE_CheckBoxFocusRect, QStyle.SubElement.SE_RadioButtonFocusRect):
            # The styles put it tight round the text: the ring would touch the characters.
            rect = rect.adjusted(-2, -2, 2, 2).intersected(option.rect)
        return rect


def draw_focus_ring(painter: QPainter, rect: QRect, *, inner: bool = True) -> None:
    """The focus mark inside ``rect``: the dark ring, then (``inner``) a white line just inside it."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    pen = QPen(FOCUS_COLOUR, FOCUS_WIDTH)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(pen)
    half = FOCUS_WIDTH // 2
    painter.drawRect(rect.adjusted(half, half, -half, -half))
    painter.setPen(QPen(QColor("white"), 1))
    line = rect.adjusted(FOCUS_WIDTH, FOCUS_WIDTH, -FOCUS_WIDTH - 1, -FOCUS_WIDTH - 1)
    if inner and line.width() > 2 and line.height() > 2:
        painter.drawRect(line)
    painter.restore()


_STYLE: Any = None  # the application holds the style by pointer only: keep the Python object alive


def install_focus_style(app: QApplication) -> QStyle:
    """Wrap the application's style (whatever the platform or ``-style`` chose) in :class:`FocusStyle`."""
    global _STYLE
    current = app.style()
    if isinstance(current, FocusStyle):
        return current
    base = QStyleFactory.create(current.name()) if current is not None else None
    _STYLE = FocusStyle(base) if base is not None else FocusStyle()
    app.setStyle(_STYLE)
    return _STYLE


def install_font(app: QApplication) -> str | None:
    """Register the bundled OFL font and put it behind the system UI font as the fallback for
    every Chinese character; returns its family name (None if the file is missing). The visible
    focus mark (:func:`install_focus_style`) comes with it: every window that sets the font up sets
    up the program's look."""
    install_focus_style(app)
    font_id = QFontDatabase.addApplicationFont(str(FONT_FILE))
    if font_id < 0:
        return None
    family = QFontDatabase.applicationFontFamilies(font_id)[0]
    font = QFont(app.font())
    families = [f for f in font.families() if f != family]
    if QFontMetrics(font).inFontUcs4(ord("中")):
        font.setFamilies([*families, family])  # the system's Chinese UI font leads (微软雅黑, 思源黑体…)
    else:
        font.setFamilies([family, *families])  # no Chinese in the system font: ours leads, metrics match
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)  # township monitors and eyes: nothing smaller than 10 pt
    app.setFont(font)
    return family


def install_translations(app: QApplication) -> bool:
    """Qt's own zh_CN strings (standard dialog buttons, context menus): the bundled copy first."""
    translator = QTranslator(app)
    locale = QLocale(QLocale.Language.Chinese, QLocale.Country.China)
    QLocale.setDefault(locale)  # calendars, month and weekday names, number formats
    for folder in (str(QT_TRANSLATIONS), QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        if translator.load(locale, "qtbase", "_", folder):
            app.installTranslator(translator)
            return True
    return False
