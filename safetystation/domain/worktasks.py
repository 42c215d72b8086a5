"""The year's work calendar (R31, DOMAIN.md §4.2): the station's recurring tasks as editable templates
(年度工作任务: name, when it falls due, how many days ahead it is reminded, what kind of record
does it) and the completions of their occurrences (年度工作完成情况: who marked it done, when, and
the record that did it, kept as ledger key and id).

A task falls due on a day of chosen months every year (值班安排 by 1月20日, 119 on 11月9日, the
quarterly 联席会议 in 3/6/9/12月), every month (安委会例会, the monthly report), or a number of days
before or after a festival (节前检查 before 元旦/春节/五一/国庆; 春节 moves with the lunar calendar, so
its dates come from :data:`SPRING_FESTIVAL`). The occurrences of a year are computed from the
templates (services/work_calendar.py); only completions are stored.
"""

import datetime as dt

from safetystation.dates import month_end
from safetystation.domain.base import LedgerBase
from safetystation.domain.choices import Choices
from safetystation.domain.drill import parse_months
from safetystation.domain.spec import GROUP_LEDGER, LONGTEXT, col, register

# Only the work-calendar service (services/work_calendar.py) records a task as done.
CALENDAR_WORKFLOW = "年度工作日历"

TASK_RULE = Choices(
    "task_rule",
    [("months", "每年指定月份"), ("monthly", "每月"), ("festival", "节日前后")],
    aliases={"每年": "months", "每季度": "months", "指定月份": "months", "节前": "festival", "节日": "festival"},
)
FESTIVAL = Choices(
    "festival",
    [("new_year", "元旦"), ("spring", "春节"), ("labour", "劳动节"), ("national", "国庆节")],
    aliases={"五一": "labour", "五一劳动节": "labour", "国庆": "national", "十一": "national", "春": "spring"},
)
# What kind of record does a task: a ledger key, "none", or one of the two the program already keeps
# (AUTOMATIC): an occurrence of those is done when the 安委会例会 of its month is recorded, or when the
# month's report is marked as sent on the 报表 page — never by hand, and 首页 keeps reminding them as
# it did before (services/reminders.py: 安委会例会, 月报报送), not a second time.
TASK_RECORD = Choices(
    "task_record",
    [
        ("none", "不关联记录"),
        ("inspection", "安全生产检查"),
        ("meeting", "会议记录"),
        ("drill_record", "应急演练记录"),
        ("publicity", "宣传教育"),
        ("training", "安全培训"),
        ("agreement", "安全生产责任书"),
        ("duty", "值班记录"),
        ("zero_report", "零报告记录"),
        ("committee", "安委会例会自动完成"),
        ("monthly_report", "月报报送自动完成"),
    ],
    aliases={"检查": "inspection", "会议": "meeting", "演练": "drill_record", "宣传": "publicity", "培训": "training"},
)
COMMITTEE, MONTHLY_REPORT = "committee", "monthly_report"
AUTOMATIC = frozenset({COMMITTEE, MONTHLY_REPORT})
# The record kinds an occurrence can be linked to (ledger keys).
LINKABLE = tuple(c for c in TASK_RECORD.codes if c != "none" and c not in AUTOMATIC)

# 春节 (正月初一), 2020–2050, from the lunar calendar (checked against LunarCalendar 0.0.9's
# Converter.Lunar2Solar). A festival task of a year outside the table has no occurrence that year.
SPRING_FESTIVAL: dict[int, tuple[int, int]] = {
    2020: (1, 25), 2021: (2, 12), 2022: (2, 1), 2023: (1, 22), 2024: (2, 10), 2025: (1, 29),
    2026: (2, 17), 2027: (2, 6), 2028: (1, 26), 2029: (2, 13), 2030: (2, 3), 2031: (1, 23),
    2032: (2, 11), 2033: (1, 31), 2034: (2, 19), 2035: (2, 8), 2036: (1, 28), 2037: (2, 15),
    2038: (2, 4), 2039: (1, 24), 2040: (2, 12), 2041: (2, 1), 2042: (1, 22), 2043: (2, 10),
    2044: (1, 30), 2045: (2, 17), 2046: (2, 6), 2047: (1, 26), 2048: (2, 14), 2049: (2, 2),
    2050: (1, 23),
}  # fmt: skip
FIXED_FESTIVALS = {"new_year": (1, 1), "labour": (5, 1), "national": (10, 1)}
# How far from its festival a task may fall (a 节后复工检查 two weeks after 春节; 节前检查 days before).
MAX_OFFSET = 60


def festival_date(festival: str, year: int) -> dt.date | None:
    """The festival's day in ``year``; None for 春节 outside :data:`SPRING_FESTIVAL`."""
    if festival == "spring":
        md = SPRING_FESTIVAL.get(year)
        return dt.date(year, *md) if md else None
    return dt.date(year, *FIXED_FESTIVALS[festival])


def day_in_month(year: int, month: int, day: int) -> dt.date:
    """Day ``day`` of the month, or its last day when the month is shorter (31 means 月底)."""
    end = month_end(year, month)
    return end if day >= end.day else dt.date(year, month, day)


class WorkTask(LedgerBase, table=True):
    """A recurring task of the station's year (《安全生产工作指南》, R31), reminded ``lead_days`` before
    it falls due; a new station starts with the tasks DOMAIN.md §4.2 names (defaults.WORK_TASKS)."""

    __tablename__ = "work_task"
    name: str = col("工作任务", required=True, max_length=60, unique=True, search=True, width=30)
    rule: str = col("时间规律", choices=TASK_RULE, required=True, default="months", width=12)
    months: str | None = col("月份", max_length=40, width=10, help="“每年指定月份”时填写，如 1 或 3,6,9,12")
    day: int | None = col(
        "截止日", min=1, max=31, width=6, help="每月几日前完成，31 表示月底；月报报送不填则按安监站设置的报送日"
    )
    festival: str | None = col("节日", choices=FESTIVAL, width=8, help="“节日前后”时选择")
    offset_days: int | None = col(
        "距节日天数", min=-MAX_OFFSET, max=MAX_OFFSET, width=8, help="节前填负数（-3 表示节前3天），节后填正数"
    )
    lead_days: int = col("提前提醒天数", required=True, default=7, min=0, max=90, width=8)
    completes: str = col("完成依据", choices=TASK_RECORD, required=True, default="none", width=16)
    basis: str | None = col("依据", max_length=100, width=16, help="文件或要求，如 区安委办通知、安委会每月召开例会")
    active: bool = col("启用", default=True, help="停用的任务不再列入日历和提醒")
    note: str | None = col("备注", kind=LONGTEXT)


def _task_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    rule = v.get("rule")
    if rule == "months":
        try:
            if not parse_months(v.get("months")):
                out.append(("months", "“每年指定月份”的任务须填写月份，如 1 或 3,6,9,12"))
        except ValueError as e:
            out.append(("months", str(e)))
    elif v.get("months"):
        out.append(("months", "只有“每年指定月份”的任务填写月份"))
    if rule in ("months", "monthly") and not v.get("day") and v.get("completes") != MONTHLY_REPORT:
        out.append(("day", "请填写截止日（每月几日前完成，31 表示月底）"))
    if rule == "festival":
        if not v.get("festival"):
            out.append(("festival", "“节日前后”的任务须选择节日"))
        if v.get("offset_days") is None:
            out.append(("offset_days", "请填写距节日天数（节前填负数，如 -3）"))
    else:
        if v.get("festival"):
            out.append(("festival", "只有“节日前后”的任务选择节日"))
        if v.get("offset_days") is not None:
            out.append(("offset_days", "只有“节日前后”的任务填写距节日天数"))
    if v.get("completes") == MONTHLY_REPORT and rule != "monthly":
        out.append(("rule", "月报报送每月一次，时间规律应为“每月”"))
    if v.get("completes") == COMMITTEE and rule != "monthly":
        out.append(("rule", "安委会例会每月召开，时间规律应为“每月”"))
    return out


class WorkTaskDone(LedgerBase, table=True):
    """One occurrence of a task done: which (task and 期次), when, by whom, and the record that did it
    (a ledger key and its id: an inspection, a meeting, a drill…)."""

    __tablename__ = "work_task_done"
    task_id: int = col("工作任务", ref="work_task", required=True, owner=CALENDAR_WORKFLOW, width=30)
    period: str = col(
        "期次",
        required=True,
        max_length=10,
        owner=CALENDAR_WORKFLOW,
        width=8,
        help="2026-03（按月）或 2026（按节日的年份）",
    )
    due_date: dt.date = col("截止日期", required=True, index=True, owner=CALENDAR_WORKFLOW)
    done_date: dt.date = col("完成日期", required=True, owner=CALENDAR_WORKFLOW)
    done_by: str = col("完成人", required=True, max_length=20, owner=CALENDAR_WORKFLOW, width=8)
    record_kind: str | None = col("关联记录类型", choices=TASK_RECORD, owner=CALENDAR_WORKFLOW, width=14)
    record_id: int | None = col("关联记录编号", owner=CALENDAR_WORKFLOW, width=8)
    note: str | None = col("备注", kind=LONGTEXT)


WORK_TASKS = register(
    WorkTask,
    title="年度工作任务",
    group=GROUP_LEDGER,
    record_code="R31",
    title_field="name",
    order_by=("name", "id"),
    checks=[_task_checks],
    printed=("name", "rule", "months", "day", "festival", "offset_days", "lead_days", "completes", "basis", "active"),
)
WORK_TASKS_DONE = register(
    WorkTaskDone,
    title="年度工作完成情况",
    group=GROUP_LEDGER,
    record_code="R31",
    title_field="period",
    date_field="due_date",
    order_by=("-due_date", "-id"),
    workflow=CALENDAR_WORKFLOW,
    printed=("task_id", "period", "due_date", "done_date", "done_by", "record_kind", "note"),
)
