"""Quality checks on the shipped content/ tree (the only tests that read it): it validates,
meets the numbers of issues 3 and 13, every lesson reads at B1 level, every text addresses
its readers in their register, and every help page gives steps and where to report.

SHIPPED_CONTENT=<folder> points these tests at another tree (to try a draft before it lands)."""
from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from awareness.content.loader import load_library
from awareness.content.readability import MIN_READING_EASE, WORD_LIMITS, assess
from awareness.content.schema import RESIDENT_AUDIENCES, Library, ModuleSpec
from tests.content.problems import listing

CONTENT = Path(os.environ.get("SHIPPED_CONTENT")
               or Path(__file__).resolve().parents[2] / "content").resolve()
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


# --- numbers (issues 3 and 13) ---------------------------------------------------------------

MINIMUM_MODULES = {"youth": 7, "seniors": 7, "entrepreneurs": 6}


@pytest.mark.parametrize(("audience", "minimum"), MINIMUM_MODULES.items())
def test_each_audience_has_its_minimum_of_modules(library: Library, audience: str,
                                                  minimum: int) -> None:
    modules = [m.slug for m in library.modules.values() if m.audience == audience]
    assert len(modules) >= minimum, modules


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


def test_the_bank_has_at_least_90_questions_over_14_topics(library: Library) -> None:
    assert len(library.bank) >= 90
    used = {q.topic for q in library.bank.values()}
    assert len(used) >= 14, sorted(used)


def test_the_bank_covers_the_eleven_required_topics(library: Library) -> None:
    assert REQUIRED_TOPICS <= set(library.topics), REQUIRED_TOPICS - set(library.topics)


# Issue 13's new staff topics, found by their titles (the writers choose the ids).
NEW_TOPICS = {
    "payments (CEO and invoice fraud)": r"betaling|factu|ceo",
    "ransomware and incident reporting": r"ransomware",
    "generative AI with citizens' data": r"\bai\b|generatieve|chatbot|kunstmatige",
}


@pytest.mark.parametrize("subject", NEW_TOPICS)
def test_the_bank_has_the_new_staff_topics(library: Library, subject: str) -> None:
    titles = [t.title for t in library.topics.values()]
    assert any(re.search(NEW_TOPICS[subject], t, re.I) for t in titles), titles


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


@pytest.mark.parametrize("folder", MODULE_DIRS, ids=relative)
def test_every_help_page_starts_with_what_to_do(folder: Path) -> None:
    """content/README.md: no heading first, the page adds the title."""
    text = (folder / "help.md").read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip())
    assert not first.startswith("#"), f"{relative(folder)}/help.md starts with {first!r}"


# Report routes with the numbers that ../shared/content-facts.md sources. A number written
# right after one of these names must be that organisation's number.
KNOWN_NUMBERS = {
    "politie": {"09008844", "112"},
    "fraudehelpdesk": {"0887867372"},
    "meld misdaad anoniem": {"08007000"},
    "digihulplijn": {"08001508"},
}
NUMBER_AFTER_NAME = re.compile(
    r"(?P<name>" + "|".join(KNOWN_NUMBERS) + r")[^0-9\n]{0,15}?(?P<number>\b0[\d -]{8,13}\d\b)",
    re.I)
TEL_LINK = re.compile(r"\[(?P<label>[^\]]+)\]\(tel:(?P<target>[^)]+)\)")


def digits(text: str) -> str:
    return re.sub(r"\D", "", text)


@pytest.mark.parametrize("folder", MODULE_DIRS, ids=relative)
def test_every_help_page_gives_the_known_numbers_right(folder: Path) -> None:
    text = (folder / "help.md").read_text(encoding="utf-8").replace("**", "")
    wrong = [match.group(0) for match in NUMBER_AFTER_NAME.finditer(text)
             if digits(match["number"]) not in KNOWN_NUMBERS[match["name"].lower()]]
    assert wrong == [], f"{relative(folder)}/help.md"


@pytest.mark.parametrize("folder", MODULE_DIRS, ids=relative)
def test_every_phone_link_calls_the_number_it_shows(folder: Path) -> None:
    text = (folder / "help.md").read_text(encoding="utf-8")
    wrong = [match.group(0) for match in TEL_LINK.finditer(text)
             if re.sub(r"^31", "0", digits(match["target"])) != digits(match["label"])]
    assert wrong == [], f"{relative(folder)}/help.md"


# --- register: "je" for youth and staff, "u" for seniors and entrepreneurs -------------------

INFORMAL = re.compile(r"\b(?:je|jij|jou|jouw)\b", re.I)
FORMAL = re.compile(r"\b(?:u|uw)\b", re.I)
REGISTER = {"youth": "je", "staff": "je", "seniors": "u", "entrepreneurs": "u"}
WRONG_REGISTER = {"je": FORMAL, "u": INFORMAL}


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
    return re.sub(r"\"[^\"]*\"|“[^”]*”|„[^”]*”|‘[^’]*’", "", text)


def _addressed(pattern: re.Pattern[str], parts: list[tuple[str, str]]) -> list[str]:
    return [f"{where}: {match.group(0)!r}" for where, text in parts
            for match in pattern.finditer(text)]


@pytest.mark.parametrize("folder", MODULE_DIRS, ids=relative)
def test_every_module_addresses_its_readers_in_their_register(folder: Path,
                                                              library: Library) -> None:
    register = REGISTER[folder.parent.name]
    assert _addressed(WRONG_REGISTER[register], reader_text(folder, library)) == [], (
        f"{folder.parent.name} modules say '{register}'")


def test_the_staff_bank_says_je(library: Library) -> None:
    # Question and explanation speak to the colleague; an option may be what they say to a
    # resident ("Omdat u daar toestemming voor gaf"), so options are left out.
    parts = [(f"{relative(Path(q.path or ''))} {q.key}",
              _without_quotes(f"{q.text} {q.explanation}")) for q in library.bank.values()]
    assert _addressed(FORMAL, parts) == []
