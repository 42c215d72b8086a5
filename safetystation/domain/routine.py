"""The station's routine books (#18): funding (R02), the rules book (R04), certified operators (R12),
meetings and what they decided (R21), and complaints / tip-offs (R25).

Their rules beyond a row's own checks live in services: reminders (services/reminders.py), the
持证上岗率 (services/certified.py), a complaint made a hazard (services/complaints.py), a period's
spending by head (services/funding.py), the 安委会 monthly meeting (services/meetings.py). The rule
names a new station starts with are shipped defaults (safetystation/defaults.py).
"""

import datetime as dt

from safetystation.domain import choices as C
from safetystation.domain.base import LedgerBase
from safetystation.domain.spec import GROUP_LEDGER, LONGTEXT, MONEY, col, register
from safetystation.domain.validators import check_phone

# Only the complaint service (safetystation/services/complaints.py) links a complaint to the hazard it
# became: it registers the hazard through the hazard workflow in the same step.
COMPLAINT_WORKFLOW = "举报转为隐患"


class Funding(LedgerBase, table=True):
    """One payment of the station's safety money (经费台账, R02)."""

    __tablename__ = "funding"
    date: dt.date = col("日期", required=True, index=True, synonyms=("支出日期", "发生日期"))
    head: str = col("经费类别", choices=C.FUND_HEAD, required=True, default="special", synonyms=("类别", "科目"))
    source: str = col("资金来源", choices=C.FUND_SOURCE, required=True, default="budget", synonyms=("来源",))
    amount: int = col("金额(元)", kind=MONEY, required=True, min=1, synonyms=("金额", "支出金额", "金额（元）"))
    purpose: str = col("用途", required=True, max_length=100, search=True, width=24, synonyms=("摘要", "事由"))
    equipment_id: int | None = col("购置装备", ref="equipment", help="为购置或维修六有装备支出时选择")
    drill_record_id: int | None = col("关联演练", ref="drill_record")
    publicity_id: int | None = col("关联宣传活动", ref="publicity")
    hazard_id: int | None = col("关联隐患治理", ref="hazard")
    voucher_no: str | None = col("凭证号", max_length=30, search=True, width=10, synonyms=("凭证编号", "单据号"))
    approver: str | None = col("审批人", max_length=20, width=8)
    note: str | None = col("备注", kind=LONGTEXT)


class Rule(LedgerBase, table=True):
    """A rule (制度) in the station's rules book, and whether the station has it and has it on the wall
    (R04). A new station starts with the rule names DOMAIN.md lists, none ticked."""

    __tablename__ = "rule"
    title: str = col("制度名称", required=True, max_length=60, unique=True, search=True, width=28)
    category: str = col("类别", choices=C.RULE_CATEGORY, required=True, default="other", width=14)
    established: bool = col("本站已建立", default=False, help="本站已制定并印发此项制度")
    version_date: dt.date | None = col("版本日期", help="现行版本的印发或修订日期")
    approved_by: str | None = col("审批/印发", max_length=60, width=16, help="如 镇党委会议审议通过、青政发〔2026〕3号")
    posted: bool = col("已上墙", default=False)
    note: str | None = col("备注", kind=LONGTEXT)


def _rule_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    if v.get("posted") and not v.get("established"):
        out.append(("posted", "已上墙的制度须是本站已建立的制度"))
    if v.get("version_date") and not v.get("established"):
        out.append(("established", "填写了版本日期的制度应勾选“本站已建立”"))
    return out


class CertifiedOperator(LedgerBase, table=True):
    """A person doing 特种作业 at a unit, with the operating certificate they hold, or none (持证上岗, R12)."""

    __tablename__ = "certified_operator"
    name: str = col("姓名", required=True, max_length=20, search=True, width=8)
    enterprise_id: int = col("所在单位", ref="enterprise", required=True, width=20, synonyms=("单位", "单位名称"))
    kind: str = col("作业类别", choices=C.SPECIAL_OPS, required=True, width=16, synonyms=("特种作业类别", "工种"))
    job: str | None = col("操作项目", max_length=40, width=16, help="如 低压电工作业、熔化焊接与热切割作业、叉车司机")
    cert_no: str | None = col(
        "证书编号", max_length=30, search=True, width=20, synonyms=("操作证号", "证号"), help="无证上岗的留空"
    )
    issued: dt.date | None = col("发证日期", synonyms=("初领日期", "领证日期"))
    expiry: dt.date | None = col("有效期至", synonyms=("有效期", "到期日期"))
    issuer: str | None = col("发证机关", max_length=40, width=14)
    phone: str | None = col("联系电话", max_length=30, check=check_phone)
    active: bool = col("在岗", default=True, help="离岗、离职的不计入持证上岗率，也不再提醒复审")
    note: str | None = col("备注", kind=LONGTEXT)


def _operator_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    issued, expiry = v.get("issued"), v.get("expiry")
    if issued and expiry and expiry <= issued:
        out.append(("expiry", "有效期至须晚于发证日期"))
    if issued and issued > dt.date.today():
        out.append(("issued", "发证日期不能晚于今天"))
    if v.get("cert_no") and not expiry:
        out.append(("expiry", "有证书编号时须填写有效期至"))
    if not v.get("cert_no") and (issued or expiry):
        out.append(("cert_no", "填写了发证日期或有效期，请填写证书编号"))
    return out


class Meeting(LedgerBase, table=True):
    """A meeting: 安委会例会, 联席会议, 消防例会… (会议记录, R21)."""

    __tablename__ = "meeting"
    date: dt.date = col("会议日期", required=True, index=True, synonyms=("日期", "召开日期"))
    type: str = col("会议类型", choices=C.MEETING_TYPE, required=True, default="committee", width=16)
    topic: str = col("会议名称", required=True, max_length=60, search=True, width=24, synonyms=("会议主题", "名称"))
    place: str | None = col("地点", max_length=40, width=12)
    chair: str = col("主持人", required=True, max_length=20, width=8)
    recorder: str | None = col("记录人", max_length=20, width=8, by_operator=True)
    attendees: int | None = col("参会人数", min=1, max=10000, width=6)
    units: str | None = col("参会单位", kind=LONGTEXT, search=True, width=20, help="参会的部门、村(社区)、企业")
    agenda: str | None = col("会议议题", kind=LONGTEXT, search=True, width=24)
    decisions: str | None = col(
        "会议决定", kind=LONGTEXT, search=True, width=24, help="须落实的事项另在“会议议定事项”中逐项登记"
    )
    note: str | None = col("备注", kind=LONGTEXT)


def _meeting_checks(v: dict) -> list[tuple[str, str]]:
    if v.get("date") and v["date"] > dt.date.today():
        return [("date", "会议日期不能晚于今天（会议召开后再记录）")]
    return []


class MeetingFollowUp(LedgerBase, table=True):
    """One thing a meeting decided to be done, by whom and by when, until it is done (R21)."""

    __tablename__ = "meeting_followup"
    meeting_id: int = col("会议", ref="meeting", required=True, width=24)
    item: str = col("议定事项", required=True, max_length=200, search=True, width=30, synonyms=("事项", "落实事项"))
    responsible: str | None = col("责任单位/人", max_length=40, search=True, width=14, synonyms=("责任人", "责任单位"))
    due_date: dt.date | None = col("完成期限", synonyms=("期限",), help="有完成期限的事项在首页提醒，直到标为已完成")
    status: str = col("完成情况", choices=C.PROBLEM_STATUS, required=True, default="open")
    done_date: dt.date | None = col("完成日期")
    result: str | None = col("落实情况", kind=LONGTEXT, width=20)


def _followup_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    if v.get("status") == "done" and not v.get("done_date"):
        out.append(("done_date", "已完成的事项须填写完成日期"))
    if v.get("status") != "done" and v.get("done_date"):
        out.append(("status", "填写了完成日期的事项，完成情况应为“已完成”"))
    if v.get("done_date") and v["done_date"] > dt.date.today():
        out.append(("done_date", "完成日期不能晚于今天"))
    return out


class Complaint(LedgerBase, table=True):
    """A complaint or tip-off received (举报投诉登记, R25); one that names a danger can be made a hazard
    (source 群众举报), which the station then verifies on site (核查) in the hazard workflow."""

    __tablename__ = "complaint"
    date: dt.date = col("受理日期", required=True, index=True, synonyms=("日期", "举报日期", "登记日期"))
    channel: str = col("举报渠道", choices=C.COMPLAINT_CHANNEL, required=True, default="hotline", width=14)
    enterprise_id: int | None = col("被举报单位", ref="enterprise", width=20)
    village_id: int | None = col("所在村(社区)", ref="village")
    place: str | None = col(
        "地点/对象", max_length=80, search=True, width=16, help="无登记单位时填写，如 河口村3组某民房"
    )
    content: str = col("举报内容", kind=LONGTEXT, required=True, search=True, width=30, synonyms=("内容", "举报事项"))
    anonymous: bool = col("匿名", default=False)
    reporter: str | None = col("举报人", max_length=20, search=True, width=8, help="匿名举报的不填")
    phone: str | None = col("联系电话", max_length=30, check=check_phone, synonyms=("联系方式",))
    handler: str | None = col("承办人", max_length=20, width=8, by_operator=True)
    handling: str | None = col("处理情况", kind=LONGTEXT, search=True, width=24)
    reply_date: dt.date | None = col("答复/办结日期", synonyms=("答复日期", "办结日期"))
    hazard_id: int | None = col("转为隐患", ref="hazard", owner=COMPLAINT_WORKFLOW, width=20)
    note: str | None = col("备注", kind=LONGTEXT)


def _complaint_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    day = v.get("date")
    if day and day > dt.date.today():
        out.append(("date", "受理日期不能晚于今天"))
    if v.get("anonymous") and v.get("reporter"):
        out.append(("reporter", "匿名举报不填写举报人姓名"))
    if not v.get("anonymous") and not v.get("reporter"):
        out.append(("reporter", "请填写举报人，或勾选“匿名”"))
    if not v.get("enterprise_id") and not v.get("village_id") and not v.get("place"):
        out.append(("place", "请选择被举报单位或所在村(社区)，或填写地点/对象"))
    if day and v.get("reply_date") and v["reply_date"] < day:
        out.append(("reply_date", "答复/办结日期不能早于受理日期"))
    return out


FUNDING = register(
    Funding,
    title="安全生产经费台账",
    group=GROUP_LEDGER,
    record_code="R02",
    title_field="purpose",
    date_field="date",
    order_by=("-date", "-id"),
    # On paper: the money and what it paid for; the links to the item stay on screen and in the export.
    printed=("date", "head", "source", "amount", "purpose", "voucher_no", "approver", "note"),
)
RULES = register(
    Rule,
    title="制度汇编",
    group=GROUP_LEDGER,
    record_code="R04",
    title_field="title",
    date_field="version_date",
    order_by=("category", "title", "id"),  # the book by its chapters, each by name (pinyin)
    checks=[_rule_checks],
)
CERTIFIED_OPERATORS = register(
    CertifiedOperator,
    title="特种作业持证上岗台账",
    group=GROUP_LEDGER,
    record_code="R12",
    title_field="name",
    date_field="expiry",
    order_by=("enterprise_id", "name", "id"),  # a register: by unit, then person (both by pinyin)
    checks=[_operator_checks],
    printed=("name", "enterprise_id", "kind", "job", "cert_no", "issued", "expiry", "issuer", "active", "note"),
)
MEETINGS = register(
    Meeting,
    title="会议记录",
    group=GROUP_LEDGER,
    record_code="R21",
    title_field="topic",
    date_field="date",
    order_by=("-date", "-id"),
    picker=("date", "topic"),
    checks=[_meeting_checks],
    printed=("date", "type", "topic", "place", "chair", "attendees", "units", "agenda", "decisions"),
)
MEETING_FOLLOWUPS = register(
    MeetingFollowUp,
    title="会议议定事项",
    group=GROUP_LEDGER,
    record_code="R21",
    title_field="item",
    date_field="due_date",
    order_by=("-due_date", "-id"),
    checks=[_followup_checks],
)
COMPLAINTS = register(
    Complaint,
    title="举报投诉登记",
    group=GROUP_LEDGER,
    record_code="R25",
    title_field="content",
    date_field="date",
    order_by=("-date", "-id"),
    checks=[_complaint_checks],
    printed=(
        "date",
        "channel",
        "enterprise_id",
        "place",
        "content",
        "reporter",
        "handler",
        "handling",
        "reply_date",
    ),
)
