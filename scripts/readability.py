"""Print the Flesch-Douma reading ease of lesson files (higher is easier; B1 means >= 60).

Usage: python scripts/readability.py content/modules/seniors/*/lessons/*.md
The measure lives in awareness/content/readability.py; the test suite applies the same one
(tests/content/test_shipped_content.py).
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout

from awareness.content.readability import assess  # noqa: E402

if __name__ == "__main__":
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            result = assess(f.read())
        flag = "OK " if result.ok else "FIX"
        print(f"{flag} {result.reading_ease:6.1f}  {result.words:4d} words  "
              f"avoid={list(result.avoid)}  {path}")
