"""The last line of defence: anything unexpected is logged to a file and shown in a dialog whose
details can be copied for whoever supports the station. Expected errors never get here."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

import platformdirs
from PySide6.QtWidgets import QApplication, QMessageBox

from safetystation.errors import UserError

log = logging.getLogger("safetystation")


def log_file() -> Path:
    folder = platformdirs.user_log_path("SafetyStation", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "safetystation.log"


def install_excepthook() -> None:
    logging.basicConfig(
        filename=log_file(), level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    sys.excepthook = excepthook


def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    details = "".join(traceback.format_exception(kind, error, tb))
    if isinstance(error, UserError):  # an expected error that a caller forgot to catch: still plain
        log.warning("uncaught UserError: %s", error)
        if QApplication.instance() is not None:
            QMessageBox.warning(None, "提示", str(error))
        return
    log.error("unexpected error\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(kind, error, tb)
        return
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("程序出错")
    box.setText(
        "程序遇到了意外错误，刚才的操作可能没有完成（已保存的数据不受影响）。\n"
        f"请把下面的详细信息复制给技术支持人员。日志：{log_file()}"
    )
    box.setDetailedText(f"{dt.datetime.now():%Y-%m-%d %H:%M:%S}\n{details}")
    box.exec()
