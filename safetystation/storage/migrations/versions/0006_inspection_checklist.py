"""现场检查记录 fields and checklist items that become hazards (#16).

- inspection: 检查开始时间 / 检查结束时间, and the two 执法人员 picked from the staff roster (their
  执法证号 and validity are the roster's);
- inspection_item: the hazard a 不符合 item became.

Item results gain the code ``pending`` (未检查), the state of a line copied from a checklist template;
existing rows keep their results.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _ref(name: str, table: str) -> sa.Column:
    # Batch mode wants a constraint name; SQLite keeps it in the table's SQL and ignores it otherwise.
    key = sa.ForeignKey(f"{table}.id", ondelete="RESTRICT", name=f"fk_{name}_{table}")
    return sa.Column(name, sa.Integer(), key, nullable=True)


def upgrade() -> None:
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.add_column(sa.Column("started_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("ended_at", sa.DateTime(), nullable=True))
        batch_op.add_column(_ref("officer1_id", "staff"))
        batch_op.add_column(_ref("officer2_id", "staff"))
        batch_op.create_index(batch_op.f("ix_inspection_officer1_id"), ["officer1_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_inspection_officer2_id"), ["officer2_id"], unique=False)
    with op.batch_alter_table("inspection_item", schema=None) as batch_op:
        batch_op.add_column(_ref("hazard_id", "hazard"))
        batch_op.create_index(batch_op.f("ix_inspection_item_hazard_id"), ["hazard_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("inspection_item", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_item_hazard_id"))
        batch_op.drop_column("hazard_id")
    with op.batch_alter_table("inspection", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_inspection_officer2_id"))
        batch_op.drop_index(batch_op.f("ix_inspection_officer1_id"))
        batch_op.drop_column("officer2_id")
        batch_op.drop_column("officer1_id")
        batch_op.drop_column("ended_at")
        batch_op.drop_column("started_at")
