"""The year's work calendar (R31, #18): 年度工作任务 (work_task, the templates) and 年度工作完成情况
(work_task_done, one occurrence done, with who, when and the record that did it).

A station that existed before gets the tasks a new station starts with (safetystation/defaults.py
WORK_TASKS, copied here as they were at this revision: a migration must not change with later code).

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-30
"""

import datetime as dt
from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0010"
down_revision: str | None = "0009"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _stamps() -> list[sa.Column]:
    return [
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("updated_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=False),
        sa.Column("created_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("updated_by", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("deleted_at", sqlmodel.sql.sqltypes.UTCDateTime(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        "work_task",
        *_stamps(),
        sa.Column("name", sqlmodel.sql.sqltypes.AutoString(length=60), nullable=False),
        sa.Column("rule", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("months", sqlmodel.sql.sqltypes.AutoString(length=40), nullable=True),
        sa.Column("day", sa.Integer(), nullable=True),
        sa.Column("festival", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("offset_days", sa.Integer(), nullable=True),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.Column("completes", sqlmodel.sql.sqltypes.AutoString(), nullable=False),
        sa.Column("basis", sqlmodel.sql.sqltypes.AutoString(length=100), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    with op.batch_alter_table("work_task", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_task_deleted_at"), ["deleted_at"], unique=False)

    op.create_table(
        "work_task_done",
        *_stamps(),
        sa.Column("task_id", sa.Integer(), nullable=False),
        sa.Column("period", sqlmodel.sql.sqltypes.AutoString(length=10), nullable=False),
        sa.Column("due_date", sa.Date(), nullable=False),
        sa.Column("done_date", sa.Date(), nullable=False),
        sa.Column("done_by", sqlmodel.sql.sqltypes.AutoString(length=20), nullable=False),
        sa.Column("record_kind", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.Column("record_id", sa.Integer(), nullable=True),
        sa.Column("note", sqlmodel.sql.sqltypes.AutoString(), nullable=True),
        sa.ForeignKeyConstraint(["task_id"], ["work_task.id"], ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("work_task_done", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_work_task_done_deleted_at"), ["deleted_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_task_done_due_date"), ["due_date"], unique=False)
        batch_op.create_index(batch_op.f("ix_work_task_done_task_id"), ["task_id"], unique=False)
    _work_tasks()


# (name, rule, months, day, festival, offset_days, lead_days, completes, basis) as at this revision.
WORK_TASKS = [
    ("签订年度安全生产责任书", "months", "1", 31, None, None, 20, "agreement", "年初与村(社区)、企业签订责任书"),
    ("报送春节及两会期间值班安排", "months", "1", 20, None, None, 10, "duty", "值班安排于1月20日前报区安委办"),
    ("元旦节前安全检查", "festival", None, None, "new_year", -2, 10, "inspection", "节假日前安全检查"),
    ("春节节前安全检查", "festival", None, None, "spring", -3, 15, "inspection", "节前检查、烟花爆竹打非"),
    ("春节期间值班和“零报告”", "festival", None, None, "spring", 0, 7, "zero_report", "节假日“零报告”制度"),
    ("节后复工复产安全检查", "festival", None, None, "spring", 20, 14, "inspection", "春节过后企业陆续复产复工"),
    ("五一节前安全检查", "festival", None, None, "labour", -2, 10, "inspection", "节假日前安全检查"),
    ("汛前防汛安全检查", "months", "5", 31, None, None, 20, "inspection", "汛期安全防范"),
    ("安全生产月活动方案和动员部署", "months", "5", 31, None, None, 15, "meeting", "6月为全国“安全生产月”"),
    ("安全生产月宣传咨询日活动", "months", "6", 30, None, None, 30, "publicity", "安全生产月宣传咨询周"),
    ("安全生产月应急预案演练", "months", "6", 30, None, None, 30, "drill_record", "安全生产月应急预案演练周"),
    ("汛期防汛安全巡查", "months", "6,7,8,9", 25, None, None, 20, "inspection", "汛期安全度汛"),
    ("上半年安全生产工作总结", "months", "6", 30, None, None, 10, "none", "半年总结"),
    ("国庆节前安全检查", "festival", None, None, "national", -2, 10, "inspection", "节假日前安全检查"),
    ("“119”消防宣传日活动", "months", "11", 9, None, None, 10, "publicity", "11月9日消防宣传日"),
    ("今冬明春火灾防控动员部署", "months", "11", 10, None, None, 10, "meeting", "今冬明春防火动员会"),
    ("安委会成员联席会议", "months", "3,6,9,12", 31, None, None, 15, "meeting", "每季度召开一次联席会议"),
    ("安委会例会", "monthly", None, 31, None, None, 10, "committee", "安委会每月召开例会"),
    ("安全生产月报报送", "monthly", None, None, None, None, 5, "monthly_report", "月报次月报送"),
    ("年度工作总结和年终考核", "months", "12", 31, None, None, 20, "none", "年终考核"),
]
FIELDS = ("name", "rule", "months", "day", "festival", "offset_days", "lead_days", "completes", "basis")


def _work_tasks() -> None:
    """The default tasks, for the file of a station that already keeps its books here (its industry
    list or its profile is there). A new file gets them from its seed, which finds them and adds nothing."""
    bind = op.get_bind()
    existing = bind.execute(sa.text("SELECT (SELECT count(*) FROM industry) + (SELECT count(*) FROM station)"))
    if not existing.scalar():
        return
    stamp = sqlmodel.sql.sqltypes.UTCDateTime
    table = sa.table(
        "work_task",
        *(sa.column(f, sa.Integer if f in ("day", "offset_days", "lead_days") else sa.String) for f in FIELDS),
        sa.column("active", sa.Boolean),
        sa.column("created_at", stamp),
        sa.column("updated_at", stamp),
    )
    now = dt.datetime.now(dt.UTC)
    rows = [
        {**dict(zip(FIELDS, t, strict=True)), "active": True, "created_at": now, "updated_at": now}
        for t in WORK_TASKS
    ]
    op.bulk_insert(table, rows)


def downgrade() -> None:
    with op.batch_alter_table("work_task_done", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_task_done_task_id"))
        batch_op.drop_index(batch_op.f("ix_work_task_done_due_date"))
        batch_op.drop_index(batch_op.f("ix_work_task_done_deleted_at"))
    op.drop_table("work_task_done")
    with op.batch_alter_table("work_task", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_work_task_deleted_at"))
    op.drop_table("work_task")
