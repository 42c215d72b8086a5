"""A drill occurrence that was not held is recorded as 未开展 (or called off as 已取消) with the date
and the reason (#16): two columns on drill_occurrence.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("drill_occurrence", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("drill_occurrence", schema=None) as batch_op:
        batch_op.drop_column("reason")
        batch_op.drop_column("status_date")
