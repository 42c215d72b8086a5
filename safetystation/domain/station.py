"""The station itself, its villages/communities, its industry list and its people (R01)."""

import datetime as dt

from safetystation.domain import choices as C
from safetystation.domain.base import LedgerBase
from safetystation.domain.spec import GROUP_STATION, LONGTEXT, col, register
from safetystation.domain.validators import check_notice_pattern, check_phone


class Station(LedgerBase, table=True):
    """The station profile: one row (id 1) per database."""

    __tablename__ = "station"
    name: str = col("安监站名称", required=True, max_length=60, width=20, synonyms=("站名", "单位名称"))
    town: str = col("乡镇(街道)名称", required=True, max_length=40, synonyms=("乡镇", "填报单位"))
    county: str = col("所属县(区)", required=True, max_length=40, synonyms=("县", "所属县"))
    jurisdiction: str = col("辖区类型", choices=C.JURISDICTION, default="town")
    is_key_town: bool = col("安全生产重点乡镇", default=False)
    small_jurisdiction: bool = col("辖区较小/城区(可配电动车)", default=False)
    entrusted_enforcement: bool = col("委托执法", default=False)
    doc_prefix: str | None = col(
        "文书简称", max_length=20, help="乡镇简称，如“青石”：整改通知书文号为 青石安监责改〔2026〕第N号"
    )
    notice_pattern: str | None = col(
        "通知书文号格式",
        max_length=60,
        help="{简称}、{年}、{号} 处填入简称、年份和序号；留空则为 {简称}安监责改〔{年}〕第{号}号",
        check=check_notice_pattern,
    )
    entrusting_authority: str | None = col(
        "委托执法机关", max_length=60, help="有委托执法时，指令书以委托机关的名义下发，如“临江县应急管理局”"
    )
    address: str | None = col("地址", max_length=100)
    phone: str | None = col("联系电话", max_length=30, check=check_phone)
    head_name: str | None = col("站长", max_length=20)
    leader_name: str | None = col("分管领导", max_length=20)
    appeal_government: str | None = col("复议机关(人民政府)", max_length=40)
    appeal_department: str | None = col("复议机关(部门)", max_length=40)
    court: str | None = col("诉讼法院", max_length=40)
    litigation_months: int = col("起诉期限(月)", default=6, min=1, max=12)
    report_due_day: int = col("月报报送日(次月几日前)", default=5, min=1, max=28)


class Village(LedgerBase, table=True):
    """A village (村) or community (社区) in the jurisdiction."""

    __tablename__ = "village"
    name: str = col(
        "村(社区)名称",
        required=True,
        max_length=40,
        search=True,
        unique=True,
        synonyms=("村(社区)", "村（社区）", "村名", "社区", "村", "所属村"),
    )
    kind: str = col("类型", choices=C.VILLAGE_KIND, default="village")
    sort_order: int = col("排序", default=0, width=5)
    secretary: str | None = col("村(居)负责人", max_length=20)
    phone: str | None = col("联系电话", max_length=30, check=check_phone)
    households: int | None = col("户数", min=0)
    population: int | None = col("人口", min=0)
    note: str | None = col("备注", kind=LONGTEXT)


class Industry(LedgerBase, table=True):
    """An industry / field in the station's own, editable list (the 统计表 rows)."""

    __tablename__ = "industry"
    name: str = col(
        "行业和领域", required=True, max_length=40, unique=True, search=True, synonyms=("行业类别", "行业", "行业领域")
    )
    sort_order: int = col("排序", default=0, width=5)
    high_risk: bool = col("高危行业", default=False)
    crowded: bool = col("人员密集场所", default=False)


class Staff(LedgerBase, table=True):
    """A person in the station roster or a village safety officer (R01)."""

    __tablename__ = "staff"
    name: str = col("姓名", required=True, max_length=20, search=True)
    role: str = col("岗位", choices=C.STAFF_ROLE, required=True, default="staff", synonyms=("职务",))
    employment: str = col("专兼职", choices=C.EMPLOYMENT, required=True, default="part", synonyms=("专职/兼职",))
    village_id: int | None = col("所属村(社区)", ref="village", help="村(居)安全信息员填写")
    phone: str | None = col("联系电话", max_length=30, check=check_phone, search=True)
    appointment_doc: str | None = col("任命文件文号", max_length=40, search=True, width=15)  # 青委〔2024〕12号
    appointment_date: dt.date | None = col("任命日期")
    filing_date: dt.date | None = col("县局备案日期")
    cert_no: str | None = col("执法证号", max_length=40)
    cert_expiry: dt.date | None = col("执法证有效期至")
    active: bool = col("在岗", default=True)
    left_date: dt.date | None = col("离岗日期")
    left_reason: str | None = col("离岗原因", max_length=100)
    password_hash: str | None = col("登录密码(散列)", max_length=200, hidden=True)


def _staff_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    if v.get("role") == "village_officer" and not v.get("village_id"):
        out.append(("village_id", "村(居)安全信息员须填写所属村(社区)"))
    if v.get("left_date") and v.get("appointment_date") and v["left_date"] < v["appointment_date"]:
        out.append(("left_date", "离岗日期不能早于任命日期"))
    return out


STATION = register(Station, title="安监站基本信息", group=GROUP_STATION, title_field="name", order_by=("name", "id"))
VILLAGES = register(Village, title="村(社区)", group=GROUP_STATION, title_field="name", order_by=("name", "id"))
# The industries keep the rows of the 统计表 (their 排序 column), not pinyin.
INDUSTRIES = register(
    Industry, title="行业和领域", group=GROUP_STATION, title_field="name", order_by=("sort_order", "name", "id")
)
STAFF = register(
    Staff,
    title="人员名册",
    group=GROUP_STATION,
    record_code="R01",
    title_field="name",
    order_by=("name", "id"),
    checks=[_staff_checks],
)


def notice_short_name(station: dict) -> str:
    """The 简称 in notice numbers: the station's own (文书简称), else its town without 镇/乡/街道."""
    if station.get("doc_prefix"):
        return str(station["doc_prefix"])
    town = str(station.get("town") or "")
    for suffix in ("街道办事处", "街道", "镇", "乡"):
        if town.endswith(suffix) and len(town) > len(suffix):
            return town[: -len(suffix)]
    return town


def issuing_body(station: dict) -> str:
    """In whose name a notice is issued: with 委托执法, the entrusting authority (the order is its
    act); otherwise the station itself."""
    if station.get("entrusted_enforcement") and station.get("entrusting_authority"):
        return str(station["entrusting_authority"])
    return str(station.get("name") or "")
