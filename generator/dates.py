"""Dates known to the year, the month or the day, kept at that precision."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    year: int
    month: int | None = None
    day: int | None = None

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Parse YYYY, YYYY-MM or YYYY-MM-DD; raise ValueError with a reader's message."""
        match = _PATTERN.match(text.strip())
        if not match:
            raise ValueError(f"{text!r} is not a date of the form YYYY, YYYY-MM or YYYY-MM-DD")
        year, month, day = (int(part) if part else None for part in match.groups())
        if year < 1:
            raise ValueError(f"{text!r} has no year 0")  # the calendar starts at year 1; Python's dates cannot hold it
        if month is not None and not 1 <= month <= 12:
            raise ValueError(f"{text!r} has no month {month}")
        if day is not None and not 1 <= day <= calendar.monthrange(year, month)[1]:
            raise ValueError(f"{text!r} is not a day of the calendar")
        return cls(year, month, day)

    @property
    def earliest(self) -> dt.date:
        return dt.date(self.year, self.month or 1, self.day or 1)

    @property
    def latest(self) -> dt.date:
        month = self.month or 12
        return dt.date(self.year, month, self.day or calendar.monthrange(self.year, month)[1])

    def sort_key(self) -> tuple[int, int, int]:
        # Within a period, the less precise date sorts last: "2025" follows every day of 2025.
        return (self.year, self.month or 13, self.day or 32)

    def iso(self) -> str:
        """The stored form, at its own precision: 2024, 2024-09 or 2024-09-30."""
        parts = [f"{self.year:04d}"]
        if self.month:
            parts.append(f"{self.month:02d}")
        if self.day:
            parts.append(f"{self.day:02d}")
        return "-".join(parts)

    def human(self) -> str:
        """What a reader sees: 2024-09-30, September 2025, or 2019."""
        if self.day:
            return self.iso()
        if self.month:
            return f"{calendar.month_name[self.month]} {self.year}"
        return str(self.year)

    def __str__(self) -> str:
        return self.iso()


def out_of_order(earlier: PartialDate, later: PartialDate) -> bool:
    """True when `earlier` is certainly after `later`: a month or a year only conflicts once
    every day it may stand for is past every day the other may stand for."""
    return earlier.earliest > later.latest
