"""Resident use cases. Learners are known only by a random id; nothing links it to a person."""
from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import sqlalchemy as sa

from awareness.content.models import Lesson, Module
from awareness.driversql import DriverStatement
from awareness.extensions import db
from awareness.learning.grading import QuizResult, check_answers, grade
from awareness.learning.models import Attempt, ModuleProgress
from awareness.organisations.models import Organisation
from awareness.timeutil import utcnow


class ModuleNotFoundError(LookupError):
    pass


@dataclass(frozen=True)
class ProgressRow:
    module: Module
    last_lesson: int
    completed: bool
    best_score: int | None


def new_learner_id() -> str:
    return str(uuid.uuid4())


def catalogue(audience: str) -> list[Module]:
    return list(db.session.scalars(
        sa.select(Module).filter_by(audience=audience, is_current=True).order_by(Module.id)
    ))


# Built once: these run on every module and lesson page, the busiest pages of the site.
_CURRENT_MODULE = sa.select(Module).where(
    Module.slug == sa.bindparam("slug"), Module.is_current.is_(True))
_LESSON_PAGE = (
    sa.select(Module, Lesson).join(Lesson, Lesson.module_id == Module.id)
    .where(Module.slug == sa.bindparam("slug"), Module.is_current.is_(True),
           Lesson.position == sa.bindparam("position")))


def current_module(slug: str, audiences: Sequence[str]) -> Module:
    module = db.session.scalar(_CURRENT_MODULE, {"slug": slug})
    if module is None or module.audience not in audiences:
        raise ModuleNotFoundError(slug)
    return module


def lesson_page(slug: str, position: int, audiences: Sequence[str]) -> tuple[Module, Lesson]:
    """The current module and one of its lessons, in one query."""
    row = db.session.execute(_LESSON_PAGE, {"slug": slug, "position": position}).first()
    if row is None or row.Module.audience not in audiences:
        raise ModuleNotFoundError(slug)
    return row.Module, row.Lesson


def modules_by_slug(slugs: Sequence[str], audiences: Sequence[str]) -> list[Module]:
    rows = db.session.scalars(
        sa.select(Module).where(Module.slug.in_(slugs), Module.is_current.is_(True),
                                Module.audience.in_(audiences))
    )
    found = {m.slug: m for m in rows}
    return [found[s] for s in slugs if s in found]


def listed_organisations() -> list[Organisation]:
    return list(db.session.scalars(
        sa.select(Organisation).filter_by(listed_for_residents=True).order_by(Organisation.name)
    ))


def find_progress(learner_id: str | None, slug: str) -> ModuleProgress | None:
    if learner_id is None:
        return None
    return db.session.scalar(
        sa.select(ModuleProgress).filter_by(learner_id=learner_id, module_slug=slug)
    )


def attempts_made(learner_id: str | None, slug: str) -> int:
    """How many quiz attempts this learner stored for the module (any version)."""
    if learner_id is None:
        return 0
    return db.session.scalar(
        sa.select(sa.func.count()).select_from(Attempt)
        .filter_by(learner_id=learner_id, module_slug=slug)) or 0


def start_module(learner_id: str, module: Module, organisation_id: int | None) -> ModuleProgress:
    """Record that a learner started a module (idempotent)."""
    progress = find_progress(learner_id, module.slug)
    if progress is None:
        progress = _new_progress(learner_id, module, organisation_id, last_lesson=1)
        db.session.commit()
    return progress


# On the table's columns rather than the entity's: no ORM result layer for one number.
_PROGRESS = ModuleProgress.__table__.c
_LAST_LESSON = DriverStatement(sa.select(_PROGRESS.last_lesson).where(
    _PROGRESS.learner_id == sa.bindparam("learner"), _PROGRESS.module_slug == sa.bindparam("slug")))


def record_lesson(learner_id: str, slug: str, position: int) -> None:
    """Remember the lesson a learner who started the module is on (a lesson page that exists;
    the page itself may come from the render cache, so only the slug is known here)."""
    # A revisit reads one number, on every lesson page a learner opens: past the session.
    row = _LAST_LESSON.first({"learner": learner_id, "slug": slug})
    if row is None or row[0] == position:
        return
    current_version = (sa.select(Module.version)
                       .where(Module.slug == slug, Module.is_current.is_(True))
                       .scalar_subquery())
    db.session.execute(
        sa.update(ModuleProgress)
        .where(ModuleProgress.learner_id == learner_id, ModuleProgress.module_slug == slug)
        .values(last_lesson=position, updated_at=utcnow(), module_version=current_version))
    db.session.commit()


def submit_quiz(
    learner_id: str, module: Module, answers: Mapping[str, Sequence[str]],
    organisation_id: int | None,
) -> tuple[Attempt, QuizResult]:
    """Grade and store an attempt; raises InvalidAnswersError for answers that do not fit."""
    cleaned = check_answers(module.questions, answers)
    result = grade(module.questions, cleaned)
    attempt = Attempt(
        learner_id=learner_id, module_slug=module.slug, module_version=module.version,
        audience=module.audience, organisation_id=organisation_id, score=result.score,
        max_score=result.max_score, answers={k: list(v) for k, v in cleaned.items()},
    )
    db.session.add(attempt)
    progress = find_progress(learner_id, module.slug) or _new_progress(
        learner_id, module, organisation_id, last_lesson=len(module.lessons))
    progress.completed_at = progress.completed_at or utcnow()
    progress.best_score = max(progress.best_score or 0, result.score)
    progress.updated_at = utcnow()
    db.session.commit()
    return attempt, result


def _new_progress(
    learner_id: str, module: Module, organisation_id: int | None, last_lesson: int
) -> ModuleProgress:
    progress = ModuleProgress(
        learner_id=learner_id, module_slug=module.slug, module_version=module.version,
        audience=module.audience, organisation_id=organisation_id, last_lesson=last_lesson,
    )
    db.session.add(progress)
    return progress


def latest_result(learner_id: str | None, module: Module) -> tuple[Attempt, QuizResult] | None:
    """The learner's latest attempt, graded against the version they answered."""
    if learner_id is None:
        return None
    attempt = db.session.scalar(
        sa.select(Attempt).filter_by(learner_id=learner_id, module_slug=module.slug)
        .order_by(Attempt.id.desc()).limit(1)
    )
    if attempt is None:
        return None
    answered = db.session.scalar(
        sa.select(Module).filter_by(slug=attempt.module_slug, version=attempt.module_version)
    ) or module
    return attempt, grade(answered.questions, attempt.answers)


def learner_progress(learner_id: str | None) -> list[ProgressRow]:
    if learner_id is None:
        return []
    rows = db.session.execute(
        sa.select(ModuleProgress, Module)
        .join(Module, sa.and_(Module.slug == ModuleProgress.module_slug, Module.is_current))
        .where(ModuleProgress.learner_id == learner_id)
        .order_by(ModuleProgress.updated_at.desc())
    )
    return [ProgressRow(m, p.last_lesson, p.completed_at is not None, p.best_score)
            for p, m in rows]


def forget_learner(learner_id: str) -> None:
    """Delete everything stored under this anonymous id (the resident's own choice)."""
    db.session.execute(sa.delete(Attempt).filter_by(learner_id=learner_id))
    db.session.execute(sa.delete(ModuleProgress).filter_by(learner_id=learner_id))
    db.session.commit()
