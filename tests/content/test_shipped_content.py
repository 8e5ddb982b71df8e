"""Quality checks on the shipped content/ tree (the only tests that read it): it validates,
meets the numbers of issue 3, and every lesson reads at B1 level."""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from awareness.content.loader import load_library
from awareness.content.readability import MIN_READING_EASE, WORD_LIMITS, assess
from awareness.content.schema import RESIDENT_AUDIENCES, Library, ModuleSpec
from tests.content.problems import listing

CONTENT = Path(__file__).resolve().parents[2] / "content"
MODULES = CONTENT / "modules"
STAFF_COURSE = "basiskennis-informatieveiligheid"
# Issue 3's eleven bank topics, by their ids in content/staff-quiz/topics.yaml.
REQUIRED_TOPICS = {
    "phishing", "wachtwoorden", "clean-desk", "classificatie", "datalek", "avg",
    "social-engineering", "usb-apparaten", "thuiswerken", "updates-verlies", "ondermijning",
}
LESSONS = sorted(MODULES.glob("*/*/lessons/*.md"))
MODULE_DIRS = sorted(p for p in MODULES.glob("*/*") if p.is_dir())
RESIDENT_DIRS = [p for p in MODULE_DIRS if p.parent.name in RESIDENT_AUDIENCES]
PHONE_OR_URL = re.compile(r"\b(?:0\d{2,3}[- ]?\d[\d ]{3,}\d|112|https?://\S+|[\w-]+\.nl)\b")


def relative(path: Path) -> str:
    return path.relative_to(CONTENT).as_posix()


@pytest.fixture(scope="module")
def library() -> Library:
    library, problems = load_library(CONTENT)
    assert problems == [], listing(problems)
    return library


def resident_modules(library: Library) -> list[ModuleSpec]:
    return [m for m in library.modules.values() if m.audience in RESIDENT_AUDIENCES]


def test_the_shipped_content_has_no_problems() -> None:
    problems = load_library(CONTENT)[1]
    assert problems == [], listing(problems)


def test_flask_content_check_passes_on_the_shipped_content(runner) -> None:
    result = runner.invoke(args=["content", "check", "--dir", str(CONTENT)])
    assert result.exit_code == 0, result.output
    assert "Content OK" in result.stdout


# --- numbers (issue 3) -----------------------------------------------------------------------

@pytest.mark.parametrize("audience", RESIDENT_AUDIENCES)
def test_each_audience_has_at_least_four_modules(library: Library, audience: str) -> None:
    modules = [m.slug for m in library.modules.values() if m.audience == audience]
    assert len(modules) >= 4, modules


def test_there_are_at_least_twelve_resident_modules(library: Library) -> None:
    assert len(resident_modules(library)) >= 12


def test_each_resident_module_has_3_to_5_lessons_and_6_to_10_questions(library: Library):
    wrong = {m.slug: (len(m.lessons), len(m.questions)) for m in resident_modules(library)
             if not (3 <= len(m.lessons) <= 5 and 6 <= len(m.questions) <= 10)}
    assert wrong == {}


def test_every_question_has_an_explanation(library: Library) -> None:
    missing = [f"{m.slug}/{q.key}" for m in library.modules.values() for q in m.questions
               if not q.explanation.get("nl", "").strip()]
    assert missing == []


def test_the_staff_intro_course_has_5_to_8_lessons_and_a_quiz(library: Library) -> None:
    course = library.modules[STAFF_COURSE]
    assert course.audience == "staff"  # so never listed to residents
    assert 5 <= len(course.lessons) <= 8
    assert len(course.questions) >= 6


def test_the_bank_has_at_least_60_questions(library: Library) -> None:
    assert len(library.bank) >= 60


def test_the_bank_covers_the_eleven_required_topics(library: Library) -> None:
    assert REQUIRED_TOPICS <= set(library.topics), REQUIRED_TOPICS - set(library.topics)


def test_every_bank_topic_has_at_least_four_questions(library: Library) -> None:
    per_topic = Counter(q.topic for q in library.bank.values())
    short = {t: per_topic[t] for t in library.topics if per_topic[t] < 4}
    assert short == {}


def test_every_bank_question_has_one_of_3_or_4_options_right_and_a_source(library: Library):
    wrong = [q.key for q in library.bank.values()
             if not 3 <= len(q.options) <= 4 or sum(o.correct for o in q.options) != 1
             or not q.source.strip()]
    assert wrong == []


def test_every_bank_explanation_has_two_to_four_sentences(library: Library) -> None:
    def sentences(text: str) -> int:
        return len([s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s])
    wrong = {q.key: sentences(q.explanation) for q in library.bank.values()
             if not 2 <= sentences(q.explanation) <= 4}
    assert wrong == {}


def test_every_module_has_sources_with_a_web_address(library: Library) -> None:
    wrong = [m.slug for m in library.modules.values()
             if not m.sources or not all(s["url"].startswith(("https://", "http://"))
                                         for s in m.sources)]
    assert wrong == []


def test_every_resident_module_links_to_related_modules(library: Library) -> None:
    assert [m.slug for m in resident_modules(library) if not m.related] == []


# --- lessons, examples and help --------------------------------------------------------------

@pytest.mark.parametrize("path", LESSONS, ids=relative)
def test_every_lesson_reads_at_b1_level(path: Path) -> None:
    result = assess(path.read_text(encoding="utf-8"))
    low, high = WORD_LIMITS
    assert low <= result.words <= high, f"{relative(path)}: {result.words} words"
    assert result.reading_ease >= MIN_READING_EASE, (
        f"{relative(path)}: Flesch-Douma {result.reading_ease:.1f} < {MIN_READING_EASE}")
    assert result.avoid == (), f"{relative(path)}: replace {', '.join(result.avoid)}"


@pytest.mark.parametrize("folder", MODULE_DIRS, ids=relative)
def test_every_module_shows_an_example_with_its_warning_signs(folder: Path) -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("lessons/*.md")))
    assert re.search(r"^:::\s*voorbeeld\s+\S+", text, re.M), f"{relative(folder)}: no example"
    assert re.search(r"^:::\s*signalen", text, re.M), f"{relative(folder)}: no warning signs"


@pytest.mark.parametrize("folder", MODULE_DIRS, ids=relative)
def test_every_help_page_gives_steps_and_where_to_report(folder: Path) -> None:
    text = (folder / "help.md").read_text(encoding="utf-8")
    assert re.search(r"^\s*\d+\.\s", text, re.M), f"{relative(folder)}/help.md: no steps"
    assert PHONE_OR_URL.search(text), f"{relative(folder)}/help.md: no phone number or website"


# --- tone: "je" for youth, "u" for seniors, one of them per entrepreneurs' module -------------

INFORMAL = re.compile(r"\b(?:je|jij|jou|jouw)\b", re.I)
FORMAL = re.compile(r"\b(?:u|uw)\b", re.I)


def reader_text(folder: Path, library: Library) -> list[tuple[str, str]]:
    """(where, text) the reader is addressed in: lessons and help without example messages
    and quoted speech (a scammer may say "je" to a senior), plus the quiz."""
    module = library.modules[folder.name]
    parts = [(relative(p), p.read_text(encoding="utf-8"))
             for p in [*sorted(folder.glob("lessons/*.md")), folder / "help.md"]]
    parts += [(f"{relative(folder)}/quiz.yaml {q.key}", " ".join(
        [q.text["nl"], q.explanation["nl"]]
        + [o.text["nl"] + " " + (o.feedback or {}).get("nl", "") for o in q.options]))
        for q in module.questions]
    parts.append((f"{relative(folder)}/module.yaml", module.title["nl"] + " " +
                  module.summary["nl"]))
    return [(where, _without_quotes(text)) for where, text in parts]


def _without_quotes(text: str) -> str:
    text = re.sub(r"^:::\s*voorbeeld.*?^:::\s*$", "", text, flags=re.M | re.S)
    text = re.sub(r"https?://\S+", "", text)
    return re.sub(r"\"[^\"]*\"|“[^”]*”|„[^”]*”", "", text)


def _addressed(pattern: re.Pattern[str], parts: list[tuple[str, str]]) -> list[str]:
    return [f"{where}: {match.group(0)!r}" for where, text in parts
            for match in pattern.finditer(text)]


@pytest.mark.parametrize("folder", [p for p in RESIDENT_DIRS if p.parent.name == "youth"],
                         ids=relative)
def test_youth_modules_say_je(folder: Path, library: Library) -> None:
    assert _addressed(FORMAL, reader_text(folder, library)) == []


@pytest.mark.parametrize("folder", [p for p in RESIDENT_DIRS if p.parent.name == "seniors"],
                         ids=relative)
def test_senior_modules_say_u(folder: Path, library: Library) -> None:
    assert _addressed(INFORMAL, reader_text(folder, library)) == []


@pytest.mark.parametrize("folder", [p for p in RESIDENT_DIRS
                                    if p.parent.name == "entrepreneurs"], ids=relative)
def test_entrepreneur_modules_use_je_or_u_consistently(folder: Path, library: Library) -> None:
    parts = reader_text(folder, library)
    informal, formal = _addressed(INFORMAL, parts), _addressed(FORMAL, parts)
    assert informal == [] or formal == [], (informal, formal)
