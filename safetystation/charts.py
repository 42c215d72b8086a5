"""Charts of the station's figures as matplotlib Figures (no pyplot, no GUI backend): shown in the
desktop, saved as PNG, placed in the report workbook. Every count is an SQL aggregate.

Every chart is drawn as of a day (``as_of``): the twelve months ending with its month, and stock
figures (open, overdue, equipment) as they stood at the end of that day — a report's charts show the
report's period, not today.

Chinese text uses the bundled OFL font, registered with matplotlib here, so a PC without Chinese
fonts still draws every label (a missing glyph would only warn and draw boxes).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import matplotlib
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from sqlalchemy import and_, extract, func, select, text

from safetystation.dates import add_months
from safetystation.domain import choices as C
from safetystation.domain import metadata
from safetystation.outputs import write_output
from safetystation.resources import FONT_FILE
from safetystation.services.hazards import OPEN_STATUSES
from safetystation.storage.db import Database

_FONT_READY = False
OPEN = list(OPEN_STATUSES)  # not yet 销号
COLOURS = ["#1f5fa8", "#d9822b", "#2e7d32", "#c62828", "#6a1b9a", "#00838f", "#9e9d24"]


def use_bundled_font() -> str:
    """Register the bundled font with matplotlib once; returns its family name."""
    global _FONT_READY
    family = font_manager.FontProperties(fname=str(FONT_FILE)).get_name()
    if not _FONT_READY:
        font_manager.fontManager.addfont(str(FONT_FILE))
        # Every text of every figure, tick labels made at draw time included, defaults to it: this
        # program's charts are its only matplotlib users.
        matplotlib.rcParams["font.family"] = [family]
        matplotlib.rcParams["axes.unicode_minus"] = False
        _FONT_READY = True
    return family


@dataclass
class Chart:
    """A chart and where a click on it leads (ledger key and filters)."""

    name: str
    title: str
    figure: Figure
    ledger: str
    filters: dict[str, Any] = field(default_factory=dict)
    months: list[dt.date] = field(default_factory=list)  # x positions 0, 1, … are these months
    column: str | None = None  # or x positions are these values of this column
    values: list[Any] = field(default_factory=list)
    ticks: list[TickLabels] = field(default_factory=list)  # x labels refitted to the drawn width
    text_sizes: dict[int, float] = field(default_factory=dict)  # titles' and legends' own font sizes

    def fit_labels(self) -> bool:
        """Thin the month labels or tilt the category labels so that none overlap at the size the
        figure has now (a chart on a 1024-px screen is half as wide as the 7.2-in original, #20 §4).
        Call it when the figure is resized, before it is drawn, and once drawn (the layout then known
        exactly): True when it changed anything, and the figure needs drawing again."""
        before = self._label_state()
        renderer = self.figure.canvas.get_renderer()  # type: ignore[attr-defined]  # an Agg canvas
        for ticks in self.ticks:
            ticks.fit(renderer)
            if ticks.title:  # side by side: each title within its own axes
                self._shrink([ticks.ax.title], ticks.ax.title, ticks.ax, renderer)
        for ax in self.figure.axes:
            legend = ax.get_legend()
            if legend is not None:  # a legend wider than its axes ran over the other axis' labels
                self._shrink(legend.get_texts(), legend, ax, renderer)
        return self._label_state() != before

    def _label_state(self) -> list[tuple[str, float, Any]]:
        texts = [t for ax in self.figure.axes for t in (*ax.get_xticklabels(), ax.title)]
        legends = [legend for ax in self.figure.axes if (legend := ax.get_legend()) is not None]
        texts += [t for legend in legends for t in legend.get_texts()]
        return [(t.get_text(), t.get_rotation(), t.get_fontsize()) for t in texts]

    def _shrink(self, texts: list[Any], whole: Any, ax: Any, renderer: Any) -> None:
        """``texts`` back to their own size, then smaller (to 70 % at most) if ``whole`` (the title, the
        legend) is wider than ``ax``."""
        for t in texts:
            t.set_fontsize(self.text_sizes.setdefault(id(t), t.get_fontsize()))
        scale = max(0.7, min(1.0, ax.bbox.width / max(whole.get_window_extent(renderer).width, 1.0)))
        for t in texts:
            t.set_fontsize(self.text_sizes[id(t)] * scale)

    def target(self, x: float | None = None) -> dict[str, Any]:
        """The filters a click at data position ``x`` opens: the chart's own filters, narrowed to the
        month or the category under the pointer. ``@from``/``@to`` bound the ledger's date field and
        a key ``<name`` means "name earlier than" (see ``LedgerService``)."""
        out = dict(self.filters)
        if x is None:
            return out
        i = int(round(x))
        if self.months and 0 <= i < len(self.months):
            first = self.months[i]
            out["@from"], out["@to"] = first, add_months(first, 1) - dt.timedelta(days=1)
        elif self.column and 0 <= i < len(self.values):
            out[self.column] = self.values[i]
        return out

    def save_png(self, path: Path, dpi: int = 120) -> Path:
        FigureCanvasAgg(self.figure)
        self.fit_labels()
        return write_output(path, lambda tmp: self.figure.savefig(tmp, dpi=dpi, format="png"))


@dataclass
class TickLabels:
    """The x labels of one axes (ticks at 0, 1, 2…) and how they give way when the axes is narrow:
    month labels are thinned (every 2nd, 3rd… month, the newest always labelled, the year on the first
    label of each year), category labels are tilted (30°, 45°, then upright) and at last made smaller."""

    ax: Any
    labels: list[str]
    months: list[dt.date] | None = None
    title: bool = False  # the axes' title is kept within the axes' width (several axes side by side)
    fontsize: float | None = None  # the labels' own size, kept for going back after shrinking

    def fit(self, renderer: Any) -> None:
        ax = self.ax
        if self.fontsize is None:
            self.fontsize = float(ax.xaxis.get_ticklabels()[0].get_fontsize()) if ax.xaxis.get_ticklabels() else 10.0
        left, right = ax.get_xlim()
        spacing = ax.bbox.width / max(abs(right - left), 1e-9)  # pixels between two neighbouring ticks
        pad = renderer.points_to_pixels(self.fontsize * 0.4)  # a clear gap: about half a digit
        props = ax.xaxis.get_ticklabels()[0].get_fontproperties().copy() if ax.xaxis.get_ticklabels() else None
        if props is None:
            return
        props.set_size(self.fontsize)
        if self.months is not None:
            self._thin(renderer, props, spacing, pad)
        else:
            self._tilt(renderer, props, spacing, pad)

    def _thin(self, renderer: Any, props: Any, spacing: float, pad: float) -> None:
        months = self.months or []
        widest = max(_text_size(renderer, _label(m, year=True), props)[0] for m in months)
        step = next((n for n in (1, 2, 3, 4, 6) if n * spacing >= widest + pad), 12)
        shown = [i for i in range(len(months)) if (len(months) - 1 - i) % step == 0]
        labels, year = [], None
        for i in shown:
            m = months[i]
            # A label of January names its year; thinned, the first label of each year does.
            with_year = m.month == 1 or (step > 1 and year is not None and m.year != year)
            labels.append(_label(m, year=with_year))
            year = m.year
        self.ax.set_xticks(shown, labels)
        self.ax.set_xticks(range(len(months)), minor=True)  # every month keeps its tick mark
        _fonts(self.ax)

    def _tilt(self, renderer: Any, props: Any, spacing: float, pad: float) -> None:
        import math

        sizes = [_text_size(renderer, t, props) for t in self.labels]
        widest = max(w for w, _h in sizes)
        tallest = max(h for _w, h in sizes)
        rotation, scale = 0, 1.0
        if widest + pad > spacing:
            # Tilted labels are parallel: they clear each other when the gap across them, spacing·sin θ,
            # holds a line of text.
            fitting = [a for a in (30, 45, 90) if spacing * math.sin(math.radians(a)) >= tallest + pad]
            rotation = fitting[0] if fitting else 90
            if not fitting:
                scale = max(0.6, (spacing - pad) / tallest)
        self.ax.set_xticks(range(len(self.labels)), self.labels)
        for label in self.ax.get_xticklabels():
            label.set_rotation(rotation)
            label.set_horizontalalignment("center" if rotation in (0, 90) else "right")
            label.set_rotation_mode("anchor" if rotation not in (0, 90) else "default")
            label.set_fontsize(props.get_size_in_points() * scale)
        _fonts(self.ax)


def _text_size(renderer: Any, text: str, props: Any) -> tuple[float, float]:
    """Width and height in pixels of ``text`` (lines split at ``\n``) drawn with ``props``."""
    lines = text.split("\n")
    sizes = [renderer.get_text_width_height_descent(line or " ", props, ismath=False) for line in lines]
    line_height = max(h for _w, h, _d in sizes)
    return max(w for w, _h, _d in sizes), line_height * len(lines) * 1.2


def _figure(title: str) -> tuple[Figure, Any]:
    family = use_bundled_font()
    fig = Figure(figsize=(7.2, 3.8), layout="constrained")
    FigureCanvasAgg(fig)  # measured with before it is drawn (Chart.fit_labels); the window puts its own
    fig.set_facecolor("white")
    ax = fig.add_subplot()
    ax.set_title(title, fontfamily=family, fontsize=12)
    for lab in (ax.xaxis.label, ax.yaxis.label):
        lab.set_fontfamily(family)
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", alpha=0.3)
    return fig, ax


def _fonts(ax: Any) -> None:
    family = use_bundled_font()
    for lab in [*ax.get_xticklabels(), *ax.get_yticklabels()]:
        lab.set_fontfamily(family)
    legend = ax.get_legend()
    if legend is not None:
        for t in legend.get_texts():
            t.set_fontfamily(family)


def _months(end: dt.date, n: int = 12) -> list[dt.date]:
    first = end.replace(day=1)
    return [add_months(first, -i) for i in range(n - 1, -1, -1)]


def _label(m: dt.date, *, year: bool | None = None) -> str:
    """``12月``; January (or ``year``) with the year under it."""
    return f"{m.month}月\n{m.year}" if (m.month == 1 if year is None else year) else f"{m.month}月"


def _month_index(column: Any) -> Any:
    """year × 12 + month of a date column, in SQL both databases run (EXTRACT: strftime on SQLite)."""
    return extract("year", column) * 12 + extract("month", column)


def _by_month(db: Database, table: str, column: str, value: Any, months: list[dt.date], *where: Any) -> list[int]:
    """``value`` (an aggregate) over the live rows of ``table`` per month of its date ``column``."""
    t = metadata.tables[table]
    start, end = months[0], add_months(months[-1], 1)
    key = _month_index(t.c[column])
    stmt = (
        select(key, value(t))
        .where(t.c.deleted_at.is_(None), t.c[column] >= start, t.c[column] < end, *(w(t) for w in where))
        .group_by(key)
    )
    with db.engine.connect() as conn:
        rows: dict[int, Any] = {int(k): v for k, v in conn.execute(stmt).all()}
    return [int(rows.get(m.year * 12 + m.month, 0) or 0) for m in months]


def _count_by_month(db: Database, table: str, column: str, months: list[dt.date], *where: Any) -> list[int]:
    """Records of ``table`` per month of ``column`` (``where``: functions of the table giving conditions)."""
    return _by_month(db, table, column, lambda t: func.count(), months, *where)


def _paired_bars(
    ax: Any, months: list[dt.date], left: tuple[str, list[int]], right: tuple[str, list[int]], unit: str
) -> list[int]:
    """Two bars a month side by side, headroom above them for the legend; returns the x positions."""
    x = list(range(len(months)))
    ax.bar([i - 0.2 for i in x], left[1], width=0.4, label=left[0], color=COLOURS[0])
    ax.bar([i + 0.2 for i in x], right[1], width=0.4, label=right[0], color=COLOURS[2])
    ax.set_xticks(x, [_label(m) for m in months])
    ax.set_ylabel(unit)
    ax.set_ylim(0, max(1, *left[1], *right[1]) * 1.3)
    return x


def hazards(db: Database, as_of: dt.date) -> Chart:
    """Found and closed per month over 12 months, with the rectification rate."""
    months = _months(as_of)
    found = _count_by_month(db, "hazard", "found_date", months)
    closed = _count_by_month(db, "hazard", "closed_date", months)
    fig, ax = _figure("隐患发现与整改销号（近12个月）")
    x = _paired_bars(ax, months, ("发现", found), ("整改销号", closed), "项")

    # 整改率 as each month's report has it: of the hazards found in the month, the share closed by the
    # month's end (by the as-of day in its last month).
    def by_end(t: Any) -> Any:  # closed by the end of the month it was found in, and by the as-of day
        return and_(_month_index(t.c.closed_date) <= _month_index(t.c.found_date), t.c.closed_date <= as_of)

    fixed = _count_by_month(db, "hazard", "found_date", months, by_end)
    rate = ax.twinx()
    values = [100 * c / f if f else None for f, c in zip(found, fixed, strict=True)]
    rate.plot(x, [v if v is not None else float("nan") for v in values], color=COLOURS[1], marker="o", label="整改率")
    rate.set_ylim(0, 135)  # headroom for the legend above the 100% line
    rate.set_ylabel("整改率(%)", fontfamily=use_bundled_font())
    rate.spines[["top"]].set_visible(False)
    lines = ax.get_legend_handles_labels()
    more = rate.get_legend_handles_labels()
    ax.legend(lines[0] + more[0], lines[1] + more[1], loc="upper center", ncol=3, frameon=False)
    _fonts(ax)
    _fonts(rate)
    return Chart("hazards", "隐患发现与整改", fig, "hazard", months=months, ticks=[TickLabels(ax, [], months)])


def open_hazards(db: Database, as_of: dt.date) -> Chart:
    """Hazards not closed at the end of ``as_of`` (the report's 累计未整改), by category, split into
    一般 and 重大."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT category, grade, count(*) FROM hazard WHERE deleted_at IS NULL AND found_date <= :day"
                " AND (closed_date IS NULL OR closed_date > :day) GROUP BY 1, 2"
            ),
            {"day": as_of},
        ).all()
    cats = [c for c, _ in C.HAZARD_CATEGORY]
    counts = {(c, g): n for c, g, n in rows}
    fig, ax = _figure(f"未整改隐患（按类别和等级，{as_of.year}年{as_of.month}月{as_of.day}日）")
    bottom = [0] * len(cats)
    for i, (grade, label) in enumerate(C.HAZARD_GRADE):
        values = [counts.get((c, grade), 0) for c in cats]
        ax.bar(range(len(cats)), values, bottom=bottom, label=label, color=COLOURS[0 if i == 0 else 3])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    names = [C.HAZARD_CATEGORY.label(c) for c in cats]
    ax.set_xticks(range(len(cats)), names)
    ax.set_ylabel("项")
    ax.legend(frameon=False)
    _fonts(ax)
    ticks = [TickLabels(ax, names)]
    filters = {"status": OPEN, "@to": as_of}  # the ledger shows those open now among those found by then
    return Chart("open_hazards", "未整改隐患", fig, "hazard", filters, column="category", values=cats, ticks=ticks)


def overdue(db: Database, as_of: dt.date) -> Chart:
    """Hazards open and past their deadline at each month's end (the last month: at ``as_of``)."""
    months = _months(as_of)
    ends = {f"e{i}": min(add_months(m, 1) - dt.timedelta(days=1), as_of) for i, m in enumerate(months)}
    month_ends = " UNION ALL ".join(f"SELECT {i} AS n, :{key} AS day" for i, key in enumerate(ends))
    with db.engine.connect() as conn:
        counted = conn.execute(
            text(
                f"SELECT e.n, count(h.id) FROM ({month_ends}) AS e LEFT JOIN hazard AS h"
                " ON h.deleted_at IS NULL AND h.found_date <= e.day AND h.deadline < e.day"
                " AND (h.closed_date IS NULL OR h.closed_date > e.day) GROUP BY e.n ORDER BY e.n"
            ),
            ends,
        ).all()
    values = [n for _, n in counted]
    fig, ax = _figure("逾期未整改隐患（月末数）")
    ax.plot(range(len(months)), values, marker="o", color=COLOURS[3])
    ax.set_xticks(range(len(months)), [_label(m) for m in months])
    ax.set_ylabel("项")
    _fonts(ax)
    filters = {"status": OPEN, "<deadline": as_of}
    return Chart("overdue", "逾期未整改隐患", fig, "hazard", filters, ticks=[TickLabels(ax, [], months)])


EXPIRED = "expired"  # not a status: an item past its 有效期至 on the as-of day, drawn as its own part


def equipment(db: Database, as_of: dt.date) -> Chart:
    """Equipment lines by 六有 item and status, as bought by ``as_of``; lines past their expiry date
    on that day apart (“已过期”). Lines, not quantities: 6 顶 helmets and 50 只 masks do not add up."""
    with db.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT category, CASE WHEN expiry_date < :day AND status NOT IN ('scrapped', 'lost')"
                " THEN 'expired' ELSE status END, count(*) FROM equipment WHERE deleted_at IS NULL"
                " AND category LIKE 'lh%' AND (purchase_date IS NULL OR purchase_date <= :day) GROUP BY 1, 2"
            ),
            {"day": as_of},
        ).all()
    items = [c for c, _ in C.EQUIPMENT_CATEGORY if c.startswith("lh")]
    counts = {(c, s): int(n or 0) for c, s, n in rows}
    fig, ax = _figure(f"六有装备（按项目和状态，{as_of.year}年{as_of.month}月{as_of.day}日）")
    bottom = [0] * len(items)
    for i, (status, label) in enumerate([*C.EQUIPMENT_STATUS, (EXPIRED, "已过期")]):
        values = [counts.get((c, status), 0) for c in items]
        if any(values):
            ax.bar(range(len(items)), values, bottom=bottom, label=label, color=COLOURS[i % len(COLOURS)])
            bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    names = [C.EQUIPMENT_CATEGORY.label(c).replace("六有", "") for c in items]
    ax.set_xticks(range(len(items)), names)
    ax.set_ylabel("台账条目（条）")
    ax.set_ylim(0, max(1, *bottom) * 1.3)  # headroom for the legend above the bars
    ax.legend(frameon=False, ncol=3)
    _fonts(ax)
    ticks = [TickLabels(ax, names)]
    return Chart("equipment", "六有装备", fig, "equipment", column="category", values=items, ticks=ticks)


def drills(db: Database, as_of: dt.date) -> Chart:
    """Drill occurrences planned and done per month."""
    months = _months(as_of)
    planned = _count_by_month(db, "drill_occurrence", "due_date", months)
    done = _count_by_month(db, "drill_occurrence", "due_date", months, lambda t: t.c.status == "done")
    fig, ax = _figure("应急演练：计划与完成（按月）")
    _paired_bars(ax, months, ("计划", planned), ("完成", done), "次")
    ax.legend(loc="upper center", ncol=2, frameon=False)
    _fonts(ax)
    ticks = [TickLabels(ax, [], months)]
    return Chart("drills", "应急演练计划与完成", fig, "drill_occurrence", months=months, ticks=ticks)


def accidents(db: Database, as_of: dt.date) -> Chart:
    """The four accident indicators, this year to ``as_of`` against the same days last year."""
    sql = text(
        "SELECT count(*), coalesce(sum(deaths), 0), coalesce(sum(injuries), 0), coalesce(sum(loss), 0)"
        " FROM accident WHERE deleted_at IS NULL AND counted = :yes AND date >= :start AND date < :end"
    )
    end = as_of + dt.timedelta(days=1)
    month = as_of
    with db.engine.connect() as conn:
        this = conn.execute(sql, {"start": dt.date(as_of.year, 1, 1), "end": end, "yes": True}).one()
        last = conn.execute(
            sql, {"start": dt.date(as_of.year - 1, 1, 1), "end": add_months(end, -12), "yes": True}
        ).one()
    # The unit on a line of its own: four titles side by side fit a chart half the usual width.
    labels = ["事故起数\n(起)", "死亡\n(人)", "受伤\n(人)", "直接经济损失\n(万元)"]
    values = [
        (last[0], this[0]),
        (last[1], this[1]),
        (last[2], this[2]),
        (last[3] / 100 / 10000, this[3] / 100 / 10000),
    ]
    family = use_bundled_font()
    fig = Figure(figsize=(7.2, 3.8), layout="constrained")
    FigureCanvasAgg(fig)
    fig.set_facecolor("white")
    whole = end.day == 1  # as_of is a month's last day
    upto = f"{month.month}月" if whole else f"{month.month}月{month.day}日"
    fig.suptitle(f"事故四项指标：{month.year}年1月—{upto}与去年同期", fontfamily=family, fontsize=12)
    axes = fig.subplots(1, 4)
    ticks = []
    for ax, label, (before, now) in zip(axes, labels, values, strict=True):
        bars = ax.bar([0, 1], [before, now], color=[COLOURS[1], COLOURS[3]], width=0.6)
        ax.bar_label(bars, fmt="%g", fontsize=9)
        ax.set_xticks([0, 1], ["去年同期", "本年"])
        ticks.append(TickLabels(ax, ["去年同期", "本年"], title=True))
        ax.set_title(label, fontfamily=family, fontsize=10)
        ax.spines[["top", "right"]].set_visible(False)
        ax.margins(y=0.2)
        _fonts(ax)
    this_year = {"@from": dt.date(month.year, 1, 1), "@to": end - dt.timedelta(days=1)}
    return Chart("accidents", "事故四项指标", fig, "accident", this_year, ticks=ticks)


def training(db: Database, as_of: dt.date) -> Chart:
    """People trained per month."""
    months = _months(as_of)
    people = _by_month(db, "training", "start_date", lambda t: func.sum(t.c.trainees), months)
    fig, ax = _figure("安全培训人数（按月）")
    ax.bar(range(len(months)), people, color=COLOURS[5])
    ax.set_xticks(range(len(months)), [_label(m) for m in months])
    ax.set_ylabel("人")
    _fonts(ax)
    ticks = [TickLabels(ax, [], months)]
    return Chart("training", "安全培训人数", fig, "training", months=months, ticks=ticks)


CHARTS: dict[str, tuple[str, Callable[[Database, dt.date], Chart]]] = {
    "hazards": ("隐患发现与整改销号（近12个月，含整改率）", hazards),
    "open_hazards": ("未整改隐患（按类别和等级）", open_hazards),
    "overdue": ("逾期未整改隐患（月末数，近12个月）", overdue),
    "equipment": ("六有装备（按项目和状态）", equipment),
    "drills": ("应急演练计划与完成（按月）", drills),
    "accidents": ("事故四项指标（本年与去年同期）", accidents),
    "training": ("安全培训人数（按月）", training),
}


def make_chart(db: Database, name: str, as_of: dt.date) -> Chart:
    """Chart ``name`` as of the end of day ``as_of`` (its twelve months end with as_of's month)."""
    try:
        _title, fn = CHARTS[name]
    except KeyError:
        from safetystation.errors import UserError

        raise UserError(f"没有名为“{name}”的图表，可用：{'、'.join(CHARTS)}") from None
    chart = fn(db, as_of)
    chart.fit_labels()
    return chart
