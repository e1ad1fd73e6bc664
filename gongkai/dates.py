"""Calendar arithmetic the rules need: whole years and calendar months."""
from __future__ import annotations

import calendar
import datetime as dt

# The dates the generator handles: any date in front matter, --today and their sums
# (validity years, months after a consultation) stay far from datetime's limits.
MIN_DATE = dt.date(1900, 1, 1)
MAX_DATE = dt.date(2999, 12, 31)


def add_months(d: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months later, clamped to the month's end (1-31 → 2-28/29)."""
    index = d.month - 1 + months
    year, month = d.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def add_years(d: dt.date, years: int) -> dt.date:
    return add_months(d, 12 * years)
