"""The station profile (one row) — read it, save it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from safetystation.domain.station import Station
from safetystation.services.ledger import LedgerService
from safetystation.storage.db import Database

if TYPE_CHECKING:
    from safetystation.services.operators import Operator

STN = Station.__table__  # type: ignore[attr-defined]


class StationService:
    """Read and save the station profile."""

    def __init__(self, db: Database, *, operator: Operator | None = None):
        self.db = db
        self.ledger = LedgerService(db, operator=operator)

    def profile(self) -> dict[str, Any] | None:
        """The profile, or None while the station has not been set up."""
        with self.db.session() as s:
            row = s.execute(select(STN).where(STN.c.deleted_at.is_(None)).order_by(STN.c.id)).mappings().first()
            return dict(row) if row else None

    def save_profile(self, values: dict[str, Any], *, external: bool = False) -> int:
        """Create the profile on first use, otherwise update it; returns its id."""
        current = self.profile()
        if current is None:
            return self.ledger.create("station", values, external=external)
        self.ledger.update("station", current["id"], values, external=external)
        return int(current["id"])
