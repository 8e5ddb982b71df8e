"""Report use cases that write: recording in the audit log that a report was exported, or that
a per-person report was viewed. Each commits its own transaction."""
from __future__ import annotations

from awareness.accounts import audit
from awareness.extensions import db
from awareness.reports.period import Period


def record_export(user_id: int, organisation_id: int | None, report: str, fmt: str,
                  period: Period | None) -> None:
    audit.record("report.exported", user_id, organisation_id, report=report, format=fmt,
                 **_range(period))
    db.session.commit()


def record_view(user_id: int, organisation_id: int, report: str, period: Period | None) -> None:
    """Per-person reports are audited on every view, not only on export."""
    audit.record("report.viewed", user_id, organisation_id, report=report, **_range(period))
    db.session.commit()


def _range(period: Period | None) -> dict[str, str]:
    if period is None:
        return {}
    return {"from": period.first_day.isoformat(), "to": period.last_day.isoformat()}
