"""Chart labels on a small screen (#20 §4): at any width a chart is shown at, no two x labels overlap —
month labels are thinned, category labels tilted. Overlap is measured on the drawn pixels: every
other label is drawn alone and its ink compared with its neighbours', so a tilted label is judged by
its letters, not by its bounding box."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from safetystation.charts import CHARTS, Chart, make_chart

NOVEMBER = dt.date(2026, 11, 1)
# Inches wide at 100 dpi: a chart on 首页 at 1024×700 (about 420 px), two a row on 报表 at 1366×768,
# and the 7.2-in original saved as PNG and placed in the report workbook.
WIDTHS = [4.2, 5.2, 7.2]


def _render(chart: Chart) -> np.ndarray:
    chart.figure.canvas.draw()
    return np.asarray(chart.figure.canvas.buffer_rgba())[..., :3].astype(int).copy()  # type: ignore[attr-defined]


def _ink(chart: Chart, shown: list, hidden: list, blank: np.ndarray) -> np.ndarray:
    """The pixels ``shown`` labels cover, grown by 2 px: touching counts as overlapping."""
    for t in hidden:
        t.set_alpha(0)
    for t in shown:
        t.set_alpha(1)
    ink = (np.abs(_render(chart) - blank).sum(axis=2) > 60).astype(np.uint8)
    grown = ink.copy()
    for dy in (-2, -1, 0, 1, 2):
        for dx in (-2, -1, 0, 1, 2):
            grown |= np.roll(np.roll(ink, dy, axis=0), dx, axis=1)
    return grown.astype(bool)


def _overlap(chart: Chart) -> int:
    """How many pixels the x labels share with their neighbours: in every axes the 1st, 3rd, 5th…
    labels are drawn alone, then the 2nd, 4th…, and the two inks compared."""
    odd, even = [], []
    for ax in chart.figure.axes:
        labels = [t for t in ax.get_xticklabels() if t.get_visible() and t.get_text()]
        odd += labels[0::2]
        even += labels[1::2]
    assert even, "no axes with two x labels"
    alphas = [t.get_alpha() for t in odd + even]
    for t in odd + even:
        t.set_alpha(0)
    blank = _render(chart)
    shared = int((_ink(chart, odd, even, blank) & _ink(chart, even, odd, blank)).sum())
    for t, alpha in zip(odd + even, alphas, strict=True):
        t.set_alpha(alpha)
    return shared


def _at_width(demo_db, name: str, inches: float) -> Chart:
    chart = make_chart(demo_db, name, NOVEMBER)
    chart.figure.set_size_inches(inches, 3.2)
    chart.figure.set_dpi(100)
    chart.fit_labels()
    chart.figure.canvas.draw()  # laid out at the new size, then fitted again as a resize does
    chart.fit_labels()
    return chart


@pytest.mark.parametrize("inches", WIDTHS)
@pytest.mark.parametrize("name", list(CHARTS))
def test_x_labels_never_overlap(demo_db, name, inches):
    chart = _at_width(demo_db, name, inches)
    assert _overlap(chart) == 0


def test_the_overlap_check_sees_crowded_labels(demo_db):
    """Twelve month labels, none dropped, on a chart 3 inches wide: the check above must say so."""
    chart = make_chart(demo_db, "training", NOVEMBER)
    chart.figure.set_size_inches(3.0, 3.2)
    ax = chart.figure.axes[0]
    ax.set_xticks(range(12), [f"{m}月" for m in range(1, 13)])
    assert _overlap(chart) > 0


def test_month_labels_thin_when_narrow_and_keep_the_newest_month_and_the_year(demo_db):
    wide = _at_width(demo_db, "hazards", 7.2).figure.axes[0]
    narrow = _at_width(demo_db, "hazards", 4.2).figure.axes[0]
    wide_labels = [t.get_text() for t in wide.get_xticklabels()]
    narrow_labels = [t.get_text() for t in narrow.get_xticklabels()]
    assert len(wide_labels) == 12 and len(narrow_labels) < 12
    assert narrow_labels[-1] == "11月"  # the month the chart is about is always named
    assert any("2026" in label for label in narrow_labels)
    marks = {*narrow.get_xticks(), *narrow.get_xticks(minor=True)}
    assert marks == set(range(12))  # every month keeps its tick mark (a minor one where unnamed)
    assert wide_labels == [t.get_text() for t in _at_width(demo_db, "hazards", 7.2).figure.axes[0].get_xticklabels()]


def test_category_labels_tilt_only_when_they_must(demo_db):
    wide = _at_width(demo_db, "open_hazards", 12.0).figure.axes[0]
    narrow = _at_width(demo_db, "open_hazards", 4.2).figure.axes[0]
    assert {t.get_rotation() for t in wide.get_xticklabels()} == {0}
    assert {t.get_rotation() for t in narrow.get_xticklabels()} != {0}
    names = [t.get_text() for t in narrow.get_xticklabels()]
    assert names == [t.get_text() for t in wide.get_xticklabels()]  # every category stays named


def test_a_saved_png_is_fitted_to_its_own_size(demo_db, tmp_path):
    chart = make_chart(demo_db, "hazards", NOVEMBER)
    chart.figure.set_size_inches(3.6, 3.0)  # as the window left it after a narrow view
    chart.save_png(tmp_path / "c.png")
    assert _overlap(chart) == 0
