"""县名册 (county_roster, #19): the towns a county expects monthly report workbooks from.

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "county_roster",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("town", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("station_uid", sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
        sa.Column("contact", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("town"),
    )
    with op.batch_alter_table("county_roster", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_county_roster_deleted_at"), ["deleted_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("county_roster", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_county_roster_deleted_at"))
    op.drop_table("county_roster")
