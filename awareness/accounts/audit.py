"""The audit log: `record()` adds an AuditEvent to the current transaction and never commits,
so the event is stored exactly when the change it describes is stored."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from awareness.accounts.models import AuditEvent, User
from awareness.extensions import db
from awareness.organisations.models import Organisation
from awareness.timeutil import utcnow

# Actions used across the code base, so the admin's filter can list them.
ACTIONS = (
    "login.success", "login.failure", "login.locked",
    "password.reset_requested", "password.reset_throttled", "password.reset",
    "password.changed", "reauth.failure", "sessions.ended",
    "totp.enrolled", "totp.reset", "recovery_code.used", "recovery_codes.renewed",
    "user.created", "user.disabled",
    "organisation.created", "organisation.updated", "per_person_reports.changed",
    "department.created", "department.renamed",
    "roster.import_applied", "staff.deactivated", "staff.reactivated", "staff.deleted",
    "staff.exported", "schedule.updated", "question_mode.changed", "pause.added",
    "pause.removed",
    "question.enabled", "question.disabled", "outbox.retried", "test_question.sent",
    "outbox.made_due",
    "report.exported", "report.viewed", "retention.purged",
    "staff.links_revoked", "staff.export_sent", "staff.export_downloaded",
    "staff.department_changed",
    "branding.updated", "logo.changed",
)


def record(action: str, user_id: int | None, organisation_id: int | None,
           **detail: Any) -> AuditEvent:
    """Add an audit event to the session (the caller commits). Detail must be JSON-safe."""
    event = AuditEvent(at=utcnow(), action=action, user_id=user_id,
                       organisation_id=organisation_id, detail=detail)
    db.session.add(event)
    return event


@dataclass(frozen=True)
class AuditRow:
    at: Any
    action: str
    user_email: str | None
    organisation_name: str | None
    detail: dict[str, Any]


@dataclass(frozen=True)
class AuditPage:
    rows: list[AuditRow]
    page: int
    pages: int
    total: int


def list_events(*, organisation_id: int | None = None, action: str | None = None,
                page: int = 1, per_page: int = 50) -> AuditPage:
    """Newest first, optionally filtered by organisation and action."""
    where = []
    if organisation_id is not None:
        where.append(AuditEvent.organisation_id == organisation_id)
    if action:
        where.append(AuditEvent.action == action)
    total = db.session.scalar(sa.select(sa.func.count(AuditEvent.id)).where(*where)) or 0
    pages = max(1, -(-total // per_page))
    page = min(max(1, page), pages)
    query = (
        sa.select(AuditEvent, User.email, Organisation.name)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .outerjoin(Organisation, Organisation.id == AuditEvent.organisation_id)
        .where(*where)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .limit(per_page).offset((page - 1) * per_page)
    )
    rows = [AuditRow(event.at, event.action, email, name, event.detail or {})
            for event, email, name in db.session.execute(query)]
    return AuditPage(rows, page, pages, total)
