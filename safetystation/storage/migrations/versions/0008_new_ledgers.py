"""Five more of a station's books (#18): 经费台账 (funding), 制度汇编 (rule), 特种作业人员持证上岗
(certified_operator), 会议记录 with its 议定事项 (meeting, meeting_followup), 举报投诉登记 (complaint).

A station that existed before gets the rule names a new station starts with (safetystation/defaults.py
RULES, copied here as they were at this revision: a migration must not change with later code), none
ticked as established; the clerk ticks those the station has.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-30
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "meeting",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("type", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("topic", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("chair", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("recorder", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("attendees", sa.Integer(), nullable=True),
        sa.Column("units", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("agenda", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("decisions", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_deleted_at"), ["deleted_at"], unique=False)

    op.create_table(
        "rule",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("title", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("category", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("established", sa.Boolean(), nullable=False),
        sa.Column("version_date", sa.Date(), nullable=True),
        sa.Column("approved_by", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=True),
        sa.Column("posted", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("title"),
    )
    with op.batch_alter_table("rule", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_rule_deleted_at"), ["deleted_at"], unique=False)

    op.create_table(
        "meeting_followup",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("item", sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
        sa.Column("responsible", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("due_date", sa.Date(), nullable=True),
        sa.Column("status", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("done_date", sa.Date(), nullable=True),
        sa.Column("result", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["meeting_id"], ["meeting.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("meeting_followup", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_meeting_followup_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_meeting_followup_meeting_id"), ["meeting_id"], unique=False)

    op.create_table(
        "certified_operator",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=False),
        sa.Column("kind", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("job", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("cert_no", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("issued", sa.Date(), nullable=True),
        sa.Column("expiry", sa.Date(), nullable=True),
        sa.Column("issuer", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("certified_operator", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_certified_operator_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_certified_operator_enterprise_id"), ["enterprise_id"], unique=False)

    op.create_table(
        "complaint",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("channel", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("enterprise_id", sa.Integer(), nullable=True),
        sa.Column("village_id", sa.Integer(), nullable=True),
        sa.Column("place", sqlmodel.sql.sqltypes.AutoString(length=80), nullable=True),
        sa.Column("content", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("reporter", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("phone", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("handler", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("handling", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("reply_date", sa.Date(), nullable=True),
        sa.Column("hazard_id", sa.Integer(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["enterprise_id"], ["enterprise.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["hazard_id"], ["hazard.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["village_id"], ["village.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_complaint_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaint_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaint_enterprise_id"), ["enterprise_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaint_hazard_id"), ["hazard_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_complaint_village_id"), ["village_id"], unique=False)

    op.create_table(
        "funding",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("head", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("source", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("amount", sa.Integer(), nullable=False),
        sa.Column("purpose", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=False),
        sa.Column("equipment_id", sa.Integer(), nullable=True),
        sa.Column("drill_record_id", sa.Integer(), nullable=True),
        sa.Column("publicity_id", sa.Integer(), nullable=True),
        sa.Column("hazard_id", sa.Integer(), nullable=True),
        sa.Column("voucher_no", sqlmodel.sql.sqltypes.AutoString(length=30), nullable=True),
        sa.Column("approver", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["drill_record_id"], ["drill_record.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["equipment_id"], ["equipment.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["hazard_id"], ["hazard.id"], ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["publicity_id"], ["publicity.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("funding", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_funding_date"), ["date"], unique=False)
        batch_op.create_index(batch_op.f("ix_funding_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_funding_drill_record_id"), ["drill_record_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_funding_equipment_id"), ["equipment_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_funding_hazard_id"), ["hazard_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_funding_publicity_id"), ["publicity_id"], unique=False)

    _rule_names()


RULES = [
    ("安监站工作职责规定", "general"),
    ("安监站工作制度", "general"),
    ("安全生产检查制度", "inspection"),
    ("消防安全检查制度", "fire"),
    ("联防巡查制度", "inspection"),
    ("“三查一改一备案”制度", "inspection"),
    ("“划段包干、上路巡查”制度", "inspection"),
    ("隐患排查治理情况定期报送备案制度", "hazard"),
    ("重大隐患挂牌督办制度", "hazard"),
    ("安全隐患零报告制度", "reporting"),
    ("节假日、重大活动期间“零报告”制度", "reporting"),
    ("事故信息报送制度", "reporting"),
    ("值班制度（24小时值班）", "duty"),
    ("节假日领导带班制度", "duty"),
    ("消防例会制度", "meeting"),
    ("学习培训制度", "meeting"),
    ("消防活动日制度", "fire"),
    ("复产验收制度", "supervision"),
    ("企业安全承诺制度", "supervision"),
    ("生产经营单位“黑名单”制度", "supervision"),
    ("行政执法案卷评审制度", "enforcement"),
    ("行政执法跟踪检查督查制度", "enforcement"),
    ("安全生产奖惩制度", "assessment"),
]


def _rule_names() -> None:
    """The rule names, for the file of a station that already keeps its books here (its industry list
    or its profile is there). A new file gets them from its seed, which finds them and adds nothing."""
    bind = op.get_bind()
    existing = bind.execute(sa.text("SELECT (SELECT count(*) FROM industry) + (SELECT count(*) FROM station)"))
    if not existing.scalar():
        return
    stamp = sqlmodel.sql.sqltypes.UTCDateTime
    rule = sa.table(
        "rule",
        sa.column("title", sa.String),
        sa.column("category", sa.String),
        sa.column("established", sa.Boolean),
        sa.column("posted", sa.Boolean),
        sa.column("created_at", stamp),
        sa.column("updated_at", stamp),
    )
    now = dt.datetime.now(dt.UTC)
    rows = [
        {"title": t, "category": c, "established": False, "posted": False, "created_at": now, "updated_at": now}
        for t, c in RULES
    ]
    op.bulk_insert(rule, rows)


def downgrade() -> None:
    with op.batch_alter_table("funding", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_funding_publicity_id"))
        batch_op.drop_index(batch_op.f("ix_funding_hazard_id"))
        batch_op.drop_index(batch_op.f("ix_funding_equipment_id"))
        batch_op.drop_index(batch_op.f("ix_funding_drill_record_id"))
        batch_op.drop_index(batch_op.f("ix_funding_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_funding_date"))

    op.drop_table("funding")
    with op.batch_alter_table("complaint", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_complaint_village_id"))
        batch_op.drop_index(batch_op.f("ix_complaint_hazard_id"))
        batch_op.drop_index(batch_op.f("ix_complaint_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_complaint_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_complaint_date"))

    op.drop_table("complaint")
    with op.batch_alter_table("certified_operator", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_certified_operator_enterprise_id"))
        batch_op.drop_index(batch_op.f("ix_certified_operator_deleted_at"))

    op.drop_table("certified_operator")
    with op.batch_alter_table("meeting_followup", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_followup_meeting_id"))
        batch_op.drop_index(batch_op.f("ix_meeting_followup_deleted_at"))

    op.drop_table("meeting_followup")
    with op.batch_alter_table("rule", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rule_deleted_at"))

    op.drop_table("rule")
    with op.batch_alter_table("meeting", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_deleted_at"))
        batch_op.drop_index(batch_op.f("ix_meeting_date"))

    op.drop_table("meeting")
