"""A small, valid "Is het nep?" tree for tests to use and to break, and helpers to write it
into a content folder and load it into the database as `flask content sync` does."""
from __future__ import annotations

from pathlib import Path

from awareness.checker.sync import sync_checks
from awareness.content.checks import load_checks

TREE = '''\
title: {nl: "Is het nep?", en: "Is it fake?"}
intro: {nl: "Beantwoord een paar vragen.", en: "Answer a few questions."}
start: kanaal
routes:
  - id: politie
    name: {nl: "Politie", en: "Police"}
    phone: 0900-8844
    url: https://www.politie.nl
    note: {nl: "Doe aangifte, ook van een poging.", en: "Report it, also an attempt."}
  - id: fraudehelpdesk
    name: {nl: "Fraudehelpdesk", en: "Fraud help desk"}
    phone: 088-786 73 72
    note: {nl: "Gratis advies.", en: "Free advice."}
questions:
  - id: kanaal
    text: {nl: "Hoe kwam het bij u binnen?", en: "How did it reach you?"}
    answers:
      - id: bericht
        text: {nl: "Met een bericht", en: "In a message"}
        next: geld
      - id: deur
        text: {nl: "Er staat iemand aan de deur", en: "Someone is at my door"}
        next: deur-112
  - id: geld
    text: {nl: "Vraagt het bericht om geld?", en: "Does the message ask for money?"}
    hint: {nl: "Bijvoorbeeld een rekening.", en: "For example a bill."}
    answers:
      - id: ja
        text: {nl: "Ja", en: "Yes"}
        next: oplichting
      - id: nee
        text: {nl: "Nee", en: "No"}
        next: voorzichtig
outcomes:
  - id: oplichting
    verdict: oplichting
    title: {nl: "Vriend-in-noodfraude", en: "Friend-in-need fraud"}
    explanation: {nl: "Oplichters vragen om geld.", en: "Scammers ask for money."}
    steps:
      - {nl: "Betaal niets.", en: "Do not pay."}
    already:
      - {nl: "Bel uw bank.", en: "Call your bank."}
    report: [politie, fraudehelpdesk]
    module: senior-een
    sources:
      - title: Politie
        url: https://www.politie.nl/
  - id: voorzichtig
    verdict: voorzichtig
    title: {nl: "Let goed op", en: "Watch out"}
    explanation: {nl: "Nog geen vraag om geld.", en: "No request for money yet."}
    steps:
      - {nl: "Bel zelf terug.", en: "Call back yourself."}
    report: [fraudehelpdesk]
    sources:
      - title: Fraudehelpdesk
        url: https://www.fraudehelpdesk.nl/
  - id: deur-112
    verdict: noodgeval
    title: {nl: "Iemand aan de deur", en: "Someone at the door"}
    explanation: {nl: "Geef niets mee.", en: "Hand over nothing."}
    steps:
      - {nl: "Bel 112.", en: "Call 112."}
    report: [politie]
    sources:
      - title: Politie
        url: https://www.politie.nl/
'''
# Every complete path of TREE and the outcome it reaches.
PATHS = {("bericht", "ja"): "oplichting", ("bericht", "nee"): "voorzichtig",
         ("deur",): "deur-112"}


def write_checks(root: Path, text: str = TREE, name: str = "is-het-nep") -> Path:
    folder = root / "checks"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def sync_tree(content_dir: Path | str, text: str = TREE) -> None:
    """Write TREE (or `text`) into the content folder and store it, as `flask content sync`."""
    write_checks(Path(content_dir), text)
    trees, problems = load_checks(content_dir, None)
    assert problems == [], problems
    sync_checks(trees)


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line holding `fragment`."""
    lines = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    return lines[occurrence - 1]
