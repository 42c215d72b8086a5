"""A random identity for each station database (setting ``station_uid``).

Backups are named after it as well as after the file's name, so two databases with the same file
name sharing a backup folder no longer rotate each other's backups away. A copy of the file keeps
the identity (it is the same station's data); a restore brings the backup's.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""

import json
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SETTING = sa.table("setting", sa.column("key", sa.String), sa.column("value", sa.String))


def upgrade() -> None:
    op.get_bind().execute(
        sa.insert(SETTING).values(key="station_uid", value=json.dumps(uuid.uuid4().hex))
    )


def downgrade() -> None:
    op.get_bind().execute(sa.delete(SETTING).where(SETTING.c.key == "station_uid"))
