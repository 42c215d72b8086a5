"""方案与总结 (R23, #18): an activity's plan with the six 定 and, when it is over, its summary.

“各单位开展的每一项安全生产月活动都要定组织单位、定责任人、定时间、定地点、定活动内容、定活动规模”
(002/篇五); “活动结束后，要对整个活动进行总结通报” (000/篇四); the summary in the seeds' structure
“主要工作及成效 / 存在问题 / 下半年工作安排” (002/篇四a, 篇四d).

The plan and the summary print as documents (safetystation/activity_documents.py); an activity over
for SUMMARY_DAYS without its summary is reminded on 首页 (services/plans.py).
"""

import datetime as dt

from safetystation.domain import choices as C
from safetystation.domain.base import LedgerBase
from safetystation.domain.spec import GROUP_LEDGER, LONGTEXT, col, register


class ActivityPlan(LedgerBase, table=True):
    """An activity (安全生产月, a 专项整治, 节前检查…): its plan (方案) and its summary (总结)."""

    __tablename__ = "activity_plan"
    activity: str = col(
        "活动名称", required=True, max_length=80, search=True, width=28, synonyms=("活动", "方案名称", "名称"),
        help="如 2026年“安全生产月”活动",
    )  # fmt: skip
    kind: str = col("方案类别", choices=C.ACTIVITY_PLAN_KIND, required=True, default="overall", width=14,
                    synonyms=("类别", "方案类型"))  # fmt: skip
    # The six 定 (002/篇五).
    organizer: str = col("组织单位", required=True, max_length=60, search=True, width=16, synonyms=("定组织单位",))
    responsible: str = col("责任人", required=True, max_length=40, width=10, synonyms=("定责任人",))
    start: dt.date = col("开始日期", required=True, index=True, synonyms=("活动开始", "起始日期"))
    end: dt.date = col("结束日期", required=True, synonyms=("活动结束", "截止日期"), help="定时间：开始至结束")
    place: str = col("活动地点", required=True, max_length=80, width=16, synonyms=("地点", "定地点"))
    content: str = col("活动内容", kind=LONGTEXT, required=True, search=True, width=30, synonyms=("定活动内容", "内容"))
    scale: str = col(
        "活动规模", required=True, max_length=80, width=16, synonyms=("规模", "定活动规模"),
        help="如 全镇23个村(社区)、重点企业48家，约2000人",
    )  # fmt: skip
    issued: dt.date | None = col("方案印发日期", synonyms=("印发日期", "方案日期"))
    plan_text: str | None = col("方案正文", kind=LONGTEXT, width=30, synonyms=("方案", "方案内容"),
                                help="指导思想、组织领导、活动安排、工作要求等")  # fmt: skip
    # The summary, when the activity is over.
    achievements: str | None = col(
        "主要工作及成效", kind=LONGTEXT, search=True, width=30, synonyms=("主要工作", "成效")
    )
    problems: str | None = col("存在问题", kind=LONGTEXT, width=24, synonyms=("存在的问题",))
    next_steps: str | None = col("下步打算", kind=LONGTEXT, width=24, synonyms=("下步工作打算", "下一步工作安排"))
    summarized: dt.date | None = col("总结日期", synonyms=("总结报送日期",), help="活动结束后总结通报的日期")
    note: str | None = col("备注", kind=LONGTEXT)


SUMMARY_PARTS = ("achievements", "problems", "next_steps")


def _checks(v: dict) -> list[tuple[str, str]]:
    out = []
    start, end, issued, summarized = v.get("start"), v.get("end"), v.get("issued"), v.get("summarized")
    if start and end and end < start:
        out.append(("end", "结束日期不能早于开始日期"))
    if issued and end and issued > end:
        out.append(("issued", "方案印发日期不能晚于活动结束日期"))
    if summarized and start and summarized < start:
        out.append(("summarized", "总结日期不能早于活动开始日期"))
    if summarized and summarized > dt.date.today():
        out.append(("summarized", "总结日期不能晚于今天"))
    if summarized and not v.get("achievements"):
        out.append(("achievements", "填写了总结日期，请填写主要工作及成效"))
    if not summarized and any(v.get(n) for n in SUMMARY_PARTS):
        out.append(("summarized", "已填写总结内容，请填写总结日期"))
    return out


ACTIVITY_PLANS = register(
    ActivityPlan,
    title="活动方案与总结",
    group=GROUP_LEDGER,
    record_code="R23",
    title_field="activity",
    date_field="start",
    order_by=("-start", "-id"),
    picker=("start", "activity"),
    checks=[_checks],
    # On paper the six 定 (活动内容 is the name's) and whether it was summed up; the plan's and the
    # summary's text print as their documents.
    printed=("activity", "organizer", "responsible", "start", "end", "place", "scale", "summarized"),
)
