"""六有 equipment and other station equipment (R03, DOMAIN.md §5), maintenance schedules and their log."""

import datetime as dt

from safetystation.domain import choices as C
from safetystation.domain.base import LedgerBase
from safetystation.domain.spec import GROUP_EQUIPMENT, LONGTEXT, MONEY, col, register


class Equipment(LedgerBase, table=True):
    """One inventory line: an item or a batch of identical items (e.g. 60 具 extinguishers)."""

    __tablename__ = "equipment"
    category: str = col("类别", choices=C.EQUIPMENT_CATEGORY, required=True, synonyms=("六有类别", "装备类别"))
    kind: str = col("品类", choices=C.EQUIPMENT_KIND, required=True, default="other", synonyms=("种类",))
    name: str = col("名称", required=True, max_length=60, search=True, width=16, synonyms=("装备名称", "物品名称"))
    model_spec: str | None = col("规格型号", max_length=60, search=True, synonyms=("型号", "规格"))
    unit: str = col("计量单位", required=True, default="台", max_length=6, width=5, synonyms=("单位",))
    quantity: int = col("数量", required=True, default=1, min=0, width=5)
    asset_no: str | None = col("资产编号", max_length=40, search=True, width=18)  # QS-EMERGENCY-018
    location: str | None = col("存放地点", max_length=60, search=True, synonyms=("存放位置", "位置"))
    custodian: str | None = col("保管人", max_length=20, search=True)
    status: str = col("状态", choices=C.EQUIPMENT_STATUS, required=True, default="in_use")
    purchase_date: dt.date | None = col("购置日期")
    price: int | None = col("单价(元)", kind=MONEY, min=0)
    funding_source: str | None = col("经费来源", max_length=40)
    expiry_date: dt.date | None = col("有效期至", help="灭火器、滤毒罐、安全帽等")
    note: str | None = col("备注", kind=LONGTEXT)


class EquipmentSchedule(LedgerBase, table=True):
    """A recurring check/calibration/maintenance of one equipment line."""

    __tablename__ = "equipment_schedule"
    equipment_id: int = col("装备", ref="equipment", required=True)
    task: str = col("维护项目", required=True, max_length=40, search=True, help="如 检定校准、压力检查、年检、保险")
    kind: str = col("类型", choices=C.CHECK_KIND, required=True, default="check")
    interval_value: int = col("周期", required=True, default=12, min=1, max=3650, width=5)
    interval_unit: str = col("周期单位", choices=C.INTERVAL_UNIT, required=True, default="month")
    last_done: dt.date | None = col("上次完成日期")
    active: bool = col("启用", default=True)


class EquipmentCheck(LedgerBase, table=True):
    """A logged check, calibration, maintenance or status change of an equipment line."""

    __tablename__ = "equipment_check"
    equipment_id: int = col("装备", ref="equipment", required=True)
    schedule_id: int | None = col("维护计划", ref="equipment_schedule")
    date: dt.date = col("日期", required=True)
    kind: str = col("类型", choices=C.CHECK_KIND, required=True, default="check")
    result: str | None = col("结果", choices=C.CHECK_RESULT)
    checker: str | None = col("检查人", max_length=20)
    status_from: str | None = col("原状态", choices=C.EQUIPMENT_STATUS)
    status_to: str | None = col("新状态", choices=C.EQUIPMENT_STATUS)
    note: str | None = col("说明", kind=LONGTEXT, search=True)


EQUIPMENT = register(
    Equipment,
    title="六有装备台账",
    group=GROUP_EQUIPMENT,
    record_code="R03",
    title_field="name",
    date_field="purchase_date",
    order_by=("name", "id"),  # a register, not a dated ledger: by name
)
EQUIPMENT_SCHEDULES = register(
    EquipmentSchedule,
    title="装备维护计划",
    group=GROUP_EQUIPMENT,
    title_field="task",
    parent="equipment_id",
    order_by=("equipment_id", "id"),
)
EQUIPMENT_CHECKS = register(
    EquipmentCheck,
    title="装备检查记录",
    group=GROUP_EQUIPMENT,
    date_field="date",
    parent="equipment_id",
    order_by=("-date", "-id"),
)
