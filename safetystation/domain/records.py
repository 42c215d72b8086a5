"""The remaining day-to-day ledgers: publicity (R11), training (R12), volunteer fire brigades (R15),
accidents (R17), zero reports (R19), duty (R20) and enforcement (R22)."""

import datetime as dt

from pydantic import NaiveDatetime

from safetystation.domain import choices as C
from safetystation.domain.base import LedgerBase
from safetystation.domain.spec import DATETIME, GROUP_LEDGER, LONGTEXT, MONEY, col, register
from safetystation.domain.validators import check_phone


class Publicity(LedgerBase, table=True):
    """A publicity / education activity (R11)."""

    __tablename__ = "publicity"
    date: dt.date = col("日期", required=True, index=True, synonyms=("活动日期",))
    activity_type: str = col("宣传形式", choices=C.PUBLICITY_TYPE, required=True, synonyms=("形式", "活动类型"))
    theme: str | None = col("主题", max_length=80, search=True, width=18)
    place: str | None = col("地点", max_length=80, search=True)
    village_id: int | None = col("村(社区)", ref="village")
    quantity: int | None = col("数量", min=0, max=1000000)
    unit: str | None = col("单位", max_length=6, width=5, help="条、期、次、块、份、户")
    audience: int | None = col("受教育人数", min=0, max=1000000, synonyms=("受教育人数(人)", "参与人数"))
    organizer: str | None = col("组织者", max_length=40, search=True)
    cost: int | None = col("费用(元)", kind=MONEY, min=0)
    note: str | None = col("备注", kind=LONGTEXT)


class Training(LedgerBase, table=True):
    """A training session (R12)."""

    __tablename__ = "training"
    start_date: dt.date = col("开始日期", required=True, index=True, synonyms=("培训日期", "日期"))
    end_date: dt.date | None = col("结束日期")
    topic: str = col("培训内容", required=True, max_length=100, search=True, width=20, synonyms=("培训主题", "内容"))
    trainer: str | None = col("授课单位/人", max_length=40, search=True)
    group: str = col("培训对象", choices=C.TRAINEE_GROUP, required=True)
    trainees: int = col("培训人数", required=True, min=1, max=100000)
    hours: int | None = col("学时", min=0, max=1000)
    passed: int | None = col("考核合格人数", min=0)
    place: str | None = col("地点", max_length=60)
    note: str | None = col("备注", kind=LONGTEXT)


class Brigade(LedgerBase, table=True):
    """A volunteer fire brigade or patrol team (R15)."""

    __tablename__ = "brigade"
    name: str = col("队伍名称", required=True, max_length=60, unique=True, search=True, width=18)
    type: str = col("队伍类型", choices=C.BRIGADE_TYPE, required=True)
    village_id: int | None = col("所在村(社区)", ref="village")
    enterprise_id: int | None = col("所属企业", ref="enterprise")
    captain: str | None = col("队长", max_length=20, search=True)
    phone: str | None = col("联系电话", max_length=30, check=check_phone)
    founded: dt.date | None = col("成立日期")
    equipment: str | None = col("装备情况", kind=LONGTEXT)


class BrigadeMember(LedgerBase, table=True):
    """A member of a volunteer brigade."""

    __tablename__ = "brigade_member"
    brigade_id: int = col("所属队伍", ref="brigade", required=True)
    name: str = col("姓名", required=True, max_length=20, search=True)
    phone: str | None = col("联系电话", max_length=30, check=check_phone)
    birth_year: int | None = col("出生年份", min=1930, max=2020)
    veteran: bool = col("退伍军人", default=False)
    trained_date: dt.date | None = col("最近培训日期")
    active: bool = col("在队", default=True)


class BrigadeActivity(LedgerBase, table=True):
    """A brigade training session or fire call-out."""

    __tablename__ = "brigade_activity"
    brigade_id: int = col("队伍", ref="brigade", required=True)
    date: dt.date = col("日期", required=True, index=True)
    kind: str = col("类型", choices=C.BRIGADE_ACTIVITY, required=True)
    content: str | None = col("内容", max_length=200, search=True, width=20)
    place: str | None = col("地点", max_length=60)
    attendees: int | None = col("参加人数", min=0)
    loss_avoided: int | None = col("挽回损失(元)", kind=MONEY, min=0)


class Accident(LedgerBase, table=True):
    """A work-safety accident with the 四项指标 (R17, FORMS.md §5)."""

    __tablename__ = "accident"
    code: str | None = col("事故简称", max_length=20, search=True, help="如 5·11")
    date: dt.date = col("发生日期", required=True, index=True, synonyms=("日期", "事故日期"))
    time: str | None = col("发生时间", max_length=5, help="时:分")
    village_id: int | None = col("发生地村(社区)", ref="village")
    enterprise_id: int | None = col("事故单位", ref="enterprise")
    place: str | None = col("地点", max_length=100, search=True)
    industry: str = col("行业", choices=C.ACCIDENT_INDUSTRY, required=True)
    type: str = col("事故类型", choices=C.ACCIDENT_TYPE, required=True)
    deaths: int = col("死亡(人)", required=True, default=0, min=0, max=1000)
    injuries: int = col("受伤(人)", required=True, default=0, min=0, max=10000)
    serious_injuries: int | None = col("其中重伤(人)", min=0, max=10000)
    missing: int = col("失踪(人)", required=True, default=0, min=0, max=1000)
    loss: int = col("直接经济损失(元)", kind=MONEY, required=True, default=0, min=0)
    grade: str = col("事故等级", choices=C.ACCIDENT_GRADE, required=True, default="ordinary")
    counted: bool = col("纳入考核", default=True)
    reported_at: NaiveDatetime | None = col("报告时间", kind=DATETIME)
    reporting_issue: str = col("报告情况", choices=C.REPORTING_ISSUE, required=True, default="none")
    investigation: str = col("调查处理", choices=C.INVESTIGATION, required=True, default="open")
    description: str | None = col("事故经过", kind=LONGTEXT, search=True)
    note: str | None = col("备注", kind=LONGTEXT)


def accident_grade_for(deaths: int, serious_injuries: int = 0, loss_fen: int = 0) -> str:
    """The grade set by the 2007 State Council regulation (Decree 493), by its three thresholds."""
    wan = loss_fen / 1_000_000  # fen → 万元
    if deaths >= 30 or serious_injuries >= 100 or wan >= 10000:
        return "extraordinary"
    if deaths >= 10 or serious_injuries >= 50 or wan >= 5000:
        return "major"
    if deaths >= 3 or serious_injuries >= 10 or wan >= 1000:
        return "larger"
    return "ordinary"


def _accident_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    if (v.get("serious_injuries") or 0) > (v.get("injuries") or 0):
        out.append(("serious_injuries", "重伤人数不能多于受伤人数"))
    if v.get("date") and v["date"] > dt.date.today():
        out.append(("date", "发生日期不能晚于今天"))
    grade = v.get("grade")
    if grade and v.get("deaths") is not None:
        need = accident_grade_for(v["deaths"], v.get("serious_injuries") or 0, v.get("loss") or 0)
        order = C.ACCIDENT_GRADE.codes
        if order.index(grade) < order.index(need):
            out.append(("grade", f"按伤亡和损失，事故等级至少为“{C.ACCIDENT_GRADE.label(need)}”"))
    return out


class ZeroReport(LedgerBase, table=True):
    """A zero report (零报告) for a holiday, event or reporting period (R19)."""

    __tablename__ = "zero_report"
    period: str = col("报告期间", required=True, max_length=40, search=True, help="如 2026年国庆假期")
    report_date: dt.date = col("报送日期", required=True)
    village_id: int | None = col("报告单位(村)", ref="village")
    enterprise_id: int | None = col("报告单位(企业)", ref="enterprise")
    no_accident: bool = col("无事故", default=True)
    no_hazard: bool = col("无隐患", default=True)
    accident_id: int | None = col("关联事故", ref="accident")
    hazard_id: int | None = col("关联隐患", ref="hazard")
    signer: str | None = col("报告人", max_length=20)
    note: str | None = col("备注", kind=LONGTEXT)


class ReportNarrative(LedgerBase, table=True):
    """The month's text for the county (R18 预警预测月报表, §3.8 group K): typed by the clerk, kept with
    the month and printed on that month's report."""

    __tablename__ = "report_narrative"
    month: dt.date = col("月份", required=True, unique=True, help="该月1日，如 2026-06-01")
    key_work: str | None = col("本月重点工作", kind=LONGTEXT)
    problems: str | None = col("存在问题", kind=LONGTEXT)
    next_plan: str | None = col("下月工作打算", kind=LONGTEXT)
    forecast: str | None = col("预警预测（下月风险提示）", kind=LONGTEXT)


def _narrative_checks(v: dict) -> list[tuple[str, str]]:
    month = v.get("month")
    if isinstance(month, dt.date) and month.day != 1:
        return [("month", "月份请填该月1日")]
    return []


def _zero_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    if not v.get("no_accident") and not v.get("accident_id"):
        out.append(("accident_id", "报告有事故时须关联事故记录"))
    if not v.get("no_hazard") and not v.get("hazard_id"):
        out.append(("hazard_id", "报告有隐患时须关联隐患记录"))
    return out


class Duty(LedgerBase, table=True):
    """A duty shift and what happened on it (R20)."""

    __tablename__ = "duty"
    date: dt.date = col("值班日期", required=True, index=True, synonyms=("日期",))
    shift: str = col("班次", choices=C.DUTY_SHIFT, required=True, default="full")
    leader: str | None = col("带班领导", max_length=20, search=True)
    staff: str = col("值班人员", required=True, max_length=60, search=True)
    phone: str | None = col("值班电话", max_length=30, check=check_phone)
    events: str | None = col("接报事项", kind=LONGTEXT, search=True)
    handling: str | None = col("处理情况", kind=LONGTEXT)
    handover: str | None = col("交接班人", max_length=20)


class Enforcement(LedgerBase, table=True):
    """An enforcement / 打非治违 action, or a referral upward where the station has no power (R22)."""

    __tablename__ = "enforcement"
    case_no: str | None = col("案号/文号", max_length=40, search=True, width=20)  # 青安执〔2026〕147号
    date: dt.date = col("日期", required=True, index=True)
    enterprise_id: int | None = col("当事单位", ref="enterprise")
    party: str | None = col("当事人", max_length=60, search=True, help="无登记单位时填写")
    legal_basis: str | None = col("法律依据", max_length=200)
    violation: str = col("违法违规行为", kind=LONGTEXT, required=True, search=True, width=24)
    measure: str = col("处理措施", choices=C.ENFORCEMENT_MEASURE, required=True, width=12)
    items: str | None = col("物品及数量", max_length=200, help="如 柴油3475公斤、液化气16桶")
    fine: int | None = col("罚款(元)", kind=MONEY, min=0)
    pre_accident: bool = col("事前处罚", default=True)
    executed: bool = col("已执行", default=False)
    referred_to: str | None = col("移送部门", max_length=40)
    note: str | None = col("备注", kind=LONGTEXT)


def _enforcement_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    if not v.get("enterprise_id") and not v.get("party"):
        out.append(("party", "须选择当事单位或填写当事人"))
    if v.get("measure") == "fine" and not v.get("fine"):
        out.append(("fine", "处理措施为罚款时须填写罚款金额"))
    if v.get("measure") == "refer" and not v.get("referred_to"):
        out.append(("referred_to", "移送时须填写移送部门"))
    return out


def _training_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    if v.get("end_date") and v.get("start_date") and v["end_date"] < v["start_date"]:
        out.append(("end_date", "结束日期不能早于开始日期"))
    if v.get("passed") is not None and v.get("trainees") is not None and v["passed"] > v["trainees"]:
        out.append(("passed", "考核合格人数不能多于培训人数"))
    return out


def _brigade_checks(v: dict) -> list[tuple[str, str]]:
    if v.get("type") == "enterprise" and not v.get("enterprise_id"):
        return [("enterprise_id", "企业消防队须选择所属企业")]
    return []


PUBLICITY = register(
    Publicity,
    title="宣传教育台账",
    group=GROUP_LEDGER,
    record_code="R11",
    title_field="theme",
    date_field="date",
    order_by=("-date", "-id"),
)
TRAININGS = register(
    Training,
    title="安全培训台账",
    group=GROUP_LEDGER,
    record_code="R12",
    title_field="topic",
    date_field="start_date",
    order_by=("-start_date", "-id"),
    checks=[_training_checks],
)
BRIGADES = register(
    Brigade,
    title="义务消防队",
    group=GROUP_LEDGER,
    record_code="R15",
    title_field="name",
    date_field="founded",
    order_by=("name", "id"),  # a register, not a dated ledger: by name
    checks=[_brigade_checks],
)
BRIGADE_MEMBERS = register(
    BrigadeMember,
    title="义务消防队员",
    group=GROUP_LEDGER,
    title_field="name",
    parent="brigade_id",
    order_by=("brigade_id", "name", "id"),
)
BRIGADE_ACTIVITIES = register(
    BrigadeActivity,
    title="消防队训练与出警",
    group=GROUP_LEDGER,
    date_field="date",
    parent="brigade_id",
    order_by=("-date", "-id"),
)
ACCIDENTS = register(
    Accident,
    title="生产安全事故台账",
    group=GROUP_LEDGER,
    record_code="R17",
    title_field="code",
    date_field="date",
    order_by=("-date", "-id"),
    checks=[_accident_checks],
    # On paper: when, where, what and its toll; the reporting details and 备注 stay on screen.
    printed=(
        "code",
        "date",
        "time",
        "village_id",
        "enterprise_id",
        "place",
        "type",
        "deaths",
        "injuries",
        "serious_injuries",
        "missing",
        "loss",
        "grade",
        "investigation",
        "description",
    ),
)
ZERO_REPORTS = register(
    ZeroReport,
    title="零报告记录",
    group=GROUP_LEDGER,
    record_code="R19",
    title_field="period",
    date_field="report_date",
    order_by=("-report_date", "-id"),
    checks=[_zero_checks],
)
NARRATIVES = register(
    ReportNarrative,
    title="预警预测月报",  # R18; the text of the month (its report's group K)
    group=GROUP_LEDGER,
    record_code="R18",
    title_field="month",
    date_field="month",
    order_by=("-month", "-id"),
    checks=[_narrative_checks],
)
DUTIES = register(
    Duty,
    title="值班记录",
    group=GROUP_LEDGER,
    record_code="R20",
    title_field="staff",
    date_field="date",
    order_by=("-date", "-id"),
)
ENFORCEMENTS = register(
    Enforcement,
    title="执法与打非治违台账",
    group=GROUP_LEDGER,
    record_code="R22",
    title_field="case_no",
    date_field="date",
    order_by=("-date", "-id"),
    checks=[_enforcement_checks],
)
