"""Opening the station database early (#17): the window knows the file's path before the core is
imported, so the file's checks and its writer lock (``storage.claim``: the quick check of a ten-year
database is the longest single step of a start) run on a worker thread beside the imports, and
:func:`safetystation.services.maintenance.open_station` finishes the opening from there.

Light on purpose: nothing here loads SQLAlchemy or the ledger tables.
"""

from __future__ import annotations

from pathlib import Path

from safetystation.config import AppConfig
from safetystation.storage.claim import EarlyClaim, default_db_path, is_server_url

__all__ = ["EarlyClaim", "begin_opening", "default_db_path", "is_server_url"]


def begin_opening(path: Path) -> EarlyClaim:
    """Start checking and locking ``path`` as the window opens it (writable, or read-only when another
    program writes it); hand the result to ``open_station(path, fallback_read_only=True, early=...)``."""
    return EarlyClaim(
        path,
        create=True,
        read_only=False,
        backup_dir=AppConfig.load().backup_folder(path),
        fallback_read_only=True,
        check=True,
    )
