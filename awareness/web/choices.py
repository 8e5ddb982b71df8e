"""WTForms' SelectChoice, imported here only: types-WTForms (3.2) predates it (WTForms 3.3), so
to the checker it is untyped, and that is said once."""
from __future__ import annotations

from wtforms.fields import SelectChoice  # type: ignore[attr-defined]  # not in types-WTForms 3.2

__all__ = ["SelectChoice"]
