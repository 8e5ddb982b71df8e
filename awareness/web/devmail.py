"""Development only: the e-mails that the file backend wrote, so a developer can read them and
follow their links. Registered only when DEV_MAIL_VIEW is on and MAIL_URL is file://."""
from __future__ import annotations

import re
from pathlib import Path

from flask import Blueprint, abort, current_app, render_template
from markupsafe import Markup, escape

from awareness.outbox.mailbox import list_messages, read_message
from awareness.outbox.transports import mail_folder

bp = Blueprint("devmail", __name__)
URL = re.compile(r"https?://[^\s<>\"']+")


def _folder() -> Path:
    folder = mail_folder(current_app.config["MAIL_URL"])
    if folder is None:
        abort(404)
    return folder


def linkify(text: str) -> Markup:
    """Escape the text, then make its http(s) addresses clickable."""
    pieces, last = [], 0
    for match in URL.finditer(text):
        url = match.group(0).rstrip(".,;:)")
        pieces += [escape(text[last:match.start()]),
                   Markup('<a href="{0}">{0}</a>').format(url)]
        last = match.start() + len(url)
    pieces.append(escape(text[last:]))
    return Markup("").join(pieces)


@bp.get("/")
def index():  # type: ignore[no-untyped-def]
    folder = _folder()
    return render_template("dev/mail_list.html", messages=list_messages(folder), folder=folder)


@bp.get("/<name>")
def message(name: str):  # type: ignore[no-untyped-def]
    found = read_message(_folder(), name)
    if found is None:
        abort(404)
    return render_template("dev/mail_message.html", message=found, text=linkify(found.text))
