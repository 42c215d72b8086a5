"""Alembic environment: always run on a connection handed in by safetystation.storage.db.upgrade."""

from alembic import context

import safetystation.domain  # noqa: F401  (registers every table on the metadata)
from safetystation.domain import metadata

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through safetystation.storage.db.upgrade(), which passes a connection")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
    transactional_ddl=True,  # the caller's BEGIN covers every migration
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
