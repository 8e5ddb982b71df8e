"""Every text the code shows in Dutch has an English translation: the catalogue is extracted
from the code as `make messages` does, and each message must be translated, not fuzzy."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]


def test_every_message_in_the_code_has_an_english_translation(tmp_path: Path) -> None:
    template = tmp_path / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract",
                    "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext", "-o", str(template),
                    "."], cwd=ROOT, check=True, capture_output=True)
    with template.open("rb") as extracted:
        wanted = {m.id for m in read_po(extracted) if m.id}
    with (ROOT / "awareness/translations/en/LC_MESSAGES/messages.po").open("rb") as po:
        english = {m.id: m for m in read_po(po) if m.id}
    missing = sorted(str(i) for i in wanted if i not in english)
    untranslated = sorted(str(i) for i in wanted & english.keys() if _untranslated(english[i]))
    assert not missing, f"run `make messages` and translate: {missing[:5]}"
    assert not untranslated, f"translate (or unfuzzy) in en/messages.po: {untranslated[:5]}"


def _untranslated(message: Message) -> bool:
    string = message.string  # a tuple for a message with plural forms
    return message.fuzzy or not all(string if isinstance(string, tuple) else [string])
