"""Print the Flesch-Douma reading ease of lesson files (higher is easier; B1 means >= 60).

Usage: python scripts/readability.py content/modules/seniors/*/lessons/*.md
The test suite applies the same measure (tests/content/test_shipped_content.py).
"""
from __future__ import annotations

import re
import sys

import textstat

AVOID = ("middels", "teneinde", "derhalve", "indien", "alsmede", "inzake", "omtrent",
         "reeds", "conform", "thans", "ten behoeve van", "dienen te", "doch", "aldus")


def plain_text(markdown: str) -> str:
    text = re.sub(r"^:::.*$", "", markdown, flags=re.M)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[#*_>`|-]", " ", text)
    return text


if __name__ == "__main__":
    textstat.set_lang("nl")
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            raw = f.read()
        text = plain_text(raw)
        words = len(re.findall(r"\w+", text))
        score = textstat.flesch_reading_ease(text)
        bad = [w for w in AVOID if re.search(rf"\b{w}\b", raw, re.I)]
        flag = "OK " if score >= 60 and not bad and 150 <= words <= 400 else "FIX"
        print(f"{flag} {score:6.1f}  {words:4d} words  avoid={bad}  {path}")
