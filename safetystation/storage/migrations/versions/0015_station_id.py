"""A station id on every row (#19): several townships can share one PostgreSQL database, each seeing
only its own rows, the county all of them.

Every table gets ``station_id`` (indexed), filled by the database: the existing rows belong to the
station already there. Names a station keeps unique (村, 行业, 检查表, 文号, 制度…) become unique per
station, and settings are kept per station (primary key station_id + key).

- SQLite: one station per file, whose id is 1: ``DEFAULT 1``. Nothing else changes for the program.
- PostgreSQL: the default is ``safetystation_scope()``, the station of the session, and row-level
  security shows and lets write only that station's rows (FORCE: the tables' owner too; superusers
  and BYPASSRLS roles are never filtered by PostgreSQL). The scope comes from ``station_login``:
  a login registered with a station id sees that station; one registered with 0 is the county's and
  sees every station (or the one it narrows to with ``SET safetystation.station = 'N'``); a login
  not registered sees nothing once any login is registered. While none is, the database is one
  station's (id 1, or the one the session narrows to) — what a database made before this migration
  is.

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# column a station keeps unique → per station from now on
UNIQUE = {
    "checklist_template": "name",
    "notice": "number",
    "brigade": "name",
    "report_narrative": "month",
    "rule": "title",
    "village": "name",
    "industry": "name",
    "vehicle": "plate",
    "work_task": "name",
    "county_roster": "town",
}
NOT_STATION_DATA = {"alembic_version", "station_login", "setting"}

SCOPE_FUNCTION = """
CREATE FUNCTION safetystation_scope() RETURNS integer
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema}, pg_temp AS $$
  SELECT CASE
    WHEN l.station_id IS NOT NULL AND l.station_id <> 0 THEN l.station_id
    WHEN l.station_id = 0 OR r.rolsuper OR r.rolbypassrls OR NOT EXISTS (SELECT 1 FROM station_login)
      THEN COALESCE(NULLIF(current_setting('safetystation.station', true), '')::integer,
                    CASE WHEN EXISTS (SELECT 1 FROM station_login) THEN 0 ELSE 1 END)
    ELSE -1
  END
  FROM pg_roles r LEFT JOIN station_login l ON l.role = r.rolname
  WHERE r.rolname = session_user
$$
"""
# The scope in a sub-select: evaluated once per query, not once per row.
POLICY = (
    "CREATE POLICY station_rows ON {table} "
    "USING ((SELECT safetystation_scope()) IN (0, station_id)) "
    "WITH CHECK ((SELECT safetystation_scope()) IN (0, station_id))"
)


def _station_tables(bind: sa.engine.Connection) -> list[str]:
    return sorted(t for t in sa.inspect(bind).get_table_names() if t not in NOT_STATION_DATA)


def upgrade() -> None:
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    tables = _station_tables(bind)
    op.create_table(
        "station_login",
        sa.Column("role", sa.String(63), nullable=False),
        sa.Column("station_id", sa.Integer(), nullable=False),  # 0: the county's login
        sa.PrimaryKeyConstraint("role"),
    )
    for table in tables:
        op.add_column(table, sa.Column("station_id", sa.Integer(), nullable=False, server_default="1"))
        op.create_index(f"ix_{table}_station_id", table, ["station_id"])
    _settings_per_station(pg)
    uniques = sa.inspect(bind)
    for table, column in UNIQUE.items():
        old = [u for u in uniques.get_unique_constraints(table) if u["column_names"] == [column]]
        if pg:
            for u in old:
                op.drop_constraint(u["name"], table, type_="unique")
            op.create_unique_constraint(f"uq_{table}_{column}", table, ["station_id", column])
        else:  # SQLite's unnamed UNIQUE: named by the convention for the batch copy, then replaced
            convention = {"uq": "uq_%(table_name)s_%(column_0_name)s"}
            with op.batch_alter_table(table, naming_convention=convention) as batch:
                if old:
                    batch.drop_constraint(f"uq_{table}_{column}", type_="unique")
                batch.create_unique_constraint(f"uq_{table}_{column}", ["station_id", column])
    if pg:
        op.execute(SCOPE_FUNCTION.format(schema=bind.execute(sa.text("SELECT current_schema()")).scalar_one()))
        for table in [*tables, "setting"]:
            op.execute(f"ALTER TABLE {table} ALTER COLUMN station_id SET DEFAULT safetystation_scope()")
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(POLICY.format(table=table))
        # Everyone may read who works for which township; only the county changes it. Not FORCEd: the
        # owner (whose safetystation_scope() reads this table) must not recurse into these policies.
        op.execute("ALTER TABLE station_login ENABLE ROW LEVEL SECURITY")
        op.execute("CREATE POLICY logins_read ON station_login FOR SELECT USING (true)")
        op.execute(
            "CREATE POLICY logins_county ON station_login USING ((SELECT safetystation_scope()) = 0) "
            "WITH CHECK ((SELECT safetystation_scope()) = 0)"
        )


def _settings_per_station(pg: bool) -> None:
    """setting: primary key (station_id, key) — made as a new table, the rows copied."""
    op.create_table(
        "setting_new",
        sa.Column("station_id", sa.Integer(), nullable=False, server_default="1", autoincrement=False),
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "key"),
    )
    op.execute("INSERT INTO setting_new (station_id, key, value) SELECT 1, key, value FROM setting")
    op.drop_table("setting")
    op.rename_table("setting_new", "setting")
    if pg:  # the name PostgreSQL would have given it
        op.execute("ALTER TABLE setting RENAME CONSTRAINT setting_new_pkey TO setting_pkey")
    op.create_index("ix_setting_station_id", "setting", ["station_id"])


def downgrade() -> None:
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    tables = _station_tables(bind)
    if pg:
        for table in [*tables, "setting"]:
            op.execute(f"DROP POLICY IF EXISTS station_rows ON {table}")
            op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} ALTER COLUMN station_id DROP DEFAULT")
        op.execute("DROP POLICY IF EXISTS logins_read ON station_login")
        op.execute("DROP POLICY IF EXISTS logins_county ON station_login")
        op.execute("DROP FUNCTION safetystation_scope()")
    for table, column in UNIQUE.items():
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(f"uq_{table}_{column}", type_="unique")
            batch.create_unique_constraint(f"uq_{table}_{column}", [column])
    op.create_table(
        "setting_old",
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("value", sa.String(), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )
    op.execute("INSERT INTO setting_old (key, value) SELECT key, value FROM setting WHERE station_id = 1")
    op.drop_table("setting")
    op.rename_table("setting_old", "setting")
    if pg:
        op.execute("ALTER TABLE setting RENAME CONSTRAINT setting_old_pkey TO setting_pkey")
    for table in tables:
        with op.batch_alter_table(table) as batch:
            batch.drop_index(f"ix_{table}_station_id")
            batch.drop_column("station_id")
    op.drop_table("station_login")
