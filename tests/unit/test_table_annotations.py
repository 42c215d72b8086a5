"""The tables' modules are imported at every start, before the 首页 can show anything (#17 cold start)."""

from __future__ import annotations

from sqlmodel import SQLModel

import safetystation.domain  # noqa: F401  (every table)
from safetystation.domain.base import LedgerBase


def test_table_annotations_are_types_not_strings():
    """pydantic and SQLAlchemy each evaluate a string annotation again while making the table's class
    (``from __future__ import annotations`` in its module): ~30 ms of every start for 58 tables. The
    tables' modules leave the annotations as the types they are."""
    classes = [LedgerBase, *(m.class_ for m in SQLModel._sa_registry.mappers)]  # type: ignore[attr-defined]
    assert len(classes) > 50
    strings = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in classes
        for name, annotation in vars(cls).get("__annotations__", {}).items()
        if isinstance(annotation, str)
    ]
    assert strings == []
