"""The last line of defence: anything unexpected is logged to a file and shown in a dialog whose
details can be copied for whoever supports the station. Expected errors never get here."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtWidgets import QApplication

from safetystation.errors import UserError

log = logging.getLogger("safetystation")


def log_file() -> Path:
    import platformdirs  # here, not at start-up: nothing is logged until something goes wrong

    folder = platformdirs.user_log_path("SafetyStation", appauthor=False)
    folder.mkdir(parents=True, exist_ok=True)
    return folder / "safetystation.log"


def _file_log() -> tuple[logging.Logger, str]:
    """The log, writing to :func:`log_file` from the first message on, and where it writes."""
    if not log.handlers:
        handler: logging.Handler
        try:
            handler = logging.FileHandler(log_file(), encoding="utf-8")
        except OSError:  # no writable log folder: the dialog still shows, the log goes to stderr
            handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    handler = log.handlers[0]
    return log, handler.baseFilename if isinstance(handler, logging.FileHandler) else "（日志文件无法写入）"


def install_excepthook() -> None:
    sys.excepthook = excepthook


def excepthook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
    from PySide6.QtWidgets import QMessageBox

    details = "".join(traceback.format_exception(kind, error, tb))
    if isinstance(error, UserError):  # an expected error that a caller forgot to catch: still plain
        _file_log()[0].warning("uncaught UserError: %s", error)
        if QApplication.instance() is not None:
            QMessageBox.warning(None, "提示", str(error))
        return
    logger, where = _file_log()
    logger.error("unexpected error\n%s", details)
    if QApplication.instance() is None:
        sys.__excepthook__(kind, error, tb)
        return
    box = QMessageBox()
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("程序出错")
    box.setText(
        "程序遇到了意外错误，刚才的操作可能没有完成（已保存的数据不受影响）。\n"
        f"请把下面的详细信息复制给技术支持人员。日志：{where}"
    )
    box.setDetailedText(f"{dt.datetime.now():%Y-%m-%d %H:%M:%S}\n{details}")
    box.exec()
