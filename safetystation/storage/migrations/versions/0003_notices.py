"""Notices as documents of their own (#16): one 整改通知书/指令书 per inspection and unit, numbered
per year in the station's pattern, cancelled rather than deleted; hazards link to theirs. The
station gets the notice number pattern and, for 委托执法, the entrusting authority's name.

Hazards noticed before this revision keep their number text (notice_no) with no notice row: their
inspection and unit, which a notice requires, may be missing. Their yearly sequence numbers still
count when the next number is given, so no number is given twice.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sqlmodel.sql.sqltypes.AutoString
STAMP = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", STAMP(), nullable=False),
        sa.Column("updated_at", STAMP(), nullable=False),
        sa.Column("created_by", TEXT(length=40), nullable=True),
        sa.Column("updated_by", TEXT(length=40), nullable=True),
        sa.Column("deleted_at", STAMP(), nullable=True),
        sa.Column("number", TEXT(length=60), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("kind", TEXT(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("inspection_id", sa.Integer(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("issuer", TEXT(length=60), nullable=True),
        sa.Column("person", TEXT(length=20), nullable=True),
        sa.Column("cancelled", sa.Boolean(), nullable=False),
        sa.Column("cancel_reason", TEXT(length=200), nullable=True),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["inspection_id"], ["inspection.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("number"),
    )
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notice_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_notice_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_notice_enterprise_id"), ["enterprise_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_notice_inspection_id"), ["inspection_id"], unique=False)
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_hazard_notice_id"), ["notice_id"], unique=False)
        batch_op.create_foreign_key("fk_hazard_notice_id_notice", "notice", ["notice_id"], ["id"], ondelete="RESTRICT")
    with op.batch_alter_table("station", schema=None) as batch_op:
        batch_op.add_column(sa.Column("notice_pattern", TEXT(length=60), nullable=True))
        batch_op.add_column(sa.Column("entrusting_authority", TEXT(length=60), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("station", schema=None) as batch_op:
        batch_op.drop_column("entrusting_authority")
        batch_op.drop_column("notice_pattern")
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.drop_constraint("fk_hazard_notice_id_notice", type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_hazard_notice_id"))
        batch_op.drop_column("notice_id")
    op.drop_table("notice")
