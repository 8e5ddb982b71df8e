"""How report pages write figures: a decimal comma, a dot between thousands and a marked dash
for a figure hidden to protect small groups. Template globals rather than Jinja macros: a
report table writes hundreds of figures, and a macro call costs many times a function call."""
from __future__ import annotations

from flask import Blueprint
from flask_babel import gettext as _
from markupsafe import Markup

from awareness.reports.charts import percent_text

HIDDEN = Markup('<span class="hidden-figure">–</span>')


def pct(value: float | None) -> str:
    """58.33 -> "58,3%"; None -> the hidden-figure dash."""
    return HIDDEN if value is None else percent_text(value)


def num(value: int | None) -> str:
    """12345 -> "12.345"."""
    return HIDDEN if value is None else f"{value:,}".replace(",", ".")


def duration(seconds: float | None) -> str:
    """Minutes below an hour, hours below two days, days beyond."""
    if seconds is None:
        return HIDDEN
    # Not inside f-strings: pybabel would not find the messages there.
    if seconds < 3600:
        return str(round(seconds / 60)) + " " + _("min")
    if seconds < 172800:
        return _decimal(seconds / 3600) + " " + _("uur")
    return _decimal(seconds / 86400) + " " + _("dagen")


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def register(bp: Blueprint) -> None:
    for function in (pct, num, duration):
        bp.add_app_template_global(function)
    # The same text without the marked-up dash, for attributes and chart labels.
    bp.add_app_template_global(percent_text, "pct_text")
