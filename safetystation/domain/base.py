"""Columns every ledger table has (DESIGN.md §2): id, who/when created and changed, soft delete."""

from __future__ import annotations

import datetime as dt

from pydantic import ConfigDict
from sqlmodel import Field, SQLModel


def utcnow() -> dt.datetime:
    """Timestamps of record keeping are aware UTC; business times (a drill's start) are local, naive."""
    return dt.datetime.now(dt.UTC)


class LedgerBase(SQLModel):
    """Common columns of every ledger row; ``deleted_at`` set means it is in the recycle bin."""

    # A table's pydantic validator is built when a record of it is first made (LedgerService._insert),
    # not when the program starts: a sixth of importing the ledger tables (#17).
    model_config = ConfigDict(defer_build=True)  # type: ignore[assignment]  # SQLModelConfig is a ConfigDict

    id: int | None = Field(default=None, primary_key=True)
    created_at: dt.datetime = Field(default_factory=utcnow)
    updated_at: dt.datetime = Field(default_factory=utcnow)
    created_by: str | None = Field(default=None, max_length=40)
    updated_by: str | None = Field(default=None, max_length=40)
    deleted_at: dt.datetime | None = Field(default=None, index=True)


COMMON_COLUMNS = ("id", "created_at", "updated_at", "created_by", "updated_by", "deleted_at")


def stamps(operator: str | None) -> dict[str, object]:
    """The bookkeeping values of a row inserted with SQL (bulk inserts, workflow events)."""
    now = utcnow()
    return {"created_at": now, "updated_at": now, "created_by": operator, "updated_by": operator}
