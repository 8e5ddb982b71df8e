"""The readability measure the shipped-content tests apply: it tells plain Dutch from
officialese, counts only the words a reader sees, and finds the words to avoid."""
from __future__ import annotations

import pytest

from awareness.content.readability import MIN_READING_EASE, assess, plain_text, words_to_avoid

PLAIN = ("Je krijgt een sms. Er staat een link in. Klik er niet op. Bel je bank. "
         "Doe dat met het nummer op je pas. Zo weet je zeker dat het klopt. ") * 12
OFFICIAL = ("Teneinde de informatiebeveiligingsdoelstellingen van de organisatie te "
            "verwezenlijken, dienen medewerkers derhalve onverwijld en conform de "
            "geldende beleidsuitgangspunten zorgvuldigheidsmaatregelen te implementeren, "
            "alsmede eventuele beveiligingsincidenten onmiddellijk te rapporteren. ") * 6


def test_plain_dutch_passes_and_officialese_fails() -> None:
    plain, official = assess(PLAIN), assess(OFFICIAL)
    assert plain.reading_ease >= MIN_READING_EASE and plain.ok
    assert official.reading_ease < MIN_READING_EASE and not official.ok
    assert official.avoid == ("teneinde", "derhalve", "alsmede", "conform")


@pytest.mark.parametrize(("words", "ok"), [(149, False), (150, True), (400, True), (401, False)])
def test_a_lesson_has_150_to_400_words(words: int, ok: bool) -> None:
    text = " ".join(["Bel je bank."] * (words // 3) + ["nu"] * (words % 3))
    result = assess(text)
    assert (result.words, result.ok) == (words, ok)


def test_only_the_words_a_reader_sees_are_counted() -> None:
    source = ("# Titel\n\n::: voorbeeld sms Label\nKlik [hier](https://heel-lang.example/a-b-c).\n"
              ":::\n\n- **Let** op\n")
    text = plain_text(source)
    assert "voorbeeld" not in text and "https" not in text and "*" not in text
    assert assess(source).words == 5  # Titel, Klik, hier, Let, op


@pytest.mark.parametrize(("text", "found"), [
    ("Indien u wilt, kan dat.", ("indien",)),
    ("Dit is ten behoeve van u.", ("ten behoeve van",)),
    ("U kunt een aanvraag indienen.", ()),
    ("Het is al gedaan.", ()),
])
def test_words_to_avoid_are_found_as_whole_words(text: str, found: tuple[str, ...]) -> None:
    assert words_to_avoid(text) == found
