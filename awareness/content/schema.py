"""The parsed, validated shape of the content files (frozen, no database)."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# A user-visible text with one entry per language; "nl" is always present.
Text = dict[str, str]

AUDIENCES = ("youth", "seniors", "entrepreneurs", "staff")
RESIDENT_AUDIENCES = ("youth", "seniors", "entrepreneurs")
LANGUAGES = ("nl", "en")
LEVELS = ("basis", "gevorderd")
QUESTION_KINDS = ("single", "multiple")


@dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


# Where a question or option stands in its file, for the quiz-design checks' messages. Not
# part of the content: two specs that differ only in lines are equal.
def _where() -> Any:
    return field(default=None, compare=False)


@dataclass(frozen=True)
class OptionSpec:
    key: str
    text: Text
    correct: bool
    feedback: Text | None = None
    line: int | None = _where()


@dataclass(frozen=True)
class QuestionSpec:
    key: str
    kind: str
    text: Text
    options: tuple[OptionSpec, ...]
    explanation: Text
    path: str | None = _where()
    line: int | None = _where()


@dataclass(frozen=True)
class LessonSpec:
    position: int
    slug: str
    title: str
    body_html: str


@dataclass(frozen=True)
class ModuleSpec:
    slug: str
    audience: str
    title: Text
    summary: Text
    minutes: int
    level: str
    related: tuple[str, ...]
    sources: tuple[dict[str, str], ...]
    lessons: tuple[LessonSpec, ...]
    questions: tuple[QuestionSpec, ...]
    help_html: str
    content_hash: str


@dataclass(frozen=True)
class TopicSpec:
    slug: str
    title: str
    position: int


@dataclass(frozen=True)
class BankQuestionSpec:
    key: str
    topic: str
    text: str
    options: tuple[OptionSpec, ...]
    explanation: str
    source: str
    module: str | None
    content_hash: str
    path: str | None = _where()
    line: int | None = _where()


@dataclass(frozen=True)
class Library:
    modules: dict[str, ModuleSpec] = field(default_factory=dict)
    topics: dict[str, TopicSpec] = field(default_factory=dict)
    bank: dict[str, BankQuestionSpec] = field(default_factory=dict)
