"""Calendar arithmetic the ledgers need: months, periods and month strings."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass


def chinese_date(d: dt.date | None, blank: str = "　　年　　月　　日") -> str:
    """2026年6月5日 (no zero padding; strftime's %-m does not exist on Windows); ``blank`` for None
    (a printed form's space to fill by hand)."""
    return f"{d.year}年{d.month}月{d.day}日" if d else blank


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` later, clamped to the month's last day (31 Jan + 1 → 28/29 Feb)."""
    total = day.year * 12 + day.month - 1 + months
    y, m = divmod(total, 12)
    return dt.date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def parse_month(text: str) -> tuple[int, int]:
    """``2026-06``, ``2026-6``, ``2026/06`` or ``2026年6月`` → (2026, 6); ValueError in Chinese otherwise."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?\s*", text or "")
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"“{text}”不是有效的月份，请写成 2026-06")
    return int(m.group(1)), int(m.group(2))


@dataclass(frozen=True)
class Period:
    """An inclusive date range with a Chinese name."""

    start: dt.date
    end: dt.date
    name: str

    @staticmethod
    def month(year: int, month: int) -> Period:
        return Period(dt.date(year, month, 1), month_end(year, month), f"{year}年{month}月")

    @staticmethod
    def year_to(year: int, month: int) -> Period:
        name = f"{year}年1月" if month == 1 else f"{year}年1-{month}月"
        return Period(dt.date(year, 1, 1), month_end(year, month), name)

    @staticmethod
    def half_year(year: int, half: int) -> Period:
        return (
            Period(dt.date(year, 1, 1), month_end(year, 6), f"{year}年上半年")
            if half == 1
            else Period(dt.date(year, 7, 1), month_end(year, 12), f"{year}年下半年")
        )

    def shifted_years(self, years: int) -> Period:
        start = add_months(self.start, 12 * years)
        end = add_months(self.end, 12 * years)
        if self.end.day == calendar.monthrange(self.end.year, self.end.month)[1]:
            end = month_end(end.year, end.month)
        return Period(start, end, self.name.replace(str(self.start.year), str(start.year)))

    def __contains__(self, day: object) -> bool:
        return isinstance(day, dt.date) and self.start <= day <= self.end
