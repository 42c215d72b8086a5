"""The county's month straight from a shared PostgreSQL database (#19): each township's figures are
computed from its rows — the same 月报表 and 统计表 its workbook would carry
(:func:`safetystation.excel.export.report_figures`) — and checked and consolidated exactly as
workbooks are (:mod:`safetystation.county.township`, :mod:`safetystation.county.consolidate`).
Reading only: nothing is written to any township's books.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from sqlalchemy import select

from safetystation.county.consolidate import (
    Cancelled,
    Consolidation,
    ConsolidationCancelled,
    Progress,
    RosterEntry,
    _against_roster,
    _duplicates,
)
from safetystation.county.township import Township, _check
from safetystation.domain.station import Station
from safetystation.domain.system import StationLogin
from safetystation.errors import UserError
from safetystation.storage.db import Database

STN = Station.__table__  # type: ignore[attr-defined]
LOGIN = StationLogin.__table__  # type: ignore[attr-defined]


def _as_read(v: Any) -> Any:
    """A value as the county reads it back from the workbook: openpyxl writes a number with 16
    significant digits ("%.16g"), a Decimal too, and the reader gets a float."""
    return float(f"{v:.16g}") if isinstance(v, float | Decimal) else v


def township_from_db(db: Database, *, year: int, month: int, today: dt.date | None = None) -> Township:
    """The township ``db`` shows (a township's login, or a county login narrowed to one), checked."""
    from safetystation.excel.export import report_figures

    return _checked(report_figures(db, year, month, today=today), year, month)


def _checked(figures: dict[str, list[list[Any]]], year: int, month: int) -> Township:
    """A township's figures judged by the workbook reader's own checks, as if read from its workbook."""
    sheets = {name: [[_as_read(v) for v in row] for row in rows] for name, rows in figures.items()}
    t = Township(Path("（数据库）"))
    _check(t, sheets, year, month)
    t.path = Path(f"数据库：{t.town or '（乡镇不明）'}")
    return t


def consolidate_from_db(
    db: Database,
    *,
    year: int,
    month: int,
    roster: list[RosterEntry] | None = None,
    today: dt.date | None = None,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> Consolidation:
    """Every township of the shared database, as the county's login sees them, for the month."""
    if not db.is_server:
        raise UserError("从数据库直接汇总只适用于几个乡镇共用的 PostgreSQL 数据库；本机文件请汇总各乡镇报送的工作簿。")
    with db.session() as s:
        shared = s.execute(select(LOGIN.c.role).limit(1)).first() is not None
    if shared and db.scope() != 0:  # (a database no township shares yet is all one station's)
        raise UserError("只有县级登录才能汇总各乡镇（乡镇的登录只看得到本乡镇）。")
    if shared and not db.filtered():  # every "township" would be counted with every township's rows
        raise UserError("以超级用户（不受行级安全限制）连接时无法分别统计各乡镇，请用县级登录汇总。")
    with db.session() as s:
        live = select(STN.c.id).where(STN.c.deleted_at.is_(None)).order_by(STN.c.id)
        ids = [int(i) for i in s.execute(live).scalars()]
    if not ids:
        raise UserError("数据库中还没有乡镇（python -m safetystation station add 添加）。")
    from safetystation.excel.export import stations_report_figures

    if cancelled is not None and cancelled():
        raise ConsolidationCancelled("已取消汇总，未生成文件。")
    figures = stations_report_figures(db, year, month, ids, today=today)  # one pass, grouped by station
    townships = []
    for i, sid in enumerate(ids):
        if cancelled is not None and cancelled():
            raise ConsolidationCancelled("已取消汇总，未生成文件。")
        townships.append(_checked(figures[sid], year, month))
        if progress is not None:
            progress(i + 1, len(ids))
    townships += _registered_but_unseen(db, ids)
    _duplicates(townships)
    _against_roster(townships, roster)
    return Consolidation(year, month, townships, roster)


def _registered_but_unseen(db: Database, ids: list[int]) -> list[Township]:
    """A township with logins registered but no live 乡镇 row: not consolidated, and not silently —
    a failed township the county must look at (and that stops the command without --allow-missing)."""
    with db.session() as s:
        registered = sorted({int(i) for i in s.execute(select(LOGIN.c.station_id)).scalars()} - {0} - set(ids))
    out = []
    for sid in registered:
        t = Township(Path(f"数据库：编号{sid}的乡镇"))
        t.add(f"编号{sid}的乡镇已登记了数据库登录，但数据库中没有它有效的乡镇记录（被删除或改动），其数字无法汇总")
        out.append(t)
    return out
