"""复工复产验收 (resumption, R24, #18): one stoppage of a unit and its acceptance; 拖拉机及驾驶员台帐 and the
road-traffic violation log (vehicle, driver, traffic_violation, R16).

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

    op.create_table(
        "vehicle",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("plate", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=True),
        sa.Column("group", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("engine_no", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("registered", sa.Date(), nullable=True),
        sa.Column("inspection_due", sa.Date(), nullable=True),
        sa.Column("insurance_expiry", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["village_id"], ["village.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("plate"),
    )
    with op.batch_alter_table("vehicle", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_vehicle_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_vehicle_village_id"), ["village_id"], unique=False)

    op.create_table(
        "driver",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("licence_no", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("licence_class", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=True),
        sa.Column("licence_expiry", sa.Date(), nullable=True),
        sa.Column("vehicle_id", sa.Integer(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["vehicle_id"], ["vehicle.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["village_id"], ["village.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("driver", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_driver_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_driver_vehicle_id"), ["vehicle_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_driver_village_id"), ["village_id"], unique=False)

    op.create_table(
        "traffic_violation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("checkpoint", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("vehicle_type", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("vehicle_id", sa.Integer(), nullable=True),
        sa.Column("plate", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("driver", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("passengers", sa.Integer(), nullable=True),
        sa.Column("educated", sa.Integer(), nullable=False),
        sa.Column("joint_unit", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("handling", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["vehicle_id"], ["vehicle.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("traffic_violation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_traffic_violation_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_traffic_violation_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_traffic_violation_vehicle_id"), ["vehicle_id"], unique=False)


def downgrade() -> None:
    op.drop_table("traffic_violation")
    op.drop_table("driver")
    op.drop_table("vehicle")
    with op.batch_alter_table("resumption", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_resumption_stop_date"))
        batch_op.drop_index(batch_op.f("ix_resumption_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_resumption_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_resumption_accepted"))
    op.drop_table("resumption")
