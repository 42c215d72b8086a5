"""拖拉机及驾驶员台帐 and the road-traffic violation log (R16, #18): “建立了拖拉机及驾驶员台帐，初步掌握了
全镇机动车驾驶的基本情况”; “利用街天…设卡堵截，共查获拖拉机载人事件40起，教育违章驾驶人员52人次”
(DOMAIN.md R16, 002/篇四a).

Inspection, insurance and licence dates are reminded on 首页 (services/reminders.py); the period's
拖拉机载人 起数 and 教育 人次 for group J 专项 of the 月报表 come from services/tractors.py.
"""

import datetime as dt

from safetystation.domain import choices as C
from safetystation.domain.base import LedgerBase
from safetystation.domain.spec import GROUP_LEDGER, LONGTEXT, col, register
from safetystation.domain.validators import check_phone


class Vehicle(LedgerBase, table=True):
    """A tractor, farm truck or motorcycle in the township (拖拉机台帐, R16)."""

    __tablename__ = "vehicle"
    plate: str | None = col(
        "号牌号码", max_length=20, search=True, unique=True, width=12, synonyms=("号牌", "车牌号", "牌照号")
    )
    type: str = col("车辆类型", choices=C.VEHICLE_TYPE, required=True, default="tractor", synonyms=("类型", "车型"))
    owner: str = col("车主", required=True, max_length=20, search=True, width=8, synonyms=("所有人", "车主姓名"))
    village_id: int | None = col("所在村(社区)", ref="village", synonyms=("村(社区)", "所在村"))
    group: str | None = col("组", max_length=20, width=6, synonyms=("村民小组", "所在组"))
    phone: str | None = col("联系电话", max_length=30, check=check_phone)
    engine_no: str | None = col("发动机号/机架号", max_length=40, width=16, synonyms=("发动机号", "机架号"))
    registered: dt.date | None = col("登记日期", synonyms=("注册日期", "初次登记日期"))
    inspection_due: dt.date | None = col(
        "年检有效期至", synonyms=("年检日期", "检验有效期至"), help="到期前30天在首页提醒"
    )
    insurance_expiry: dt.date | None = col(
        "保险到期日", synonyms=("保险有效期至", "交强险到期"), help="到期前30天在首页提醒"
    )
    active: bool = col("在用", default=True, help="报废、转出的不再提醒年检和保险")
    note: str | None = col("备注", kind=LONGTEXT)


def _vehicle_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    if v.get("registered") and v["registered"] > dt.date.today():
        out.append(("registered", "登记日期不能晚于今天"))
    return out


class Driver(LedgerBase, table=True):
    """A driver of a vehicle in the register (驾驶员台帐, R16)."""

    __tablename__ = "driver"
    name: str = col("姓名", required=True, max_length=20, search=True, width=8, synonyms=("驾驶员", "驾驶人"))
    village_id: int | None = col("所在村(社区)", ref="village", synonyms=("村(社区)", "所在村"))
    phone: str | None = col("联系电话", max_length=30, check=check_phone)
    licence_no: str | None = col(
        "驾驶证号", max_length=30, search=True, width=20, synonyms=("驾驶证号码", "证号"), help="无证的留空"
    )
    licence_class: str | None = col(
        "准驾车型", max_length=10, width=6, synonyms=("驾驶证类型",), help="如 G、H、K、D、E、C1"
    )
    licence_expiry: dt.date | None = col("驾驶证有效期至", synonyms=("有效期至", "有效期"), help="到期前30天在首页提醒")
    vehicle_id: int | None = col("驾驶车辆", ref="vehicle", width=12)
    active: bool = col("在册", default=True, help="外出务工、不再驾驶的不再提醒")
    note: str | None = col("备注", kind=LONGTEXT)


def _driver_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    if v.get("licence_no") and not v.get("licence_expiry"):
        out.append(("licence_expiry", "有驾驶证号时须填写有效期至"))
    if not v.get("licence_no") and (v.get("licence_expiry") or v.get("licence_class")):
        out.append(("licence_no", "填写了准驾车型或有效期，请填写驾驶证号"))
    return out


class TrafficViolation(LedgerBase, table=True):
    """One violation found at a checkpoint, often with the 交警 on a 街天 (违法违规记录, R16)."""

    __tablename__ = "traffic_violation"
    date: dt.date = col("查获日期", required=True, index=True, synonyms=("日期", "查处日期"))
    checkpoint: str = col("设卡地点", required=True, max_length=40, search=True, width=14, synonyms=("地点", "卡点"))
    kind: str = col("违法行为", choices=C.TRAFFIC_VIOLATION, required=True, default="passengers", width=8,
                    synonyms=("违法类型", "违章行为"))  # fmt: skip
    vehicle_type: str = col("车辆类型", choices=C.VEHICLE_TYPE, required=True, default="tractor")
    vehicle_id: int | None = col("登记车辆", ref="vehicle", width=12, help="台帐中有的车辆可选择")
    plate: str | None = col("号牌号码", max_length=20, search=True, width=10, synonyms=("号牌", "车牌号"))
    driver: str | None = col("驾驶人", max_length=20, search=True, width=8, synonyms=("驾驶员", "违章驾驶人"))
    passengers: int | None = col("载人数", min=1, max=200, width=5, help="载人的填写所载人数")
    educated: int = col(
        "教育人次", required=True, default=1, min=0, max=1000, width=6, synonyms=("教育违章驾驶人员", "教育人数")
    )
    joint_unit: str | None = col(
        "联合执法单位", max_length=40, width=12, synonyms=("联合单位",), help="如 县交警大队二中队"
    )
    handling: str | None = col("处理情况", kind=LONGTEXT, search=True, width=20)
    note: str | None = col("备注", kind=LONGTEXT)


def _violation_checks(v: dict) -> list[tuple[str, str]]:
    out = []
    if v.get("date") and v["date"] > dt.date.today():
        out.append(("date", "查获日期不能晚于今天"))
    if v.get("kind") != "passengers" and v.get("passengers"):
        out.append(("passengers", "只有违法行为为“载人”的填写载人数"))
    return out


VEHICLES = register(
    Vehicle,
    title="拖拉机(农用车)台帐",
    group=GROUP_LEDGER,
    record_code="R16",
    title_field="plate",
    date_field="inspection_due",
    order_by=("village_id", "owner", "id"),  # a register: by village, then owner (pinyin)
    picker=("plate", "owner"),
    checks=[_vehicle_checks],
    printed=("plate", "type", "owner", "village_id", "group", "phone", "inspection_due", "insurance_expiry", "active"),
)
DRIVERS = register(
    Driver,
    title="驾驶员台帐",
    group=GROUP_LEDGER,
    record_code="R16",
    title_field="name",
    date_field="licence_expiry",
    order_by=("village_id", "name", "id"),
    checks=[_driver_checks],
    printed=("name", "village_id", "phone", "licence_no", "licence_class", "licence_expiry", "vehicle_id", "active"),
)
TRAFFIC_VIOLATIONS = register(
    TrafficViolation,
    title="道路交通违法违规记录",
    group=GROUP_LEDGER,
    record_code="R16",
    title_field="checkpoint",
    date_field="date",
    order_by=("-date", "-id"),
    checks=[_violation_checks],
    printed=("date", "checkpoint", "kind", "vehicle_type", "plate", "driver", "passengers", "educated", "joint_unit"),
)
