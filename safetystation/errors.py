"""The one family of expected errors: each carries a plain Chinese message for the clerk.

Anything that is not a ``UserError`` is a bug and goes to the excepthook / a traceback.
"""

from __future__ import annotations

from dataclasses import dataclass


class UserError(Exception):
    """An expected failure with a Chinese message fit to show as it is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class FieldError:
    """One invalid field: its column name, Chinese label and the reason."""

    field: str
    label: str
    message: str

    def __str__(self) -> str:
        return f"{self.label}：{self.message}"


class ValidationError(UserError):
    """Input that does not satisfy a ledger's rules; ``errors`` names every bad field."""

    def __init__(self, errors: list[FieldError], title: str = "输入有误"):
        self.errors = list(errors)
        super().__init__(title + "：" + "；".join(str(e) for e in self.errors))


class NotFound(UserError):
    """A record that does not exist (or is in the recycle bin)."""


class WorkflowError(UserError):
    """A step not allowed in the record's current state (e.g. closing an unverified hazard)."""


class DatabaseError(UserError):
    """The database file cannot be used: not SQLite, newer than the program, damaged, locked, read-only."""
