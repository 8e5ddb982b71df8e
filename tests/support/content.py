"""Builds a small, valid content library in a folder, for tests to use and to break."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

LESSON = ("# {title}\n\nDit is een korte les. Je leert hier iets nieuws.\n\n"
          "## Let op\n\n- Punt een.\n")


def question(key: str, kind: str = "single") -> dict[str, Any]:
    options = [
        {"text": "Goed antwoord", "correct": True},
        {"text": "Fout antwoord", "feedback": "Dit klopt niet."},
        {"text": "Ook goed" if kind == "multiple" else "Nog een fout antwoord",
         "correct": kind == "multiple"},
    ]
    return {"id": key, "type": kind, "text": f"Vraag {key}?", "options": options,
            "explanation": f"Uitleg bij {key}."}


def write_module(root: Path, audience: str, slug: str, related: list[str] | None = None,
                 lessons: int = 3, questions: int = 6) -> Path:
    folder = root / "modules" / audience / slug
    (folder / "lessons").mkdir(parents=True)
    meta = {
        "title": {"nl": f"Module {slug}", "en": f"Module {slug} (en)"},
        "summary": f"Samenvatting van {slug}.",
        "audience": audience, "minutes": 10, "level": "basis",
        "related": related or [],
        "sources": [{"title": "Bron", "url": "https://www.politie.nl/"}],
    }
    (folder / "module.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True))
    for n in range(1, lessons + 1):
        (folder / "lessons" / f"{n:02d}-les-{n}.md").write_text(LESSON.format(title=f"Les {n}"))
    quiz = {"questions": [question(f"q{n}", "multiple" if n == 2 else "single")
                          for n in range(1, questions + 1)]}
    (folder / "quiz.yaml").write_text(yaml.safe_dump(quiz, allow_unicode=True))
    (folder / "help.md").write_text("1. Bel je bank.\n2. Doe aangifte: 0900-8844.\n")
    return folder


def write_bank(root: Path, topics: tuple[str, ...] = ("phishing", "wachtwoorden"),
               per_topic: int = 3) -> Path:
    folder = root / "staff-quiz"
    folder.mkdir(parents=True)
    (folder / "topics.yaml").write_text(yaml.safe_dump(
        {"topics": [{"id": t, "title": f"Onderwerp {t}"} for t in topics]}))
    for topic in topics:
        questions = [{
            "id": f"{topic}-{n:03d}", "text": f"Vraag {n} over {topic}?",
            "options": [{"text": "Ja", "correct": True}, {"text": "Nee"}, {"text": "Misschien"}],
            "explanation": "Dit is de regel. Zo werkt het.", "source": "BIO2 6.3",
        } for n in range(1, per_topic + 1)]
        (folder / f"{topic}.yaml").write_text(
            yaml.safe_dump({"topic": topic, "questions": questions}, allow_unicode=True))
    return folder


def write_library(root: Path) -> Path:
    """One module per audience (related to each other) plus a small staff question bank."""
    write_module(root, "youth", "jong-een", related=["senior-een"])
    write_module(root, "seniors", "senior-een", related=["jong-een", "ondernemer-een"])
    write_module(root, "entrepreneurs", "ondernemer-een")
    write_module(root, "staff", "basiskennis-informatieveiligheid", lessons=5)
    write_bank(root)
    return root


def balanced_options(kind: str, n: int) -> list[dict[str, Any]]:
    """Options that follow the quiz-design rules (content/README.md): equal lengths, no cue
    words, the correct single-choice option rotating over positions 1-3 with `n`, and
    multiple-choice questions with two correct options at positions 2 and 4."""
    if kind == "multiple":
        return [{"text": f"Antwoord {letter}", "correct": letter in "BD",
                 **({} if letter in "BD" else {"feedback": "Dit klopt niet."})}
                for letter in "ABCD"]
    right = (n - 1) % 3
    return [{"text": f"Antwoord {letter}", "correct": index == right,
             **({} if index == right else {"feedback": "Dit klopt niet."})}
            for index, letter in enumerate("ABC")]


def balance_quizzes(root: Path) -> Path:
    """Rewrite every quiz of a library from `write_library` so it passes the quiz-design
    checks (the plain fixture keeps 'a' as the correct key, which many tests rely on)."""
    for path in sorted(root.glob("modules/*/*/quiz.yaml")):
        quiz = yaml.safe_load(path.read_text())
        for n, entry in enumerate(quiz["questions"], start=1):
            entry["options"] = balanced_options(entry["type"], n)
        path.write_text(yaml.safe_dump(quiz, allow_unicode=True))
    for path in sorted((root / "staff-quiz").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        for n, entry in enumerate(data.get("questions", []), start=1):
            entry["options"] = balanced_options("single", n)
        path.write_text(yaml.safe_dump(data, allow_unicode=True))
    return root
