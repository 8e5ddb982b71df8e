"""Template helpers: the current language and picking a translation from content texts."""
from __future__ import annotations

from flask import Flask
from flask_babel import get_locale


def current_lang() -> str:
    return str(get_locale() or "nl")


def translate(text: dict[str, str] | str | None) -> str:
    """Content texts are {"nl": ..., "en": ...}; fall back to Dutch when a language is missing."""
    if text is None:
        return ""
    if isinstance(text, str):
        return text
    return text.get(current_lang()) or text["nl"]


def init_app(app: Flask) -> None:
    app.add_template_filter(translate, "t")
    app.add_template_global(current_lang)
