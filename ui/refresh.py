"""Pages follow the data (#17): the core tells which ledgers a committed write changed
(``Database.on_change``, on whichever thread wrote); a :class:`ChangeHub` per database brings that to
the GUI thread through a queued signal, gathering the writes made meanwhile into one delivery; and
each page :func:`watch`-ed for some ledgers refreshes at once when it is on screen, or is marked stale
and refreshes when it is next shown. A change nobody is looking at costs nothing but a flag."""

from __future__ import annotations

import inspect
import threading
import weakref
from collections.abc import Callable, Collection
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from safetystation.services.maintenance import Database

_hubs: weakref.WeakKeyDictionary[Database, ChangeHub] = weakref.WeakKeyDictionary()


class ChangeHub(QObject):
    """One database's changes on the GUI thread: ``changed(keys)``, the ledgers written since the
    last delivery. Make it on the GUI thread (:func:`hub` does)."""

    changed = Signal(frozenset)
    _wake = Signal()

    def __init__(self, db: Database) -> None:
        super().__init__()
        self._lock = threading.Lock()
        self._pending: set[str] = set()
        # Queued even from the GUI thread: a page's own edit refreshes it first, and a service's many
        # commits (an import, a workflow step) reach the pages as one delivery.
        self._wake.connect(self._deliver, Qt.ConnectionType.QueuedConnection)
        self.stop = db.on_change(self._heard)  # holds this hub for as long as the database lives

    def _heard(self, keys: frozenset[str]) -> None:
        """The core's listener: any thread, right after a commit."""
        with self._lock:
            wake = not self._pending
            self._pending |= keys
        if wake:
            self._wake.emit()

    def _deliver(self) -> None:
        with self._lock:
            keys, self._pending = frozenset(self._pending), set()
        if keys:
            self.changed.emit(keys)


def hub(db: Database) -> ChangeHub:
    """The GUI thread's :class:`ChangeHub` of ``db`` (made on first use, gone with the database)."""
    found = _hubs.get(db)
    if found is None:
        found = _hubs[db] = ChangeHub(db)
    return found


class PageWatch(QObject):
    """Keeps one page current: see :func:`watch`. ``stale`` while a change waits for the page to show.

    A child of the page, holding neither the page nor (weakly only) its method: a page nobody keeps
    goes, and this with it."""

    def __init__(self, page: QWidget, db: Database, keys: Collection[str] | None, refresh: Callable[[], Any]) -> None:
        super().__init__(page)  # goes with the page (and so does its connection to the hub)
        self.keys = None if keys is None else frozenset(keys)
        self._refresh: Callable[[], Callable[[], Any] | None] = (
            weakref.WeakMethod(refresh) if inspect.ismethod(refresh) else lambda: refresh
        )
        self.stale = False
        page.installEventFilter(self)
        hub(db).changed.connect(self._changed)

    def refresh(self) -> None:
        method = self._refresh()
        if method is not None:
            method()

    def _changed(self, keys: frozenset[str]) -> None:
        if self.keys is not None and self.keys.isdisjoint(keys):
            return
        page = self.parent()
        if isinstance(page, QWidget) and page.isVisible():
            self.stale = False
            self.refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 (Qt override)
        # (getattr: a page being destroyed may still send events while this is taken apart)
        if event.type() == QEvent.Type.Show and getattr(self, "stale", False) and watched is self.parent():
            self.stale = False
            self.refresh()
        return False


def watch(page: QWidget, db: Database, keys: Collection[str] | None, refresh: Callable[[], Any]) -> PageWatch:
    """Call ``refresh()`` when one of the ledgers ``keys`` (None: any) changes: at once while ``page``
    is on screen, else when it is next shown."""
    return PageWatch(page, db, keys, refresh)
