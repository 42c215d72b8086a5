"""复工复产验收 (resumption, R24, #18): one stoppage of a unit and its acceptance.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "resumption",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("stop_date", sa.Date(), nullable=False),
        sa.Column("applied", sa.Date(), nullable=True),
        sa.Column("accepted", sa.Date(), nullable=True),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("conditions", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("resumption", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_resumption_accepted"), ["accepted"], unique=False)
        batch_op.create_index(batch_op.f("ix_resumption_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_resumption_enterprise_id"), ["enterprise_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_resumption_stop_date"), ["stop_date"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("resumption", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resumption_stop_date"))
        batch_op.drop_index(batch_op.f("ix_resumption_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_resumption_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_resumption_accepted"))
    op.drop_table("resumption")
