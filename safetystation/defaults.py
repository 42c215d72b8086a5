"""What a new station database starts with: the industry list, the shipped inspection checklists,
the names of the rules a station keeps (制度汇编, none ticked as established) and the tasks of its
year's work calendar (年度工作任务, DOMAIN.md §4.2).

All are ordinary ledger rows the station may edit or delete; they are installed once, when the
database file is created, and never re-added afterwards. (The rule names came with schema 0008, the
work tasks with 0010: each migration gives them, once, to a station that existed before — a copy
frozen there.)
"""

from __future__ import annotations

from sqlalchemy import insert, select

from safetystation.domain import get_spec
from safetystation.domain.base import stamps
from safetystation.storage.db import Database

# (name, high-risk, crowded place) — the 统计表 rows in this order (FORMS.md §1: “use the station's own
# industry list”); DOMAIN.md §2 R05 gives the taxonomy.
INDUSTRIES: list[tuple[str, bool, bool]] = [
    ("危险化学品", True, False),
    ("加油站", True, False),
    ("液化气供应点", True, False),
    ("烟花爆竹", True, False),
    ("非煤矿山", True, False),
    ("建筑施工", True, False),
    ("交通运输", True, False),
    ("工贸企业", False, False),
    ("人员密集场所", False, True),
    ("学校", False, True),
    ("医疗机构", False, True),
    ("小作坊", False, False),
    ("农家乐", False, True),
    ("农业机械", False, False),
    ("其他企业和单位", False, False),
]

CHECKLISTS: list[dict[str, str]] = [
    {
        "name": "消防安全“六个必查”",
        "applies_to": "人员密集场所、企业",
        "source": "002/篇四d",
        "items": "\n".join(
            [
                "是否经过消防验收",
                "安全出口是否畅通",
                "建筑消防设施是否正常运行",
                "建筑内部装饰是否符合消防安全要求",
                "消防安全组织制度是否健全、员工是否受到消防安全教育培训",
                "是否制定灭火应急疏散预案和演练",
            ]
        ),
    },
    {
        "name": "学校安全检查表",
        "applies_to": "学校、幼儿园",
        "source": "000/篇六",
        "items": "\n".join(
            ["消防设施", "用电线路", "围墙", "厕所", "房屋", "用水", "化学实验室", "食堂采购索证", "食品留样"]
        ),
    },
]


# The rules DOMAIN.md R04 names (title, category code of choices.RULE_CATEGORY), in its order; the
# station ticks those it has (本站已建立) and those on the wall (已上墙).
RULES: list[tuple[str, str]] = [
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


# The year's work calendar (R31), from DOMAIN.md §4.2: (name, rule, months, day, festival, days from
# the festival, days reminded ahead, the record kind that does it, basis). The station edits them in
# 年度工作任务; each falls due on its day and is reminded ``lead`` days before.
WORK_TASKS: list[tuple[str, str, str | None, int | None, str | None, int | None, int, str, str]] = [
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
WORK_TASK_FIELDS = ("name", "rule", "months", "day", "festival", "offset_days", "lead_days", "completes", "basis")


def install_defaults(db: Database, *, station_id: int | None = None) -> None:
    """Add the default industries, checklists, rule names and work tasks that are missing (by name)
    from the station's books."""
    ind, chk, rule = get_spec("industry").table, get_spec("checklist_template").table, get_spec("rule").table
    task = get_spec("work_task").table
    # The station's own (#19): row-level security filters a township's login, not a superuser's.
    # ``station_id``: a township being added (services/stations.py), whose rows these will be.
    sid = db.scope() if station_id is None else station_id
    with db.session() as s:
        have_ind = set(s.execute(select(ind.c.name).where(ind.c.station_id == sid)).scalars())
        have_chk = set(s.execute(select(chk.c.name).where(chk.c.station_id == sid)).scalars())
        have_rule = set(s.execute(select(rule.c.title).where(rule.c.station_id == sid)).scalars())
        rows = [
            {"name": n, "sort_order": i, "high_risk": hr, "crowded": cr, **stamps(None)}
            for i, (n, hr, cr) in enumerate(INDUSTRIES, 1)
            if n not in have_ind
        ]
        if rows:
            s.execute(insert(ind), rows)
        rows = [{**c, **stamps(None)} for c in CHECKLISTS if c["name"] not in have_chk]
        if rows:
            s.execute(insert(chk), rows)
        rows = [
            {"title": t, "category": c, "established": False, "posted": False, **stamps(None)}
            for t, c in RULES
            if t not in have_rule
        ]
        if rows:
            s.execute(insert(rule), rows)
        have_task = set(s.execute(select(task.c.name).where(task.c.station_id == sid)).scalars())
        rows = [
            {**dict(zip(WORK_TASK_FIELDS, t, strict=True)), "active": True, **stamps(None)}
            for t in WORK_TASKS
            if t[0] not in have_task
        ]
        if rows:
            s.execute(insert(task), rows)
        s.commit()
