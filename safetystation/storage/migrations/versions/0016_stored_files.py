"""Files kept in the database (#19): the county's report template, registered once, was a copy beside
the database file and its path in the settings — a server has no such folder. A template registered
before is taken in from where it was kept, if it is still there.

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-30
"""

import hashlib
import json
from collections.abc import Sequence
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

POLICY = (
    "CREATE POLICY station_rows ON stored_file "
    "USING ((SELECT safetystation_scope()) IN (0, station_id)) "
    "WITH CHECK ((SELECT safetystation_scope()) IN (0, station_id))"
)


def upgrade() -> None:
    bind = op.get_bind()
    pg = bind.dialect.name == "postgresql"
    op.create_table(
        "stored_file",
        sa.Column("station_id", sa.Integer(), nullable=False, server_default="1", autoincrement=False),
        sa.Column("key", sa.String(60), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.Column("stored_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("station_id", "key"),
    )
    op.create_index("ix_stored_file_station_id", "stored_file", ["station_id"])
    if pg:
        op.execute("ALTER TABLE stored_file ALTER COLUMN station_id SET DEFAULT safetystation_scope()")
        op.execute("ALTER TABLE stored_file ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE stored_file FORCE ROW LEVEL SECURITY")
        op.execute(POLICY)
    setting = sa.table("setting", sa.column("station_id", sa.Integer), sa.column("key"), sa.column("value"))
    stored = sa.table(
        "stored_file",
        *(sa.column(n) for n in ("station_id", "key", "name", "sha256", "stored_at")),
        sa.column("data", sa.LargeBinary),
    )
    rows = bind.execute(sa.select(setting.c.station_id, setting.c.value).where(setting.c.key == "county_template"))
    for station, value in rows.all():
        path = Path(value) if value else None  # (the setting held the copy's path as plain text)
        if path is None or not path.is_file():
            continue  # gone: the county registers it again (the program says so)
        data = path.read_bytes()
        sha = hashlib.sha256(data).hexdigest()
        bind.execute(
            sa.insert(stored).values(
                station_id=station, key="county_template", name=path.name, sha256=sha, data=data,
                stored_at=sa.func.now(),
            )
        )
        bind.execute(
            sa.update(setting)
            .where(setting.c.key == "county_template", setting.c.station_id == station)
            .values(value=json.dumps({"name": path.name, "sha256": sha}, ensure_ascii=False))
        )


def downgrade() -> None:
    op.drop_index("ix_stored_file_station_id", "stored_file")
    op.drop_table("stored_file")
