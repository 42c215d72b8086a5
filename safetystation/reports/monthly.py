"""Monthly statistics: the report groups of DOMAIN.md §3.8 (A–H) and the 12 columns of the
隐患排查治理情况统计表 (FORMS.md §1) by industry.

Every figure is a SQL aggregate. Flow figures (things that happened in a period) are declared once
in ``FLOWS`` and computed for the four periods a report needs — the month, the year to date, and
both again one year earlier — with one ``SUM(CASE …)`` query per table, so a report costs about a
dozen index-range scans whatever the size of the ledgers.

Conventions (printed in the report notes):
- 整改率 = of the hazards found in the period, those closed (销号) by the period's end ÷ found × 100;
  where nothing was found the rate is left empty (shown “—”), not 0% and not 100%.
- 累计未整改 / 逾期未整改 are as at the period's last day, whenever the hazard was found.
- Group A is a snapshot of the ledgers as they are now (enterprise and staff records carry no
  history of their own).
- Money is kept in fen and shown in 元 or 万元 as the unit says.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from sqlalchemy import ColumnElement, and_, bindparam, case, distinct, func, literal, or_, select, union
from sqlalchemy.sql import Select

from safetystation.dates import Period
from safetystation.domain import choices as C
from safetystation.domain import get_spec
from safetystation.domain.hazard import ACCOUNTABILITY_STEP
from safetystation.domain.spec import DATETIME
from safetystation.storage.db import Database

T = lambda key: get_spec(key).table  # noqa: E731  (short table accessor for the declarations below)
HZ, EN, IND, EV = T("hazard"), T("enterprise"), T("industry"), T("hazard_event")


@dataclass(frozen=True)
class Flow:
    """A figure counted or summed over the rows of ``table`` whose ``date`` falls in a period.

    ``upto`` counts rows dated on or before the period's end instead (stock at period end).
    ``where`` may depend on the period (e.g. “closed by the period's end”).
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


def _eq(table: str, column: str, *values: str) -> Callable[[Any], ColumnElement[bool]]:
    c = T(table).c[column]
    return lambda p: c.in_(values) if len(values) > 1 else c == values[0]


def _closed_by_end(p: Period) -> ColumnElement[bool]:
    return and_(HZ.c.closed_date.is_not(None), HZ.c.closed_date <= p.end)


def _open_at_end(p: Period) -> ColumnElement[bool]:
    return or_(HZ.c.closed_date.is_(None), HZ.c.closed_date > p.end)


def _flagged_in_period(p: Any) -> ColumnElement[bool]:
    """A 追责 step (a hazard's second failed re-inspection, 000/篇三) of a live hazard."""
    live = select(HZ.c.id).where(HZ.c.id == EV.c.hazard_id, HZ.c.deleted_at.is_(None))
    return and_(EV.c.action == ACCOUNTABILITY_STEP, live.exists())


def _flagged_open_at_end(p: Any) -> ColumnElement[bool]:
    """A hazard flagged 追责 by the period's end and not closed by then."""
    step = select(EV.c.id).where(
        EV.c.hazard_id == HZ.c.id,
        EV.c.action == ACCOUNTABILITY_STEP,
        EV.c.deleted_at.is_(None),
        EV.c.date <= p.end,
    )
    return and_(HZ.c.accountability.is_(True), _open_at_end(p), step.exists())


GA, GB, GC, GD, GE, GF, GG, GH = (
    "A 基本情况",
    "B 监督检查",
    "C 隐患排查治理",
    "D 执法与打非治违",
    "E 宣传教育培训",
    "F 应急管理",
    "G 责任体系",
    "H 事故情况",
)

FLOWS: list[Flow] = [
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
        "c_general_found", GC, "其中：一般隐患", "项", "hazard", "found_date", where=_eq("hazard", "grade", "general")
    ),
    Flow("c_found_closed", GC, "其中：期末已整改销号", "项", "hazard", "found_date", where=_closed_by_end),
    Flow("c_rectified", GC, "本期整改销号", "项", "hazard", "closed_date"),
    Flow("c_open", GC, "累计未整改（期末）", "项", "hazard", "found_date", where=_open_at_end, upto=True),
    Flow(
        "c_overdue",
        GC,
        "逾期未整改（期末）",
        "项",
        "hazard",
        "found_date",
        upto=True,
        where=lambda p: and_(_open_at_end(p), HZ.c.deadline < p.end),
    ),
    Flow("c_major_found", GC, "发现重大隐患", "项", "hazard", "found_date", where=_eq("hazard", "grade", "major")),
    Flow("c_listed", GC, "挂牌督办", "处", "hazard_listing", "listed_date"),
    Flow("c_major_closed", GC, "重大隐患销号", "处", "hazard", "closed_date", where=_eq("hazard", "grade", "major")),
    # One notice per inspection and unit, however many problems it lists; a cancelled one is not counted.
    Flow("c_notices", GC, "下发整改通知书", "份", "notice", "date", where=lambda p: T("notice").c.cancelled.is_(False)),
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
        "c_reviews", GC, "复查", "次", "hazard_event", "date", where=lambda p: T("hazard_event").c.passed.is_not(None)
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
        where=_flagged_open_at_end,
    ),
    Flow("d_orders", GD, "责令限期整改", "件", "enforcement", "date", where=_eq("enforcement", "measure", "order")),
    Flow(
        "d_suspend", GD, "责令停产停业整顿", "家", "enforcement", "date", where=_eq("enforcement", "measure", "suspend")
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
    Flow("d_refer", GD, "移送/报告县级部门", "件", "enforcement", "date", where=_eq("enforcement", "measure", "refer")),
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
    Flow("e_meetings", GE, "宣传会议", "次", "publicity", "date", where=_eq("publicity", "activity_type", "meeting")),
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
    Flow("f_callouts", GF, "出警", "次", "brigade_activity", "date", where=_eq("brigade_activity", "kind", "callout")),
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
] + [
    f
    for code, label in C.ACCIDENT_INDUSTRY
    for f in (
        Flow(
            f"h_{code}_count", GH, f"{label}：起数", "起", "accident", "date", where=_eq("accident", "industry", code)
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

PERIOD_KEYS = ("month", "ytd", "ly_month", "ly_ytd")


@dataclass(frozen=True)
class Row:
    """One line of the monthly report sheet."""

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
    """Figures of one month: group A snapshot, flows for four periods, derived rates."""

    year: int
    month: int
    periods: dict[str, Period]
    snapshot: dict[str, int]
    flows: dict[str, dict[str, int]]
    notes: list[str] = field(default_factory=list)

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
        for f in FLOWS:
            vals = [display_money(self.flows[f.key][p], f.money) for p in PERIOD_KEYS]
            out.append(Row(f.key, f.group, f.label, f.unit, *vals))
            if f.key == "c_rectified":
                out.append(Row("c_rate", GC, "整改率", "%", *(self.rate(p) for p in PERIOD_KEYS)))
        zero = "是" if self.flows["h_count"]["month"] == 0 else "否"
        out.append(Row("h_zero", GH, "本月零事故", "", zero, None, None, None))
        return out


def pct(part: int, whole: int) -> Decimal:
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP)


def display_money(value: int, money: str | None) -> Any:
    if money is None:
        return value
    if money == "yuan":
        return (Decimal(value) / 100).quantize(Decimal("0.01"))
    return (Decimal(value) / 1_000_000).quantize(Decimal("0.0001"))


SNAPSHOT_LABELS = {
    "a_villages": ("行政村(社区)数", "个"),
    "a_enterprises": ("生产经营单位总数（不含已关闭）", "家"),
    "a_high_risk": ("其中：高危行业", "家"),
    "a_crowded": ("其中：人员密集场所", "家"),
    "a_key_enterprises": ("其中：重点监管", "家"),
    "a_key_parts": ("重点部位", "处"),
    "a_major_sources": ("重大危险源", "处"),
    "a_staff_full": ("安监站专职人员", "人"),
    "a_staff_part": ("安监站兼职人员", "人"),
    "a_village_officers": ("村(居)安全信息员", "人"),
    "a_brigades": ("义务消防队", "支"),
    "a_brigade_members": ("义务消防队员", "人"),
}


@dataclass(frozen=True)
class _BoundPeriod:
    """A period whose dates are bind parameters, so a statement is built once and reused."""

    start: Any
    end: Any


def _is_datetime(table_key: str, column: str) -> bool:
    return get_spec(table_key).column(column).kind == DATETIME


_STATEMENTS: dict[tuple[str, str, bool], Select[Any]] = {}


def _flow_query(table_key: str, date: str, upto: bool, flows: list[Flow]) -> Select[Any]:
    """One SUM(CASE …) statement for every flow of a table and date column, over the four periods.

    Bounds are half-open, [start, end + 1 day), in the column's own type (date or datetime);
    parameters come from :func:`_params`.
    """
    key = (table_key, date, upto)
    if key in _STATEMENTS:
        return _STATEMENTS[key]
    t = T(table_key)
    dcol = t.c[date]
    suffix = "_dt" if _is_datetime(table_key, date) else ""
    cols = []
    for f in flows:
        for pk in PERIOD_KEYS:
            lo: Any = bindparam(f"{pk}_lo{suffix}")
            hi: Any = bindparam(f"{pk}_hi{suffix}")
            conds = [dcol < hi] if upto else [dcol >= lo, dcol < hi]
            bound = _BoundPeriod(bindparam(f"{pk}_start"), bindparam(f"{pk}_end"))
            extra = f.where(bound) if f.where else None
            if extra is not None:
                conds.append(extra)
            cond = and_(*conds)
            agg: Any
            if f.distinct:
                agg = func.count(distinct(case((cond, t.c[f.distinct]))))
            else:
                agg = func.coalesce(func.sum(case((cond, t.c[f.value] if f.value else literal(1)), else_=0)), 0)
            cols.append(agg.label(f"{f.key}__{pk}"))
    where = [t.c.deleted_at.is_(None), dcol < bindparam(f"all_hi{suffix}")]
    if not upto:
        where.append(dcol >= bindparam(f"all_lo{suffix}"))
    stmt: Select[Any] = select(*cols).where(*where)
    _STATEMENTS[key] = stmt
    return stmt


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
    out["all_lo"] = min(p.start for p in periods.values())
    out["all_hi"] = max(p.end for p in periods.values()) + dt.timedelta(days=1)
    out["all_lo_dt"] = dt.datetime.combine(out["all_lo"], dt.time())
    out["all_hi_dt"] = dt.datetime.combine(out["all_hi"], dt.time())
    return out


def _snapshot(db: Database) -> dict[str, int]:
    en, st, kp, br, bm, vl = T("enterprise"), T("staff"), T("key_part"), T("brigade"), T("brigade_member"), T("village")
    live = lambda t: t.c.deleted_at.is_(None)  # noqa: E731
    one = lambda cond: func.coalesce(func.sum(case((cond, 1), else_=0)), 0)  # noqa: E731
    station_staff = st.c.role.in_(("head", "staff"))
    with db.session() as s:
        e = s.execute(
            select(
                func.count(), one(IND.c.high_risk.is_(True)), one(IND.c.crowded.is_(True)), one(en.c.is_key.is_(True))
            )
            .select_from(en.outerjoin(IND, IND.c.id == en.c.industry_id))
            .where(live(en), en.c.status != "closed")
        ).one()
        staff = s.execute(
            select(
                one(and_(station_staff, st.c.employment == "full")),
                one(and_(station_staff, st.c.employment == "part")),
                one(st.c.role == "village_officer"),
            ).where(live(st), st.c.active.is_(True))
        ).one()
        parts = s.execute(select(func.count(), one(kp.c.is_major_source.is_(True))).where(live(kp))).one()
        return {
            "a_villages": s.execute(select(func.count()).select_from(vl).where(live(vl))).scalar_one(),
            "a_enterprises": e[0],
            "a_high_risk": e[1],
            "a_crowded": e[2],
            "a_key_enterprises": e[3],
            "a_key_parts": parts[0],
            "a_major_sources": parts[1],
            "a_staff_full": staff[0],
            "a_staff_part": staff[1],
            "a_village_officers": staff[2],
            "a_brigades": s.execute(select(func.count()).select_from(br).where(live(br))).scalar_one(),
            "a_brigade_members": s.execute(
                select(func.count())
                .select_from(bm.join(br, br.c.id == bm.c.brigade_id))
                .where(live(bm), live(br), bm.c.active.is_(True))
            ).scalar_one(),
        }


def report_periods(year: int, month: int) -> dict[str, Period]:
    m, ytd = Period.month(year, month), Period.year_to(year, month)
    return {"month": m, "ytd": ytd, "ly_month": m.shifted_years(-1), "ly_ytd": ytd.shifted_years(-1)}


def monthly_report(db: Database, year: int, month: int) -> MonthlyReport:
    """Every figure of the monthly report for ``year``-``month``."""
    periods = report_periods(year, month)
    groups: dict[tuple[str, str, bool], list[Flow]] = {}
    for f in FLOWS:
        groups.setdefault((f.table, f.date, f.upto), []).append(f)
    flows: dict[str, dict[str, int]] = {}
    params = _params(periods)
    with db.session() as s:
        for (table, date, upto), fs in groups.items():
            stmt = _flow_query(table, date, upto, fs)
            row = s.execute(stmt, params).mappings().one()
            for f in fs:
                flows[f.key] = {pk: int(row[f"{f.key}__{pk}"] or 0) for pk in periods}
    notes = [
        "整改率＝本期发现的隐患中期末已整改销号的项数÷本期发现项数×100%；本期未发现隐患的，整改率不填（“—”）。",
        "累计未整改、逾期未整改为期末时点数，含以前年度发现的隐患。",
        "须追责＝同一隐患第二次复查不合格（两次整改不到位），按认定日期计；须追责隐患未销号为期末时点数。",
        "A 组为台账当前在册数。",
    ]
    return MonthlyReport(year, month, periods, _snapshot(db), flows, notes)


# --- 隐患排查治理情况统计表 (FORMS.md §1) --------------------------------------------------------------

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
    """One industry line of the 统计表; ``cols`` maps column number (1–12) to its value."""

    label: str
    industry_id: int | None
    cols: dict[int, Any]


@dataclass
class HazardTable:
    period: Period
    rows: list[HazardTableRow]
    total: HazardTableRow
    notes: list[str]

    def rule_violations(self) -> list[str]:
        """The cross-column rules printed on the form; an empty list means the table may be sent."""
        out = []
        for r in [*self.rows, self.total]:
            c = r.cols
            if c[8] > c[5] - c[6]:
                out.append(f"{r.label}：(8){c[8]} 大于 (5)-(6)={c[5] - c[6]}")
            for k in (9, 10, 11):
                if c[k] > c[8]:
                    out.append(f"{r.label}：({k}){c[k]} 大于 (8){c[8]}")
            if c[11] > c[10]:
                out.append(f"{r.label}：(11){c[11]} 大于 (10){c[10]}")
            if c[3] > c[2] or c[6] > c[5]:
                out.append(f"{r.label}：已整改数大于排查数")
        return out


def hazard_table(db: Database, year: int, month: int) -> HazardTable:
    """The 统计表 from January to the end of ``month`` of ``year``, one row per industry, plus 合计.

    Column 8 (列入治理计划) counts major hazards found in the period, still open at its end, with
    rectification measures recorded; 9–11 are subsets of 8 (五落实 complete; listed; listed by the
    province). Hazards of units without an industry fall in a “未分类” row.
    """
    p = Period.year_to(year, month)
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
    hz_stmt = (
        select(
            ind,
            n(general),
            n(and_(general, closed)),
            n(major),
            n(and_(major, closed)),
            n(planned),
            n(five),
            n(listed),
            n(and_(listed, ls.c.level == "province")),
            func.coalesce(func.sum(HZ.c.funds), 0),
        )
        .select_from(
            HZ.outerjoin(EN, EN.c.id == HZ.c.enterprise_id).outerjoin(
                ls, and_(ls.c.hazard_id == HZ.c.id, ls.c.deleted_at.is_(None))
            )
        )
        .where(HZ.c.deleted_at.is_(None), in_period)
        .group_by(ind)
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
    unit_stmt = (
        select(EN.c.industry_id, func.count(distinct(units.c.eid)))
        .select_from(units.join(EN, EN.c.id == units.c.eid))
        .group_by(EN.c.industry_id)
    )
    with db.session() as s:
        industries = s.execute(
            select(IND.c.id, IND.c.name).where(IND.c.deleted_at.is_(None)).order_by(IND.c.sort_order, IND.c.id)
        ).all()
        hz = {r[0]: r[1:] for r in s.execute(hz_stmt)}
        unit_counts = dict(s.execute(unit_stmt).all())

    def make(label: str, iid: int | None) -> HazardTableRow:
        h = hz.get(iid, (0,) * 9)
        return _table_row(label, iid, unit_counts.get(iid, 0), [int(x) for x in h[:8]], int(h[8]))

    rows = [make(f"{i + 1}.{name}", iid) for i, (iid, name) in enumerate(industries)]
    if None in hz or None in unit_counts:
        rows.append(make(f"{len(rows) + 1}.未分类", None))
    total_counts = [sum(r.cols[c] for r in rows) for c in (2, 3, 5, 6, 8, 9, 10, 11)]
    total_funds = sum(int(hz[k][8]) for k in hz)
    total = _table_row("合计", None, sum(r.cols[1] for r in rows), total_counts, total_funds)
    notes = [
        "注：1. 本表数据为本年1月至本月累计数；",
        "2. (8)≤(5)-(6)，(9)、(10)、(11)均≤(8)，(11)≤(10)；",
        "3. 整改率＝已整改数÷排查数×100%，本期无隐患的整改率填“—”；",
        "4. (8)为本期排查、期末尚未销号且已制定治理措施的重大事故隐患。",
    ]
    return HazardTable(p, rows, total, notes)


def _table_row(label: str, iid: int | None, units: int, counts: list[int], funds_fen: int) -> HazardTableRow:
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
    return HazardTableRow(label, iid, cols)
