"""The date-range filter every report shares (a GET form, so no CSRF token: it changes
nothing). Bad dates are a 400 with the form's message, shown by the report views."""
from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField
from wtforms.validators import Optional, ValidationError

from awareness.reports.period import DEFAULT_DAYS, Period

EARLIEST = date(2000, 1, 1)


class LocalDateField(DateField):
    """A date field whose parse error is Dutch, like the rest of the page."""

    def process_formdata(self, valuelist: list[str]) -> None:
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(_l("Vul een geldige datum in, bijvoorbeeld 2025-03-31.")) from error


class RangeForm(FlaskForm):
    class Meta:
        csrf = False

    # Rendered by the range_filter macro (report_macros.html), not by the widgets.
    van = LocalDateField(_l("Van"), validators=[Optional()])
    tot = LocalDateField(_l("Tot en met"), validators=[Optional()])

    def validate_van(self, field: DateField) -> None:
        if field.data and not EARLIEST <= field.data <= date(2100, 1, 1):
            raise ValidationError(_l("Kies een datum na 1 januari 2000."))

    def validate_tot(self, field: DateField) -> None:
        if field.data and self.van.data and field.data < self.van.data:
            raise ValidationError(_l("De einddatum ligt voor de begindatum."))
        if field.data and not EARLIEST <= field.data <= date(2100, 1, 1):
            raise ValidationError(_l("Kies een datum na 1 januari 2000."))

    def period(self, timezone: str, today: date, everything: bool = False) -> Period | None:
        """The chosen range; empty fields mean the last year (or, with `everything`, no
        range at all when both are empty)."""
        first, last = self.van.data, self.tot.data
        if everything and first is None and last is None:
            return None
        last = last or max(today, first or today)
        first = first or last - timedelta(days=DEFAULT_DAYS - 1)
        return Period(first, last, timezone)
