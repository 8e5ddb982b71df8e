"""Readability of a lesson (Markdown): Flesch-Douma reading ease (textstat, Dutch), word count
and words to avoid. B1 means a score of at least 60 and 150-400 words. Needs textstat (a test
dependency), so only scripts/readability.py and the tests import this module, never the app."""
from __future__ import annotations

import re
from dataclasses import dataclass

from textstat.textstat import textstatistics

MIN_READING_EASE = 60.0
WORD_LIMITS = (150, 400)
# Officialese that B1 guides ask writers to replace by a common word.
AVOID = ("middels", "teneinde", "derhalve", "indien", "alsmede", "inzake", "omtrent",
         "reeds", "conform", "thans", "ten behoeve van", "dienen te", "doch", "aldus")

# An instance of our own, so setting its language does not change the global `textstat`.
_dutch = textstatistics()
_dutch.set_lang("nl")


@dataclass(frozen=True)
class Readability:
    reading_ease: float
    words: int
    avoid: tuple[str, ...]

    @property
    def ok(self) -> bool:
        low, high = WORD_LIMITS
        return self.reading_ease >= MIN_READING_EASE and low <= self.words <= high \
            and not self.avoid


def plain_text(markdown: str) -> str:
    """The words a reader sees: no block markers, link targets or Markdown symbols."""
    text = re.sub(r"^:::.*$", "", markdown, flags=re.M)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    return re.sub(r"[#*_>`|-]", " ", text)


def words_to_avoid(markdown: str) -> tuple[str, ...]:
    return tuple(w for w in AVOID if re.search(rf"\b{w}\b", markdown, re.I))


def assess(markdown: str) -> Readability:
    text = plain_text(markdown)
    return Readability(
        reading_ease=float(_dutch.flesch_reading_ease(text)),
        words=len(re.findall(r"\w+", text)),
        avoid=words_to_avoid(markdown),
    )
