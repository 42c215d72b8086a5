"""Inspections (R06) with checklist templates, hidden dangers (R07), their history and 挂牌督办 (R08)."""

import datetime as dt

from pydantic import NaiveDatetime

from safetystation.domain import choices as C
from safetystation.domain.base import LedgerBase
from safetystation.domain.spec import DATETIME, GROUP_HAZARD, GROUP_LEDGER, LONGTEXT, MONEY, Numbering, col, register

# The hazard workflow (safetystation/services/hazards.py) alone creates hazards, their history and
# listings, and alone writes the columns marked with it.
WORKFLOW = "隐患治理流程"
# The history step written when a hazard's second failed re-inspection flags 追责 (000/篇三); its date
# is the date of the flag (the monthly report counts these steps).
ACCOUNTABILITY_STEP = "两次整改不到位须追责"
# The history step recording the county's decision not to list a major hazard (R08).
NO_LISTING_STEP = "决定不挂牌督办"
# An inspection's checklist (safetystation/services/inspections.py) alone creates its items (copied
# from the template chosen, or added in the 检查项目 dialog) and links an item to the hazard it became.
CHECKLIST_WORKFLOW = "检查记录的检查表"
ITEM_MAX = 200  # characters of one checklist line (InspectionItem.item)


def checklist_lines(items: str | None) -> list[str]:
    """The lines of a checklist template's 检查项目, one item each, blank lines left out."""
    return [line.strip() for line in (items or "").splitlines() if line.strip()]


class ChecklistTemplate(LedgerBase, table=True):
    """A named inspection checklist; items one per line."""

    __tablename__ = "checklist_template"
    name: str = col("检查表名称", required=True, max_length=60, unique=True, search=True, width=20)
    applies_to: str | None = col("适用对象", max_length=60)
    items: str = col(
        "检查项目(每行一项)",
        kind=LONGTEXT,
        required=True,
        help="每行一个检查项目；选用本表的检查记录按行生成检查项目，逐项填写符合/不符合/不适用",
    )
    source: str | None = col("依据", max_length=100)


class Inspection(LedgerBase, table=True):
    """A safety inspection visit (R06)."""

    __tablename__ = "inspection"
    record_no: str | None = col(
        "记录编号", max_length=30, search=True, width=14, help="留空则自动编号：JC年份-序号，如 JC2026-0007"
    )
    date: dt.date = col("检查日期", required=True, index=True, synonyms=("日期", "排查日期"))
    type: str = col("检查类型", choices=C.INSPECTION_TYPE, required=True, default="routine")
    enterprise_id: int | None = col("被检查单位", ref="enterprise", synonyms=("检查单位", "单位名称"))
    place: str | None = col("检查场所", max_length=80, search=True)
    started_at: NaiveDatetime | None = col("检查开始时间", kind=DATETIME, width=14, synonyms=("开始时间",))
    ended_at: NaiveDatetime | None = col("检查结束时间", kind=DATETIME, width=14, synonyms=("结束时间",))
    lead: str = col("带队人", required=True, max_length=20, search=True, by_operator=True)
    officer1_id: int | None = col(
        "执法人员1",
        ref="staff",
        width=8,
        help="从人员名册中选择；现场检查记录打印其姓名和执法证号（名册中的执法证号）",
    )
    officer2_id: int | None = col("执法人员2", ref="staff", width=8, help="现场检查应有两名持有效执法证的执法人员")
    inspectors: str | None = col("检查人员", max_length=100, search=True, width=16)
    person_times: int = col("出动人次", required=True, default=1, min=1, max=500)
    checklist_id: int | None = col(
        "检查表", ref="checklist_template", help="选定后按检查表逐行生成检查项目（在“检查项目”中填写结果）"
    )
    findings: str | None = col("检查情况", kind=LONGTEXT, search=True)
    fixed_on_spot: bool = col("当场整改", default=False)
    notice_issued: bool = col("下发整改通知", default=False)
    next_follow_up: dt.date | None = col("下次跟踪日期")
    note: str | None = col("备注", kind=LONGTEXT)


class InspectionItem(LedgerBase, table=True):
    """One checklist line of an inspection and its result (未检查 until the inspector records it); a
    不符合 line can become a hazard, which it then links to."""

    __tablename__ = "inspection_item"
    inspection_id: int = col("检查记录", ref="inspection", required=True)
    item: str = col("检查项目", required=True, max_length=ITEM_MAX, search=True, width=30)
    result: str = col("结果", choices=C.CHECK_ITEM_RESULT, required=True, default="pending")
    note: str | None = col("说明", max_length=200)
    hazard_id: int | None = col("转为隐患", ref="hazard", owner=CHECKLIST_WORKFLOW)


class Hazard(LedgerBase, table=True):
    """A hidden danger (隐患) from finding to 销号; status moves only through the hazard service."""

    __tablename__ = "hazard"
    hazard_no: str | None = col("隐患编号", max_length=30, search=True, width=14)  # YH2026-00425
    found_date: dt.date = col("发现日期", required=True, index=True, synonyms=("排查日期", "检查日期", "日期"))
    source: str = col("隐患来源", choices=C.HAZARD_SOURCE, required=True, default="inspection")
    inspection_id: int | None = col("检查记录", ref="inspection")
    enterprise_id: int | None = col(
        "隐患单位", ref="enterprise", width=18, synonyms=("被检查单位", "单位名称", "企业名称", "单位")
    )
    village_id: int | None = col("所在村(社区)", ref="village", synonyms=("村(社区)", "村（社区）", "村"))
    location: str | None = col("隐患部位", max_length=100, search=True, synonyms=("隐患地点", "地点", "部位"))
    category: str = col("隐患类别", choices=C.HAZARD_CATEGORY, required=True, default="other", synonyms=("类别",))
    description: str = col(
        "隐患描述",
        kind=LONGTEXT,
        required=True,
        search=True,
        width=30,
        synonyms=("存在问题", "存在问题（隐患描述）", "问题描述", "隐患内容"),
    )
    grade: str = col("隐患等级", choices=C.HAZARD_GRADE, required=True, default="general", synonyms=("等级",))
    notice_id: int | None = col("整改通知书", ref="notice", hidden=True, owner=WORKFLOW)
    notice_no: str | None = col("整改通知书编号", max_length=40, search=True, width=28, owner=WORKFLOW)
    notice_date: dt.date | None = col("通知日期", index=True, owner=WORKFLOW)
    notice_seq: int | None = col("通知书年度序号", hidden=True, owner=WORKFLOW)
    deadline: dt.date = col("整改期限", required=True, synonyms=("限期", "整改时限", "完成期限"))
    responsible: str | None = col("整改责任人", max_length=20, search=True, synonyms=("责任人",))
    measures: str | None = col("整改措施", kind=LONGTEXT)
    funds: int | None = col("治理资金(元)", kind=MONEY, min=0)
    interim_measures: str | None = col("临时措施/预案", kind=LONGTEXT)
    status: str = col("状态", choices=C.HAZARD_STATUS, required=True, default="registered", owner=WORKFLOW)
    rectified_date: dt.date | None = col("整改完成日期", synonyms=("完成日期",), owner=WORKFLOW)
    failed_reviews: int = col("复查不合格次数", default=0, min=0, owner=WORKFLOW)
    accountability: bool = col("追责", default=False, owner=WORKFLOW)
    verifier: str | None = col("验收人", max_length=20, owner=WORKFLOW)
    verified_date: dt.date | None = col("验收日期", owner=WORKFLOW)
    verify_result: str | None = col("验收意见", kind=LONGTEXT, owner=WORKFLOW)
    closed_date: dt.date | None = col("销号日期", index=True, owner=WORKFLOW)
    # A major hazard is closed only when listed (挂牌督办) or when the county decided not to list it.
    no_listing_by: str | None = col("不挂牌决定机关", max_length=40, owner=WORKFLOW)
    no_listing_date: dt.date | None = col("不挂牌决定日期", owner=WORKFLOW)
    no_listing_doc: str | None = col("不挂牌决定文号", max_length=40, owner=WORKFLOW)
    reported_upward: bool = col("已上报备案", default=False)
    note: str | None = col("备注", kind=LONGTEXT, synonyms=("备注说明",))


class Notice(LedgerBase, table=True):
    """A 隐患整改通知书 (or, with 委托执法, 责令限期整改指令书): one per inspection and unit, listing
    every problem found there in that inspection (FORMS.md §3). Numbered per year without gaps; a
    number once given is never given again — a wrong notice is cancelled (作废), not deleted."""

    __tablename__ = "notice"
    number: str = col("文号", required=True, max_length=60, unique=True, search=True, width=28, owner=WORKFLOW)
    year: int = col("年度", required=True, min=2000, max=2100, width=5, owner=WORKFLOW)
    seq: int = col("年度序号", required=True, min=1, width=5, owner=WORKFLOW)
    kind: str = col("文书种类", choices=C.NOTICE_KIND, required=True, default="notice", owner=WORKFLOW)
    date: dt.date = col("下发日期", required=True, index=True, owner=WORKFLOW)
    inspection_id: int = col("检查记录", ref="inspection", required=True, owner=WORKFLOW)
    enterprise_id: int = col("被检查单位", ref="enterprise", required=True, width=18, owner=WORKFLOW)
    issuer: str | None = col("发文机关", max_length=60, owner=WORKFLOW)
    person: str | None = col("经办人", max_length=20)
    cancelled: bool = col("已作废", default=False, owner=WORKFLOW)
    cancel_reason: str | None = col("作废原因", max_length=200, owner=WORKFLOW)


class HazardEvent(LedgerBase, table=True):
    """One step in a hazard's history: registration, notice, report, re-inspection, closure…"""

    __tablename__ = "hazard_event"
    hazard_id: int = col("隐患", ref="hazard", required=True)
    date: dt.date = col("日期", required=True, index=True)
    action: str = col("事项", required=True, max_length=20)
    status_from: str | None = col("原状态", choices=C.HAZARD_STATUS)
    status_to: str | None = col("新状态", choices=C.HAZARD_STATUS)
    person: str | None = col("经办人", max_length=20)
    passed: bool | None = col("复查合格")
    note: str | None = col("说明", kind=LONGTEXT)


class HazardListing(LedgerBase, table=True):
    """The 挂牌督办 file of a major hazard, with its 五落实 (R08)."""

    __tablename__ = "hazard_listing"
    hazard_id: int = col("隐患", ref="hazard", required=True, unique=True)
    level: str = col("督办级别", choices=C.LISTING_LEVEL, required=True, default="town")
    listed_date: dt.date = col("挂牌日期", required=True, index=True)
    doc_no: str | None = col("督办文号", max_length=40, search=True, width=21)  # 临安委办〔2026〕99号
    deadline: dt.date | None = col("督办期限")
    resp_person: str | None = col("责任落实(责任人)", max_length=40)
    measures: str | None = col("措施落实", kind=LONGTEXT)
    funds: int | None = col("资金落实(元)", kind=MONEY, min=0)
    time_limit: dt.date | None = col("时限落实")
    plan: str | None = col("预案落实", kind=LONGTEXT)
    progress: str | None = col("进展情况", kind=LONGTEXT)
    # Filled when the hazard is closed (复查合格销号): 谁挂牌、谁摘牌.
    delisted_date: dt.date | None = col("摘牌销号日期", owner=WORKFLOW)
    delisting_body: str | None = col("销号批准机关", max_length=40, owner=WORKFLOW)

    @property
    def five_in_place(self) -> bool:
        """达到“五落实/五到位”: every one of the five is filled in."""
        return bool(self.resp_person and self.measures and self.funds is not None and self.time_limit and self.plan)


def _hazard_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    found, deadline = v.get("found_date"), v.get("deadline")
    if found and deadline and deadline < found:
        out.append(("deadline", "整改期限不能早于发现日期"))
    if found and found > dt.date.today():
        out.append(("found_date", "发现日期不能晚于今天"))
    done = v.get("rectified_date")
    if done and found and done < found:
        out.append(("rectified_date", "整改完成日期不能早于发现日期"))
    return out


def _checklist_checks(v: dict) -> list[tuple[str, str]]:
    lines = checklist_lines(v.get("items"))
    if not lines:
        return [("items", "检查项目至少要有一行")]
    return [
        ("items", f"第{i}个检查项目超过{ITEM_MAX}字（{len(line)}字），请拆成几行")
        for i, line in enumerate(lines, 1)
        if len(line) > ITEM_MAX
    ]


def _inspection_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    day, start, end = v.get("date"), v.get("started_at"), v.get("ended_at")
    if day and start and start.date() != day:
        out.append(("started_at", "检查开始时间应在检查日期当天"))
    if start and end and end < start:
        out.append(("ended_at", "检查结束时间不能早于开始时间"))
    elif day and end and not start and end.date() < day:
        out.append(("ended_at", "检查结束时间不能早于检查日期"))
    if v.get("officer1_id") is not None and v.get("officer1_id") == v.get("officer2_id"):
        out.append(("officer2_id", "执法人员2与执法人员1是同一人，请选择另一名执法人员"))
    return out


def _item_checks(v: dict) -> list[tuple[str, str]]:
    if v.get("hazard_id") is not None and v.get("result") != "problem":
        return [("result", "本项目已转为隐患，结果须为“不符合”（隐患有误请在隐患台账中处理）")]
    return []


def _listing_checks(v: dict) -> list[tuple[str, str]]:
    if v.get("delisted_date") and v.get("listed_date") and v["delisted_date"] < v["listed_date"]:
        return [("delisted_date", "摘牌日期不能早于挂牌日期")]
    return []


CHECKLISTS = register(
    ChecklistTemplate,
    title="检查表模板",
    group=GROUP_LEDGER,
    title_field="name",
    order_by=("name", "id"),
    checks=[_checklist_checks],
)
INSPECTIONS = register(
    Inspection,
    title="安全生产检查台账",
    group=GROUP_LEDGER,
    record_code="R06",
    title_field="record_no",
    date_field="date",
    order_by=("-date", "-id"),
    numbering=Numbering("record_no", "JC"),
    picker=("date", "enterprise_id", "place", "record_no"),
    checks=[_inspection_checks],
    # The times and the two officers are on the 现场检查记录 itself.
    printed=(
        "record_no",
        "date",
        "type",
        "enterprise_id",
        "place",
        "lead",
        "inspectors",
        "person_times",
        "checklist_id",
        "findings",
        "fixed_on_spot",
        "notice_issued",
        "next_follow_up",
        "note",
    ),
)
INSPECTION_ITEMS = register(
    InspectionItem,
    title="检查项目结果",
    group=GROUP_LEDGER,
    parent="inspection_id",
    order_by=("inspection_id", "id"),
    checks=[_item_checks],
    workflow=CHECKLIST_WORKFLOW,
)
HAZARDS = register(
    Hazard,
    title="隐患排查治理台账",
    group=GROUP_HAZARD,
    record_code="R07",
    title_field="description",
    date_field="found_date",
    order_by=("-found_date", "-id"),
    checks=[_hazard_checks],
    numbering=Numbering("hazard_no", "YH", digits=5),
    workflow=WORKFLOW,
    # 隐患排查治理台账 on paper: the finding, the 定人定责定时 of its fix and its 销号; the notice,
    # funds, history and the county's decisions stay in the program and on the notice itself.
    printed=(
        "hazard_no",
        "found_date",
        "enterprise_id",
        "location",
        "category",
        "description",
        "grade",
        "measures",
        "responsible",
        "deadline",
        "status",
        "rectified_date",
        "verifier",
        "closed_date",
        "note",
    ),
)
NOTICES = register(
    Notice,
    title="整改通知书登记",
    group=GROUP_HAZARD,
    title_field="number",
    date_field="date",
    order_by=("-date", "-id"),
    workflow=WORKFLOW,
    undeletable="整改通知书的文号一经下发不能删除或重用；下发有误的，请在隐患治理中“作废通知书”（作废原因会记录在案）。",
)
HAZARD_EVENTS = register(
    HazardEvent,
    title="隐患处理记录",
    group=GROUP_HAZARD,
    parent="hazard_id",
    date_field="date",
    order_by=("hazard_id", "date", "id"),  # one hazard's history, oldest first, as its record shows it
    workflow=WORKFLOW,
)
HAZARD_LISTINGS = register(
    HazardListing,
    title="重大隐患挂牌督办",
    group=GROUP_HAZARD,
    record_code="R08",
    date_field="listed_date",
    order_by=("-listed_date", "-id"),
    checks=[_listing_checks],
    workflow=WORKFLOW,
)
