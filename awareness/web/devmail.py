"""Development only: the e-mails that the file backend wrote, so a developer can read them and
follow their links. Registered only in development with DEV_MAIL_VIEW on and MAIL_URL file://,
and then it answers only a browser on this machine: the mails hold reset and personal links."""
from __future__ import annotations

import ipaddress
import re
from pathlib import Path
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, render_template, request
from markupsafe import Markup, escape

from awareness.outbox.mailbox import list_messages, read_message
from awareness.outbox.transports import mail_folder

bp = Blueprint("devmail", __name__)
URL = re.compile(r"https?://[^\s<>\"']+")
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}
FORWARDING_HEADERS = ("X-Forwarded-For", "X-Real-IP", "Forwarded")


def is_loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


@bp.before_request
def _loopback_only() -> None:
    """404 unless the client is this machine. remote_addr is the address after ProxyFix
    (PROXY_COUNT); without trusted proxies, a forwarding header means a proxy on this machine
    relays someone else, so that is refused too. A loopback Host guards against DNS rebinding."""
    forwarded = not current_app.config["PROXY_COUNT"] and any(
        name in request.headers for name in FORWARDING_HEADERS)
    host = urlsplit(f"//{request.host}").hostname
    if forwarded or not is_loopback(request.remote_addr) or host not in LOCAL_HOSTS:
        abort(404)


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
