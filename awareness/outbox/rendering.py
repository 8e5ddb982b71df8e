"""E-mail rendering: a message is a pair of templates `email/<name>.txt` and `email/<name>.html`
(plus an optional one-line `email/<name>.subject.txt`), rendered before it is queued."""
from __future__ import annotations

from dataclasses import dataclass

from flask import current_app, render_template
from jinja2 import TemplateNotFound


@dataclass(frozen=True)
class RenderedEmail:
    subject: str | None
    text: str
    html: str


def render_email(template_base: str, **context: object) -> RenderedEmail:
    """Render `email/<template_base>.{txt,html}` inside the current app context."""
    base = template_base.removeprefix("email/")
    text = render_template(f"email/{base}.txt", **context)
    html = render_template(f"email/{base}.html", **context)
    return RenderedEmail(subject=_subject(base, context), text=text, html=html)


def _subject(base: str, context: dict[str, object]) -> str | None:
    name = f"email/{base}.subject.txt"
    try:
        current_app.jinja_env.get_template(name)
    except TemplateNotFound:
        return None
    # Subjects are one line: a template's trailing newline or wrapped text must not break headers.
    return " ".join(render_template(name, **context).split())
