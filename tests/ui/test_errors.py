"""The excepthook: an unexpected error is logged to a file and shown with copyable details; an
expected one (UserError) that escaped a caller is shown as its plain Chinese sentence."""

from __future__ import annotations

import logging
import sys

from PySide6.QtWidgets import QMessageBox

from safetystation.errors import UserError
from ui import errors


def _raised(error: BaseException):
    try:
        raise error
    except BaseException:  # noqa: BLE001 (the hook gets whatever was raised)
        return sys.exc_info()


def test_unexpected_error_is_logged_and_shown_with_details(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setattr(errors.log, "handlers", [])
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.detailedText())) or 0)
    errors.install_excepthook()
    try:
        assert sys.excepthook is errors.excepthook
        sys.excepthook(*_raised(ZeroDivisionError("台账计数出错")))
    finally:
        sys.excepthook = sys.__excepthook__
        for h in errors.log.handlers:
            h.close()
    ((text, details),) = shown
    assert "意外错误" in text and str(errors.log_file()) in text
    assert "ZeroDivisionError: 台账计数出错" in details and "Traceback" in details
    logged = errors.log_file().read_text(encoding="utf-8")
    assert errors.log_file().is_relative_to(tmp_path)
    assert "ERROR safetystation: unexpected error" in logged and "台账计数出错" in logged


def test_an_escaped_user_error_is_shown_plainly(qtbot, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    monkeypatch.setattr(errors.log, "handlers", [])
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append((title, text)))
    errors.excepthook(*_raised(UserError("数据库正在被另一个窗口使用")))
    for h in errors.log.handlers:
        h.close()
    assert warned == [("提示", "数据库正在被另一个窗口使用")]
    assert "WARNING" in errors.log_file().read_text(encoding="utf-8")


def test_an_unwritable_log_folder_still_shows_the_dialog(qtbot, tmp_path, monkeypatch):
    blocker = tmp_path / "state"
    blocker.write_text("a file where the log folder should be")
    monkeypatch.setenv("XDG_STATE_HOME", str(blocker))
    monkeypatch.setattr(errors.log, "handlers", [])
    shown = []
    monkeypatch.setattr(QMessageBox, "exec", lambda box: shown.append((box.text(), box.detailedText())) or 0)
    errors.excepthook(*_raised(KeyError("x")))
    assert shown and "KeyError" in shown[0][1] and "日志文件无法写入" in shown[0][0]
    assert isinstance(errors.log.handlers[0], logging.StreamHandler)
