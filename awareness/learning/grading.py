"""Grading a module quiz. Pure: takes the questions and the chosen option keys."""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from awareness.content.models import ModuleQuestion


class InvalidAnswersError(ValueError):
    """The submitted answers do not fit the quiz (unknown question or option)."""


@dataclass(frozen=True)
class QuestionResult:
    question: ModuleQuestion
    chosen: tuple[str, ...]
    correct_keys: tuple[str, ...]

    @property
    def is_correct(self) -> bool:
        return set(self.chosen) == set(self.correct_keys)


@dataclass(frozen=True)
class QuizResult:
    questions: tuple[QuestionResult, ...]

    @property
    def score(self) -> int:
        return sum(q.is_correct for q in self.questions)

    @property
    def max_score(self) -> int:
        return len(self.questions)


def check_answers(
    questions: Sequence[ModuleQuestion], answers: Mapping[str, Sequence[str]]
) -> dict[str, tuple[str, ...]]:
    """Validate answers: every question answered, only known options, one for single choice."""
    by_key = {q.key: q for q in questions}
    unknown = set(answers) - set(by_key)
    if unknown:
        raise InvalidAnswersError(f"unknown question(s): {', '.join(sorted(unknown))}")
    cleaned: dict[str, tuple[str, ...]] = {}
    for key, question in by_key.items():
        chosen = tuple(dict.fromkeys(answers.get(key, ())))
        valid = {o["key"] for o in question.options}
        if not set(chosen) <= valid:
            raise InvalidAnswersError(f"unknown option for question {key}")
        if question.kind == "single" and len(chosen) > 1:
            raise InvalidAnswersError(f"question {key} takes one answer")
        cleaned[key] = chosen
    return cleaned


def grade(
    questions: Sequence[ModuleQuestion], answers: Mapping[str, Sequence[str]]
) -> QuizResult:
    return QuizResult(tuple(
        QuestionResult(
            question=q,
            chosen=tuple(answers.get(q.key, ())),
            correct_keys=tuple(o["key"] for o in q.options if o["correct"]),
        )
        for q in questions
    ))
