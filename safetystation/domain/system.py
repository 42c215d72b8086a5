"""Tables that are not ledgers: the audit trail and key/value settings."""

from __future__ import annotations

import datetime as dt

from sqlmodel import Field, SQLModel

from safetystation.domain.base import utcnow


class AuditLog(SQLModel, table=True):
    """Who changed which record of which ledger when, with the values before and after (JSON)."""

    __tablename__ = "audit_log"
    id: int | None = Field(default=None, primary_key=True)
    at: dt.datetime = Field(default_factory=utcnow, index=True)
    operator: str | None = Field(default=None, max_length=40)
    ledger: str = Field(max_length=40, index=True)
    record_id: int = Field(index=True)
    action: str = Field(max_length=16)  # create / update / delete / restore / status
    before: str | None = None
    after: str | None = None


class Setting(SQLModel, table=True):
    """A station-wide setting (key → JSON value)."""

    __tablename__ = "setting"
    key: str = Field(primary_key=True, max_length=60)
    value: str
