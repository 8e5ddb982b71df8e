"""Reads the staff question bank (content/staff-quiz/): topics.yaml plus one file per topic."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path

from awareness.content.schema import BankQuestionSpec, OptionSpec, Problem, TopicSpec
from awareness.content.yamlfile import FileChecker, Mapping

OPTION_LIMITS = (3, 4)


def load_bank(
    bank_dir: Path, module_slugs: set[str], problems: list[Problem]
) -> tuple[dict[str, TopicSpec], dict[str, BankQuestionSpec]]:
    topics = _load_topics(bank_dir / "topics.yaml", problems)
    bank: dict[str, BankQuestionSpec] = {}
    for path in sorted(bank_dir.glob("*.yaml")):
        if path.name == "topics.yaml":
            continue
        for question in _load_topic_file(path, topics, module_slugs, problems):
            if question.key in bank:
                problems.append(Problem(str(path), None,
                                        f"question id {question.key!r} is used twice in the bank"))
            bank[question.key] = question
    return topics, bank


def _load_topics(path: Path, problems: list[Problem]) -> dict[str, TopicSpec]:
    check = FileChecker(str(path), problems)
    if not path.is_file():
        check.problem(None, "file not found")
        return {}
    data = check.load(check.read(path))
    if data is None:
        return {}
    check.fields(data, {"topics"}, set())
    topics: dict[str, TopicSpec] = {}
    for entry in check.mappings(data, "topics"):
        check.fields(entry, {"id", "title"}, set())
        slug, title = check.string(entry, "id"), check.string(entry, "title")
        if slug in topics:
            check.problem(entry.line, f"duplicate topic {slug!r}")
        elif slug and title:
            topics[slug] = TopicSpec(slug, title, len(topics))
    return topics


def _load_topic_file(
    path: Path, topics: dict[str, TopicSpec], module_slugs: set[str], problems: list[Problem]
) -> list[BankQuestionSpec]:
    check = FileChecker(str(path), problems)
    data = check.load(check.read(path))
    if data is None:
        return []
    check.fields(data, {"topic", "questions"}, set())
    topic = check.string(data, "topic")
    if topic and topic not in topics:
        check.problem(check.line_of(data, "topic"), f"unknown topic {topic!r} (see topics.yaml)")
        return []
    questions = []
    for entry in check.mappings(data, "questions"):
        question = _question(check, entry, topic or "", module_slugs)
        if question:
            questions.append(question)
    return questions


def _question(
    check: FileChecker, entry: Mapping, topic: str, module_slugs: set[str]
) -> BankQuestionSpec | None:
    before = len(check.problems)
    check.fields(entry, {"id", "text", "options", "explanation", "source"}, {"module"})
    key, text = check.string(entry, "id"), check.string(entry, "text")
    explanation, source = check.string(entry, "explanation"), check.string(entry, "source")
    options: list[OptionSpec] = check.options(entry, OPTION_LIMITS)
    correct = sum(o.correct for o in options)
    if options and correct != 1:
        check.problem(entry.line, f"a bank question needs exactly 1 correct option, "
                                  f"found {correct}")
    module = entry.get("module")
    if module is not None and (not isinstance(module, str) or module not in module_slugs):
        check.problem(check.line_of(entry, "module"), f"module {module!r} does not exist")
    if len(check.problems) > before or None in (key, text, explanation, source):
        return None
    # The option fields spelled out: an option's line is where it stands, not what it says.
    fields = [{"key": o.key, "text": o.text, "correct": o.correct, "feedback": o.feedback}
              for o in options]
    payload = json.dumps([key, topic, text, fields, explanation, source, module],
                         sort_keys=True, ensure_ascii=False)
    return BankQuestionSpec(
        key=key, topic=topic, text=text, options=tuple(options),  # type: ignore[arg-type]
        explanation=explanation, source=source, module=module,  # type: ignore[arg-type]
        content_hash=hashlib.sha256(payload.encode()).hexdigest(), path=check.path,
        line=entry.line,
    )
