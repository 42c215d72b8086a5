"""Columns every ledger table has (DESIGN.md §2): id, who/when created and changed, soft delete."""

import datetime as dt
from typing import Any

from pydantic import ConfigDict
from sqlalchemy import FetchedValue
from sqlmodel import Field, SQLModel

# station_id's default is the database's (migration 0015: 1 in a file, the session's station on PostgreSQL)
FILLED_BY_DATABASE = {"server_default": FetchedValue()}


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
    # The station the row belongs to (#19, DESIGN.md §3), filled by the database's own default — never
    # sent by the program (``exclude``: not in model_dump, so inserts leave it out): 1 in a SQLite file
    # (one station per file); on PostgreSQL the session's station, 0 for the county (migration 0015); row-level
    # security shows each township its own rows.
    station_id: int = Field(default=None, index=True, exclude=True, sa_column_kwargs=FILLED_BY_DATABASE)


def station_key() -> Any:
    """``station_id`` as the first part of a key/value table's primary key (setting, stored_file): each
    station's own keys; filled by the database as LedgerBase.station_id (0 for a county login's own)."""
    return Field(
        default=None,
        primary_key=True,
        index=True,
        exclude=True,
        sa_column_kwargs={"autoincrement": False, **FILLED_BY_DATABASE},
    )


COMMON_COLUMNS = ("id", "created_at", "updated_at", "created_by", "updated_by", "deleted_at", "station_id")


def stamps(operator: str | None) -> dict[str, object]:
    """The bookkeeping values of a row inserted with SQL (bulk inserts, workflow events)."""
    now = utcnow()
    return {"created_at": now, "updated_at": now, "created_by": operator, "updated_by": operator}
