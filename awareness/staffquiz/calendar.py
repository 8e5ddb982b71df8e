"""Pure schedule maths for the staff quiz. Slots are local wall-clock times in the
organisation's timezone (09:00 stays 09:00 across daylight saving), returned as aware UTC."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

# A pause may swallow many slots; looking further than this is a configuration mistake.
MAX_SKIPPED_SLOTS = 400


@dataclass(frozen=True)
class Schedule:
    start_date: date
    weekday: int  # 0 = Monday, as date.weekday()
    time_of_day: time
    interval_days: int = 14
    timezone: str = "Europe/Amsterdam"


@dataclass(frozen=True)
class Pause:
    first_day: date  # local dates, both inclusive
    last_day: date


def first_slot_date(schedule: Schedule) -> date:
    """The first date on or after start_date that falls on the scheduled weekday."""
    return schedule.start_date + timedelta(days=(schedule.weekday - schedule.start_date.weekday())
                                           % 7)


def slot_at(schedule: Schedule, day: date) -> datetime:
    """The UTC moment of the local wall-clock time on `day` in the schedule's timezone."""
    local = datetime.combine(day, schedule.time_of_day, tzinfo=ZoneInfo(schedule.timezone))
    return local.astimezone(UTC)


def add_local_days(moment: datetime, days: int, timezone: str) -> datetime:
    """`days` calendar days later at the same local wall-clock time (not days * 24 hours)."""
    zone = ZoneInfo(timezone)
    local = moment.astimezone(zone).replace(tzinfo=None) + timedelta(days=days)
    return local.replace(tzinfo=zone).astimezone(UTC)


def is_paused(day: date, pauses: Iterable[Pause]) -> bool:
    return any(p.first_day <= day <= p.last_day for p in pauses)


def _index_on_or_before(schedule: Schedule, now: datetime) -> int:
    """Index k of the latest slot (anchor + k * interval) at or before `now`, ignoring pauses;
    -1 if the schedule has not started yet."""
    anchor = first_slot_date(schedule)
    today = now.astimezone(ZoneInfo(schedule.timezone)).date()
    k = (today - anchor).days // schedule.interval_days
    if k < 0:
        return -1
    if slot_at(schedule, anchor + timedelta(days=k * schedule.interval_days)) > now:
        k -= 1
    return k


def latest_slot(schedule: Schedule, pauses: Iterable[Pause], now: datetime) -> datetime | None:
    """The latest slot at or before `now` that does not fall in a pause (None if none yet)."""
    pauses = tuple(pauses)
    anchor = first_slot_date(schedule)
    k = _index_on_or_before(schedule, now)
    for index in range(k, max(k - MAX_SKIPPED_SLOTS, -1), -1):
        day = anchor + timedelta(days=index * schedule.interval_days)
        if not is_paused(day, pauses):
            return slot_at(schedule, day)
    return None


def next_slot(schedule: Schedule, pauses: Iterable[Pause], now: datetime) -> datetime | None:
    """The first slot strictly after `now` that does not fall in a pause."""
    pauses = tuple(pauses)
    anchor = first_slot_date(schedule)
    k = max(_index_on_or_before(schedule, now) + 1, 0)
    for index in range(k, k + MAX_SKIPPED_SLOTS):
        day = anchor + timedelta(days=index * schedule.interval_days)
        if not is_paused(day, pauses):
            return slot_at(schedule, day)
    return None


def due_slot(
    schedule: Schedule, pauses: Iterable[Pause], now: datetime, answer_window_days: int
) -> datetime | None:
    """The slot a tick at `now` should open: the latest one, unless its answer window has
    already passed (after long downtime nothing stale is sent)."""
    slot = latest_slot(schedule, pauses, now)
    if slot is None or now >= add_local_days(slot, answer_window_days, schedule.timezone):
        return None
    return slot


def upcoming_slots(
    schedule: Schedule, pauses: Iterable[Pause], now: datetime, count: int
) -> list[datetime]:
    """The next `count` slots after `now` (for status output and the coordinator's screen)."""
    slots: list[datetime] = []
    moment = now
    while len(slots) < count:
        slot = next_slot(schedule, pauses, moment)
        if slot is None:
            break
        slots.append(slot)
        moment = slot
    return slots
