"""Reads content/ into a Library. Pure: touches no database. Every problem names its file
and, where it can, its line; `load_library` returns all of them at once."""
from __future__ import annotations

import hashlib
import re
from pathlib import Path

from awareness.content import markdown
from awareness.content.bank import load_bank
from awareness.content.schema import (
    AUDIENCES,
    LEVELS,
    QUESTION_KINDS,
    LessonSpec,
    Library,
    ModuleSpec,
    Problem,
    QuestionSpec,
)
from awareness.content.yamlfile import FileChecker, Mapping

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LESSON_FILE = re.compile(r"^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$")
EXAMPLE_LINE = re.compile(r"^:::\s*voorbeeld\s*(\S*)")
IMAGE = re.compile(r"!\[[^\]]*\]\(")
LESSON_LIMITS = {"staff": (5, 8)}
DEFAULT_LESSON_LIMITS = (3, 5)
QUESTION_LIMITS = (6, 10)


def load_library(content_dir: str | Path) -> tuple[Library, list[Problem]]:
    root = Path(content_dir)
    problems: list[Problem] = []
    library = Library()
    modules_dir = root / "modules"
    if not modules_dir.is_dir():
        problems.append(Problem(str(modules_dir), None, "folder not found"))
    else:
        for module in _load_modules(modules_dir, problems):
            first = library.modules.get(module.slug)
            if first is not None:
                message = f"duplicate module {module.slug!r} (also in {first.audience}/)"
                path = modules_dir / module.audience / module.slug
                problems.append(Problem(str(path), None, message))
            library.modules[module.slug] = module
        _check_related(modules_dir, library, problems)
    bank_dir = root / "staff-quiz"
    if bank_dir.is_dir():
        # Folder names, as for related modules: a module with its own errors still exists.
        module_slugs = {p.name for p in modules_dir.glob("*/*") if p.is_dir()}
        topics, bank = load_bank(bank_dir, module_slugs, problems)
        library.topics.update(topics)
        library.bank.update(bank)
    return library, problems


def _load_modules(modules_dir: Path, problems: list[Problem]) -> list[ModuleSpec]:
    found = []
    for audience_dir in sorted(p for p in modules_dir.iterdir() if not p.name.startswith(".")):
        if audience_dir.name not in AUDIENCES or not audience_dir.is_dir():
            problems.append(Problem(str(audience_dir), None, "unknown audience folder"))
            continue
        for module_dir in sorted(p for p in audience_dir.iterdir() if p.is_dir()):
            module = _load_module(module_dir, audience_dir.name, problems)
            if module:
                found.append(module)
    return found


def _load_module(module_dir: Path, audience: str, problems: list[Problem]) -> ModuleSpec | None:
    before = len(problems)
    slug = module_dir.name
    if not SLUG.match(slug):
        problems.append(Problem(str(module_dir), None, "folder name is not a valid slug"))
    meta = _load_meta(module_dir / "module.yaml", audience, problems)
    lessons = _load_lessons(module_dir / "lessons", audience, problems)
    questions = _load_quiz(module_dir / "quiz.yaml", problems)
    help_html = _load_help(module_dir / "help.md", problems)
    if len(problems) > before or meta is None:
        return None
    return ModuleSpec(
        slug=slug, audience=audience, lessons=tuple(lessons), questions=tuple(questions),
        help_html=help_html, content_hash=_hash_tree(module_dir), **meta,
    )


def _load_meta(path: Path, audience: str, problems: list[Problem]) -> dict | None:
    check = FileChecker(str(path), problems)
    if not path.is_file():
        check.problem(None, "file not found")
        return None
    data = check.load(check.read(path))
    if data is None:
        return None
    check.fields(data, {"title", "summary", "audience", "minutes", "level", "sources"},
                 {"related"})
    if "audience" in data and data["audience"] != audience:
        check.problem(check.line_of(data, "audience"),
                      f"audience {data['audience']!r} does not match its folder {audience!r}")
    related = data.get("related") or []
    if not isinstance(related, list) or not all(isinstance(r, str) for r in related):
        check.problem(check.line_of(data, "related"), "'related' must be a list of slugs")
        related = []
    meta = {
        "title": check.text(data, "title"),
        "summary": check.text(data, "summary"),
        "minutes": check.integer(data, "minutes", 1, 120),
        "level": check.choice(data, "level", LEVELS),
        "related": tuple(related),
        "sources": tuple(_sources(check, data)),
    }
    return meta if None not in meta.values() else None


def _sources(check: FileChecker, data: Mapping) -> list[dict[str, str]]:
    sources = check.mappings(data, "sources")
    if "sources" in data and not sources:
        check.problem(check.line_of(data, "sources"), "at least one source is required")
    result = []
    for source in sources:
        check.fields(source, {"title", "url"}, set())
        url = check.string(source, "url") or ""
        if url and not url.startswith(("https://", "http://")):
            check.problem(check.line_of(source, "url"), "a source url must start with https://")
        result.append({"title": check.string(source, "title") or "", "url": url})
    return result


def _load_lessons(lessons_dir: Path, audience: str, problems: list[Problem]) -> list[LessonSpec]:
    if not lessons_dir.is_dir():
        problems.append(Problem(str(lessons_dir), None, "folder not found"))
        return []
    lessons, found = [], 0
    for path in sorted(lessons_dir.iterdir()):
        match = LESSON_FILE.match(path.name)
        if not match:
            problems.append(Problem(str(path), None, "lesson files are named NN-slug.md"))
            continue
        # Count files, not valid lessons: a broken lesson is its own problem, not a count one.
        found += 1
        lesson = _load_lesson(path, len(lessons) + 1, match.group(2), problems)
        if lesson:
            lessons.append(lesson)
    low, high = LESSON_LIMITS.get(audience, DEFAULT_LESSON_LIMITS)
    if not low <= found <= high:
        problems.append(Problem(str(lessons_dir), None,
                                f"a module has {low} to {high} lessons, found {found}"))
    return lessons


def _load_lesson(
    path: Path, position: int, slug: str, problems: list[Problem]
) -> LessonSpec | None:
    text = FileChecker(str(path), problems).read(path)
    if text is None:
        return None
    lines = text.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None or not lines[first].startswith("# ") or not lines[first][2:].strip():
        problems.append(Problem(str(path), (first or 0) + 1,
                                "a lesson starts with its title as '# Title'"))
        return None
    _check_lines(path, lines, first + 1, problems)
    body = "\n".join(lines[first + 1:])
    if not body.strip():
        problems.append(Problem(str(path), first + 1, "the lesson has no text"))
        return None
    return LessonSpec(position, slug, lines[first][2:].strip(), markdown.render(body))


def _check_lines(path: Path, lines: list[str], start: int, problems: list[Problem]) -> None:
    """Line rules the renderer cannot enforce: example kinds, one title, no images."""
    for number, line in enumerate(lines[start:], start=start + 1):
        example = EXAMPLE_LINE.match(line)
        if example and example.group(1) not in markdown.EXAMPLE_KINDS:
            kinds = ", ".join(markdown.EXAMPLE_KINDS)
            problems.append(Problem(str(path), number,
                                    f"unknown example kind {example.group(1)!r} (use {kinds})"))
        if line.startswith("# "):
            problems.append(Problem(str(path), number,
                                    "only the first line is a '# ' title; use '## ' for sections"))
        if IMAGE.search(line):
            problems.append(Problem(str(path), number, "images are not supported: describe the "
                                    "example in a '::: voorbeeld' block so everyone can read it"))


def _load_quiz(path: Path, problems: list[Problem]) -> list[QuestionSpec]:
    check = FileChecker(str(path), problems)
    if not path.is_file():
        check.problem(None, "file not found")
        return []
    data = check.load(check.read(path))
    if data is None:
        return []
    check.fields(data, {"questions"}, set())
    entries = check.mappings(data, "questions")
    questions, seen = [], set()
    for entry in entries:
        question = _question(check, entry)
        if question and question.key in seen:
            check.problem(entry.line, f"duplicate question id {question.key!r}")
        elif question:
            seen.add(question.key)
            questions.append(question)
    low, high = QUESTION_LIMITS
    if (entries or data.get("questions") == []) and not low <= len(entries) <= high:
        check.problem(data.line, f"a quiz has {low} to {high} questions, found {len(entries)}")
    return questions


def _question(check: FileChecker, entry: Mapping) -> QuestionSpec | None:
    check.fields(entry, {"id", "type", "text", "options", "explanation"}, set())
    key, kind = check.string(entry, "id"), check.choice(entry, "type", QUESTION_KINDS)
    if key and not SLUG.match(key):
        check.problem(check.line_of(entry, "id"), f"question id {key!r} is not a valid slug")
    text, explanation = check.text(entry, "text"), check.text(entry, "explanation")
    options = check.options(entry, (2, 6))
    if kind and options:
        correct = sum(o.correct for o in options)
        if kind == "single" and correct != 1:
            check.problem(entry.line, f"a single-choice question needs exactly 1 correct "
                                      f"option, found {correct}")
            return None
        if kind == "multiple" and not 1 <= correct < len(options):
            check.problem(entry.line, "a multiple-choice question needs at least 1 correct "
                                      "and at least 1 wrong option")
            return None
    if None in (key, kind, text, explanation) or not options:
        return None
    return QuestionSpec(key, kind, text, tuple(options), explanation,  # type: ignore[arg-type]
                        path=check.path, line=entry.line)


def _load_help(path: Path, problems: list[Problem]) -> str:
    if not path.is_file():
        problems.append(Problem(str(path), None, "file not found or empty"))
        return ""
    text = FileChecker(str(path), problems).read(path)
    if text is not None and not text.strip():
        problems.append(Problem(str(path), None, "file not found or empty"))
    if text:
        _check_lines(path, text.splitlines(), 0, problems)
    return markdown.render(text or "")


def _check_related(modules_dir: Path, library: Library, problems: list[Problem]) -> None:
    # Folder names, not loaded modules: a module with its own errors is still a valid target.
    known = {p.name for p in modules_dir.glob("*/*") if p.is_dir()}
    for module in library.modules.values():
        path = modules_dir / module.audience / module.slug / "module.yaml"
        for slug in module.related:
            if slug == module.slug:
                problems.append(Problem(str(path), None, "a module cannot be related to itself"))
            elif slug not in known:
                problems.append(Problem(str(path), None, f"related module {slug!r} does not exist"))


def _hash_tree(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(folder)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()
