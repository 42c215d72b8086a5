"""Enterprises in the jurisdiction (R05), key parts (R09) and responsibility agreements (R10)."""

import datetime as dt

from safetystation.domain import choices as C
from safetystation.domain.base import LedgerBase
from safetystation.domain.spec import GROUP_LEDGER, LONGTEXT, col, register
from safetystation.domain.validators import check_credit_code, check_phone


class Enterprise(LedgerBase, table=True):
    """A production or business unit under the station's supervision."""

    __tablename__ = "enterprise"
    name: str = col(
        "单位名称",
        required=True,
        max_length=80,
        search=True,
        width=22,
        synonyms=("企业名称", "被检查单位", "生产经营单位", "单位"),
    )
    credit_code: str | None = col(
        "统一社会信用代码",
        max_length=18,
        check=check_credit_code,
        search=True,
        width=20,
        index=True,
        synonyms=("信用代码", "社会信用代码", "统一代码"),
    )
    industry_id: int | None = col("行业类别", ref="industry", synonyms=("行业", "行业和领域", "所属行业"))
    village_id: int | None = col("所在村(社区)", ref="village", synonyms=("村(社区)", "所属村", "所在村"))
    address: str | None = col("地址", max_length=100, search=True, width=20, synonyms=("单位地址", "经营地址"))
    legal_rep: str | None = col("法定代表人", max_length=20, search=True, synonyms=("法人", "法人代表"))
    principal: str | None = col("主要负责人", max_length=20, synonyms=("负责人",))
    safety_manager: str | None = col("安全管理人员", max_length=20, synonyms=("安全员",))
    phone: str | None = col("联系电话", max_length=30, check=check_phone, synonyms=("电话", "手机"))
    scale: str | None = col("规模", choices=C.ENTERPRISE_SCALE, synonyms=("企业规模",))
    employees: int | None = col("从业人数", min=0, max=100000, synonyms=("职工人数", "员工人数", "人数"))
    licence_no: str | None = col(
        "安全生产许可证号", max_length=40, width=28, synonyms=("许可证号", "许可证编号")
    )  # (浙)WH安许证字〔2021〕680号
    licence_expiry: dt.date | None = col("许可证有效期至", synonyms=("安全生产许可证有效期", "许可证有效期", "有效期"))
    standardization: str | None = col("标准化等级", choices=C.STANDARDIZATION, synonyms=("安全标准化", "标准化"))
    risk_level: str | None = col("风险等级", choices=C.RISK_LEVEL, synonyms=("风险分级", "风险颜色"))
    is_key: bool = col("重点监管", default=False, synonyms=("重点企业", "是否重点"))
    status: str = col(
        "经营状态", choices=C.ENTERPRISE_STATUS, required=True, default="operating", synonyms=("状态", "生产状态")
    )
    note: str | None = col("备注", kind=LONGTEXT)


class KeyPart(LedgerBase, table=True):
    """A place able to cause an accident with 3+ deaths, or a major hazard source (R09)."""

    __tablename__ = "key_part"
    code: str | None = col("编号", max_length=30, search=True, width=8)
    enterprise_id: int | None = col("所属单位", ref="enterprise")
    name: str = col("重点部位名称", required=True, max_length=60, search=True, synonyms=("部位", "重点部位"))
    location: str | None = col("位置", max_length=100, search=True)
    hazard_type: str = col("可能事故类型", choices=C.KEY_PART_HAZARD, required=True)
    potential_casualties: int | None = col("可能伤亡人数", min=0)
    is_major_source: bool = col("重大危险源", default=False)
    source_grade: str | None = col("危险源等级", choices=C.SOURCE_GRADE)
    monitoring: str | None = col("监控措施", kind=LONGTEXT)
    unit_responsible: str | None = col("单位责任人", max_length=20)
    official_responsible: str | None = col("属地/行业责任人", max_length=40)
    filed_date: dt.date | None = col("备案日期")
    filed_to: str | None = col("备案部门", max_length=60, help="如 市安委办、县安委办")
    last_check: dt.date | None = col("最近检查日期")
    note: str | None = col("备注", kind=LONGTEXT)


class Agreement(LedgerBase, table=True):
    """A signed responsibility agreement / pledge (R10)."""

    __tablename__ = "agreement"
    year: int = col("年度", required=True, min=2000, max=2100, width=5)
    type: str = col("责任书类型", choices=C.AGREEMENT_TYPE, required=True, width=16)
    party_a: str = col("甲方", required=True, max_length=40, default="镇人民政府")
    party_b: str = col("乙方", required=True, max_length=80, search=True, width=18)
    party_kind: str = col("乙方类型", choices=C.PARTY_KIND, required=True)
    enterprise_id: int | None = col("乙方企业", ref="enterprise")
    village_id: int | None = col("乙方村(社区)", ref="village")
    signatory: str | None = col("乙方签字人", max_length=20)
    signed_date: dt.date = col("签订日期", required=True, index=True)
    indicators: str | None = col("控制指标/目标", kind=LONGTEXT)
    assessment: str = col("年终考核", choices=C.ASSESSMENT, required=True, default="pending")
    note: str | None = col("备注", kind=LONGTEXT)


def _agreement_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    if v.get("party_kind") == "enterprise" and not v.get("enterprise_id"):
        out.append(("enterprise_id", "乙方类型为企业时须选择乙方企业"))
    if v.get("party_kind") == "village" and not v.get("village_id"):
        out.append(("village_id", "乙方类型为村(社区)时须选择村(社区)"))
    d, y = v.get("signed_date"), v.get("year")
    if d and y and abs(d.year - y) > 1:
        out.append(("signed_date", f"签订日期与年度{y}相差超过一年"))
    return out


def _key_part_checks(v: dict) -> list[tuple[str, str]]:
    if v.get("is_major_source") and not v.get("source_grade"):
        return [("source_grade", "重大危险源须填写危险源等级")]
    return []


ENTERPRISES = register(
    Enterprise,
    title="辖区生产经营单位台账",
    group=GROUP_LEDGER,
    record_code="R05",
    title_field="name",
    order_by=("name", "id"),
    # On paper: who and where each unit is, who answers for it and how it is supervised (the licence and
    # the 法定代表人 stay on screen and in the export).
    printed=(
        "name",
        "credit_code",
        "industry_id",
        "village_id",
        "address",
        "principal",
        "safety_manager",
        "phone",
        "employees",
        "scale",
        "risk_level",
        "standardization",
        "is_key",
        "status",
    ),
)
KEY_PARTS = register(
    KeyPart,
    title="重点部位台账",
    group=GROUP_LEDGER,
    record_code="R09",
    title_field="name",
    date_field="filed_date",
    order_by=("enterprise_id", "name", "id"),  # a register: by unit, then part (both by pinyin)
    checks=[_key_part_checks],
)
AGREEMENTS = register(
    Agreement,
    title="安全生产责任书台账",
    group=GROUP_LEDGER,
    record_code="R10",
    title_field="party_b",
    date_field="signed_date",
    order_by=("-signed_date", "-id"),
    checks=[_agreement_checks],
)
