"""Schedule maths: local wall-clock slots across daylight saving, pauses, downtime."""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from awareness.staffquiz.calendar import (
    Pause,
    Schedule,
    add_local_days,
    due_slot,
    first_slot_date,
    latest_slot,
    next_slot,
    upcoming_slots,
)

AMS = ZoneInfo("Europe/Amsterdam")
TUESDAY_9 = Schedule(date(2026, 1, 1), weekday=1, time_of_day=time(9, 0), interval_days=14)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def test_first_slot_is_the_first_matching_weekday_on_or_after_the_start() -> None:
    assert first_slot_date(TUESDAY_9) == date(2026, 1, 6)
    assert first_slot_date(Schedule(date(2026, 1, 6), 1, time(9))) == date(2026, 1, 6)


def test_nothing_is_due_before_the_first_slot() -> None:
    assert latest_slot(TUESDAY_9, [], utc(2026, 1, 6, 7, 59)) is None
    assert next_slot(TUESDAY_9, [], utc(2026, 1, 6, 7, 59)) == utc(2026, 1, 6, 8, 0)


def test_slot_is_due_from_its_exact_moment() -> None:
    assert latest_slot(TUESDAY_9, [], utc(2026, 1, 6, 8, 0)) == utc(2026, 1, 6, 8, 0)
    assert latest_slot(TUESDAY_9, [], utc(2026, 1, 19, 23, 0)) == utc(2026, 1, 6, 8, 0)
    assert next_slot(TUESDAY_9, [], utc(2026, 1, 6, 8, 0)) == utc(2026, 1, 20, 8, 0)


def test_nine_oclock_local_is_eight_utc_in_winter_and_seven_in_summer() -> None:
    slots = upcoming_slots(TUESDAY_9, [], utc(2026, 1, 1), 26)
    for slot in slots:
        local = slot.astimezone(AMS)
        assert (local.hour, local.minute, local.weekday()) == (9, 0, 1)
    assert utc(2026, 3, 17, 8, 0) in slots  # before the last Sunday of March (29 March)
    assert utc(2026, 3, 31, 7, 0) in slots  # after it: CEST
    assert utc(2026, 10, 13, 7, 0) in slots  # before the last Sunday of October (25 Oct)
    assert utc(2026, 10, 27, 8, 0) in slots  # after it: CET again


@pytest.mark.parametrize("sunday", [date(2026, 3, 29), date(2026, 10, 25),
                                    date(2027, 3, 28), date(2027, 10, 31)])
def test_a_slot_on_the_day_of_the_change_lands_at_nine_local(sunday: date) -> None:
    schedule = Schedule(sunday, weekday=6, time_of_day=time(9, 0), interval_days=7)
    slot = latest_slot(schedule, [], datetime(sunday.year, sunday.month, sunday.day, 12,
                                              tzinfo=UTC))
    assert slot is not None
    local = slot.astimezone(AMS)
    assert (local.date(), local.hour) == (sunday, 9)
    assert slot.hour == (7 if sunday.month == 3 else 8)


def test_paused_slots_are_skipped_not_moved() -> None:
    summer = [Pause(date(2026, 7, 13), date(2026, 8, 23))]
    schedule = Schedule(date(2026, 6, 30), 1, time(9), 14)  # 30 Jun, 14 Jul, 28 Jul, 11 Aug, 25 Aug
    assert latest_slot(schedule, summer, utc(2026, 8, 20)) == utc(2026, 6, 30, 7, 0)
    assert next_slot(schedule, summer, utc(2026, 7, 1)) == utc(2026, 8, 25, 7, 0)
    # Pause days are inclusive, in local dates.
    edge = [Pause(date(2026, 8, 25), date(2026, 8, 25))]
    assert next_slot(schedule, edge, utc(2026, 8, 12)) == utc(2026, 9, 8, 7, 0)


def test_after_downtime_only_the_latest_missed_slot_is_due() -> None:
    # Three slots missed (6 Jan, 20 Jan, 3 Feb): only 3 Feb is due.
    assert due_slot(TUESDAY_9, [], utc(2026, 2, 5), answer_window_days=14) == utc(2026, 2, 3, 8)


def test_a_slot_older_than_the_answer_window_is_not_opened() -> None:
    schedule = Schedule(date(2026, 1, 6), 1, time(9), interval_days=28)
    assert due_slot(schedule, [], utc(2026, 1, 19, 12), answer_window_days=14) is not None
    assert due_slot(schedule, [], utc(2026, 1, 20, 8, 0), answer_window_days=14) is None


def test_local_days_keep_the_wall_clock_time_across_the_change() -> None:
    before = utc(2026, 3, 24, 8, 0)  # 09:00 CET
    assert add_local_days(before, 14, "Europe/Amsterdam") == utc(2026, 4, 7, 7, 0)
    assert add_local_days(utc(2026, 10, 20, 7, 0), 14, "Europe/Amsterdam") == utc(2026, 11, 3, 8)


def test_other_timezones_work_too() -> None:
    schedule = Schedule(date(2026, 1, 5), 0, time(9), 7, timezone="America/Curacao")
    assert latest_slot(schedule, [], utc(2026, 1, 5, 14)) == utc(2026, 1, 5, 13, 0)
