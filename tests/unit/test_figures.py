"""How report pages write figures (awareness/web/coordinators/figures.py)."""
from __future__ import annotations

from flask import Flask
from markupsafe import Markup

from awareness.web.coordinators.figures import HIDDEN, duration, num, pct


def test_percentages_and_numbers_in_dutch_notation(app: Flask) -> None:
    assert pct(58.333) == "58,3%" and pct(77.27) == "77,3%"
    assert pct(0) == "0,0%" and pct(100) == "100,0%"
    assert num(0) == "0" and num(1234567) == "1.234.567"


def test_hidden_figures_are_a_marked_dash(app: Flask) -> None:
    for write in (pct, num, duration):
        assert write(None) is HIDDEN
    assert isinstance(HIDDEN, Markup) and 'class="hidden-figure"' in HIDDEN


def test_durations_in_minutes_hours_and_days(app: Flask) -> None:
    with app.test_request_context("/"):
        # 3516.28 s is just under an hour: 58.6 minutes, rounded to 59.
        assert duration(3516.28) == "59 min"
        assert duration(3600) == "1,0 uur" and duration(5400) == "1,5 uur"
        assert duration(172800) == "2,0 dagen"


def test_duration_units_follow_the_language(app: Flask) -> None:
    with app.test_request_context("/", headers={"Cookie": "lang=en"}):
        assert duration(5400) == "1,5 hours" and duration(259200) == "3,0 days"
