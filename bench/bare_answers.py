"""The baseline for bench/answers.py: a bare Flask app (no extensions: no session, CSRF,
rate limiter or translations) answering the same two requests as a personal answer link, with
the same number of PostgreSQL round trips the app makes for each (BARE_GET_TRIPS,
BARE_POST_TRIPS, counted by the benchmark). Each gunicorn thread keeps one autocommit psycopg
connection, the cheapest way to reach the database. The pages are template files of about the
size of the app's pages (bench/templates/bare_answer.html, bare_result.html)."""
from __future__ import annotations

import os
import threading

import psycopg
from flask import Flask, abort, render_template, request

app = Flask(__name__)
GET_TRIPS = int(os.environ.get("BARE_GET_TRIPS", "1"))
POST_TRIPS = int(os.environ.get("BARE_POST_TRIPS", "2"))
_local = threading.local()

QUESTION = ("Je werkt bij Burgerzaken. Je krijgt een mail van 'IT Servicedesk' met het onderwerp "
            "'Je mailbox is vol'. Je moet via een link inloggen, anders wordt je mailbox vandaag "
            "geblokkeerd. Wat doe je?")
OPTIONS = [("a", "Ik log in via de link, want de mail komt van onze eigen servicedesk."),
           ("b", "Ik stuur de mail door naar mijn team, zodat iedereen oplet."),
           ("c", "Ik klik niet en meld de mail met de meldknop of bij de servicedesk."),
           ("d", "Ik verwijder de mail en zeg er verder niets over.")]
EXPLANATION = ("Haast en een dreiging, zoals 'vandaag geblokkeerd', zijn vaste trucs van "
               "phishing. Criminelen gebruiken namen als 'IT Service Desk' of 'Outlook Web App', "
               "soms zelfs vanaf echte adressen van een gemeente. Klik dus niet en meld de mail, "
               "zodat de servicedesk collega's kan waarschuwen en de mail kan weghalen.")
PAGE = {"organisation": "Gemeente Bench", "number": 1, "question": QUESTION, "options": OPTIONS}


def _db() -> psycopg.Connection:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = psycopg.connect(os.environ["BARE_DATABASE_URL"], autocommit=True)
    return conn


def _reads(conn: psycopg.Connection, token: str, count: int) -> None:
    for _ in range(count):
        conn.execute("SELECT %s::text", (token,)).fetchone()


@app.get("/m/a/<token>/<option>")
def open_link(token: str, option: str) -> str:
    _reads(_db(), token, GET_TRIPS)
    return render_template("bare_answer.html", token=token, chosen=option,
                           closes="zondag 13 december 2026 om 19:05", **PAGE)


@app.post("/m/a/<token>/<option>")
def confirm(token: str, option: str) -> str:
    chosen = request.form.get("option", "")
    if chosen not in dict(OPTIONS):
        abort(400)
    conn = _db()
    _reads(conn, token, POST_TRIPS - 1)
    conn.execute("INSERT INTO bare_answer (token, option_key) VALUES (%s, %s) "
                 "ON CONFLICT (token) DO NOTHING", (token, chosen))
    return render_template("bare_result.html", token=token, chosen=chosen, correct="c",
                           explanation=EXPLANATION, **PAGE)


@app.get("/")
def ready() -> str:
    return "ok"
