"""The date range of a report: whole local days, inclusive, turned into UTC bounds.
Staff rounds belong to the range when they opened inside it; resident activity by its time."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_DAYS = 365


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date
    timezone: str = "Europe/Amsterdam"

    @classmethod
    def default(cls, today: date, timezone: str = "Europe/Amsterdam") -> Period:
        return cls(today - timedelta(days=DEFAULT_DAYS - 1), today, timezone)

    @property
    def start(self) -> datetime:
        """Inclusive UTC start: local midnight of the first day."""
        return self._utc(self.first_day)

    @property
    def end(self) -> datetime:
        """Exclusive UTC end: local midnight after the last day."""
        return self._utc(self.last_day + timedelta(days=1))

    @property
    def first_month(self) -> date:
        return self.first_day.replace(day=1)

    def _utc(self, day: date) -> datetime:
        return datetime.combine(day, time(0), ZoneInfo(self.timezone)).astimezone(UTC)

    def label(self) -> str:
        return f"{self.first_day:%d-%m-%Y} t/m {self.last_day:%d-%m-%Y}"


def local_date(moment: datetime, timezone: str = "Europe/Amsterdam") -> date:
    return moment.astimezone(ZoneInfo(timezone)).date()


def add_months(day: date, months: int) -> date:
    """The same day `months` later (or earlier), clamped to the end of a shorter month."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, candidate))
        except ValueError:
            continue
    raise ValueError(day)  # unreachable: every month has a 28th
