"""Small registers a station keeps when it does this work (#18): 食品安全检查 (R26), 重点消防户 /
消防重点单位 (R29) and 农村自建房 (R30).

- R26: “组织了两次食品安全质量大检查，出动人力24人次”; “共没收火烧肉127公斤、变质食品5件、撤出不合格
  流动饮食摊贩18人次…发放食品质量安全保证通知书193份” (002/篇四a). The period's checks, kilograms
  seized and stalls removed are group J 专项 of the 月报表 (DOMAIN §3.8).
- R29: “对南街老建筑…确定了重点消防户，督促××房管所限期整改…调换和更新…输电线路，并向每户发放
  铜制防火小通告” (002/篇四c); “落实老弱病残等弱势群体的消防安全保障措施”; “村(居)民自家应配备简易的
  灭火工具” (002/篇四d). A problem past its 整改期限 is reminded on 首页.
- R30: “各镇街要加强农村自建房的安全管理，严防施工坍塌、高处坠落、起重伤害等事故” (001/§4).
"""

import datetime as dt

from safetystation.domain import choices as C
from safetystation.domain.base import LedgerBase
from safetystation.domain.spec import GROUP_LEDGER, LONGTEXT, MONEY, col, register
from safetystation.domain.validators import check_phone


def _not_future(v: dict, name: str, label: str) -> list[tuple[str, str]]:
    day = v.get(name)
    return [(name, f"{label}不能晚于今天")] if day and day > dt.date.today() else []


class FoodCheck(LedgerBase, table=True):
    """One food-safety check (食品安全检查, R26): who went, where, what was seized and done."""

    __tablename__ = "food_check"
    date: dt.date = col("检查日期", required=True, index=True, synonyms=("日期",))
    team: str = col("检查人员", required=True, max_length=80, search=True, width=16, synonyms=("检查组", "参加人员"))
    joint_unit: str | None = col("联合单位", max_length=40, width=12, help="如 市场监管所、卫生院")
    person_times: int = col("出动人次", required=True, default=1, min=1, max=10000, width=6, synonyms=("出动人力",))
    places: str = col(
        "检查场所", kind=LONGTEXT, required=True, search=True, width=24, synonyms=("检查地点", "场所"),
        help="如 集贸市场、学校食堂、农家乐、流动摊点",
    )  # fmt: skip
    units: int | None = col("检查户数", min=0, max=10000, width=6, synonyms=("检查单位(户)",))
    seized_kg: int = col("没收(公斤)", required=True, default=0, min=0, max=100000, width=6,
                         synonyms=("没收公斤", "没收重量"))  # fmt: skip
    seized_pieces: int = col("没收(件)", required=True, default=0, min=0, max=100000, width=6, synonyms=("没收件数",))
    seized_items: str | None = col(
        "没收物品", max_length=100, search=True, width=16, help="如 火烧肉127公斤、变质食品5件"
    )
    stalls_removed: int = col(
        "撤出摊贩(人次)", required=True, default=0, min=0, max=10000, width=6,
        synonyms=("撤出不合格流动饮食摊贩", "摊贩清理(人次)", "清理摊贩"),
    )  # fmt: skip
    notices: int = col("发放保证通知书(份)", required=True, default=0, min=0, max=100000, width=7,
                       synonyms=("保证通知书", "发放通知书"))  # fmt: skip
    cost: int | None = col("投入资金(元)", kind=MONEY, min=0, synonyms=("投入资金",))
    handling: str | None = col("处理情况", kind=LONGTEXT, search=True, width=20)
    note: str | None = col("备注", kind=LONGTEXT)


def _food_checks(v: dict) -> list[tuple[str, str]]:
    out = _not_future(v, "date", "检查日期")
    if ((v.get("seized_kg") or 0) > 0 or (v.get("seized_pieces") or 0) > 0) and not v.get("seized_items"):
        out.append(("seized_items", "有没收的，请填写没收物品（品名和数量）"))
    return out


class FirePriority(LedgerBase, table=True):
    """A household or unit the station keeps a closer eye on for fire (重点消防户 / 消防重点单位, R29)."""

    __tablename__ = "fire_priority"
    kind: str = col("类别", choices=C.FIRE_PRIORITY_KIND, required=True, default="household", width=12)
    name: str = col("户主/单位名称", required=True, max_length=60, search=True, width=18,
                    synonyms=("户主", "单位名称", "名称"))  # fmt: skip
    enterprise_id: int | None = col("登记单位", ref="enterprise", width=18, help="已在企业台账中的单位可选择")
    village_id: int | None = col("所在村(社区)", ref="village", synonyms=("村(社区)", "所在村"))
    address: str = col("地址", required=True, max_length=80, search=True, width=18, synonyms=("住址", "位置"))
    contact: str | None = col("联系人", max_length=20, width=8)
    phone: str | None = col("联系电话", max_length=30, check=check_phone)
    reason: str = col("列管原因", choices=C.FIRE_PRIORITY_REASON, required=True, width=16, synonyms=("原因",))
    vulnerable: bool = col("有老弱病残", default=False, help="落实弱势群体的消防安全保障措施")
    extinguisher: bool = col("配备灭火器材", default=False, help="村(居)民自家应配备简易的灭火工具")
    listed: dt.date | None = col("列管日期", synonyms=("确定日期",))
    problems: str | None = col("存在问题", kind=LONGTEXT, search=True, width=22, synonyms=("隐患", "主要隐患"))
    measures: str | None = col("整改/保障措施", kind=LONGTEXT, width=22, synonyms=("整改措施", "保障措施"))
    deadline: dt.date | None = col("整改期限", help="到期未整改的在首页提醒")
    rectified: dt.date | None = col("整改完成日期", synonyms=("整改日期",))
    last_visit: dt.date | None = col("最近检查日期", synonyms=("检查日期",))
    active: bool = col("在册", default=True, help="已不再列管的不再提醒")
    note: str | None = col("备注", kind=LONGTEXT)


def _fire_checks(v: dict) -> list[tuple[str, str]]:
    out = _not_future(v, "rectified", "整改完成日期") + _not_future(v, "last_visit", "最近检查日期")
    if v.get("deadline") and not v.get("problems"):
        out.append(("problems", "有整改期限的，请填写存在问题"))
    if v.get("rectified") and not v.get("problems"):
        out.append(("problems", "填写了整改完成日期，请填写存在问题"))
    if v.get("kind") == "unit" and v.get("reason") == "vulnerable" and not v.get("vulnerable"):
        out.append(("vulnerable", "列管原因为老弱病残的，请勾选“有老弱病残”"))
    return out


class SelfBuiltHouse(LedgerBase, table=True):
    """A rural self-built house under the station's watch (农村自建房, R30): while built (施工坍塌、高处
    坠落、起重伤害) and, when used for business or let, as a building people gather in."""

    __tablename__ = "self_built_house"
    owner: str = col("户主", required=True, max_length=20, search=True, width=8, synonyms=("房主", "户主姓名"))
    village_id: int = col("所在村(社区)", ref="village", required=True, synonyms=("村(社区)", "所在村"))
    group: str | None = col("组", max_length=20, width=6, synonyms=("村民小组",))
    address: str | None = col("地址", max_length=80, search=True, width=16)
    phone: str | None = col("联系电话", max_length=30, check=check_phone)
    use: str = col("用途", choices=C.HOUSE_USE, required=True, default="home", width=10, synonyms=("房屋用途",))
    structure: str = col("结构", choices=C.HOUSE_STRUCTURE, required=True, default="brick_concrete", width=6,
                         synonyms=("结构类型", "房屋结构"))  # fmt: skip
    floors: int = col("层数", required=True, min=1, max=20, width=4, synonyms=("楼层数",))
    area: int | None = col("建筑面积(㎡)", min=1, max=100000, width=7, synonyms=("建筑面积", "面积"))
    stage: str = col("建设情况", choices=C.HOUSE_STAGE, required=True, default="built", width=8,
                     synonyms=("建设状态", "状态"))  # fmt: skip
    built_year: int | None = col("建成年份", min=1900, max=2100, width=6, synonyms=("建成时间", "建造年份"))
    builder: str | None = col("施工方/工匠", max_length=40, width=12, synonyms=("施工方", "工匠", "施工队"),
                              help="在建房屋填写承建的施工队或农村建筑工匠")  # fmt: skip
    inspected: dt.date | None = col("排查日期", synonyms=("检查日期",))
    risk: str = col("排查结论", choices=C.HOUSE_RISK, required=True, default="unchecked", width=10,
                    synonyms=("安全状况", "鉴定结论"))  # fmt: skip
    problems: str | None = col("存在问题", kind=LONGTEXT, search=True, width=22)
    measures: str | None = col("整改措施", kind=LONGTEXT, width=20, synonyms=("处置措施",))
    rectified: bool = col("已整改", default=False)
    note: str | None = col("备注", kind=LONGTEXT)


def _house_checks(v: dict) -> list[tuple[str, str]]:
    out = _not_future(v, "inspected", "排查日期")
    risk = v.get("risk")
    if risk in ("safe", "hazard", "dangerous") and not v.get("inspected"):
        out.append(("inspected", "有排查结论的须填写排查日期"))
    if risk == "unchecked" and v.get("inspected"):
        out.append(("risk", "填写了排查日期，请选择排查结论"))
    if risk in ("hazard", "dangerous") and not v.get("problems"):
        out.append(("problems", "存在安全隐患或危房的，请填写存在问题"))
    if v.get("rectified") and risk not in ("hazard", "dangerous"):
        out.append(("rectified", "只有存在安全隐患或危房的才勾选“已整改”"))
    if v.get("stage") == "building" and not v.get("builder"):
        out.append(("builder", "在建房屋请填写施工方/工匠"))
    year = v.get("built_year")
    if year and v.get("stage") in ("planned", "building"):
        out.append(("built_year", "拟建、在建的房屋不填写建成年份"))
    elif year and year > dt.date.today().year:
        out.append(("built_year", "建成年份不能晚于今年"))
    return out


FOOD_CHECKS = register(
    FoodCheck,
    title="食品安全检查记录",
    group=GROUP_LEDGER,
    record_code="R26",
    title_field="places",
    date_field="date",
    order_by=("-date", "-id"),
    checks=[_food_checks],
    printed=(
        "date",
        "team",
        "person_times",
        "places",
        "seized_kg",
        "seized_pieces",
        "seized_items",
        "stalls_removed",
        "notices",
        "handling",
    ),
)
FIRE_PRIORITIES = register(
    FirePriority,
    title="重点消防户(单位)台账",
    group=GROUP_LEDGER,
    record_code="R29",
    title_field="name",
    date_field="deadline",
    order_by=("village_id", "name", "id"),  # a register: by village, then name (pinyin)
    checks=[_fire_checks],
    printed=(
        "kind",
        "name",
        "village_id",
        "address",
        "contact",
        "reason",
        "vulnerable",
        "extinguisher",
        "problems",
        "deadline",
        "rectified",
    ),
)
SELF_BUILT_HOUSES = register(
    SelfBuiltHouse,
    title="农村自建房台账",
    group=GROUP_LEDGER,
    record_code="R30",
    title_field="owner",
    date_field="inspected",
    order_by=("village_id", "owner", "id"),
    checks=[_house_checks],
    printed=(
        "owner",
        "village_id",
        "group",
        "use",
        "structure",
        "floors",
        "area",
        "stage",
        "builder",
        "inspected",
        "risk",
        "problems",
        "rectified",
    ),
)
