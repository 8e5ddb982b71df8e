"""The baseline for bench/residents.py: a bare Flask app that renders a template of about the
same size as a lesson page (BARE_PAGE_BYTES), with no database, no extensions."""
from __future__ import annotations

import os

from flask import Flask, render_template_string

PAGE = """<!doctype html><html lang="nl"><head><meta charset="utf-8"><title>{{ title }}</title>
</head><body><main>{% for p in paragraphs %}<p>{{ p }}</p>{% endfor %}</main></body></html>"""

app = Flask(__name__)
_size = int(os.environ.get("BARE_PAGE_BYTES", "8000"))
_paragraphs = ["Dit is een alinea van een les over veilig internetten. " * 3] * max(1, _size // 175)


@app.get("/")
def page() -> str:
    return render_template_string(PAGE, title="Les", paragraphs=_paragraphs)
