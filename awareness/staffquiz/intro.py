"""The intro course for new staff ("Basiskennis informatieveiligheid"): invitations with a
personal link, and recording completion when the person passes the course quiz."""
from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa

from awareness.content.models import Module
from awareness.extensions import db
from awareness.learning.grading import QuizResult, check_answers, grade
from awareness.organisations.importer import ImportPlan, ImportSummary, RowChange, apply_import
from awareness.organisations.models import Organisation, StaffMember
from awareness.outbox.services import enqueue
from awareness.staffquiz import tokens
from awareness.staffquiz.history import staff_for_token
from awareness.staffquiz.mail import Recipient, render_intro_invite

INTRO_MODULE = "basiskennis-informatieveiligheid"
PASS_RATIO = 0.7  # at least 7 out of 10 right counts as completed


class IntroNotAvailableError(LookupError):
    """The intro module has not been loaded (run `flask content sync`)."""


@dataclass(frozen=True)
class IntroPage:
    staff: StaffMember
    module: Module


@dataclass(frozen=True)
class IntroResult:
    result: QuizResult
    passed: bool
    pass_mark: int


def intro_module() -> Module:
    module = db.session.scalar(
        sa.select(Module).filter_by(slug=INTRO_MODULE, is_current=True, audience="staff"))
    if module is None:
        raise IntroNotAvailableError(INTRO_MODULE)
    return module


def load(token: str) -> IntroPage:
    """The person and the course behind an intro link; raises LinkNotFoundError."""
    return IntroPage(staff_for_token(tokens.INTRO, token), intro_module())


def pass_mark(module: Module) -> int:
    return math.ceil(len(module.questions) * PASS_RATIO)


def submit(token: str, answers: Mapping[str, Sequence[str]], now: datetime) -> IntroResult:
    """Grade the course quiz; a pass records intro_completed_at (the first time only).
    Raises LinkNotFoundError or learning.grading.InvalidAnswersError."""
    page = load(token)
    result = grade(page.module.questions, check_answers(page.module.questions, answers))
    mark = pass_mark(page.module)
    passed = result.score >= mark
    if passed and page.staff.intro_completed_at is None:
        page.staff.intro_completed_at = now
        db.session.commit()
    return IntroResult(result, passed, mark)


def queue_invitations(organisation: Organisation, staff: Sequence[StaffMember],
                      now: datetime) -> int:
    """Queue the intro invitation for each person (the caller commits, e.g. the roster
    import, so the e-mails exist only if the people do). Needs flushed staff ids."""
    count = 0
    for person in staff:
        rendered = render_intro_invite(organisation, Recipient(
            person.id, person.name, person.email, person.token_generation))
        enqueue(to=person.email, subject=rendered.subject or "", text_body=rendered.text,
                html_body=rendered.html, kind="intro", organisation_id=organisation.id)
        person.intro_invited_at = now
        count += 1
    return count


def import_roster(
    plan: ImportPlan,
    progress: Callable[[Iterable[RowChange]], Iterable[RowChange]] = lambda rows: rows,
) -> ImportSummary:
    """Apply a roster plan (one transaction) and invite its new people to the intro course."""
    return apply_import(plan, progress, invite=queue_invitations)
