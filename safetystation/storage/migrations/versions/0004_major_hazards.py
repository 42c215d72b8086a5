"""Major hazards (#16): the county's decision not to list a major hazard (挂牌督办) is recorded on
the hazard — who decided, when, and the document — because a major hazard may now be closed only
when listed or when that decision is recorded.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.add_column(sa.Column("no_listing_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))
        batch_op.add_column(sa.Column("no_listing_date", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("no_listing_doc", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("hazard", schema=None) as batch_op:
        batch_op.drop_column("no_listing_doc")
        batch_op.drop_column("no_listing_date")
        batch_op.drop_column("no_listing_by")
