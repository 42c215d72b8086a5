"""A register's changes after an instant, found by one index (#19 scale): group A of a report undoes
the audit trail's changes made after the period's end, register by register (``ledger = … AND at >
…``). With an index on each column alone, a county login (every township's rows) had PostgreSQL
AND the ledger's rows with a bitmap of its millions of visible rows: 0.1 s per register and report.

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index("ix_audit_log_ledger_at", "audit_log", ["ledger", "at"])


def downgrade() -> None:
    op.drop_index("ix_audit_log_ledger_at", table_name="audit_log")
