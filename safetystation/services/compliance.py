"""六有 compliance and the staffing rule — every rule of the standard in this one module.

Source: 002/篇一 (DOMAIN.md §1.1, §1.4). The seed's sub-item lists end in “等”, so each rule asks
for the named minimum and accepts more. Only equipment that is 在用 counts as “in service”
(在库/借出/维修/报废/丢失 do not), except rooms (#1), which count unless 报废/丢失.

1. 有办公场所: an 办公室, a 资料室 and an 装备室 are registered.
2. 有基本办公设备: at least one 微机 and one 打印机 in service (传真机 is listed with “等” and is no
   longer required by practice — reported, not enforced).
3. 有执法车辆: an enforcement vehicle in service; a 街道 station, or one marked as a small/urban
   jurisdiction, may have an 电动车 instead.
4. 有录音摄像取证设备: an evidence recorder in service.
5. 有必要的现场检验检测装备: a detection instrument in service, not expired, with a calibration
   schedule that is not overdue.
6. 有个人防护装备: 安全帽, 防毒面具 and 口罩 each in service, not expired, at least one per station
   staff member in post (station head and station staff; village officers are not counted).

Funding (经费保障, DOMAIN §1.4: “人员经费、公用经费、专项经费要纳入财政预算管理”, one of the “四个必须到位”):
the 经费台账 (R02) of the current year shows spending under each of the three heads paid from the
本级财政预算 — the ledger is the evidence an acceptance team asks for.

Staffing: a 安全生产重点乡镇 needs a full-time station head and at least two full-time station
personnel (the head counts as one of the two, per “专职人员不少于2名”); any other town needs at
least one person responsible (“其他乡镇也要设置专人负责”).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import func, select

from safetystation.domain import choices as C
from safetystation.domain.equipment import Equipment
from safetystation.domain.routine import Funding
from safetystation.domain.station import Staff, Station
from safetystation.services.equipment import EquipmentService
from safetystation.services.ledger import LedgerService

E = Equipment.__table__  # type: ignore[attr-defined]
ST = Staff.__table__  # type: ignore[attr-defined]
STN = Station.__table__  # type: ignore[attr-defined]
FU = Funding.__table__  # type: ignore[attr-defined]

SIX_HAVES = [
    (1, "有办公场所", "办公室、资料室、装备室"),
    (2, "有基本办公设备", "微机、打印机、传真机"),
    (3, "有执法车辆", "辖区较小或城区街道可配电动车"),
    (4, "有录音摄像取证设备", "执法记录仪等"),
    (5, "有必要的现场检验检测装备", "检测仪器，须在检定校准有效期内"),
    (6, "有个人防护装备", "安全帽、防毒面具、口罩"),
]


@dataclass
class Verdict:
    """The result of one rule: 达标 or 不达标 and why, with the equipment that counted."""

    number: int
    title: str
    ok: bool
    reason: str
    equipment_ids: list[int] = field(default_factory=list)

    @property
    def label(self) -> str:
        return "达标" if self.ok else "不达标"


class ComplianceService:
    """Evaluate the 六有 standard and the staffing rule against the ledgers."""

    def __init__(self, ledger: LedgerService):
        self.ledger = ledger
        self.db = ledger.db
        self.equipment = EquipmentService(ledger)

    def _station(self) -> dict:
        with self.db.session() as s:
            row = s.execute(select(STN).where(STN.c.id == 1)).mappings().first()
            return dict(row) if row else {"jurisdiction": "town", "small_jurisdiction": False, "is_key_town": False}

    def _items(self) -> list[dict]:
        with self.db.session() as s:
            return [dict(r) for r in s.execute(select(E).where(E.c.deleted_at.is_(None))).mappings()]

    def _staff(self) -> list[dict]:
        with self.db.session() as s:
            return [
                dict(r)
                for r in s.execute(
                    select(ST).where(ST.c.deleted_at.is_(None), ST.c.active.is_(True), ST.c.role.in_(("head", "staff")))
                ).mappings()
            ]

    def six_haves(self, today: dt.date | None = None) -> list[Verdict]:
        today = today or dt.date.today()
        station = self._station()
        items = self._items()
        staff_count = len(self._staff())

        def in_service(kind: str) -> list[dict]:
            return [
                i
                for i in items
                if i["kind"] == kind and i["status"] == "in_use" and not (i["expiry_date"] and i["expiry_date"] < today)
            ]

        out: list[Verdict] = []
        # 1 — premises
        rooms = {
            k: [i for i in items if i["kind"] == k and i["status"] not in ("scrapped", "lost")]
            for k in ("office", "archive_room", "equipment_room")
        }
        missing = [C.EQUIPMENT_KIND.label(k) for k, v in rooms.items() if not v]
        out.append(
            Verdict(
                1,
                SIX_HAVES[0][1],
                not missing,
                "办公室、资料室、装备室齐全" if not missing else f"缺少{'、'.join(missing)}",
                [i["id"] for v in rooms.values() for i in v],
            )
        )
        # 2 — office equipment
        pcs, printers, faxes = in_service("computer"), in_service("printer"), in_service("fax")
        missing = [n for n, v in (("微机", pcs), ("打印机", printers)) if not v]
        reason = (
            f"在用微机{_qty(pcs)}台、打印机{_qty(printers)}台" + ("" if faxes else "（无传真机，不作硬性要求）")
            if not missing
            else f"没有在用的{'、'.join(missing)}"
        )
        out.append(Verdict(2, SIX_HAVES[1][1], not missing, reason, [i["id"] for i in pcs + printers + faxes]))
        # 3 — vehicle
        cars = in_service("vehicle")
        ebike_ok = station.get("jurisdiction") == "subdistrict" or bool(station.get("small_jurisdiction"))
        bikes = in_service("ebike")
        if cars:
            out.append(Verdict(3, SIX_HAVES[2][1], True, f"在用执法车辆{_qty(cars)}辆", [i["id"] for i in cars]))
        elif bikes and ebike_ok:
            out.append(
                Verdict(
                    3,
                    SIX_HAVES[2][1],
                    True,
                    f"辖区较小/城区街道，配有在用电动车{_qty(bikes)}辆",
                    [i["id"] for i in bikes],
                )
            )
        elif bikes:
            out.append(
                Verdict(
                    3,
                    SIX_HAVES[2][1],
                    False,
                    "只有电动车；乡镇须配执法车辆（街道或辖区较小的除外）",
                    [i["id"] for i in bikes],
                )
            )
        else:
            out.append(Verdict(3, SIX_HAVES[2][1], False, "没有在用的执法车辆"))
        # 4 — evidence recorder
        rec = in_service("recorder")
        out.append(
            Verdict(
                4,
                SIX_HAVES[3][1],
                bool(rec),
                f"在用取证设备{_qty(rec)}台" if rec else "没有在用的录音摄像取证设备",
                [i["id"] for i in rec],
            )
        )
        # 5 — detection instrument within calibration
        det = in_service("detector")
        good = [i for i in det if self.equipment.calibrated(i["id"], today)]
        if good:
            out.append(
                Verdict(
                    5, SIX_HAVES[4][1], True, f"在用且在检定有效期内的检测仪器{_qty(good)}台", [i["id"] for i in good]
                )
            )
        elif det:
            out.append(
                Verdict(5, SIX_HAVES[4][1], False, "检测仪器未登记检定校准计划或检定已逾期", [i["id"] for i in det])
            )
        else:
            out.append(Verdict(5, SIX_HAVES[4][1], False, "没有在用的现场检验检测装备"))
        # 6 — PPE, one of each per staff member
        need = max(staff_count, 1)
        short = []
        ids: list[int] = []
        for kind in ("helmet", "gas_mask", "mask"):
            have = in_service(kind)
            ids += [i["id"] for i in have]
            if _qty(have) < need:
                short.append(f"{C.EQUIPMENT_KIND.label(kind)}{_qty(have)}件")
        out.append(
            Verdict(
                6,
                SIX_HAVES[5][1],
                not short,
                f"安全帽、防毒面具、口罩均不少于在岗人员数{need}"
                if not short
                else f"在用且未过期的{'、'.join(short)}，少于在岗人员数{need}",
                ids,
            )
        )
        return out

    def funding(self, today: dt.date | None = None) -> Verdict:
        """经费保障: this year's 经费台账 holds spending from the 本级财政预算 under 人员经费, 公用经费 and
        专项经费 (each at least one payment, 1 January to ``today``)."""
        today = today or dt.date.today()
        with self.db.session() as s:
            spent = dict(
                s.execute(
                    select(FU.c.head, func.sum(FU.c.amount))
                    .where(
                        FU.c.deleted_at.is_(None),
                        FU.c.source == "budget",
                        FU.c.date >= dt.date(today.year, 1, 1),
                        FU.c.date <= today,
                    )
                    .group_by(FU.c.head)
                ).all()
            )
        missing = [C.FUND_HEAD.label(h) for h in C.FUND_HEAD.codes if not spent.get(h)]
        budget = C.FUND_SOURCE.label("budget")
        if missing:
            reason = f"{today.year}年经费台账中没有{budget}列支的{'、'.join(missing)}"
        else:
            paid = "、".join(f"{C.FUND_HEAD.label(h)}{spent[h] / 100:,.2f}元" for h in C.FUND_HEAD.codes)
            reason = f"{today.year}年{budget}已列支：{paid}"
        return Verdict(0, "经费保障（纳入财政预算）", not missing, reason)

    def staffing(self) -> Verdict:
        station = self._station()
        staff = self._staff()
        full = [p for p in staff if p["employment"] == "full"]
        head_full = any(p["role"] == "head" and p["employment"] == "full" for p in staff)
        if station.get("is_key_town"):
            problems = []
            if not head_full:
                problems.append("未配备专职安监站长")
            if len(full) < 2:
                problems.append(f"专职人员{len(full)}名，少于2名")
            return Verdict(
                0,
                "人员配备（重点乡镇）",
                not problems,
                "；".join(problems) if problems else f"专职站长已配备，专职人员{len(full)}名",
            )
        return Verdict(
            0,
            "人员配备",
            bool(staff),
            f"在岗人员{len(staff)}名（专职{len(full)}名）" if staff else "未设置专人负责安全生产监管",
        )


def _qty(items: list[dict]) -> int:
    return sum(int(i["quantity"] or 0) for i in items)
