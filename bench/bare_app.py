"""The baseline for bench/residents.py: a bare Flask app (no database, no extensions) rendering
a template file, bench/templates/bare_lesson.html, of about the size of a lesson page (3.5 KB
of template, 3.7 KB of HTML; the shipped lesson pages are 3.8-4.4 KB). Jinja compiles it at
the first request and serves it from its cache afterwards, as Flask does for any app outside
debug mode. The benchmark serves it with the same gunicorn settings as the app under test."""
from __future__ import annotations

from flask import Flask, render_template

app = Flask(__name__)

MENU = [("/", "Start"), ("/mijn-voortgang", "Mijn voortgang"), ("/taal", "English")]
CRUMBS = [("/", "Start"), ("/senioren", "Senioren"),
          ("/module/whatsapp-vriend-in-nood", "Vriend-in-nood-fraude via WhatsApp")]
SIGNALS = ["Het nummer is nieuw en onbekend voor u.",
           'De schrijver noemt geen naam. Alleen "mam".',
           "Er moet snel geld betaald worden.",
           "Er is een smoes waarom uw kind zelf niet kan betalen."]


@app.get("/")
def lesson() -> str:
    return render_template(
        "bare_lesson.html", lang="nl", site="Digitaal Veilig", menu=MENU, crumbs=CRUMBS,
        title="Een bericht van een 'nieuw nummer'",
        module_title="Vriend-in-nood-fraude via WhatsApp", position=1, lessons=4,
        signals=SIGNALS, next_url="/module/whatsapp-vriend-in-nood/les/2")
