"""Tables that are not ledgers: the audit trail and key/value settings."""

import datetime as dt

from sqlalchemy import Column, Index, LargeBinary
from sqlmodel import Field, SQLModel

from safetystation.domain.base import FILLED_BY_DATABASE, station_key, utcnow


class AuditLog(SQLModel, table=True):
    """Who changed which record of which ledger when, with the values before and after (JSON)."""

    __tablename__ = "audit_log"
    # A register's changes after an instant (group A of a report: migration 0018)
    __table_args__ = (Index("ix_audit_log_ledger_at", "ledger", "at"),)
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    operator: str | None = Field(default=None, max_length=40)
    ledger: str = Field(max_length=40, index=True)
    record_id: int = Field(index=True)
    action: str = Field(max_length=16)  # create / update / delete / restore / status
    before: str | None = None
    after: str | None = None
    # as LedgerBase.station_id
    station_id: int = Field(default=None, index=True, exclude=True, sa_column_kwargs=FILLED_BY_DATABASE)


class Setting(SQLModel, table=True):
    """A station-wide setting (key → JSON value)."""

    __tablename__ = "setting"
    # Each station's own settings (its station_uid, templates…): the key is unique per station.
    station_id: int = station_key()
    key: str = Field(primary_key=True, max_length=60)
    value: str


class StationLogin(SQLModel, table=True):
    """PostgreSQL: which township a database login works for (#19, migration 0015): its rows are the
    only ones it sees; station_id 0 is a county login, which sees every township's. Kept by the
    county's administrator (``python -m safetystation station``); unused in a SQLite file."""

    __tablename__ = "station_login"
    role: str = Field(primary_key=True, max_length=63)
    station_id: int


class StoredFile(SQLModel, table=True):
    """A file the station keeps in its database, not beside it (#19: a server has no folder the
    clerks share): the county's registered report template. One per key and station; its choice is
    audited through the setting that names it (name and SHA-256, not the bytes)."""

    __tablename__ = "stored_file"
    station_id: int = station_key()
    key: str = Field(primary_key=True, max_length=60)
    name: str = Field(max_length=200)
    sha256: str = Field(max_length=64)
    data: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    stored_at: dt.datetime = Field(default_factory=utcnow)
