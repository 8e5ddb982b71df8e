"""A "Is het nep?" decision tree as frozen values, and walking it. Pure: no files, no database.

A path is the list of answer ids chosen from the start question on; it lives in the URL, so
nothing about a resident's answers is kept on the server."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from awareness.content.schema import Text

# How sure the verdict is, from most to least urgent; templates style and word each one.
VERDICTS = ("noodgeval", "oplichting", "voorzichtig", "waarschijnlijk-veilig")
# "A clear answer in under a minute": no path may ask more questions than this.
MAX_QUESTIONS = 6


@dataclass(frozen=True)
class Route:
    """Where to report or get help: a phone number, a website, or both."""

    id: str
    name: Text
    note: Text
    phone: str | None = None
    url: str | None = None

    @property
    def tel(self) -> str | None:
        """The number for a tel: link (digits only; Dutch numbers dial as written)."""
        return "".join(c for c in self.phone if c.isdigit()) if self.phone else None


@dataclass(frozen=True)
class Answer:
    id: str
    text: Text
    next: str


@dataclass(frozen=True)
class Question:
    id: str
    text: Text
    hint: Text | None
    answers: tuple[Answer, ...]

    def answer(self, answer_id: str) -> Answer | None:
        return next((a for a in self.answers if a.id == answer_id), None)


@dataclass(frozen=True)
class Outcome:
    id: str
    verdict: str
    title: Text
    explanation: Text
    steps: tuple[Text, ...]
    already: tuple[Text, ...]
    report: tuple[str, ...]
    module: str | None
    sources: tuple[dict[str, str], ...]


Node = Question | Outcome


@dataclass(frozen=True)
class CheckTree:
    slug: str
    title: Text
    intro: Text
    start: str
    questions: dict[str, Question]
    outcomes: dict[str, Outcome]
    routes: dict[str, Route]
    content_hash: str
    # The YAML it was read from: `flask content sync` stores it, the web parses it again.
    source: str = field(default="", repr=False, compare=False)

    def node(self, node_id: str) -> Node:
        return self.questions.get(node_id) or self.outcomes[node_id]

    def routes_of(self, outcome: Outcome) -> list[Route]:
        return [self.routes[r] for r in outcome.report]


class UnknownAnswerError(LookupError):
    """A path that the tree does not have: a made-up answer, or answers after the verdict."""


@dataclass(frozen=True)
class Step:
    """One answered question on the way: what was asked and what was chosen."""

    question: Question
    answer: Answer


def walk(tree: CheckTree, path: Sequence[str]) -> tuple[Node, tuple[Step, ...]]:
    """The node that `path` leads to, with the steps taken; UnknownAnswerError otherwise."""
    node: Node = tree.questions[tree.start]
    steps: list[Step] = []
    for answer_id in path:
        if not isinstance(node, Question):
            raise UnknownAnswerError(answer_id)
        answer = node.answer(answer_id)
        if answer is None:
            raise UnknownAnswerError(answer_id)
        steps.append(Step(node, answer))
        node = tree.node(answer.next)
    return node, tuple(steps)


def paths(tree: CheckTree) -> Iterator[tuple[tuple[str, ...], Outcome]]:
    """Every complete path from the start question to an outcome (the tree must be valid)."""
    pending: list[tuple[tuple[str, ...], str]] = [((), tree.start)]
    while pending:
        path, node_id = pending.pop()
        if node_id in tree.outcomes:
            yield path, tree.outcomes[node_id]
            continue
        for answer in reversed(tree.questions[node_id].answers):
            pending.append(((*path, answer.id), answer.next))
