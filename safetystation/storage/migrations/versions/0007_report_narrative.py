"""The month's text for the county (R18 预警预测月报表, the report's group K): one row per month.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TEXT = sqlmodel.sql.sqltypes.AutoString
STAMP = sqlmodel.sql.sqltypes.UTCDateTime


def upgrade() -> None:
    op.create_table(
        "report_narrative",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", STAMP(), nullable=False),
        sa.Column("updated_at", STAMP(), nullable=False),
        sa.Column("created_by", TEXT(length=40), nullable=True),
        sa.Column("updated_by", TEXT(length=40), nullable=True),
        sa.Column("deleted_at", STAMP(), nullable=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("key_work", TEXT(), nullable=True),
        sa.Column("problems", TEXT(), nullable=True),
        sa.Column("next_plan", TEXT(), nullable=True),
        sa.Column("forecast", TEXT(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("month"),
    )
    with op.batch_alter_table("report_narrative", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_report_narrative_deleted_at"), ["deleted_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("report_narrative", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_report_narrative_deleted_at"))
    op.drop_table("report_narrative")
