"""Template helpers: the current language and picking a translation from content texts."""
from __future__ import annotations

from typing import Any

from flask import Flask, current_app, g, has_request_context, render_template, request
from flask_babel import get_locale, get_translations
from markupsafe import Markup

# Where a request keeps its gettext catalog (tests clear it between requests).
CATALOG_KEY = "_gettext_catalog"
CHROME = "awareness.chrome"
CHROME_PARTS = frozenset({"head", "brand", "footer"})


def current_lang() -> str:
    return str(get_locale() or "nl")


def translate(text: dict[str, str] | str | None) -> str:
    """Content texts are {"nl": ..., "en": ...}; fall back to Dutch when a language is missing."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(current_lang()) or text["nl"]


def request_catalog() -> Any:
    """The gettext catalog of the current request. Flask-Babel resolves the domain and the
    locale again on every call, a dozen context-local lookups; a report page translates some
    forty strings. Outside a request (e-mails) it is looked up each time, as before."""
    if not has_request_context():
        return get_translations()
    catalog = g.get(CATALOG_KEY)
    if catalog is None:
        catalog = get_translations()
        setattr(g, CATALOG_KEY, catalog)
    return catalog


def chrome(part: str) -> Markup:
    """A part of the page layout (templates/_chrome/) that is the same on every page in a
    language: its links and words, rendered once per language and script root and kept for the
    life of the process (they change only with a new release). About a third of a small page's
    rendering otherwise."""
    if part not in CHROME_PARTS:
        raise ValueError(f"no chrome part {part!r}")
    kept: dict[tuple[str, str, str], Markup] = current_app.extensions[CHROME]
    key = (part, current_lang(), request.script_root if has_request_context() else "")
    html = kept.get(key)
    if html is None:
        # Jinja's output of our own template, escaped as it rendered: markup, not raw text.
        rendered = render_template(f"_chrome/{part}.html")
        html = kept[key] = Markup(rendered)  # nosec B704  # autoescaped template output
    return html


def init_app(app: Flask) -> None:
    app.extensions[CHROME] = {}
    app.add_template_global(chrome)
    app.add_template_filter(translate, "t")
    app.add_template_global(current_lang)
    # Replaces the callables Flask-Babel installed, with the same behaviour.
    app.jinja_env.install_gettext_callables(  # type: ignore[attr-defined]  # added by jinja2.ext.i18n
        gettext=lambda s: request_catalog().ugettext(s),
        ngettext=lambda s, p, n: request_catalog().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: request_catalog().upgettext(c, s),
        npgettext=lambda c, s, p, n: request_catalog().unpgettext(c, s, p, n),
    )
    # `_` is an alias that looks `gettext` up again at every call (about a third of its cost,
    # some forty calls a page): point it at the same function.
    app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"]
