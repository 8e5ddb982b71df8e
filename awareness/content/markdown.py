"""Markdown to safe HTML: a real CommonMark parser with raw HTML disabled, then nh3 as a
second line of defence. Adds the `voorbeeld` and `signalen` blocks for worked examples."""
from __future__ import annotations

from collections.abc import Sequence
from html import escape
from typing import Any

import nh3
from markdown_it import MarkdownIt
from mdit_py_plugins.container import container_plugin

EXAMPLE_KINDS = {
    "sms": "Sms-bericht",
    "whatsapp": "WhatsApp-bericht",
    "email": "E-mail",
    "factuur": "Factuur",
    "telefoon": "Telefoongesprek",
    "website": "Website",
    "social": "Bericht op sociale media",
}

ALLOWED_TAGS = {
    "p", "h2", "h3", "h4", "ul", "ol", "li", "strong", "em", "a", "code", "pre", "blockquote",
    "br", "hr", "figure", "figcaption", "div", "span", "table", "thead", "tbody", "tr", "th", "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "div": {"class"},
    "figure": {"class"},
    "span": {"class"},
    "p": {"class"},
    "ol": {"start"},
}


def _render_example(self: Any, tokens: Sequence[Any], idx: int, _options: Any, env: Any) -> str:
    token = tokens[idx]
    if token.nesting != 1:
        return "</div></figure>\n"
    # Any run of spaces separates the words, as the loader's check of the kind assumes.
    _, kind, *label = token.info.split(None, 2) + [""]
    kind_label = EXAMPLE_KINDS.get(kind, "Voorbeeld")
    caption = f"Voorbeeld ({kind_label})"
    if label and label[0]:
        caption += f": {escape(label[0])}"
    return (
        f'<figure class="example example-{escape(kind)}">'
        f"<figcaption>{caption}</figcaption>"
        '<div class="example-body">\n'
    )


def _render_signals(self: Any, tokens: Sequence[Any], idx: int, _options: Any, env: Any) -> str:
    if tokens[idx].nesting != 1:
        return "</div>\n"
    return '<div class="signals"><p class="signals-title">Waarschuwingssignalen</p>\n'


def _parser() -> MarkdownIt:
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.enable("table")
    container_plugin(md, "voorbeeld", render=_render_example)
    container_plugin(md, "signalen", render=_render_signals)
    return md


_md = _parser()


def render(source: str) -> str:
    """Render Markdown to sanitised HTML."""
    html = _md.render(source)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
