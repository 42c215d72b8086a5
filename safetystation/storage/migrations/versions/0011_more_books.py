"""The remaining books of #18: 烟花爆竹 (R27: outlets, their flow register and the 打非 search log by
village), 方案与总结 (R23: activity_plan), 食品安全检查 (R26: food_check), 重点消防户/消防重点单位
(R29: fire_priority) and 农村自建房 (R30: self_built_house).

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-30
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op


revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "activity_plan",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("activity", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("organizer", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("responsible", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("content", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("scale", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("issued", sa.Date(), nullable=True),
        sa.Column("plan_text", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("achievements", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("problems", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("next_steps", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("summarized", sa.Date(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("activity_plan", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_activity_plan_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_activity_plan_start"), ["start"], unique=False)

    op.create_table(
        "food_check",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("joint_unit", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("person_times", sa.Integer(), nullable=False),
        sa.Column("places", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("units", sa.Integer(), nullable=True),
        sa.Column("seized_kg", sa.Integer(), nullable=False),
        sa.Column("seized_pieces", sa.Integer(), nullable=False),
        sa.Column("seized_items", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("stalls_removed", sa.Integer(), nullable=False),
        sa.Column("notices", sa.Integer(), nullable=False),
        sa.Column("cost", sa.Integer(), nullable=True),
        sa.Column("handling", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("food_check", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_food_check_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_food_check_deleted_at"), ["deleted_at"], unique=False)

    op.create_table(
        "fireworks_outlet",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("operator", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("village_id", sa.Integer(), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("licence_no", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("licence_expiry", sa.Date(), nullable=True),
        sa.Column("stock_limit", sa.Integer(), nullable=True),
        sa.Column("distance_m", sa.Integer(), nullable=True),
        sa.Column("distance_check", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("checked_on", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["village_id"], ["village.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("fireworks_outlet", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fireworks_outlet_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_fireworks_outlet_village_id"), ["village_id"], unique=False)

    op.create_table(
        "fireworks_search",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("places", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("place_count", sa.Integer(), nullable=True),
        sa.Column("team", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("joint_unit", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("found", sa.Integer(), nullable=False),
        sa.Column("seized", sa.Integer(), nullable=False),
        sa.Column("seized_items", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("handling", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["village_id"], ["village.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("fireworks_search", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fireworks_search_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_fireworks_search_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_fireworks_search_village_id"), ["village_id"], unique=False)

    op.create_table(
        "self_built_house",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("owner", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("village_id", sa.Integer(), nullable=False),
        sa.Column("group", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("use", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("structure", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("floors", sa.Integer(), nullable=False),
        sa.Column("area", sa.Integer(), nullable=True),
        sa.Column("stage", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("built_year", sa.Integer(), nullable=True),
        sa.Column("builder", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("inspected", sa.Date(), nullable=True),
        sa.Column("risk", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("problems", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("measures", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("rectified", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["village_id"], ["village.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("self_built_house", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_self_built_house_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_self_built_house_village_id"), ["village_id"], unique=False)

    op.create_table(
        "fire_priority",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("village_id", sa.Integer(), nullable=True),
        sa.Column("address", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=False),
        sa.Column("contact", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("reason", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("vulnerable", sa.Boolean(), nullable=False),
        sa.Column("extinguisher", sa.Boolean(), nullable=False),
        sa.Column("listed", sa.Date(), nullable=True),
        sa.Column("problems", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("measures", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("deadline", sa.Date(), nullable=True),
        sa.Column("rectified", sa.Date(), nullable=True),
        sa.Column("last_visit", sa.Date(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["village_id"], ["village.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("fire_priority", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fire_priority_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_fire_priority_enterprise_id"), ["enterprise_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_fire_priority_village_id"), ["village_id"], unique=False)

    op.create_table(
        "fireworks_flow",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("outlet_id", sa.Integer(), nullable=False),
        sa.Column("direction", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("product", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("counterpart", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("ticket_no", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["outlet_id"], ["fireworks_outlet.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("fireworks_flow", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_fireworks_flow_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_fireworks_flow_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_fireworks_flow_outlet_id"), ["outlet_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("fireworks_flow", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fireworks_flow_outlet_id"))
        batch_op.drop_index(batch_op.f("ix_fireworks_flow_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_fireworks_flow_date"))

    op.drop_table("fireworks_flow")
    with op.batch_alter_table("fire_priority", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fire_priority_village_id"))
        batch_op.drop_index(batch_op.f("ix_fire_priority_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_fire_priority_deleted_at"))

    op.drop_table("fire_priority")
    with op.batch_alter_table("self_built_house", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_self_built_house_village_id"))
        batch_op.drop_index(batch_op.f("ix_self_built_house_deleted_at"))

    op.drop_table("self_built_house")
    with op.batch_alter_table("fireworks_search", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fireworks_search_village_id"))
        batch_op.drop_index(batch_op.f("ix_fireworks_search_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_fireworks_search_date"))

    op.drop_table("fireworks_search")
    with op.batch_alter_table("fireworks_outlet", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_fireworks_outlet_village_id"))
        batch_op.drop_index(batch_op.f("ix_fireworks_outlet_deleted_at"))

    op.drop_table("fireworks_outlet")
    with op.batch_alter_table("food_check", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_food_check_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_food_check_date"))

    op.drop_table("food_check")
    with op.batch_alter_table("activity_plan", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activity_plan_start"))
        batch_op.drop_index(batch_op.f("ix_activity_plan_deleted_at"))

    op.drop_table("activity_plan")
