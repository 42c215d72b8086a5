"""Report statistics for any period — a month, 上半年/下半年, a year or a range of months — as of
the period's own end: the report groups of DOMAIN.md §3.8 (A–H) and the 12 columns of the
隐患排查治理情况统计表 (FORMS.md §1) by industry.

Flow figures (things that happened in a period) are SQL aggregates declared once in ``FLOWS`` and
computed for the four periods a report needs — the period (for a month also the year to date) and
the same again one year earlier — with one query per table and date column, its rows joined to the
periods they fall in and each flow one ``SUM(CASE …)`` grouped by period, so a report costs about
twenty index-range scans whatever the size of the ledgers. The county's month over a shared
database runs the same statements once for every township, grouped by ``station_id``
(``stations_period_reports``, ``stations_statistics_tables``), not once per township.

A period that has not ended when the report is made is counted up to today (“截至…（本期未结束）”),
its stock figures as of today and its comparison against the same days a year earlier.

Conventions (printed in the report notes):
- 整改率 = of the hazards found in the period, those closed (销号) by the period's end ÷ found × 100;
  where nothing was found the rate is left empty (shown “—”), not 0% and not 100%.
- 累计未整改 / 逾期未整改 are as at the period's last day, whenever the hazard was found.
- Group A is the registers as they stood at the period's end (``safetystation.reports.registers``).
- Money is kept in fen and shown in 元 or 万元 as the unit says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    and_,
    bindparam,
    case,
    distinct,
    func,
    literal,
    null,
    or_,
    select,
    text,
    union,
    union_all,
)
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import Null

from safetystation.dates import Period, chinese_date, month_end
from safetystation.domain import choices as C
from safetystation.domain import get_spec
from safetystation.domain.hazard import ACCOUNTABILITY_STEP
from safetystation.domain.spec import DATETIME
from safetystation.errors import UserError
from safetystation.reports import registers as reg
from safetystation.storage.db import Database

T = lambda key: get_spec(key).table  # noqa: E731  (short table accessor for the declarations below)
HZ, EN, IND, EV = T("hazard"), T("enterprise"), T("industry"), T("hazard_event")


@dataclass(frozen=True)
class Flow:
    """A figure counted or summed over the rows of ``table`` whose ``date`` falls in a period.

    ``upto`` counts rows dated on or before the period's end instead (stock at period end).
    ``where`` may depend on the period (e.g. “closed by the period's end”).
    ``open_at_end``: only hazards not closed (销号) by the period's end — a stock that reaches back
    years; a statement whose flows all say so reads only the hazards open at the earliest of its
    periods' ends (by the 销号日期 index), not every hazard ever found.
    """

    key: str
    group: str
    label: str
    unit: str
    table: str
    date: str
    value: str | None = None  # column to sum; None counts rows
    where: Callable[[Any], ColumnElement[bool] | None] | None = None  # receives a period with .start/.end
    distinct: str | None = None  # count distinct values of this column instead
    upto: bool = False
    money: str | None = None  # "yuan" or "wan" (the value column is in fen)
    open_at_end: bool = False


def _eq(table: str, column: str, *values: str) -> Callable[[Any], ColumnElement[bool]]:
    c = T(table).c[column]
    return lambda p: c.in_(values) if len(values) > 1 else c == values[0]


def _closed_by_end(p: Period) -> ColumnElement[bool]:
    return and_(HZ.c.closed_date.is_not(None), HZ.c.closed_date <= p.end)


def _open_at_end(p: Any) -> ColumnElement[bool]:
    return or_(HZ.c.closed_date.is_(None), HZ.c.closed_date > p.end)


def _flagged_in_period(p: Any) -> ColumnElement[bool]:
    """A 追责 step (a hazard's second failed re-inspection, 000/篇三) of a live hazard."""
    live = select(HZ.c.id).where(HZ.c.id == EV.c.hazard_id, HZ.c.deleted_at.is_(None))
    return and_(EV.c.action == ACCOUNTABILITY_STEP, live.exists())


def _flagged_by_end(p: Any) -> ColumnElement[bool]:
    """A hazard flagged 追责 by the period's end."""
    step = select(EV.c.id).where(
        EV.c.hazard_id == HZ.c.id,
        EV.c.action == ACCOUNTABILITY_STEP,
        EV.c.deleted_at.is_(None),
        EV.c.date <= p.end,
    )
    return and_(HZ.c.accountability.is_(True), step.exists())


GA, GB, GC, GD, GE, GF, GG, GH, GI, GJ = (
    "A 基本情况",
    "B 监督检查",
    "C 隐患排查治理",
    "D 执法与打非治违",
    "E 宣传教育培训",
    "F 应急管理",
    "G 责任体系",
    "H 事故情况",
    "I 经费",
    "J 专项",
)

FLOWS: list[Flow] = (
    [
        Flow("b_inspections", GB, "检查次数", "次", "inspection", "date"),
        Flow("b_person_times", GB, "出动人员", "人次", "inspection", "date", value="person_times"),
        Flow(
            "b_units",
            GB,
            "检查生产经营单位",
            "家次",
            "inspection",
            "date",
            where=lambda p: T("inspection").c.enterprise_id.is_not(None),
        ),
        Flow(
            "b_special_joint",
            GB,
            "其中：专项/联合检查",
            "次",
            "inspection",
            "date",
            where=_eq("inspection", "type", "special", "joint"),
        ),
        Flow("b_holiday", GB, "其中：节前检查", "次", "inspection", "date", where=_eq("inspection", "type", "holiday")),
        Flow("c_found", GC, "发现隐患", "项", "hazard", "found_date"),
        Flow(
            "c_general_found",
            GC,
            "其中：一般隐患",
            "项",
            "hazard",
            "found_date",
            where=_eq("hazard", "grade", "general"),
        ),
        Flow("c_found_closed", GC, "其中：期末已整改销号", "项", "hazard", "found_date", where=_closed_by_end),
        Flow("c_rectified", GC, "本期整改销号", "项", "hazard", "closed_date"),
        Flow("c_open", GC, "累计未整改（期末）", "项", "hazard", "found_date", upto=True, open_at_end=True),
        Flow(
            "c_overdue",
            GC,
            "逾期未整改（期末）",
            "项",
            "hazard",
            "found_date",
            upto=True,
            open_at_end=True,
            where=lambda p: HZ.c.deadline < p.end,
        ),
        Flow("c_major_found", GC, "发现重大隐患", "项", "hazard", "found_date", where=_eq("hazard", "grade", "major")),
        Flow("c_listed", GC, "挂牌督办", "处", "hazard_listing", "listed_date"),
        Flow(
            "c_major_closed", GC, "重大隐患销号", "处", "hazard", "closed_date", where=_eq("hazard", "grade", "major")
        ),
        # One notice per inspection and unit, however many problems it lists; a cancelled one is not counted.
        Flow(
            "c_notices",
            GC,
            "下发整改通知书",
            "份",
            "notice",
            "date",
            where=lambda p: T("notice").c.cancelled.is_(False),
        ),
        Flow(
            "c_notice_units",
            GC,
            "下发整改通知书单位",
            "家",
            "notice",
            "date",
            distinct="enterprise_id",
            where=lambda p: T("notice").c.cancelled.is_(False),
        ),
        Flow(
            "c_reviews",
            GC,
            "复查",
            "次",
            "hazard_event",
            "date",
            where=lambda p: T("hazard_event").c.passed.is_not(None),
        ),
        Flow(
            "c_accountable",
            GC,
            "两次整改不到位须追责",
            "项",
            "hazard_event",
            "date",
            distinct="hazard_id",
            where=_flagged_in_period,
        ),
        Flow(
            "c_accountable_open",
            GC,
            "须追责隐患未销号（期末）",
            "项",
            "hazard",
            "found_date",
            upto=True,
            open_at_end=True,
            where=_flagged_by_end,
        ),
        Flow("d_orders", GD, "责令限期整改", "件", "enforcement", "date", where=_eq("enforcement", "measure", "order")),
        Flow(
            "d_suspend",
            GD,
            "责令停产停业整顿",
            "家",
            "enforcement",
            "date",
            where=_eq("enforcement", "measure", "suspend"),
        ),
        Flow("d_close", GD, "关闭取缔", "家", "enforcement", "date", where=_eq("enforcement", "measure", "close")),
        Flow(
            "d_seize",
            GD,
            "查封/扣押/没收",
            "批次",
            "enforcement",
            "date",
            where=_eq("enforcement", "measure", "seal", "seize", "confiscate"),
        ),
        # 收缴非法烟花爆竹 (DOMAIN §3.8, R22/R27): the 件/箱 seized in the 打非排查 sweeps of the search log.
        Flow("d_fireworks", GD, "收缴非法烟花爆竹", "件/箱", "fireworks_search", "date", value="seized"),
        Flow("d_fine", GD, "罚款", "元", "enforcement", "date", value="fine", money="yuan"),
        Flow(
            "d_fine_pre",
            GD,
            "其中：事前处罚",
            "元",
            "enforcement",
            "date",
            value="fine",
            money="yuan",
            where=lambda p: T("enforcement").c.pre_accident.is_(True),
        ),
        Flow(
            "d_refer",
            GD,
            "移送/报告县级部门",
            "件",
            "enforcement",
            "date",
            where=_eq("enforcement", "measure", "refer"),
        ),
        Flow(
            "e_slogans",
            GE,
            "宣传标语/横幅",
            "条",
            "publicity",
            "date",
            value="quantity",
            where=_eq("publicity", "activity_type", "slogan", "banner"),
        ),
        Flow(
            "e_boards",
            GE,
            "黑板报/专栏",
            "期",
            "publicity",
            "date",
            value="quantity",
            where=_eq("publicity", "activity_type", "blackboard", "board"),
        ),
        Flow(
            "e_meetings", GE, "宣传会议", "次", "publicity", "date", where=_eq("publicity", "activity_type", "meeting")
        ),
        Flow(
            "e_leaflets",
            GE,
            "发放资料",
            "份",
            "publicity",
            "date",
            value="quantity",
            where=_eq("publicity", "activity_type", "leaflet"),
        ),
        Flow("e_audience", GE, "受教育人数", "人", "publicity", "date", value="audience"),
        Flow("e_trainings", GE, "培训", "期", "training", "start_date"),
        Flow("e_trainees", GE, "培训人数", "人", "training", "start_date", value="trainees"),
        Flow(
            "e_principal",
            GE,
            "其中：主要负责人",
            "人",
            "training",
            "start_date",
            value="trainees",
            where=_eq("training", "group", "principal"),
        ),
        Flow(
            "e_safety_manager",
            GE,
            "其中：安全管理人员",
            "人",
            "training",
            "start_date",
            value="trainees",
            where=_eq("training", "group", "safety_manager"),
        ),
        Flow(
            "e_special_ops",
            GE,
            "其中：特种作业人员",
            "人",
            "training",
            "start_date",
            value="trainees",
            where=_eq("training", "group", "special_ops"),
        ),
        Flow("f_plans_new", GF, "预案新编", "个", "emergency_plan", "prepared_date"),
        Flow("f_plans_revised", GF, "预案修订", "个", "emergency_plan", "revised_date"),
        Flow("f_drills", GF, "应急演练", "次", "drill_record", "start_at"),
        Flow("f_drill_people", GF, "参演人数", "人", "drill_record", "start_at", value="participants"),
        # Planned drills recorded as not held (未开展, #16), by their due date; cancelled ones are not missed.
        Flow(
            "f_drills_missed",
            GF,
            "计划演练未开展",
            "次",
            "drill_occurrence",
            "due_date",
            where=lambda p: and_(
                T("drill_occurrence").c.status == "missed",
                T("drill_occurrence").c.plan_id.in_(
                    select(T("drill_plan").c.id).where(T("drill_plan").c.deleted_at.is_(None))
                ),
            ),
        ),
        Flow(
            "f_brigade_training",
            GF,
            "义务消防队训练",
            "次",
            "brigade_activity",
            "date",
            where=_eq("brigade_activity", "kind", "training"),
        ),
        Flow(
            "f_callouts", GF, "出警", "次", "brigade_activity", "date", where=_eq("brigade_activity", "kind", "callout")
        ),
        Flow("f_loss_avoided", GF, "挽回损失", "万元", "brigade_activity", "date", value="loss_avoided", money="wan"),
        Flow(
            "g_village",
            GG,
            "签订责任书：村(社区)",
            "份",
            "agreement",
            "signed_date",
            where=_eq("agreement", "party_kind", "village"),
        ),
        Flow(
            "g_enterprise",
            GG,
            "签订责任书：企业",
            "份",
            "agreement",
            "signed_date",
            where=_eq("agreement", "party_kind", "enterprise"),
        ),
        Flow(
            "g_other",
            GG,
            "签订责任书：其他",
            "份",
            "agreement",
            "signed_date",
            where=lambda p: T("agreement").c.party_kind.not_in(("village", "enterprise")),
        ),
        Flow("h_count", GH, "事故起数", "起", "accident", "date"),
        Flow("h_deaths", GH, "死亡", "人", "accident", "date", value="deaths"),
        Flow("h_injuries", GH, "受伤", "人", "accident", "date", value="injuries"),
        Flow("h_serious", GH, "其中：重伤", "人", "accident", "date", value="serious_injuries"),
        Flow("h_missing", GH, "失踪", "人", "accident", "date", value="missing"),
        Flow("h_loss", GH, "直接经济损失", "万元", "accident", "date", value="loss", money="wan"),
        Flow(
            "h_larger",
            GH,
            "其中：较大及以上事故",
            "起",
            "accident",
            "date",
            where=_eq("accident", "grade", "larger", "major", "extraordinary"),
        ),
        Flow(
            "h_larger_deaths",
            GH,
            "其中：较大及以上事故死亡",
            "人",
            "accident",
            "date",
            value="deaths",
            where=_eq("accident", "grade", "larger", "major", "extraordinary"),
        ),
    ]
    + [
        f
        for code, label in C.ACCIDENT_INDUSTRY
        for f in (
            Flow(
                f"h_{code}_count",
                GH,
                f"{label}：起数",
                "起",
                "accident",
                "date",
                where=_eq("accident", "industry", code),
            ),
            Flow(
                f"h_{code}_deaths",
                GH,
                f"{label}：死亡",
                "人",
                "accident",
                "date",
                value="deaths",
                where=_eq("accident", "industry", code),
            ),
        )
    ]
    + [
        # I 经费 (DOMAIN §3.8, from the 经费台账 R02): what the station spent, and the part that bought equipment.
        Flow("i_funds", GI, "安全投入", "元", "funding", "date", value="amount", money="yuan"),
        Flow(
            "i_equipment",
            GI,
            "其中：装备购置",
            "元",
            "funding",
            "date",
            value="amount",
            money="yuan",
            where=lambda p: T("funding").c.equipment_id.is_not(None),
        ),
        # J 专项 (DOMAIN §3.8, from the 违法违规记录 of R16): tractors and farm trucks caught carrying people,
        # and the drivers educated at the checkpoints.
        Flow(
            "j_carrying",
            GJ,
            "查获拖拉机/农用车载人",
            "起",
            "traffic_violation",
            "date",
            where=lambda p: and_(
                T("traffic_violation").c.kind == "passengers",
                T("traffic_violation").c.vehicle_type.in_(("tractor", "farm_truck")),
            ),
        ),
        Flow("j_educated", GJ, "教育违章驾驶人员", "人次", "traffic_violation", "date", value="educated"),
        # … and from the 食品安全检查记录 (R26): checks, kilograms seized, unfit stalls removed.
        Flow("j_food_checks", GJ, "食品安全检查", "次", "food_check", "date"),
        Flow("j_food_seized", GJ, "没收不合格食品", "公斤", "food_check", "date", value="seized_kg"),
        Flow("j_food_stalls", GJ, "撤出不合格流动饮食摊贩", "人次", "food_check", "date", value="stalls_removed"),
    ]
)


PERIOD_KEYS = ("month", "ytd", "ly_month", "ly_ytd")

KINDS = {"month": "月报", "half": "半年统计汇总", "year": "年度统计汇总", "range": "统计汇总"}


def span_name(start: dt.date, end: dt.date) -> str:
    """2026年6月, 2026年1-6月, 2025年11月-2026年2月; a part month by its days (2026年1月1日至11月29日)."""
    whole = start.day == 1 and end == month_end(end.year, end.month)
    if not whole:
        tail = chinese_date(end)
        return f"{chinese_date(start)}至{tail[5:] if end.year == start.year else tail}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.year}年{start.month}月"
    if start.year == end.year:
        return f"{start.year}年{start.month}-{end.month}月"
    return f"{start.year}年{start.month}月-{end.year}年{end.month}月"


@dataclass(frozen=True)
class ReportSpan:
    """What a report covers: a month, a half year, a year or a range of whole months (≤ 12)."""

    kind: str
    start: dt.date
    end: dt.date

    @staticmethod
    def of(kind: str, year: int, month: int, to: tuple[int, int] | None = None) -> ReportSpan:
        """``month``: that month; ``half``: the half year holding ``month`` (1–6 上半年, 7–12 下半年);
        ``year``: the year; ``range``: from ``month`` to ``to`` (year, month)."""
        if not 1 <= month <= 12:
            raise UserError(f"月份“{month}”无效")
        if kind == "month":
            return ReportSpan(kind, dt.date(year, month, 1), month_end(year, month))
        if kind == "half":
            first = 1 if month <= 6 else 7
            return ReportSpan(kind, dt.date(year, first, 1), month_end(year, first + 5))
        if kind == "year":
            return ReportSpan(kind, dt.date(year, 1, 1), dt.date(year, 12, 31))
        if kind == "range":
            if to is None:
                raise UserError("月份范围需要给出截止月份")
            span = ReportSpan(kind, dt.date(year, month, 1), month_end(*to))
            if span.end < span.start:
                raise UserError(f"截止月份{to[0]}年{to[1]}月早于起始月份{year}年{month}月")
            if span.months > 12:
                raise UserError(f"月份范围为{span.months}个月；一份统计汇总最多12个月")
            return span
        raise UserError(f"报表类型“{kind}”无效，可选：{'、'.join(KINDS)}")

    @property
    def months(self) -> int:
        return (self.end.year - self.start.year) * 12 + self.end.month - self.start.month + 1

    @property
    def name(self) -> str:
        """The months covered: 2026年6月, 2026年1-6月, 2026年7-12月…"""
        return span_name(self.start, self.end)

    @property
    def label(self) -> str:
        """How a person names it: 2026年6月, 2026年上半年, 2026年下半年, 2026年度, 2026年3-8月."""
        if self.kind == "half":
            return f"{self.start.year}年{'上' if self.start.month == 1 else '下'}半年"
        if self.kind == "year":
            return f"{self.start.year}年度"
        return self.name

    def as_of(self, today: dt.date) -> dt.date:
        """The last day counted: the period's end, or today while it has not ended."""
        return min(self.end, today)

    def ended(self, today: dt.date) -> bool:
        return today > self.end


@dataclass(frozen=True)
class Row:
    """One line of the report sheet."""

    key: str
    group: str
    label: str
    unit: str
    month: Any
    ytd: Any
    ly_month: Any
    ly_ytd: Any

    @property
    def yoy_delta(self) -> Any:
        if self.ytd is None or self.ly_ytd is None or isinstance(self.ytd, str):
            return None
        return self.ytd - self.ly_ytd

    @property
    def yoy_pct(self) -> Decimal | None:
        """同比 % of the year to date against last year's same period; None when last year was 0."""
        if self.yoy_delta is None or not self.ly_ytd:
            return None
        return (Decimal(self.yoy_delta) * 100 / Decimal(self.ly_ytd)).quantize(Decimal("0.1"), ROUND_HALF_UP)


@dataclass
class MonthlyReport:
    """Figures of one report period: group A as of its end, flows for four periods, derived rates.

    For a month, ``periods`` holds the month, the year to date and both a year earlier; for the other
    kinds "month" and "ytd" are both the period itself. Periods end at ``as_of`` (today while the
    period has not ended)."""

    year: int
    month: int
    periods: dict[str, Period]
    snapshot: dict[str, int]
    flows: dict[str, dict[str, int]]
    notes: list[str] = field(default_factory=list)
    span: ReportSpan | None = None
    as_of: dt.date | None = None
    ended: bool = True
    registers: reg.Registers | None = None

    @property
    def kind(self) -> str:
        return self.span.kind if self.span else "month"

    @property
    def status_line(self) -> str:
        """截至2026年11月29日（本期未结束）, or empty for a period that has ended."""
        return "" if self.ended or self.as_of is None else f"截至{chinese_date(self.as_of)}（本期未结束）"

    def value(self, key: str, period: str = "month") -> Any:
        if key in self.snapshot:
            return self.snapshot[key]
        return self.flows[key][period]

    def rate(self, period: str = "month") -> Decimal | None:
        found = self.flows["c_found"][period]
        return None if not found else pct(self.flows["c_found_closed"][period], found)

    def rows(self) -> list[Row]:
        out = [
            Row(k, GA, label, unit, v, v, None, None)
            for k, (label, unit) in SNAPSHOT_LABELS.items()
            for v in [self.snapshot[k]]
        ]
        zero = "是" if self.flows["h_count"]["month"] == 0 else "否"
        label = "本月零事故" if self.kind == "month" else "本期零事故"
        for i, f in enumerate(FLOWS):
            vals = [display_money(self.flows[f.key][p], f.money) for p in PERIOD_KEYS]
            out.append(Row(f.key, f.group, f.label, f.unit, *vals))
            if f.key == "c_rectified":
                out.append(Row("c_rate", GC, "整改率", "%", *(self.rate(p) for p in PERIOD_KEYS)))
            if f.group == GH and (i + 1 == len(FLOWS) or FLOWS[i + 1].group != GH):  # the end of group H
                out.append(Row("h_zero", GH, label, "", zero, zero if self.kind != "month" else None, None, None))
        return out


def pct(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def display_money(value: int, money: str | None) -> Any:
    if money is None:
        return value
    if money == "yuan":
        return (Decimal(value) / 100).quantize(Decimal("0.01"))
    return (Decimal(value) / 1_000_000).quantize(Decimal("0.0001"))


SNAPSHOT_LABELS = reg.LABELS


@dataclass(frozen=True)
class _BoundPeriod:
    """A period whose dates are bind parameters, so a statement is built once and reused."""

    start: Any
    end: Any


def _is_datetime(table_key: str, column: str) -> bool:
    return get_spec(table_key).column(column).kind == DATETIME


_STATEMENTS: dict[tuple[Any, ...], Select[Any]] = {}
STATION = "station__"  # the label of the station id in a statement grouped by station
PERIOD = "period__"  # the label of the period's index in PERIOD_KEYS


def _flow_query(
    table_key: str,
    date: str,
    upto: bool,
    flows: list[Flow],
    by_station: bool = False,
    period_keys: tuple[str, ...] = PERIOD_KEYS,
) -> Select[Any]:
    """One statement for ``flows`` of a table and date column, over the periods: the rows are
    joined to the periods they fall in (:func:`_periods_relation`) and summed per period, one result
    row per period that has rows (``by_station``: per station and period, for the county over a
    shared database). Each flow is one aggregate, its conditions written once, not once per period.

    Bounds are half-open, [start, end + 1 day), in the column's own type (date or datetime);
    parameters come from :func:`_params`. ``period_keys``: the periods of ``PERIOD_KEYS`` to count.
    """
    key = (table_key, date, upto, by_station, tuple(f.key for f in flows), period_keys)
    if key in _STATEMENTS:
        return _STATEMENTS[key]
    t = T(table_key)
    dcol = t.c[date]
    suffix = "_dt" if _is_datetime(table_key, date) else ""
    p = _periods_relation(suffix, dcol.type, period_keys)
    bound = _BoundPeriod(p.c.start, p.c.end)
    cols: list[Any] = [p.c.k.label(PERIOD)]
    for f in flows:
        conds = _conditions(f, bound)
        cond = and_(*conds) if conds else None
        agg: Any
        if f.distinct:
            agg = func.count(distinct(t.c[f.distinct] if cond is None else case((cond, t.c[f.distinct]))))
        elif cond is None:
            agg = func.sum(t.c[f.value]) if f.value else func.count()
        else:
            agg = func.sum(case((cond, t.c[f.value] if f.value else literal(1)), else_=0))
        cols.append(agg.label(f.key))
    inside = dcol < p.c.hi if upto else and_(dcol >= p.c.lo, dcol < p.c.hi)
    where = [t.c.deleted_at.is_(None), dcol < bindparam(f"all_hi{suffix}")]
    if not upto:
        where.append(dcol >= bindparam(f"all_lo{suffix}"))
    if all(f.open_at_end for f in flows):  # open at some period's end: open at the earliest end
        where.append(_open_at_end(_BoundPeriod(None, bindparam("first_end"))))
    keys: list[Any] = [p.c.k]
    if by_station:
        cols.append(t.c.station_id.label(STATION))
        keys.append(t.c.station_id)
    stmt: Select[Any] = select(*cols).select_from(t.join(p, inside)).where(*where).group_by(*keys)
    _STATEMENTS[key] = stmt
    return stmt


def _conditions(f: Flow, bound: _BoundPeriod) -> list[ColumnElement[bool]]:
    """What a row must meet, besides its date, to count in flow ``f`` for the period ``bound``."""
    conds = [_open_at_end(bound)] if f.open_at_end else []
    extra = f.where(bound) if f.where is not None else None
    return [*conds, extra] if extra is not None else conds


def _flow_groups(flows: list[Flow]) -> dict[tuple[str, str, bool], list[Flow]]:
    """``flows`` by statement: one per table and date column (and stock or not)."""
    groups: dict[tuple[str, str, bool], list[Flow]] = {}
    for f in flows:
        groups.setdefault((f.table, f.date, f.upto), []).append(f)
    return groups


def _periods_relation(suffix: str, kind: Any, period_keys: tuple[str, ...]) -> Any:
    """The periods as a relation of bound parameters: k (the index in ``PERIOD_KEYS``), lo and hi
    (bounds in the date column's type), start and end (dates, for conditions like “closed by the end”)."""
    rows = [
        select(
            literal(i).label("k"),
            bindparam(f"{pk}_lo{suffix}", type_=kind).label("lo"),
            bindparam(f"{pk}_hi{suffix}", type_=kind).label("hi"),
            bindparam(f"{pk}_start", type_=Date()).label("start"),
            bindparam(f"{pk}_end", type_=Date()).label("end"),
        )
        for i, pk in enumerate(PERIOD_KEYS)
        if pk in period_keys
    ]
    return (union_all(*rows) if len(rows) > 1 else rows[0]).subquery("period")


def _params(periods: dict[str, Period]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for pk, p in periods.items():
        lo, hi = p.start, p.end + dt.timedelta(days=1)
        out.update(
            {
                f"{pk}_lo": lo,
                f"{pk}_hi": hi,
                f"{pk}_start": p.start,
                f"{pk}_end": p.end,
                f"{pk}_lo_dt": dt.datetime.combine(lo, dt.time()),
                f"{pk}_hi_dt": dt.datetime.combine(hi, dt.time()),
            }
        )
    out["first_end"] = min(p.end for p in periods.values())
    out["all_lo"] = min(p.start for p in periods.values())
    out["all_hi"] = max(p.end for p in periods.values()) + dt.timedelta(days=1)
    out["all_lo_dt"] = dt.datetime.combine(out["all_lo"], dt.time())
    out["all_hi_dt"] = dt.datetime.combine(out["all_hi"], dt.time())
    return out


def report_periods(year: int, month: int, *, today: dt.date | None = None) -> dict[str, Period]:
    return _periods(ReportSpan.of("month", year, month), (today or dt.date.today()))


def _periods(span: ReportSpan, today: dt.date) -> dict[str, Period]:
    end = span.as_of(today)
    first = span.start if span.kind != "month" else dt.date(end.year, 1, 1)
    main = Period(span.start, end, span_name(span.start, end))
    ytd = Period(first, end, span_name(first, end))
    return {"month": main, "ytd": ytd, "ly_month": _year_earlier(main), "ly_ytd": _year_earlier(ytd)}


def _year_earlier(p: Period) -> Period:
    start, end = p.shifted_years(-1).start, p.shifted_years(-1).end
    return Period(start, end, span_name(start, end))


def monthly_report(db: Database, year: int, month: int, *, today: dt.date | None = None) -> MonthlyReport:
    """Every figure of the monthly report for ``year``-``month``."""
    return period_report(db, ReportSpan.of("month", year, month), today=today)


def period_report(db: Database, span: ReportSpan, *, today: dt.date | None = None) -> MonthlyReport:
    """Every figure of the report of ``span``, as of its end (as of ``today`` while it has not ended)."""
    return _period_reports(db, span, [None], today=today)[None]


def stations_period_reports(
    db: Database, span: ReportSpan, stations: list[int], *, today: dt.date | None = None
) -> dict[int, MonthlyReport]:
    """:func:`period_report` of each of ``stations`` of a shared database, as the county's login sees
    them: each statement run once for all of them, grouped by station (#19), not once per station."""
    return _period_reports(db, span, stations, today=today)


def _period_reports(
    db: Database, span: ReportSpan, stations: list[Any], *, today: dt.date | None
) -> dict[Any, MonthlyReport]:
    today = _started(span, today)
    by_station = stations != [None]
    periods = _periods(span, today)
    with db.session() as s:
        if by_station and db.is_server:
            _plan_for_every_station(s)
        flows = _read_flows(s, FLOWS, periods, stations)
    as_of = span.as_of(today)
    registers: dict[Any, reg.Registers]
    if by_station:
        registers = reg.stations_registers_at(db, as_of, stations, today=today)
    else:
        registers = {None: reg.registers_at(db, as_of, today=today)}
    out = {}
    for sid in stations:
        zero = {f.key: dict.fromkeys(periods, 0) for f in FLOWS}  # a station with no rows in the periods
        report = MonthlyReport(
            span.end.year,
            span.end.month,
            periods,
            registers[sid].figures,
            {**zero, **flows[sid]},
            span=span,
            as_of=as_of,
            ended=span.ended(today),
            registers=registers[sid],
        )
        report.notes = _notes(report)
        out[sid] = report
    return out


def span_flows(db: Database, span: ReportSpan, keys: list[str], *, today: dt.date | None = None) -> dict[str, int]:
    """The flows ``keys`` of ``span`` itself — ``period_report(db, span).value(key)`` for each — without
    the rest of the report: no year to date, no year earlier, no registers. The 首页's figures of the
    month, read at start-up (#17 cold start): a handful of small statements instead of the report's
    21 over four periods."""
    today = _started(span, today)
    wanted = [f for f in FLOWS if f.key in keys]
    unknown = set(keys) - {f.key for f in wanted}
    if unknown:
        raise ValueError(f"not flows of the report: {sorted(unknown)}")
    periods = {"month": _periods(span, today)["month"]}
    with db.session() as s:
        flows = _read_flows(s, wanted, periods, [None])[None]
    return {k: flows[k]["month"] if k in flows else 0 for k in keys}


def _started(span: ReportSpan, today: dt.date | None) -> dt.date:
    """``today`` (by default the real one), once ``span`` has begun by then."""
    today = today or dt.date.today()
    if today < span.start:
        raise UserError(f"{span.label}尚未开始，没有可统计的数字")
    return today


def _read_flows(
    s: Any, flows: list[Flow], periods: dict[str, Period], stations: list[Any]
) -> dict[Any, dict[str, dict[str, int]]]:
    """``flows`` over ``periods`` (some of ``PERIOD_KEYS``), by station (``stations`` of a shared
    database, or ``[None]``): station → flow key → period key → value, for the flows a station has
    rows of."""
    by_station = stations != [None]
    out: dict[Any, dict[str, dict[str, int]]] = {sid: {} for sid in stations}
    params = _params(periods)
    for (table, date, upto), fs in _flow_groups(flows).items():
        stmt = _flow_query(table, date, upto, fs, by_station, tuple(periods))
        for row in s.execute(stmt, params).mappings():
            mine = out.get(row[STATION] if by_station else None)
            if mine is not None:
                pk = PERIOD_KEYS[row[PERIOD]]
                for f in fs:
                    mine.setdefault(f.key, dict.fromkeys(periods, 0))[pk] = int(row[f.key] or 0)
    return out


def _plan_for_every_station(s: Any, *, joins: bool = False) -> None:
    """Before statements over every township of a shared database (the county's login): PostgreSQL
    plans them before the row policy's station bounds are known and guesses they pick 0.5 % of a
    table — for the county it is all of it. It then reads whole tables row by row through the station
    index, and (``joins``) joins thousands of rows it expects to be a handful by nested loops. For the
    rest of this session's transaction plain index scans are off — a period's rows come from bitmap
    scans of the date indexes — and with ``joins`` nested loops too, so the joins are hashed. Not
    nested loops for the flow statements: joining rows to their periods and the 追责 check need them.
    Measured on 28 townships: the flow statements 0.76 → 0.44 s, the 统计表's 0.22 → 0.08 s."""
    s.execute(text("SET LOCAL enable_indexscan = off"))
    if joins:
        s.execute(text("SET LOCAL enable_nestloop = off"))


def overdue_at(db: Database, day: dt.date) -> list[dict[str, Any]]:
    """The hazards counted in 逾期未整改 at the end of ``day``: found by then, not closed by then,
    their deadline before it; oldest deadline first."""
    p = Period(day, day, "")
    with db.session() as s:
        rows = s.execute(
            select(HZ)
            .where(HZ.c.deleted_at.is_(None), HZ.c.found_date <= day, _open_at_end(p), HZ.c.deadline < day)
            .order_by(HZ.c.deadline, HZ.c.found_date, HZ.c.id)
        ).mappings()
        return [dict(r) for r in rows]


def _notes(report: MonthlyReport) -> list[str]:
    p = "本月" if report.kind == "month" else "本期"
    end = "期末" if report.ended else f"截至{chinese_date(report.as_of)}"
    notes = []
    if not report.ended:
        notes.append(
            f"本期尚未结束：各项数字统计到{chinese_date(report.as_of)}，“期末”数为当日数，"
            "去年同期为去年的相同日期段；本期结束后请重新导出。"
        )
    notes += [
        f"整改率＝{p}发现的隐患中{end}已整改销号的项数÷{p}发现项数×100%；{p}未发现隐患的，整改率不填（“—”）。",
        "累计未整改、逾期未整改为期末时点数，含以前年度发现的隐患；逾期＝期末未销号且整改期限早于期末日，"
        "逐项见“逾期未整改隐患”表。",
        f"“{p}整改销号”为{p}内销号的全部隐患（含以前发现的），与统计表(3)、(6)"
        f"（只计{p}排查发现且期末前已整改的）口径不同。",
        f"“挂牌督办”为{p}新挂牌督办的重大隐患（各级，含其后已摘牌的），与统计表(10)"
        "（期末仍在治理、已挂牌的，含以前年度）口径不同。",
        "须追责＝同一隐患第二次复查不合格（两次整改不到位），按认定日期计；须追责隐患未销号为期末时点数。",
    ]
    flows = report.flows
    if any(flows["h_injuries"][k] > flows["h_serious"][k] for k in ("month", "ytd")):
        notes.append(  # 重伤 is recorded where known (FORMS §5): a blank counts as none, and the sheet says so
            "“其中：重伤”为事故记录中已填写的重伤人数，未填写重伤人数的事故按0计。"
        )
    if report.registers is not None:
        notes.append(report.registers.basis)
    return notes


# --- 隐患排查治理情况统计表 (FORMS.md §1) --------------------------------------------------------------

# What the 15-column variant (其他重点行业领域安全生产隐患排查治理情况统计表) adds to the 12 columns:
# the units that should be screened and the coverage, and the listings by a city (地市级).
EXTRA_COLUMNS = {
    "应排查": ("应排查治理事故隐患的生产经营单位", "家"),
    "覆盖率": ("覆盖率（实际排查÷应排查）", "%"),
    "地市级": ("其中：地市级挂牌督办", "项"),
}

HAZARD_TABLE_COLUMNS = [
    (1, "排查治理事故隐患的生产经营单位", "家"),
    (2, "排查一般事故隐患", "项"),
    (3, "其中：已整改", "项"),
    (4, "整改率", "%"),
    (5, "排查重大事故隐患", "项"),
    (6, "其中：已整改销号", "项"),
    (7, "整改率", "%"),
    (8, "列入治理计划的重大事故隐患", "项"),
    (9, "其中：达到“五到位”要求的", "项"),
    (10, "挂牌督办的重大事故隐患", "项"),
    (11, "其中：省级挂牌督办", "项"),
    (12, "累计落实治理资金", "万元"),
]


@dataclass
class HazardTableRow:
    """One industry line of the 统计表; ``cols`` maps column number (1–12) to its value; ``carried``
    is how many of (8) were found before the period (以前年度结转)."""

    label: str
    industry_id: int | None
    cols: dict[int, Any]
    carried: int = 0
    extra: dict[str, Any] = field(default_factory=dict)  # the 15-column layout's own figures (EXTRA_COLUMNS)


@dataclass
class HazardTable:
    period: Period
    rows: list[HazardTableRow]
    total: HazardTableRow
    notes: list[str]
    ended: bool = True

    @property
    def period_line(self) -> str:
        """（2026年1月-6月）; （2026年7月-12月）; while the period runs （2026年1月-11月，截至2026年11月29日）."""
        start, end = self.period.start, self.period.end
        months = (
            f"{start.month}月-{end.month}月" if start.year == end.year else f"{start.month}月-{end.year}年{end.month}月"
        )
        tail = "" if self.ended else f"，截至{chinese_date(end)}，本期未结束"
        return f"（{start.year}年{months}{tail}）"

    def rule_violations(self) -> list[str]:
        """The cross-column rules printed on the form; an empty list means the table may be sent."""
        out = []
        for r in [*self.rows, self.total]:
            c = r.cols
            if c[8] - r.carried > c[5] - c[6]:
                out.append(f"{r.label}：(8){c[8]}（其中以前结转{r.carried}）大于 (5)-(6)={c[5] - c[6]} 加结转数")
            for k in (9, 10, 11):
                if c[k] > c[8]:
                    out.append(f"{r.label}：({k}){c[k]} 大于 (8){c[8]}")
            if c[11] > c[10]:
                out.append(f"{r.label}：(11){c[11]} 大于 (10){c[10]}")
            if r.extra and c[11] + r.extra["地市级"] > c[10]:
                out.append(f"{r.label}：省级与地市级挂牌之和大于挂牌督办数(10){c[10]}")
            if c[3] > c[2] or c[6] > c[5]:
                out.append(f"{r.label}：已整改数大于排查数")
        return out


def hazard_table(db: Database, year: int, month: int, *, today: dt.date | None = None) -> HazardTable:
    """The 统计表 from January to the end of ``month`` of ``year`` (FORMS §1: cumulative from January),
    up to today while that month has not ended."""
    today = today or dt.date.today()
    end = month_end(year, month)
    start, last = dt.date(year, 1, 1), min(end, today)
    return statistics_table(db, Period(start, last, span_name(start, last)), ended=today > end, cumulative=True)


def statistics_table(db: Database, period: Period, *, ended: bool = True, cumulative: bool = False) -> HazardTable:
    """The 统计表 of ``period``, one row per industry, plus 合计.

    Columns 1–7 and 12 count what was found in the period. Column 8 (列入治理计划) counts the major
    hazards found by the period's end — in earlier years too (FORMS §1: it includes unfinished items
    carried over) — still open at its end, with rectification measures recorded; 9–11 are subsets of
    8 (五落实 complete; listed by the end; listed by the province). Hazards of units without an
    industry fall in a “未分类” row. ``cumulative``: the period runs from January (the monthly form).
    """
    return _statistics_tables(db, period, [None], ended=ended, cumulative=cumulative)[None]


def stations_statistics_tables(
    db: Database, period: Period, stations: list[int], *, ended: bool = True, cumulative: bool = False
) -> dict[int, HazardTable]:
    """:func:`statistics_table` of each of ``stations`` of a shared database, as the county's login
    sees them: each statement once for all of them, grouped by station (#19)."""
    return _statistics_tables(db, period, stations, ended=ended, cumulative=cumulative)


def _statistics_tables(
    db: Database, period: Period, stations: list[Any], *, ended: bool, cumulative: bool
) -> dict[Any, HazardTable]:
    by_station = stations != [None]
    p = period
    ls = T("hazard_listing")
    lo, hi = p.start, p.end + dt.timedelta(days=1)
    in_period = and_(HZ.c.found_date >= lo, HZ.c.found_date < hi)
    closed = and_(HZ.c.closed_date.is_not(None), HZ.c.closed_date <= p.end)
    general, major = HZ.c.grade == "general", HZ.c.grade == "major"
    planned = and_(major, ~closed, HZ.c.measures.is_not(None), HZ.c.measures != "")
    listed = and_(planned, ls.c.id.is_not(None), ls.c.listed_date <= p.end)
    five = and_(
        planned,
        ls.c.resp_person.is_not(None),
        ls.c.measures.is_not(None),
        ls.c.funds.is_not(None),
        ls.c.time_limit.is_not(None),
        ls.c.plan.is_not(None),
    )
    n = lambda cond: func.coalesce(func.sum(case((cond, 1), else_=0)), 0)  # noqa: E731
    ind = EN.c.industry_id.label("ind")
    hz_station = HZ.c.station_id if by_station else null()
    hz_stmt = (
        select(
            hz_station,
            ind,
            n(and_(in_period, general)),
            n(and_(in_period, general, closed)),
            n(and_(in_period, major)),
            n(and_(in_period, major, closed)),
            n(planned),
            n(five),
            n(listed),
            n(and_(listed, ls.c.level == "province")),
            func.coalesce(func.sum(case((in_period, HZ.c.funds), else_=0)), 0),
            n(and_(planned, HZ.c.found_date < lo)),
            n(and_(listed, ls.c.level == "city")),
        )
        .select_from(
            HZ.outerjoin(EN, EN.c.id == HZ.c.enterprise_id).outerjoin(
                ls, and_(ls.c.hazard_id == HZ.c.id, ls.c.deleted_at.is_(None))
            )
        )
        # Found by the period's end: in the period, or earlier and (major, still open) carried over.
        .where(HZ.c.deleted_at.is_(None), HZ.c.found_date < hi, or_(in_period, and_(major, ~closed)))
        .group_by(*_keys(hz_station, ind))
    )
    insp = T("inspection")
    units = union(
        select(insp.c.enterprise_id.label("eid")).where(
            insp.c.deleted_at.is_(None), insp.c.date >= lo, insp.c.date < hi, insp.c.enterprise_id.is_not(None)
        ),
        select(HZ.c.enterprise_id.label("eid")).where(
            HZ.c.deleted_at.is_(None), in_period, HZ.c.enterprise_id.is_not(None)
        ),
    ).subquery()
    en_station = EN.c.station_id if by_station else null()
    unit_stmt = (
        select(en_station, EN.c.industry_id, func.count(distinct(units.c.eid)))
        .select_from(units.join(EN, EN.c.id == units.c.eid))
        .group_by(*_keys(en_station, EN.c.industry_id))
    )
    # 应排查: the units on the register at the period's end (entered by then, not closed, not deleted).
    end_stamp = dt.datetime.combine(hi, dt.time(0, 0), tzinfo=dt.UTC) - dt.timedelta(hours=8)  # Beijing midnight
    should_stmt = (
        select(en_station, EN.c.industry_id, func.count())
        .where(EN.c.deleted_at.is_(None), EN.c.status != "closed", EN.c.created_at < end_stamp)
        .group_by(*_keys(en_station, EN.c.industry_id))
    )
    ind_station = IND.c.station_id if by_station else null()
    industries: dict[Any, list[tuple[int, str]]] = {sid: [] for sid in stations}
    hz: dict[Any, dict[Any, Any]] = {sid: {} for sid in stations}
    unit_counts: dict[Any, dict[Any, int]] = {sid: {} for sid in stations}
    should: dict[Any, dict[Any, int]] = {sid: {} for sid in stations}
    with db.session() as s:
        if by_station and db.is_server:
            _plan_for_every_station(s, joins=True)
        listed_industries = select(ind_station, IND.c.id, IND.c.name).where(IND.c.deleted_at.is_(None))
        for sid, iid, name in s.execute(listed_industries.order_by(IND.c.sort_order, IND.c.id)):
            industries.get(sid, []).append((iid, name))
        for r in s.execute(hz_stmt):
            hz.get(r[0], {})[r[1]] = r[2:]
        for sid, iid, n_units in s.execute(unit_stmt):
            unit_counts.get(sid, {})[iid] = n_units
        for sid, iid, n_should in s.execute(should_stmt):
            should.get(sid, {})[iid] = int(n_should)
    return {
        sid: _assemble_table(p, industries[sid], hz[sid], unit_counts[sid], should[sid], ended, cumulative)
        for sid in stations
    }


def _keys(station: Any, *columns: Any) -> tuple[Any, ...]:
    """GROUP BY the station (when the statement is by station) and ``columns``."""
    return (station, *columns) if not isinstance(station, Null) else columns


def _assemble_table(
    p: Period,
    industries: list[tuple[int, str]],
    hz: dict[Any, Any],
    unit_counts: dict[Any, int],
    should: dict[Any, int],
    ended: bool,
    cumulative: bool,
) -> HazardTable:
    """One station's 统计表 from its grouped counts (by industry)."""

    def make(label: str, iid: int | None) -> HazardTableRow:
        h = hz.get(iid, (0,) * 11)
        row = _table_row(label, iid, unit_counts.get(iid, 0), [int(x) for x in h[:8]], int(h[8]), int(h[9]))
        return _with_extra(row, should.get(iid, 0), int(h[10]))

    known = {iid for iid, _ in industries}
    rows = [make(f"{i + 1}.{name}", iid) for i, (iid, name) in enumerate(industries)]
    if any(k not in known for k in (*hz, *unit_counts, *should)):
        keys = list({k for k in (*hz, *unit_counts, *should) if k not in known})
        row = _unclassified(f"{len(rows) + 1}.未分类", keys, hz, unit_counts)
        city = sum(int(hz[k][10]) for k in keys if k in hz)
        rows.append(_with_extra(row, sum(should.get(k, 0) for k in keys), city))
    total_counts = [sum(r.cols[c] for r in rows) for c in (2, 3, 5, 6, 8, 9, 10, 11)]
    total_funds = sum(int(hz[k][8]) for k in hz)
    total = _table_row(
        "合计", None, sum(r.cols[1] for r in rows), total_counts, total_funds, sum(r.carried for r in rows)
    )
    total = _with_extra(total, sum(r.extra["应排查"] for r in rows), sum(r.extra["地市级"] for r in rows))
    first = "本表数据为本年1月至本月累计数" if cumulative else f"本表数据为{span_name(p.start, p.end)}合计数"
    if not ended:
        first += f"（本期未结束，统计到{chinese_date(p.end)}）"
    notes = [
        f"注：1. {first}；2. (8)≤(5)-(6)＋以前结转数，(9)、(10)、(11)均≤(8)，(11)≤(10)；"
        "3. 整改率＝已整改数÷排查数×100%，本期无隐患的整改率填“—”；",
        f"4. (8)为期末未销号、已制定治理措施（列入治理计划）的重大事故隐患，含以前发现、结转未销号的{total.carried}项，"
        "(9)—(11)为其中的项数，(10)为期末前已挂牌督办的（各级）；",
        "5. (1)—(7)、(12)只计本期排查发现的隐患，(3)、(6)为其中期末前已整改销号的，与月报表“本期整改销号”"
        "（含以前发现、本期销号的）口径不同；(10)与月报表“挂牌督办”（本期新挂牌数）口径不同。",
    ]
    return HazardTable(p, rows, total, notes, ended)


def _with_extra(row: HazardTableRow, should: int, city: int) -> HazardTableRow:
    """The 15-column layout's figures: 应排查 units, 覆盖率 (screened ÷ should; “—” when none should
    be), 地市级 listings."""
    covered = pct(row.cols[1], should) if should else None
    row.extra = {"应排查": should, "覆盖率": covered, "地市级": city}
    return row


def _unclassified(label: str, keys: list[Any], hz: dict[Any, Any], units: dict[Any, int]) -> HazardTableRow:
    """Hazards of units without an industry (or of an industry since deleted from the list)."""
    counts = [sum(int(hz[k][i]) for k in set(keys) if k in hz) for i in range(8)]
    funds = sum(int(hz[k][8]) for k in set(keys) if k in hz)
    carried = sum(int(hz[k][9]) for k in set(keys) if k in hz)
    return _table_row(label, None, sum(units.get(k, 0) for k in set(keys)), counts, funds, carried)


def _table_row(
    label: str, iid: int | None, units: int, counts: list[int], funds_fen: int, carried: int = 0
) -> HazardTableRow:
    g, g_ok, m, m_ok, planned, five, listed, province = counts
    cols: dict[int, Any] = {
        1: units,
        2: g,
        3: g_ok,
        4: pct(g_ok, g) if g else None,
        5: m,
        6: m_ok,
        7: pct(m_ok, m) if m else None,
        8: planned,
        9: five,
        10: listed,
        11: province,
        12: (Decimal(funds_fen) / 1_000_000).quantize(Decimal("0.01"), ROUND_HALF_UP),
    }
    return HazardTableRow(label, iid, cols, carried)
