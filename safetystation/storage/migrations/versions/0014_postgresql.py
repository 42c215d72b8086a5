"""PostgreSQL: the ICU collation ``pinyin`` the registers sort Chinese text by (safetystation/pinyin.py);
nothing to do on SQLite, where ``pinyin_key()`` is a function each connection registers.

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-30
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # Chinese by pinyin (zh), numbers by value (kn), Latin letters before Han characters (kr: ICU's
        # zh puts Han first): the order pinyin_key() gives.
        op.execute("CREATE COLLATION IF NOT EXISTS pinyin (provider = icu, locale = 'zh-u-kn-true-kr-latn-hani')")


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP COLLATION IF EXISTS pinyin")
