"""烟花爆竹 (R27, #18): the licensed outlets, their flow register (购进/销售) and the search log of the
打非 sweeps by village: “严格流向登记”, “按照安全距离要求规划经营摊点” (001/§6); “闲置房屋、废弃砖厂、
蔬菜大棚、停工厂房、养殖场、机井房…做到乡不漏村、村不漏户、户不漏房” (001/§6).

An outlet's stock is its flow register's 购进 less 销售 (services/fireworks.py), checked against what
its licence allows it to store; licences are reminded 30 days before they run out. The seizures of the
search log, counted in 件/箱, are the 月报表's 收缴非法烟花爆竹 (reports/monthly.py, group D).
"""

import datetime as dt

from safetystation.domain import choices as C
from safetystation.domain.base import LedgerBase
from safetystation.domain.spec import GROUP_LEDGER, LONGTEXT, col, register
from safetystation.domain.validators import check_phone


class FireworksOutlet(LedgerBase, table=True):
    """A licensed fireworks outlet (烟花爆竹经营点, R27)."""

    __tablename__ = "fireworks_outlet"
    name: str = col(
        "经营点名称", required=True, max_length=60, search=True, width=22, synonyms=("经营点", "名称", "店名")
    )
    kind: str = col("经营方式", choices=C.FIREWORKS_OUTLET_KIND, required=True, default="fixed", width=12,
                    synonyms=("类型", "经营类型"))  # fmt: skip
    operator: str = col("负责人", required=True, max_length=20, search=True, width=8, synonyms=("经营者", "业主"))
    phone: str | None = col("联系电话", max_length=30, check=check_phone)
    village_id: int | None = col("所在村(社区)", ref="village", synonyms=("村(社区)", "所在村"))
    address: str | None = col("经营地址", max_length=80, search=True, width=20, synonyms=("地址", "地点"))
    licence_no: str | None = col(
        "许可证编号",
        max_length=40,
        search=True,
        width=32,
        synonyms=("经营许可证号", "许可证号", "证号"),
        help="如 （临）烟花零售证字〔2026〕第006号",
    )
    licence_expiry: dt.date | None = col(
        "许可证有效期至", synonyms=("有效期至", "许可证到期日"), help="到期前30天在首页提醒"
    )
    stock_limit: int | None = col(
        "核定储存量(箱)", min=1, max=100000, width=8, synonyms=("核定储存量", "限量(箱)"),
        help="许可证核定的最大储存量；流向登记的结存超过时在首页提醒",
    )  # fmt: skip
    distance_m: int | None = col(
        "安全距离(米)", min=0, max=10000, width=7, synonyms=("安全距离", "距离(米)"),
        help="与学校、集贸市场等人员密集场所及居民住宅的最近距离",
    )  # fmt: skip
    distance_check: str = col("距离核查", choices=C.DISTANCE_CHECK, required=True, default="unchecked", width=8,
                              synonyms=("安全距离核查", "距离是否符合"))  # fmt: skip
    checked_on: dt.date | None = col("核查日期", synonyms=("距离核查日期",))
    active: bool = col("在营", default=True, help="停业、注销的不再提醒许可证，也不计库存")
    note: str | None = col("备注", kind=LONGTEXT)


def _outlet_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    if v.get("licence_no") and not v.get("licence_expiry"):
        out.append(("licence_expiry", "有许可证编号时须填写许可证有效期至"))
    if v.get("licence_expiry") and not v.get("licence_no"):
        out.append(("licence_no", "填写了许可证有效期，请填写许可证编号"))
    checked = v.get("distance_check") in ("ok", "not_ok")
    if checked and not v.get("checked_on"):
        out.append(("checked_on", "已核查安全距离的须填写核查日期"))
    if checked and v.get("distance_m") is None:
        out.append(("distance_m", "已核查安全距离的须填写实测距离（米）"))
    if not checked and v.get("checked_on"):
        out.append(("distance_check", "填写了核查日期，请选择核查结论（符合或不符合）"))
    if v.get("checked_on") and v["checked_on"] > dt.date.today():
        out.append(("checked_on", "核查日期不能晚于今天"))
    return out


class FireworksFlow(LedgerBase, table=True):
    """One purchase or sale of an outlet (流向登记, R27)."""

    __tablename__ = "fireworks_flow"
    date: dt.date = col("日期", required=True, index=True, synonyms=("登记日期", "购销日期"))
    outlet_id: int = col("经营点", ref="fireworks_outlet", required=True, width=22, synonyms=("经营点名称",))
    direction: str = col("购销", choices=C.FIREWORKS_DIRECTION, required=True, default="in", width=6,
                         synonyms=("进/销", "类别", "流向"))  # fmt: skip
    product: str = col(
        "品名规格", required=True, max_length=60, search=True, width=20, synonyms=("品名", "产品名称", "规格")
    )
    quantity: int = col("数量(箱)", required=True, min=1, max=100000, width=7, synonyms=("数量", "箱数"))
    counterpart: str | None = col(
        "供货单位/购买人", max_length=60, search=True, width=18, synonyms=("供货单位", "购买人", "购买单位"),
        help="购进填写批发企业，销售填写购买人（单位）",
    )  # fmt: skip
    ticket_no: str | None = col("票据/流向码", max_length=40, width=14, synonyms=("票据号", "流向码", "单据号"))
    note: str | None = col("备注", kind=LONGTEXT)


def _flow_checks(v: dict) -> list[tuple[str, str]]:
    if v.get("date") and v["date"] > dt.date.today():
        return [("date", "日期不能晚于今天")]
    return []


class FireworksSearch(LedgerBase, table=True):
    """One 打非 sweep of a village for illegal fireworks (打非排查记录, R27): where was searched, what
    was found and what was seized, counted in 件/箱."""

    __tablename__ = "fireworks_search"
    date: dt.date = col("排查日期", required=True, index=True, synonyms=("日期", "检查日期"))
    village_id: int = col("排查村(社区)", ref="village", required=True, synonyms=("村(社区)", "所在村", "村"))
    places: str = col(
        "排查场所", kind=LONGTEXT, required=True, search=True, width=24, synonyms=("排查地点", "场所"),
        help="如 闲置房屋、废弃砖厂、蔬菜大棚、停工厂房、养殖场、机井房",
    )  # fmt: skip
    place_count: int | None = col("排查处数", min=0, max=100000, width=6, synonyms=("排查场所数", "处数"))
    team: str | None = col("排查人员", max_length=60, width=14, synonyms=("检查人员",))
    joint_unit: str | None = col("联合单位", max_length=40, width=10, help="如 派出所、市场监管所")
    found: int = col("发现非法储存/销售(处)", required=True, default=0, min=0, max=1000, width=6,
                     synonyms=("发现非法", "发现(处)"))  # fmt: skip
    seized: int = col(
        "收缴(件/箱)", required=True, default=0, min=0, max=100000, width=7,
        synonyms=("收缴数量", "收缴非法烟花爆竹", "收缴(件)", "收缴(箱)"), help="计入月报表“收缴非法烟花爆竹”",
    )  # fmt: skip
    seized_items: str | None = col("收缴物品", max_length=100, search=True, width=16, synonyms=("收缴品名",))
    handling: str | None = col("处理情况", kind=LONGTEXT, search=True, width=20)
    note: str | None = col("备注", kind=LONGTEXT)


def _search_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    if v.get("date") and v["date"] > dt.date.today():
        out.append(("date", "排查日期不能晚于今天"))
    if (v.get("seized") or 0) > 0 and not v.get("found"):
        out.append(("found", "有收缴的，请填写发现非法储存/销售的处数"))
    if (v.get("seized") or 0) > 0 and not v.get("seized_items"):
        out.append(("seized_items", "请填写收缴物品（品名和数量）"))
    if v.get("found") and not v.get("handling"):
        out.append(("handling", "发现非法储存/销售的，请填写处理情况"))
    return out


FIREWORKS_OUTLETS = register(
    FireworksOutlet,
    title="烟花爆竹经营点",
    group=GROUP_LEDGER,
    record_code="R27",
    title_field="name",
    date_field="licence_expiry",
    order_by=("village_id", "name", "id"),  # a register: by village, then name (pinyin)
    picker=("name", "operator"),
    checks=[_outlet_checks],
    printed=(
        "name",
        "kind",
        "operator",
        "phone",
        "village_id",
        "address",
        "licence_no",
        "licence_expiry",
        "stock_limit",
        "distance_m",
        "distance_check",
    ),
)
FIREWORKS_FLOWS = register(
    FireworksFlow,
    title="烟花爆竹流向登记",
    group=GROUP_LEDGER,
    record_code="R27",
    title_field="product",
    date_field="date",
    order_by=("-date", "-id"),
    checks=[_flow_checks],
    printed=("date", "outlet_id", "direction", "product", "quantity", "counterpart", "ticket_no"),
)
FIREWORKS_SEARCHES = register(
    FireworksSearch,
    title="烟花爆竹打非排查记录",
    group=GROUP_LEDGER,
    record_code="R27",
    title_field="places",
    date_field="date",
    order_by=("-date", "-id"),
    checks=[_search_checks],
    printed=("date", "village_id", "places", "place_count", "team", "found", "seized", "seized_items", "handling"),
)
