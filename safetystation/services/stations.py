"""Townships sharing one PostgreSQL database (#19): the county's administrator adds a township and
registers which database login works for which township (migration 0015, ``station_login``).

The database enforces it: a township's login sees and writes only its township's rows (row-level
security); a county login sees every township's and may work as one (``Database.narrowed``). In a
SQLite file there is one station and nothing here applies.
"""

from __future__ import annotations

import json
import uuid
from typing import TYPE_CHECKING, Any

from sqlalchemy import delete, insert, select, text, update

from safetystation.defaults import install_defaults
from safetystation.domain.station import Station
from safetystation.domain.system import Setting, StationLogin
from safetystation.errors import UserError
from safetystation.services.ledger import LedgerService, audit
from safetystation.storage.db import Database

if TYPE_CHECKING:
    from safetystation.services.operators import Operator

STN = Station.__table__  # type: ignore[attr-defined]
LOGIN = StationLogin.__table__  # type: ignore[attr-defined]
SET = Setting.__table__  # type: ignore[attr-defined]
COUNTY = 0  # station_login.station_id of a county login


class StationAdmin:
    """Add townships to a shared database and say which login works for which."""

    def __init__(self, db: Database, *, operator: Operator | None = None):
        if not db.is_server:
            raise UserError("几个乡镇共用一个数据库只能在 PostgreSQL 服务器上；本机数据库文件只有一个安监站。")
        self.db = db
        self.ledger = LedgerService(db, operator=operator)

    def _county_only(self, what: str) -> None:
        if self.db.scope() != COUNTY:
            raise UserError(f"只有县级登录（或数据库管理员）才能{what}。")

    def stations(self) -> list[dict[str, Any]]:
        """Every township this login sees, with the logins registered for it."""
        with self.db.session() as s:
            rows = s.execute(select(STN.c.id, STN.c.name, STN.c.town, STN.c.county).order_by(STN.c.id)).mappings()
            out = [dict(r) for r in rows]
            logins: dict[int, list[str]] = {}
            for role, sid in s.execute(select(LOGIN.c.role, LOGIN.c.station_id).order_by(LOGIN.c.role)):
                logins.setdefault(int(sid), []).append(str(role))
        for r in out:
            r["logins"] = logins.get(int(r["id"]), [])
        return out

    def add(self, *, name: str, town: str, county: str) -> int:
        """A new township: its station row (its id is its station id), its own defaults (industries,
        checklists, rules, work tasks) and its own identity (station_uid), all or nothing."""
        self._county_only("添加乡镇")
        values = {"name": name, "town": town, "county": county}
        with self.db.one_transaction():
            sid = self.ledger.create("station", values, external=True)
            with self.db.session() as s:
                s.execute(update(STN).where(STN.c.id == sid).values(station_id=sid))
                # the rows below are the new township's (the database's default reads this), until the end
                # of this transaction only
                s.execute(text("SELECT set_config('safetystation.station', :sid, true)"), {"sid": str(sid)})
                s.commit()
            install_defaults(self.db, station_id=sid)
            with self.db.session() as s:
                s.execute(insert(SET).values(key="station_uid", value=json.dumps(uuid.uuid4().hex)))
                s.commit()
        return sid

    def register_login(self, role: str, station_id: int) -> None:
        """Login ``role`` works for township ``station_id`` from its next connection on (0: the county's
        login, seeing every township). The role itself is the server's (CREATE ROLE … LOGIN). The first
        login registered (the county's, by the database's owner) is what makes the database shared."""
        with self.db.session() as s:
            shared = s.execute(select(LOGIN.c.role).limit(1)).first() is not None
        if shared:
            self._county_only("登记数据库用户")
        with self.db.session() as s:
            if not s.execute(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": role}).first():
                raise UserError(f"数据库服务器上没有用户“{role}”：请先建立（CREATE ROLE {role} LOGIN PASSWORD '…'）。")
            if station_id != COUNTY and not s.execute(select(STN.c.id).where(STN.c.id == station_id)).first():
                raise UserError(f"没有编号为{station_id}的乡镇（python -m safetystation station list 列出各乡镇）。")
            if station_id != COUNTY:
                _refuse_bypass(s, role)
            before = s.execute(select(LOGIN.c.station_id).where(LOGIN.c.role == role)).scalar()
            s.execute(delete(LOGIN).where(LOGIN.c.role == role))
            s.execute(insert(LOGIN).values(role=role, station_id=station_id))
            audit(
                s,
                operator=self.ledger.by,
                ledger="station_login",
                record_id=station_id,
                action="create" if before is None else "update",
                before=None if before is None else {"role": role, "station_id": before},
                after={"role": role, "station_id": station_id},
            )
            s.commit()


# What lets a login past row-level security, or stop every township at once (#19): (check, what is wrong,
# what the administrator does). A township's login has SELECT, INSERT, UPDATE, DELETE on the tables
# and USAGE on the sequences, nothing more (README).
_BYPASS = (
    (
        "SELECT 1 FROM pg_roles WHERE rolname = :r AND (rolsuper OR rolbypassrls)",
        "是超级用户或有 BYPASSRLS 属性，数据库不按乡镇过滤它",
        "ALTER ROLE {role} NOSUPERUSER NOBYPASSRLS",
    ),
    (
        "SELECT 1 FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'"
        " AND pg_has_role(:r, c.relowner, 'USAGE')",
        "拥有（或属于拥有）台账数据表的角色，可以关掉按乡镇过滤",
        "换一个只有读写权限的用户",
    ),
    (
        "SELECT 1 FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'"
        " AND (has_table_privilege(:r, c.oid, 'TRUNCATE') OR has_table_privilege(:r, c.oid, 'TRIGGER'))",
        "对数据表有 TRUNCATE 或 TRIGGER 权限（TRUNCATE 清空所有乡镇的数据，不受按乡镇过滤）",
        "REVOKE TRUNCATE, TRIGGER ON ALL TABLES IN SCHEMA public FROM {role}",
    ),
    (
        "SELECT 1 FROM pg_class c WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'S'"
        " AND CASE WHEN c.relkind = 'S' THEN has_sequence_privilege(:r, c.oid, 'UPDATE') END",
        "对序列有 UPDATE 权限（setval 可让所有乡镇都无法新增记录）",
        "REVOKE UPDATE ON ALL SEQUENCES IN SCHEMA public FROM {role}",
    ),
    (
        "SELECT 1 WHERE has_schema_privilege(:r, current_schema(), 'CREATE')",
        "可以在台账的模式里建立对象（可借此冒充数据库的函数）",
        "REVOKE CREATE ON SCHEMA public FROM PUBLIC, {role}",
    ),
)


def _refuse_bypass(s: Any, role: str) -> None:
    """A township's login that row-level security cannot hold is not registered: the county is told what
    to revoke."""
    for sql, wrong, fix in _BYPASS:
        if s.execute(text(sql), {"r": role}).first():
            raise UserError(
                f"数据库用户“{role}”{wrong}，不能登记为乡镇的登录。请数据库管理员先执行：{fix.format(role=role)}；未做任何修改。"
            )
