"""Friendly Dutch error pages for every HTTP error; never a stack trace."""
from __future__ import annotations

from flask import Flask, g, has_request_context, render_template
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

MESSAGES = {
    400: _l("De gegevens die we kregen kloppen niet. Ga terug en probeer het opnieuw."),
    403: _l("U heeft geen toegang tot deze pagina."),
    404: _l("Deze pagina bestaat niet (meer). Controleer de link of ga naar de startpagina."),
    405: _l("Deze pagina kan niet op deze manier worden geopend."),
    413: _l("Wat u verstuurde is te groot."),
    429: _l("U probeerde het te vaak. Wacht even en probeer het dan opnieuw."),
    500: _l("Er ging bij ons iets mis. Probeer het later opnieuw."),
}


def render_error(code: int, message: str | None = None) -> tuple[str, int]:
    text = message or MESSAGES.get(code, MESSAGES[400])
    # Inside a municipality's iframe the error keeps the embedded layout (no site chrome).
    embedded = has_request_context() and g.get("embed_org") is not None
    template = "embed/error.html" if embedded else "errors/error.html"
    return render_template(template, code=code, message=str(text)), code


def _http_error(error: HTTPException) -> tuple[str, int]:
    code = error.code or 500
    # abort(code, description="...") carries a message meant for the user; the default
    # (English) werkzeug descriptions are replaced by our Dutch texts.
    custom = error.description if error.description != type(error).description else None
    return render_error(code, custom)


def _csrf_error(error: CSRFError) -> tuple[str, int]:
    return render_error(400, _("Het formulier is verlopen of ongeldig. Laad de pagina opnieuw "
                               "en probeer het nog een keer."))


def _server_error(error: Exception) -> tuple[str, int]:
    return render_error(500)


def init_app(app: Flask) -> None:
    app.register_error_handler(CSRFError, _csrf_error)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(InternalServerError, _server_error)
