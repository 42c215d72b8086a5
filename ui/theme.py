"""The bundled Chinese font and Qt's own Chinese translations, installed once per QApplication."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QFontMetrics
from PySide6.QtWidgets import QApplication

from safetystation.resources import FONT_FILE, QT_TRANSLATIONS


def install_font(app: QApplication) -> str | None:
    """Register the bundled OFL font and put it behind the system UI font as the fallback for
    every Chinese character; returns its family name (None if the file is missing)."""
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
