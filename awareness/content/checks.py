"""Reads and validates the "Is het nep?" decision trees in content/checks/*.yaml.

Pure, like the module loader: every problem names its file and line, and all of them are
reported at once. A valid tree has every answer leading to a question or an outcome, no
loops, no unreachable part, no path longer than MAX_QUESTIONS, and outcomes that each give
steps, report routes and sources, in Dutch with an English translation."""
from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from awareness.content.checktree import (
    MAX_QUESTIONS,
    VERDICTS,
    Answer,
    CheckTree,
    Outcome,
    Question,
    Route,
)
from awareness.content.schema import LANGUAGES, RESIDENT_AUDIENCES, Problem, Text
from awareness.content.yamlfile import FileChecker, Mapping

SLUG_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789-")
ANSWER_LIMITS = (2, 6)


def load_checks(content_dir: str | Path, module_slugs: set[str] | None
                ) -> tuple[dict[str, CheckTree], list[Problem]]:
    """Every tree in content_dir/checks, by slug (the file name). `module_slugs` are the
    resident modules an outcome may link to (None: do not check the links)."""
    problems: list[Problem] = []
    trees: dict[str, CheckTree] = {}
    folder = Path(content_dir) / "checks"
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        check = FileChecker(str(path), problems)
        if not _is_slug(path.stem):
            check.problem(None, "the file name is not a valid slug (a-z, 0-9 and -)")
            continue
        tree = parse_check(path.stem, check.read(path), module_slugs, check)
        if tree is not None:
            trees[tree.slug] = tree
    return trees, problems


def resident_module_slugs(content_dir: str | Path) -> set[str]:
    """Module folder names of the resident audiences: the modules an outcome may teach with.
    Folder names, as for related modules: a module with its own errors still exists."""
    modules = Path(content_dir) / "modules"
    return {p.name for p in modules.glob("*/*") if p.is_dir()
            and p.parent.name in RESIDENT_AUDIENCES}


def parse_check(slug: str, text: str | None, module_slugs: set[str] | None,
                check: FileChecker) -> CheckTree | None:
    """One tree from its YAML text, or None when `check` recorded any problem."""
    before = len(check.problems)
    data = check.load(text)
    if data is None:
        return None
    check.fields(data, {"title", "intro", "start", "questions", "outcomes", "routes"}, set())
    routes = _routes(check, data)
    questions, lines = _questions(check, data)
    outcomes = _outcomes(check, data, set(routes), module_slugs, lines)
    title, intro = _text(check, data, "title"), _text(check, data, "intro")
    start = check.string(data, "start")
    if start is not None and start not in questions:
        check.problem(check.line_of(data, "start"), f"start {start!r} is not a question")
    elif start is not None:
        _check_graph(check, start, questions, outcomes, lines)
    if len(check.problems) > before or title is None or intro is None or start is None:
        return None
    digest = hashlib.sha256((text or "").encode()).hexdigest()
    return CheckTree(slug, title, intro, start, questions, outcomes, routes, digest, text or "")


def _is_slug(value: object) -> bool:
    return (isinstance(value, str) and bool(value) and set(value) <= SLUG_CHARS
            and not value.startswith("-") and not value.endswith("-") and "--" not in value)


def _text_value(check: FileChecker, value: Any, line: int, what: str) -> Text | None:
    """A text shown to residents: a mapping with Dutch ('nl') and English ('en')."""
    if not isinstance(value, Mapping):
        check.problem(line, f"{what} must be a mapping with 'nl' and 'en'")
        return None
    for lang in value:
        if lang not in LANGUAGES:
            check.problem(value.key_lines.get(str(lang), line), f"unknown language {lang!r}")
    missing = [lang for lang in LANGUAGES if lang not in value]
    if missing:
        check.problem(line, f"{what} is missing the translation {', '.join(map(repr, missing))}")
    texts = {k: v for k, v in value.items() if k in LANGUAGES}
    if not all(isinstance(v, str) and v.strip() for v in texts.values()):
        check.problem(line, f"every translation of {what} must be a non-empty text")
        return None
    return None if missing else {k: " ".join(v.split()) for k, v in texts.items()}


def _text(check: FileChecker, data: Mapping, key: str) -> Text | None:
    if key not in data:
        return None  # `fields` reported it
    return _text_value(check, data[key], check.line_of(data, key), repr(key))


def _texts(check: FileChecker, data: Mapping, key: str, required: bool) -> tuple[Text, ...]:
    value, line = data.get(key), check.line_of(data, key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value):
        check.problem(line, f"{key!r} must be a list of at least one text")
        return ()
    texts = [_text_value(check, item, getattr(item, "line", line), f"an item of {key!r}")
             for item in value]
    return tuple(t for t in texts if t is not None)


def _id(check: FileChecker, entry: Mapping, seen: set[str], kind: str) -> str | None:
    value = entry.get("id")
    line = check.line_of(entry, "id")
    if "id" not in entry:
        return None
    if not _is_slug(value):
        check.problem(line, f"{kind} id {value!r} is not a valid slug (a-z, 0-9 and -)")
        return None
    slug = str(value)
    if slug in seen:
        check.problem(line, f"duplicate {kind} id {slug!r}")
        return None
    seen.add(slug)
    return slug


def _routes(check: FileChecker, data: Mapping) -> dict[str, Route]:
    routes: dict[str, Route] = {}
    for entry in check.mappings(data, "routes"):
        check.fields(entry, {"id", "name", "note"}, {"phone", "url"})
        route_id = _id(check, entry, set(routes), "route")
        name, note = _text(check, entry, "name"), _text(check, entry, "note")
        phone, url = check.string(entry, "phone"), check.string(entry, "url")
        if phone and not all(c.isdigit() or c in " -" for c in phone):
            check.problem(check.line_of(entry, "phone"), "a phone number has digits, spaces "
                                                         "and hyphens only")
        if url and not url.startswith("https://"):
            check.problem(check.line_of(entry, "url"), "a route url must start with https://")
        if route_id and name and note:
            routes[route_id] = Route(route_id, name, note, phone, url)
    return routes


def _questions(check: FileChecker, data: Mapping
               ) -> tuple[dict[str, Question], dict[str, int]]:
    questions: dict[str, Question] = {}
    lines: dict[str, int] = {}  # node id, or "question/answer", to its line
    for entry in check.mappings(data, "questions"):
        check.fields(entry, {"id", "text", "answers"}, {"hint"})
        question_id = _id(check, entry, set(lines), "question")
        text = _text(check, entry, "text")
        hint = _text(check, entry, "hint")
        answers = _answers(check, entry, question_id or "?", lines)
        if question_id:
            lines[question_id] = entry.line
        if question_id and text and answers:
            questions[question_id] = Question(question_id, text, hint, tuple(answers))
    return questions, lines


def _answers(check: FileChecker, entry: Mapping, question_id: str,
             lines: dict[str, int]) -> list[Answer]:
    raw = check.mappings(entry, "answers")
    low, high = ANSWER_LIMITS
    if "answers" in entry and not low <= len(raw) <= high:
        check.problem(check.line_of(entry, "answers"),
                      f"a question has {low} to {high} answers, found {len(raw)}")
    answers: list[Answer] = []
    seen: set[str] = set()
    for item in raw:
        check.fields(item, {"id", "text", "next"}, set())
        answer_id = _id(check, item, seen, "answer")
        text, target = _text(check, item, "text"), check.string(item, "next")
        if answer_id:
            lines[f"{question_id}/{answer_id}"] = item.line
        if answer_id and text and target:
            answers.append(Answer(answer_id, text, target))
    return answers


def _outcomes(check: FileChecker, data: Mapping, routes: set[str],
              module_slugs: set[str] | None, lines: dict[str, int]) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    for entry in check.mappings(data, "outcomes"):
        check.fields(entry, {"id", "verdict", "title", "explanation", "steps", "report",
                             "sources"}, {"already", "module"})
        outcome_id = _id(check, entry, set(lines), "outcome")
        if outcome_id:
            lines[outcome_id] = entry.line
        values = {
            "verdict": check.choice(entry, "verdict", VERDICTS),
            "title": _text(check, entry, "title"),
            "explanation": _text(check, entry, "explanation"),
            "steps": _texts(check, entry, "steps", required=True),
            "already": _texts(check, entry, "already", required=False),
            "report": _report(check, entry, routes),
            "module": _module(check, entry, module_slugs),
            "sources": _sources(check, entry),
        }
        required = ("verdict", "title", "explanation", "steps", "report", "sources")
        if outcome_id and all(values[key] for key in required):
            outcomes[outcome_id] = Outcome(outcome_id, **values)  # type: ignore[arg-type]
    return outcomes


def _report(check: FileChecker, entry: Mapping, routes: set[str]) -> tuple[str, ...]:
    value, line = entry.get("report"), check.line_of(entry, "report")
    if "report" not in entry:
        return ()
    if not isinstance(value, list) or not value or not all(isinstance(r, str) for r in value):
        check.problem(line, "'report' must list at least one route id")
        return ()
    unknown = [r for r in value if r not in routes]
    for route in unknown:
        check.problem(line, f"unknown report route {route!r}")
    return () if unknown else tuple(value)


def _module(check: FileChecker, entry: Mapping, module_slugs: set[str] | None) -> str | None:
    slug = check.string(entry, "module")
    if slug and module_slugs is not None and slug not in module_slugs:
        check.problem(check.line_of(entry, "module"),
                      f"module {slug!r} does not exist (or is not a resident module)")
    return slug


def _sources(check: FileChecker, entry: Mapping) -> tuple[dict[str, str], ...]:
    sources = []
    for source in check.mappings(entry, "sources"):
        check.fields(source, {"title", "url"}, set())
        title, url = check.string(source, "title"), check.string(source, "url")
        if url and not url.startswith("https://"):
            check.problem(check.line_of(source, "url"), "a source url must start with https://")
        elif title and url:
            sources.append({"title": title, "url": url})
    if "sources" in entry and not sources:
        check.problem(check.line_of(entry, "sources"), "an outcome needs at least one source")
    return tuple(sources)


def _check_graph(check: FileChecker, start: str, questions: dict[str, Question],
                 outcomes: dict[str, Outcome], lines: dict[str, int]) -> None:
    """Dangling answers, loops, unreachable nodes and paths that ask too much."""
    for question in questions.values():
        for answer in question.answers:
            if answer.next not in questions and answer.next not in outcomes:
                check.problem(lines.get(f"{question.id}/{answer.id}"),
                              f"answer {answer.id!r} leads to {answer.next!r}, which is neither "
                              "a question nor an outcome")
    reached: set[str] = set()
    _visit(check, start, questions, lines, (), reached)
    for node_id in sorted(set(questions) | set(outcomes)):
        if node_id not in reached:
            check.problem(lines.get(node_id), f"{node_id!r} cannot be reached from the start")


def _visit(check: FileChecker, node_id: str, questions: dict[str, Question],
           lines: dict[str, int], trail: tuple[str, ...], reached: set[str]) -> None:
    # Depth-first along every path: trees are small, and a loop must be named where it closes.
    reached.add(node_id)
    question = questions.get(node_id)
    if question is None:
        return
    if len(trail) + 1 > MAX_QUESTIONS:
        check.problem(lines.get(node_id), f"the path {' > '.join((*trail, node_id))} asks more "
                                          f"than {MAX_QUESTIONS} questions")
        return
    for answer in question.answers:
        if answer.next in (*trail, node_id):
            check.problem(lines.get(f"{node_id}/{answer.id}"),
                          f"answer {answer.id!r} leads back to {answer.next!r}: a loop")
        else:
            _visit(check, answer.next, questions, lines, (*trail, node_id), reached)
