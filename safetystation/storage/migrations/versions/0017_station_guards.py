"""What row-level security (0015) left open to a township's login with plain SQL (#19), closed by the
database, on PostgreSQL only (a SQLite file is one station's; nothing changes there):

- A login registered for no township (scope -1) saw nothing, yet its rows, stamped -1, passed the
  check ``scope IN (0, station_id)``: rows only the county saw (a 乡镇 in the county's list). Now a
  scope below 0 reads and writes nothing.
- A foreign key is checked by PostgreSQL past row-level security: a township could point its rows
  at another township's (a hazard at another's village, a 挂牌督办 listing of another's hazard —
  one per hazard, so that township could never list it — or block another's purge). Every foreign
  key of a station table is now also checked as the writer sees the rows (restrictive policies
  ``station_refs_insert`` / ``station_refs_update``): a reference to a row the login cannot see is
  refused; the county, seeing every row, is not restricted.
- The role owning the tables (the database's owner when not a superuser, who registers the county's
  login first — README) was, once a login was registered, a login of no township (scope -1): its
  registering the county's login failed at its own audit row, and it never saw a row again though
  it may switch row-level security off at will. It now has a superuser's scope.
- The county consolidates the live 乡镇 rows, each as the station its id names. A township could
  renumber, delete or soft-delete its own row (dropping out of the county's figures unnoticed) or
  add one posing as another. Once the database is shared (a login registered), only the county
  adds, deletes or renumbers 乡镇 rows; a township's own row keeps ``id = station_id`` and stays
  live (restrictive policies ``station_own_row_*``).
- The audit trail is an official record: a township's login may add to it (every write does) but not
  change or delete its rows, even its own (``audit_log_kept_*``); the county's administrator may.

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOT_STATION_DATA = {"alembic_version", "station_login"}
SCOPE = "(SELECT safetystation_scope())"
ROWS_BEFORE = f"{SCOPE} IN (0, station_id)"
# The rows of the scope, as a range an index on station_id serves (0015's ``IN (0, station_id)`` made
# every report of a township read every township's rows: 28 townships, 9 million rows — the month's
# SQL 366 ms, as a range 93 ms): the county's 0…max, a township's N…N, a login of none 1…0 (nothing).
ROWS = "station_id BETWEEN (SELECT safetystation_first_station()) AND (SELECT safetystation_last_station())"
RANGE_FUNCTIONS = """
CREATE OR REPLACE FUNCTION safetystation_first_station() RETURNS integer
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
  SELECT CASE WHEN s = 0 THEN 0 WHEN s < 0 THEN 1 ELSE s END FROM safetystation_scope() AS s
$$;
CREATE OR REPLACE FUNCTION safetystation_last_station() RETURNS integer
LANGUAGE sql STABLE SET search_path = {schema}, pg_temp AS $$
  SELECT CASE WHEN s = 0 THEN 2147483647 WHEN s < 0 THEN 0 ELSE s END FROM safetystation_scope() AS s
$$
"""
SHARED = "EXISTS (SELECT 1 FROM station_login)"
OWN_ROW = f"{SCOPE} = 0 OR NOT {SHARED} OR (station.id = station.station_id AND station.deleted_at IS NULL)"


# 0015's, but for the owner of the tables (or a member of its role): the database's administrator.
SCOPE_FUNCTION = """
CREATE OR REPLACE FUNCTION safetystation_scope() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
  SELECT CASE
    WHEN l.station_id IS NOT NULL AND l.station_id <> 0 THEN l.station_id
    WHEN l.station_id = 0 OR r.rolsuper OR r.rolbypassrls OR NOT EXISTS (SELECT 1 FROM station_login){owner}
      THEN COALESCE(NULLIF(current_setting('safetystation.station', true), '')::integer,
                    CASE WHEN EXISTS (SELECT 1 FROM station_login) THEN 0 ELSE 1 END)
    ELSE -1
  END
  FROM pg_roles r LEFT JOIN station_login l ON l.role = r.rolname
  WHERE r.rolname = session_user
$$
"""
OWNER = "\n      OR pg_has_role(r.oid, (SELECT c.relowner FROM pg_class c WHERE c.oid = 'station_login'::regclass), 'MEMBER')"


def _scope_function(bind: sa.engine.Connection, *, owner: bool) -> str:
    schema = bind.execute(sa.text("SELECT current_schema()")).scalar_one()
    return SCOPE_FUNCTION.format(schema=schema, owner=OWNER if owner else "")


def _station_tables(bind: sa.engine.Connection) -> list[str]:
    return sorted(t for t in sa.inspect(bind).get_table_names() if t not in NOT_STATION_DATA)


def references_check(inspector: sa.Inspector, table: str, tables: set[str]) -> str | None:
    """The check that each foreign key of ``table`` names a row its writer sees (None: no keys)."""
    parts = []
    for fk in inspector.get_foreign_keys(table):
        ref = fk["referred_table"]
        if ref not in tables:
            continue
        pairs = list(zip(fk["constrained_columns"], fk["referred_columns"], strict=True))
        null = " OR ".join(f"{table}.{c} IS NULL" for c, _ in pairs)
        match = " AND ".join(f"r.{rc} = {table}.{c}" for c, rc in pairs)
        parts.append(f"({null} OR EXISTS (SELECT 1 FROM {ref} AS r WHERE {match}))")
    return " AND ".join(parts) or None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    op.execute(_scope_function(bind, owner=True))
    schema = bind.execute(sa.text("SELECT current_schema()")).scalar_one()
    op.execute(RANGE_FUNCTIONS.format(schema=schema))
    inspector = sa.inspect(bind)
    tables = _station_tables(bind)
    for table in tables:
        op.execute(f"ALTER POLICY station_rows ON {table} USING ({ROWS}) WITH CHECK ({ROWS})")
        check = references_check(inspector, table, set(tables))
        if check is not None:
            op.execute(f"CREATE POLICY station_refs_insert ON {table} AS RESTRICTIVE FOR INSERT WITH CHECK ({check})")
            op.execute(
                f"CREATE POLICY station_refs_update ON {table} AS RESTRICTIVE FOR UPDATE "
                f"USING (true) WITH CHECK ({check})"
            )
    op.execute(f"CREATE POLICY station_own_row_insert ON station AS RESTRICTIVE FOR INSERT WITH CHECK ({OWN_ROW})")
    op.execute(
        f"CREATE POLICY station_own_row_update ON station AS RESTRICTIVE FOR UPDATE USING (true) WITH CHECK ({OWN_ROW})"
    )
    op.execute(
        f"CREATE POLICY station_own_row_delete ON station AS RESTRICTIVE FOR DELETE USING ({SCOPE} = 0 OR NOT {SHARED})"
    )
    for action in ("update", "delete"):
        op.execute(
            f"CREATE POLICY audit_log_kept_{action} ON audit_log AS RESTRICTIVE FOR {action.upper()} "
            f"USING ({SCOPE} = 0 OR NOT {SHARED})"
        )


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for name in ("insert", "update", "delete"):
        op.execute(f"DROP POLICY IF EXISTS station_own_row_{name} ON station")
    for action in ("update", "delete"):
        op.execute(f"DROP POLICY IF EXISTS audit_log_kept_{action} ON audit_log")
    for table in _station_tables(bind):
        op.execute(f"DROP POLICY IF EXISTS station_refs_insert ON {table}")
        op.execute(f"DROP POLICY IF EXISTS station_refs_update ON {table}")
        op.execute(f"ALTER POLICY station_rows ON {table} USING ({ROWS_BEFORE}) WITH CHECK ({ROWS_BEFORE})")
    op.execute(_scope_function(bind, owner=False))
    op.execute("DROP FUNCTION safetystation_first_station(); DROP FUNCTION safetystation_last_station()")
