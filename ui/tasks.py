"""Long work (imports, exports, the demo) off the GUI thread, with a progress dialog and 取消.

The work function gets ``progress(done, total)`` and ``cancelled() -> bool`` and runs in a QThread;
the window keeps painting. Its result or exception comes back to the caller on the GUI thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]


class _Worker(QObject):
    progressed = Signal(int, int)
    finished = Signal(object, object)  # result, exception

    def __init__(self, work: Work):
        super().__init__()
        self.work = work
        self.cancel_event = threading.Event()

    @Slot()
    def run(self) -> None:
        try:
            result = self.work(lambda done, total: self.progressed.emit(done, total), self.cancel_event.is_set)
        except BaseException as e:  # noqa: BLE001 - handed to the GUI thread, which re-raises it
            self.finished.emit(None, e)
            return
        self.finished.emit(result, None)


class _Relay(QObject):
    """Lives on the GUI thread: the worker's signals reach the dialog through queued slots."""

    def __init__(self, dialog: QProgressDialog, loop: QEventLoop, outcome: dict[str, Any]):
        super().__init__()
        self.dialog, self.loop, self.outcome = dialog, loop, outcome

    @Slot(int, int)
    def progressed(self, done: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 1))
        self.dialog.setValue(done)

    @Slot(object, object)
    def finished(self, result: Any, error: Any) -> None:
        self.outcome["result"], self.outcome["error"] = result, error
        self.loop.quit()


def run_in_background(parent: QWidget | None, label: str, work: Work) -> Any:
    """Run ``work`` in a thread behind a window-modal progress dialog; return its result or raise
    its error. 取消 asks the work to stop; it rolls back and raises (e.g. ImportCancelled)."""
    dialog = QProgressDialog(label, "取消", 0, 0, parent)
    dialog.setWindowTitle("请稍候")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(300)
    dialog.setAutoClose(False)
    dialog.setAutoReset(False)
    thread = QThread()
    worker = _Worker(work)
    worker.moveToThread(thread)
    outcome: dict[str, Any] = {}
    loop = QEventLoop()

    def cancel() -> None:
        worker.cancel_event.set()
        dialog.setLabelText("正在取消…")

    relay = _Relay(dialog, loop, outcome)
    worker.progressed.connect(relay.progressed, Qt.ConnectionType.QueuedConnection)
    worker.finished.connect(relay.finished, Qt.ConnectionType.QueuedConnection)
    dialog.canceled.connect(cancel)
    thread.started.connect(worker.run)
    thread.start()
    dialog.setValue(0)
    if "error" not in outcome:
        loop.exec()
    thread.quit()
    thread.wait()
    dialog.close()
    worker.deleteLater()
    if outcome["error"] is not None:
        raise outcome["error"]
    return outcome["result"]
