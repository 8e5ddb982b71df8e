"""Loads a validated Library into the database in one transaction.

Modules are matched by slug: unchanged files change nothing, changed files add a new version
(old versions stay for the attempts that refer to them), removed modules stop being current.
Bank questions are matched by id and updated in place; rounds keep their own snapshot."""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import sqlalchemy as sa

from awareness.content import version
from awareness.content.models import BankQuestion, Lesson, Module, ModuleQuestion, StaffTopic
from awareness.content.schema import BankQuestionSpec, Library, ModuleSpec, OptionSpec, Problem
from awareness.extensions import db
from awareness.timeutil import utcnow

SyncItem = ModuleSpec | BankQuestionSpec


class InvalidContentError(Exception):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the content")
        self.problems = problems


@dataclass
class SyncSummary:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    retired: list[str] = field(default_factory=list)


def sync_library(
    library: Library,
    problems: list[Problem],
    progress: Callable[[Iterable[SyncItem]], Iterable[SyncItem]] = lambda items: items,
) -> SyncSummary:
    """Write `library` to the database, or nothing at all if there are problems."""
    if problems:
        raise InvalidContentError(problems)
    summary = SyncSummary()
    try:
        items: list[SyncItem] = [*library.modules.values(), *library.bank.values()]
        _sync_topics(library)
        current_rows = db.session.scalars(sa.select(Module).filter_by(is_current=True))
        current = {m.slug: m for m in current_rows}
        bank = {q.key: q for q in db.session.scalars(sa.select(BankQuestion))}
        for item in progress(items):
            if isinstance(item, ModuleSpec):
                _sync_module(item, current.get(item.slug), summary)
            else:
                _sync_bank_question(item, bank.get(item.key), summary)
        _retire_missing(library, current, bank, summary)
        if summary.added or summary.updated or summary.retired:
            version.bump()
        db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return summary


def _sync_topics(library: Library) -> None:
    existing = {t.slug: t for t in db.session.scalars(sa.select(StaffTopic))}
    for spec in library.topics.values():
        topic = existing.get(spec.slug) or StaffTopic(slug=spec.slug)
        topic.title, topic.position = spec.title, spec.position
        db.session.add(topic)


def _sync_module(spec: ModuleSpec, current: Module | None, summary: SyncSummary) -> None:
    if current is not None and current.content_hash == spec.content_hash:
        summary.unchanged.append(spec.slug)
        return
    # A module removed earlier and now back continues after its last version.
    last = db.session.scalar(sa.select(sa.func.max(Module.version)).filter_by(slug=spec.slug))
    version = (last or 0) + 1
    if current is not None:
        current.is_current = False
        db.session.flush()
    db.session.add(_module_row(spec, version))
    (summary.updated if current else summary.added).append(spec.slug)


def _module_row(spec: ModuleSpec, version: int) -> Module:
    return Module(
        slug=spec.slug, version=version, is_current=True, content_hash=spec.content_hash,
        audience=spec.audience, title=spec.title, summary=spec.summary, minutes=spec.minutes,
        level=spec.level, related=list(spec.related), sources=list(spec.sources),
        help_html=spec.help_html, synced_at=utcnow(),
        lesson_count=len(spec.lessons), question_count=len(spec.questions),
        lessons=[
            Lesson(position=lesson.position, slug=lesson.slug, title=lesson.title,
                   body_html=lesson.body_html)
            for lesson in spec.lessons
        ],
        questions=[
            ModuleQuestion(key=q.key, position=i, kind=q.kind, text=q.text,
                           explanation=q.explanation, options=_options(q.options))
            for i, q in enumerate(spec.questions, start=1)
        ],
    )


def _options(options: tuple[OptionSpec, ...]) -> list[dict[str, object]]:
    return [
        {"key": o.key, "text": o.text, "correct": o.correct, "feedback": o.feedback}
        for o in options
    ]


def _sync_bank_question(
    spec: BankQuestionSpec, row: BankQuestion | None, summary: SyncSummary
) -> None:
    if row is not None and row.content_hash == spec.content_hash and not row.retired:
        summary.unchanged.append(spec.key)
        return
    (summary.updated if row else summary.added).append(spec.key)
    row = row or BankQuestion(key=spec.key)
    row.topic, row.text, row.explanation = spec.topic, spec.text, spec.explanation
    row.options = [{"key": o.key, "text": o.text["nl"], "correct": o.correct}
                   for o in spec.options]
    row.source, row.module_slug = spec.source, spec.module
    row.content_hash, row.retired, row.synced_at = spec.content_hash, False, utcnow()
    db.session.add(row)


def _retire_missing(library: Library, current: dict[str, Module],
                    bank: dict[str, BankQuestion], summary: SyncSummary) -> None:
    for slug, module in current.items():
        if slug not in library.modules:
            module.is_current = False
            summary.retired.append(slug)
    for key, question in bank.items():
        if key not in library.bank and not question.retired:
            question.retired = True
            summary.retired.append(key)
