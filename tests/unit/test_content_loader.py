"""The content loader on module folders: a valid library loads without problems, and each
kind of mistake in one file is reported with that file, its line and what is wrong."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from awareness.content.loader import load_library
from awareness.content.schema import Problem
from tests.content.problems import assert_reported, listing
from tests.support.content import write_library, write_module

# module.yaml of youth/jong-een written by hand, so every line number below is known.
META = """\
title:
  nl: Module jong-een
  en: Module jong-een (en)
summary: Samenvatting van jong-een.
audience: youth
minutes: 10
level: basis
related:
  - senior-een
sources:
  - title: Bron
    url: https://www.politie.nl/
"""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_library(tmp_path / "content")


@pytest.fixture
def module(root: Path) -> Path:
    folder = root / "modules" / "youth" / "jong-een"
    (folder / "module.yaml").write_text(META, encoding="utf-8")
    return folder


def problems_in(root: Path) -> list[Problem]:
    return load_library(root)[1]


def test_the_valid_library_loads_without_problems(module: Path, root: Path) -> None:
    library, problems = load_library(root)
    assert problems == [], listing(problems)
    assert set(library.modules) == {
        "jong-een", "senior-een", "ondernemer-een", "basiskennis-informatieveiligheid"}
    youth = library.modules["jong-een"]
    assert (youth.audience, youth.minutes, youth.level) == ("youth", 10, "basis")
    assert youth.title == {"nl": "Module jong-een", "en": "Module jong-een (en)"}
    assert youth.summary == {"nl": "Samenvatting van jong-een."}
    assert youth.related == ("senior-een",)
    assert youth.sources == ({"title": "Bron", "url": "https://www.politie.nl/"},)
    assert [(lesson.position, lesson.slug, lesson.title) for lesson in youth.lessons] == [
        (1, "les-1", "Les 1"), (2, "les-2", "Les 2"), (3, "les-3", "Les 3")]
    assert "<h2>Let op</h2>" in youth.lessons[0].body_html
    assert [q.kind for q in youth.questions] == ["single", "multiple"] + ["single"] * 4
    assert [o.correct for o in youth.questions[0].options] == [True, False, False]
    assert youth.questions[0].options[1].feedback == {"nl": "Dit klopt niet."}
    assert "0900-8844" in youth.help_html
    assert len(library.modules["basiskennis-informatieveiligheid"].lessons) == 5
    assert set(library.topics) == {"phishing", "wachtwoorden"}
    assert len(library.bank) == 6


def test_the_content_hash_changes_with_any_file(module: Path, root: Path) -> None:
    before = {m.slug: m.content_hash for m in load_library(root)[0].modules.values()}
    lesson = module / "lessons" / "02-les-2.md"
    lesson.write_text(lesson.read_text() + "\nEen zin erbij.\n")
    after = {m.slug: m.content_hash for m in load_library(root)[0].modules.values()}
    assert after["jong-een"] != before["jong-een"]
    assert {k: v for k, v in after.items() if k != "jong-een"} == {
        k: v for k, v in before.items() if k != "jong-een"}


# --- module.yaml -----------------------------------------------------------------------------

@pytest.mark.parametrize(("old", "new", "line", "message"), [
    ("summary: Samenvatting", "samenvatting: Iets\nsummary: Samenvatting", 4,
     "unknown field 'samenvatting'"),
    ("level: basis\n", "level: basis\nauteur: Piet\n", 8, "unknown field 'auteur'"),
    ("summary: Samenvatting van jong-een.\n", "", 1, "missing field 'summary'"),
    ("level: basis\n", "", 1, "missing field 'level'"),
    ("minutes: 10", "minutes: tien", 6, "'minutes' must be a whole number 1-120"),
    ("minutes: 10", "minutes: '10'", 6, "'minutes' must be a whole number 1-120"),
    ("minutes: 10", "minutes: 0", 6, "'minutes' must be a whole number 1-120"),
    ("minutes: 10", "minutes: 121", 6, "'minutes' must be a whole number 1-120"),
    ("minutes: 10", "minutes: true", 6, "'minutes' must be a whole number 1-120"),
    ("level: basis", "level: expert", 7, "'level' must be one of basis, gevorderd"),
    ("audience: youth", "audience: seniors", 5,
     "audience 'seniors' does not match its folder 'youth'"),
    ("summary: Samenvatting van jong-een.", "summary: [een, twee]", 4,
     "'summary' must be a text or a mapping of translations"),
    ("summary: Samenvatting van jong-een.", "summary: ''", 4,
     "'summary' must be a text or a mapping of translations"),
    ("related:\n  - senior-een", "related: senior-een", 8, "'related' must be a list of slugs"),
    ("  nl: Module jong-een\n", "", 1, "'title' is missing the translation key 'nl'"),
    ("  en: Module jong-een (en)", "  fr: Module jong-een (fr)", 3, "unknown language 'fr'"),
    ("  en: Module jong-een (en)", "  en: ''", 1,
     "every translation of 'title' must be a non-empty text"),
    ("  en: Module jong-een (en)", "  en: [a, b]", 1,
     "every translation of 'title' must be a non-empty text"),
    ("    url: https://www.politie.nl/\n", "", 11, "missing field 'url'"),
    ("url: https://www.politie.nl/", "url: www.politie.nl", 12,
     "a source url must start with https://"),
    ("url: https://www.politie.nl/", "url: javascript:alert(1)", 12,
     "a source url must start with https://"),
    ("url: https://www.politie.nl/", "url: https://www.politie.nl/\n    auteur: x", 13,
     "unknown field 'auteur'"),
    ("sources:\n  - title: Bron\n    url: https://www.politie.nl/\n", "sources: []\n", 10,
     "at least one source is required"),
    ("sources:\n  - title: Bron\n    url: https://www.politie.nl/\n", "sources: bron\n", 10,
     "'sources' must be a list of mappings"),
])
def test_a_broken_module_yaml_is_reported_with_its_line(
    module: Path, root: Path, old: str, new: str, line: int, message: str
) -> None:
    assert old in META
    path = module / "module.yaml"
    path.write_text(META.replace(old, new, 1), encoding="utf-8")
    assert_reported(problems_in(root), path, line, message)


def test_a_module_without_sources_is_reported(module: Path, root: Path) -> None:
    path = module / "module.yaml"
    path.write_text(META.split("sources:")[0], encoding="utf-8")
    assert_reported(problems_in(root), path, 1, "missing field 'sources'")


def test_an_http_source_is_accepted(module: Path, root: Path) -> None:
    path = module / "module.yaml"
    path.write_text(META.replace("https://www.politie.nl/", "http://www.politie.nl/"))
    assert problems_in(root) == []


@pytest.mark.parametrize("name", ["module.yaml", "quiz.yaml", "help.md"])
def test_a_missing_module_file_is_reported(module: Path, root: Path, name: str) -> None:
    (module / name).unlink()
    assert_reported(problems_in(root), module / name, None, "not found")


@pytest.mark.parametrize("text", ["", "   \n\n"])
def test_an_empty_help_file_is_reported(module: Path, root: Path, text: str) -> None:
    (module / "help.md").write_text(text)
    assert_reported(problems_in(root), module / "help.md", None, "empty")


# --- folders ---------------------------------------------------------------------------------

def test_an_unknown_audience_folder_is_reported(root: Path) -> None:
    write_module(root, "kinderen", "kind-een")
    assert_reported(problems_in(root), root / "modules" / "kinderen", None,
                    "unknown audience folder")


@pytest.mark.parametrize("slug", ["Jong_Twee", "jong twee", "jong--twee", "-jong"])
def test_a_module_folder_that_is_no_slug_is_reported(root: Path, slug: str) -> None:
    folder = write_module(root, "youth", slug)
    assert_reported(problems_in(root), folder, None, "folder name is not a valid slug")


def test_a_duplicate_module_slug_across_audiences_is_reported(root: Path) -> None:
    write_module(root, "entrepreneurs", "jong-een")
    assert_reported(problems_in(root), root / "modules" / "youth" / "jong-een", None,
                    "duplicate module 'jong-een'", "entrepreneurs")


def test_a_missing_modules_folder_is_reported(root: Path) -> None:
    shutil.rmtree(root / "modules")
    assert_reported(problems_in(root), root / "modules", None, "folder not found", only=False)


# --- related modules -------------------------------------------------------------------------

def test_a_related_module_that_does_not_exist_is_reported(module: Path, root: Path) -> None:
    (module / "module.yaml").write_text(META.replace("- senior-een", "- bestaat-niet"))
    assert_reported(problems_in(root), module / "module.yaml", None,
                    "related module 'bestaat-niet' does not exist")


def test_a_module_related_to_itself_is_reported(module: Path, root: Path) -> None:
    (module / "module.yaml").write_text(META.replace("- senior-een", "- jong-een"))
    assert_reported(problems_in(root), module / "module.yaml", None,
                    "cannot be related to itself")


def test_a_related_module_with_its_own_problem_is_still_a_valid_target(
    module: Path, root: Path
) -> None:
    senior = root / "modules" / "seniors" / "senior-een"
    (senior / "help.md").write_text("")
    assert_reported(problems_in(root), senior / "help.md", None, "empty")


# --- lessons ---------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["04-les 4.md", "4-les-4.md", "04-Les-4.md", "04-les-4.txt",
                                  "les-4.md", "04_les_4.md"])
def test_a_badly_named_lesson_file_is_reported(module: Path, root: Path, name: str) -> None:
    path = module / "lessons" / name
    path.write_text("# Les 4\n\nTekst.\n")
    assert_reported(problems_in(root), path, None, "lesson files are named NN-slug.md")


@pytest.mark.parametrize(("text", "line"), [
    ("Les zonder kop\n\nTekst.\n", 1),
    ("\n\n## Een kop van niveau 2\n\nTekst.\n", 3),
    ("#Les zonder spatie\n\nTekst.\n", 1),
    ("# \n\nTekst.\n", 1),
    ("", 1),
])
def test_a_lesson_without_a_title_is_reported(
    module: Path, root: Path, text: str, line: int
) -> None:
    path = module / "lessons" / "01-les-1.md"
    path.write_text(text)
    assert_reported(problems_in(root), path, line, "a lesson starts with its title as '# Title'")


@pytest.mark.parametrize("text", ["# Les 1\n", "# Les 1\n\n   \n\n"])
def test_a_lesson_without_text_is_reported(module: Path, root: Path, text: str) -> None:
    path = module / "lessons" / "01-les-1.md"
    path.write_text(text)
    assert_reported(problems_in(root), path, 1, "the lesson has no text")


@pytest.mark.parametrize(("opening", "kind"), [
    ("::: voorbeeld brief Een brief van de bank", "brief"),
    ("::: voorbeeld", ""),
    (":::voorbeeld SMS", "SMS"),
])
def test_an_unknown_example_kind_is_reported_with_its_line(
    module: Path, root: Path, opening: str, kind: str
) -> None:
    path = module / "lessons" / "02-les-2.md"
    path.write_text(f"# Les 2\n\nTekst.\n\n{opening}\nHallo!\n:::\n")
    assert_reported(problems_in(root), path, 5, f"unknown example kind {kind!r}", "whatsapp")


def test_every_known_example_kind_is_accepted(module: Path, root: Path) -> None:
    blocks = "\n".join(f"::: voorbeeld {kind} Label\nTekst.\n:::\n" for kind in (
        "sms", "whatsapp", "email", "factuur", "telefoon", "website", "social"))
    (module / "lessons" / "02-les-2.md").write_text(f"# Les 2\n\n{blocks}")
    assert problems_in(root) == []


@pytest.mark.parametrize(("audience", "slug", "count", "limits"), [
    ("youth", "jong-een", 2, "3 to 5"),
    ("youth", "jong-een", 6, "3 to 5"),
    ("seniors", "senior-een", 0, "3 to 5"),
    ("staff", "basiskennis-informatieveiligheid", 4, "5 to 8"),
    ("staff", "basiskennis-informatieveiligheid", 9, "5 to 8"),
])
def test_too_few_or_too_many_lessons_are_reported(
    root: Path, audience: str, slug: str, count: int, limits: str
) -> None:
    lessons = root / "modules" / audience / slug / "lessons"
    _set_lesson_count(lessons, count)
    assert_reported(problems_in(root), lessons, None,
                    f"a module has {limits} lessons, found {count}")


@pytest.mark.parametrize(("audience", "slug", "count"), [
    ("youth", "jong-een", 3), ("youth", "jong-een", 5),
    ("staff", "basiskennis-informatieveiligheid", 5),
    ("staff", "basiskennis-informatieveiligheid", 8),
])
def test_lesson_counts_at_the_limits_are_accepted(
    root: Path, audience: str, slug: str, count: int
) -> None:
    _set_lesson_count(root / "modules" / audience / slug / "lessons", count)
    assert problems_in(root) == []


def test_a_broken_lesson_is_not_also_counted_as_a_missing_one(module: Path, root: Path) -> None:
    path = module / "lessons" / "03-les-3.md"
    path.write_text("Geen titel.\n")
    problems = problems_in(root)
    assert problems == [Problem(str(path), 1, "a lesson starts with its title as '# Title'")]


def test_a_missing_lessons_folder_is_reported(module: Path, root: Path) -> None:
    shutil.rmtree(module / "lessons")
    assert_reported(problems_in(root), module / "lessons", None, "folder not found")


def _set_lesson_count(lessons: Path, count: int) -> None:
    for path in lessons.iterdir():
        path.unlink()
    for n in range(1, count + 1):
        (lessons / f"{n:02d}-les-{n}.md").write_text(f"# Les {n}\n\nTekst van les {n}.\n")


# --- any YAML file ---------------------------------------------------------------------------

YAML_FILES = ["modules/youth/jong-een/module.yaml", "modules/youth/jong-een/quiz.yaml",
              "staff-quiz/topics.yaml", "staff-quiz/phishing.yaml"]


@pytest.mark.parametrize("name", YAML_FILES)
@pytest.mark.parametrize(("text", "line", "message"), [
    ("title: Goed\nsummary: een: twee\nminutes: 3\n", 2, "invalid YAML: mapping values"),
    ("title: Goed\nsummary: [open\nminutes: 3\n", 3, "invalid YAML"),
    ("title: Goed\n\tsummary: x\n", 2, "invalid YAML"),
    ("title: Goed\nminutes: 3\ntitle: Nog eens\n", 3, "invalid YAML: duplicate key 'title'"),
    ("? [een, twee]\n: drie\n", 1, "invalid YAML: a key must be a plain word"),
    ("- een\n- twee\n", 1, "the file must hold a mapping of fields"),
    ("gewoon tekst\n", 1, "the file must hold a mapping of fields"),
    ("", 1, "the file must hold a mapping of fields"),
])
def test_a_yaml_file_that_cannot_be_read_is_reported_with_its_line(
    root: Path, name: str, text: str, line: int, message: str
) -> None:
    path = root / name
    path.write_text(text, encoding="utf-8")
    # A broken topics.yaml also makes every topic unknown, so other files may be named too.
    assert_reported(problems_in(root), path, line, message, only=name != YAML_FILES[2])


@pytest.mark.parametrize("name", [*YAML_FILES, "modules/youth/jong-een/lessons/02-les-2.md",
                                  "modules/youth/jong-een/help.md"])
def test_a_file_that_is_not_utf8_is_reported(root: Path, name: str) -> None:
    path = root / name
    path.write_bytes(b"# Caf\xe9\n" if name.endswith(".md") else b"title: ok\ntitle2: caf\xe9\n")
    line = 1 if name.endswith(".md") else 2
    assert_reported(problems_in(root), path, line, "not UTF-8", only=name != YAML_FILES[2])


@pytest.mark.parametrize("name", [*YAML_FILES, "modules/youth/jong-een/lessons/01-les-1.md",
                                  "modules/youth/jong-een/help.md"])
def test_a_utf8_byte_order_mark_is_accepted(root: Path, name: str) -> None:
    path = root / name
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert problems_in(root) == []


# --- the whole run ---------------------------------------------------------------------------

def test_problems_in_different_files_are_all_reported_in_one_run(module: Path, root: Path) -> None:
    (module / "module.yaml").write_text(META.replace("minutes: 10", "minutes: tien"))
    senior_lesson = root / "modules/seniors/senior-een/lessons/02-les-2.md"
    senior_lesson.write_text("Geen titel\n")
    quiz = root / "modules/entrepreneurs/ondernemer-een/quiz.yaml"
    quiz.write_text("questions: []\n")
    staff_help = root / "modules/staff/basiskennis-informatieveiligheid/help.md"
    staff_help.write_text("")
    bank = root / "staff-quiz/wachtwoorden.yaml"
    bank.write_text(bank.read_text().replace("topic: wachtwoorden", "topic: spam"))
    library, problems = load_library(root)
    assert [(Path(p.path).relative_to(root).as_posix(), p.line) for p in problems] == [
        ("modules/entrepreneurs/ondernemer-een/quiz.yaml", 1),
        ("modules/seniors/senior-een/lessons/02-les-2.md", 1),
        ("modules/staff/basiskennis-informatieveiligheid/help.md", None),
        ("modules/youth/jong-een/module.yaml", 6),
        ("staff-quiz/wachtwoorden.yaml", 29),
    ], listing(problems)
    assert library.modules == {}
    assert set(library.bank) == {"phishing-001", "phishing-002", "phishing-003"}


def test_problems_print_as_file_line_message(module: Path, root: Path) -> None:
    (module / "module.yaml").write_text(META.replace("level: basis", "level: expert"))
    [problem] = problems_in(root)
    assert str(problem) == (
        f"{module / 'module.yaml'}:7: 'level' must be one of basis, gevorderd")
    assert str(Problem("x/help.md", None, "file not found or empty")) == (
        "x/help.md: file not found or empty")


def test_second_level_one_heading_is_reported_with_its_line(tmp_path):
    from awareness.content.loader import load_library
    from tests.support.content import write_library

    root = write_library(tmp_path / "content")
    lesson = root / "modules/youth/jong-een/lessons/01-les-1.md"
    lesson.write_text("# Titel\n\nTekst.\n\n# Nog een titel\n\nMeer tekst.\n")
    _, problems = load_library(root)
    assert [(p.path, p.line) for p in problems] == [(str(lesson), 5)]
    assert "use '## '" in problems[0].message


def test_images_are_reported_in_lessons_and_help(tmp_path):
    from awareness.content.loader import load_library
    from tests.support.content import write_library

    root = write_library(tmp_path / "content")
    help_file = root / "modules/youth/jong-een/help.md"
    help_file.write_text("1. Bel je bank.\n\n![logo](https://example.org/x.png)\n")
    _, problems = load_library(root)
    assert [(p.path, p.line) for p in problems] == [(str(help_file), 3)]
    assert "images are not supported" in problems[0].message
