"""What goes on paper, computed from the module as stored: the lessons with their headings
moved one level down (the lesson title is the section heading), the warning signs gathered
from the lessons' `signalen` blocks, and the address printed under the QR code."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

from markupsafe import Markup

# The markup of awareness.content.markdown's `signalen` block: a div holding one list.
SIGNALS = re.compile(r'<div class="signals">(.*?)</div>', re.S)
ITEM = re.compile(r"<li>(.*?)</li>", re.S)
HEADING = re.compile(r"<(/?)h([2-5])>")
POSTER_SIGNS = 3


@dataclass(frozen=True)
class Address:
    """The module's address as printed: in full, and the site part residents should check."""

    url: str

    @property
    def host(self) -> str:
        return urlsplit(self.url).netloc


def module_address(base_url: str, path: str) -> Address:
    return Address(base_url.rstrip("/") + path)


def warning_signs(lesson_bodies: Iterable[str]) -> list[Markup]:
    """Every item of every warning-signs block, in lesson order, without repeats. The bodies
    are the sanitised HTML of the content renderer, so the items are safe markup."""
    signs: list[Markup] = []
    for body in lesson_bodies:
        for block in SIGNALS.findall(body):
            for item in ITEM.findall(block):
                text = item.strip()
                sign = Markup(text)  # nosec B704  # nh3-sanitised lesson HTML
                if sign not in signs:
                    signs.append(sign)
    return signs


def nested(body_html: str) -> Markup:
    """A lesson body with h2-h5 turned into h3-h6: on paper, the lesson title is the h2."""
    shifted = HEADING.sub(lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}>", body_html)
    return Markup(shifted)  # nosec B704  # nh3-sanitised lesson HTML, only tag names renamed
