"""The charts: every one draws with the bundled font and no missing-glyph warning, its figures are the
SQL counts, a click position maps to the right filtered ledger, and the CLI saves them as PNG."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
from matplotlib import font_manager
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.text import Text
from sqlalchemy import text

from safetystation.charts import CHARTS, OPEN, make_chart, use_bundled_font
from safetystation.errors import UserError
from safetystation.resources import FONT_FILE
from safetystation.services.ledger import LedgerService, Query

ROOT = Path(__file__).resolve().parents[2]
JUNE = dt.date(2026, 6, 1)
JUNE_END = dt.date(2026, 6, 30)  # charts are drawn as of a day: the end of June


def draw(figure: Figure) -> bytes:
    """Render as PNG with every warning an error: a missing glyph fails the test."""
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        FigureCanvasAgg(figure)
        figure.savefig(buf, format="png", dpi=72)
    return buf.getvalue()


@pytest.mark.parametrize("name", list(CHARTS))
def test_every_chart_draws_its_chinese_text_with_the_bundled_font(demo_db, name):
    chart = make_chart(demo_db, name, JUNE)
    assert draw(chart.figure)[:8] == b"\x89PNG\r\n\x1a\n"
    chinese = [t for t in chart.figure.findobj(Text) if any(ord(ch) > 0x2E80 for ch in t.get_text())]
    assert chinese, "a chart without a Chinese title or label"
    for t in chinese:
        assert font_manager.findfont(t.get_fontproperties()) == str(FONT_FILE), t.get_text()


def test_the_missing_glyph_check_can_fail():
    """A character outside the bundled GBK subset (CJK extension B) must warn, so the test above bites."""
    fig = Figure()
    fig.text(0.5, 0.5, "𠀀", fontfamily=use_bundled_font())
    with pytest.raises(UserWarning, match="missing from font"):
        draw(fig)


def _bars(chart_name: str, demo_db, container: int = 0) -> list[float]:
    ax = make_chart(demo_db, chart_name, JUNE).figure.axes[0]
    return [p.get_height() for p in ax.containers[container]]


def test_hazard_chart_counts_are_the_sql_counts(demo_db):
    found = _bars("hazards", demo_db, 0)
    closed = _bars("hazards", demo_db, 1)
    assert len(found) == 12
    with demo_db.engine.connect() as conn:
        june_found = conn.execute(
            text("SELECT count(*) FROM hazard WHERE deleted_at IS NULL AND found_date LIKE '2026-06%'")
        ).scalar_one()
        june_closed = conn.execute(
            text("SELECT count(*) FROM hazard WHERE deleted_at IS NULL AND closed_date LIKE '2026-06%'")
        ).scalar_one()
        july_last_year = conn.execute(
            text("SELECT count(*) FROM hazard WHERE deleted_at IS NULL AND found_date LIKE '2025-07%'")
        ).scalar_one()
    assert (found[-1], closed[-1], found[0]) == (june_found, june_closed, july_last_year)
    assert june_found > 0


def test_overdue_chart_counts_each_month_end(demo_db):
    """Open and past the deadline at each month's end, counted here row by row from the ledger."""
    chart = make_chart(demo_db, "overdue", JUNE_END)
    plotted = [int(v) for v in chart.figure.axes[0].lines[0].get_ydata()]
    with demo_db.engine.connect() as conn:
        rows = conn.execute(text("SELECT found_date, deadline, closed_date FROM hazard WHERE deleted_at IS NULL")).all()
    expected = []
    for i in range(12):
        start = dt.date(2025 + (6 + i) // 12, (6 + i) % 12 + 1, 1)
        end = dt.date(start.year + start.month // 12, start.month % 12 + 1, 1) - dt.timedelta(days=1)
        day = end.isoformat()
        expected.append(sum(1 for f, d, c in rows if f <= day and d is not None and d < day and (c is None or c > day)))
    assert plotted == expected and max(expected) > 0


def test_training_and_drill_charts_follow_the_ledgers(demo_db):
    ledger = LedgerService(demo_db)
    june = Query(date_from=JUNE, date_to=dt.date(2026, 6, 30))
    trained = sum(r["trainees"] for r in ledger.list("training", june, limit=None))
    assert _bars("training", demo_db)[-1] == trained
    assert _bars("drills", demo_db, 0)[-1] == ledger.count("drill_occurrence", june)
    done = Query(filters={"status": "done"}, date_from=june.date_from, date_to=june.date_to)
    assert _bars("drills", demo_db, 1)[-1] == ledger.count("drill_occurrence", done)


def test_a_click_opens_the_month_or_category_under_the_pointer(demo_db):
    ledger = LedgerService(demo_db)
    hazards = make_chart(demo_db, "hazards", JUNE)
    assert hazards.ledger == "hazard"
    assert hazards.target(11.3) == {"@from": JUNE, "@to": dt.date(2026, 6, 30)}
    assert hazards.target(0) == {"@from": dt.date(2025, 7, 1), "@to": dt.date(2025, 7, 31)}
    assert hazards.target(None) == {} and hazards.target(40) == {}

    today = dt.date.today()
    open_chart = make_chart(demo_db, "open_hazards", today)
    heights = [
        sum(c[i].get_height() for c in open_chart.figure.axes[0].containers) for i in range(len(open_chart.values))
    ]
    i = max(range(len(heights)), key=heights.__getitem__)
    target = open_chart.target(i)
    assert target == {"status": OPEN, "@to": today, "category": open_chart.values[i]}
    q = Query(filters={k: v for k, v in target.items() if k != "@to"}, date_to=target["@to"])
    assert ledger.count("hazard", q) == heights[i] > 0
    # As of an earlier day: those of the bar still open now (the ledger cannot filter "open on a day").
    past = make_chart(demo_db, "open_hazards", JUNE_END)
    assert past.target(i)["@to"] == JUNE_END

    assert make_chart(demo_db, "overdue", JUNE_END).target(3)["<deadline"] == JUNE_END
    overdue = make_chart(demo_db, "overdue", today).target(3)
    assert overdue["status"] == OPEN and overdue["<deadline"] == dt.date.today()
    rows = ledger.list("hazard", Query(filters=overdue), limit=None)
    assert rows and all(r["deadline"] < dt.date.today() and r["status"] in OPEN for r in rows)
    with demo_db.engine.connect() as conn:
        sql = "SELECT count(*) FROM hazard WHERE deleted_at IS NULL AND status != 'closed' AND deadline < :d"
        assert len(rows) == conn.execute(text(sql), {"d": dt.date.today()}).scalar_one()

    equipment = make_chart(demo_db, "equipment", JUNE)
    assert equipment.target(0) == {"category": equipment.values[0]} and equipment.values[0].startswith("lh")


def test_unknown_chart_is_a_chinese_error(demo_db):
    with pytest.raises(UserError, match="没有名为“x”的图表"):
        make_chart(demo_db, "x", JUNE)


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "safetystation", *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8"
    )


def test_chart_command(demo_file, tmp_path):
    r = _cli("chart", "--list")
    assert r.returncode == 0 and all(name in r.stdout for name in CHARTS)
    out = tmp_path / "隐患.png"
    r = _cli("chart", "hazards", "--month", "2026-06", "--db", str(demo_file), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    r = _cli("chart", "nosuch", "--db", str(demo_file), "-o", str(tmp_path / "x.png"))
    assert r.returncode != 0 and "没有名为" in r.stderr and not (tmp_path / "x.png").exists()
