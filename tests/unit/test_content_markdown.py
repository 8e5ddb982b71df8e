"""Lesson Markdown becomes safe HTML: raw HTML is shown as text, unsafe links are dropped,
ordinary Markdown survives, and the example and warning-sign blocks render accessibly."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from awareness.content.markdown import ALLOWED_TAGS, render


class Elements(HTMLParser):
    """Collects every (tag, attributes) in a piece of HTML."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, dict(attrs)))

    def tags(self) -> set[str]:
        return {tag for tag, _ in self.found}

    def links(self) -> list[dict[str, str | None]]:
        return [attrs for tag, attrs in self.found if tag == "a"]


HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example"></iframe>',
    '<a href="javascript:alert(1)">klik</a>',
    "<div onclick='alert(1)' style='color:red'>tekst</div>",
    "Tekst <svg onload=alert(1)> met <b>html</b> erin.",
    "<style>body{display:none}</style>",
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD4=)",
    "[klik](vbscript:msgbox)",
    "![plaatje](javascript:alert(1))",
    "<javascript:alert(1)>",
    "::: voorbeeld sms <script>alert(1)</script>\nHallo <img src=x onerror=alert(1)>\n:::\n",
    "::: voorbeeld sms\" onmouseover=\"alert(1)\nHallo\n:::\n",
    "| a | b |\n|---|---|\n| <script>x</script> | [x](javascript:y) |\n",
]


@pytest.mark.parametrize("source", HOSTILE)
def test_no_script_element_handler_or_unsafe_url_gets_through(source: str) -> None:
    html = render(source)
    elements = Elements(html)
    assert elements.tags() <= ALLOWED_TAGS, html
    for _tag, attrs in elements.found:
        assert not [name for name in attrs if name.startswith("on") or name == "style"], html
        for name in ("href", "src"):
            url = (attrs.get(name) or "").strip().lower()
            assert not url.startswith(("javascript:", "data:", "vbscript:")), html
    assert "<script" not in html and "<iframe" not in html and "<img" not in html


@pytest.mark.parametrize(("source", "shown"), [
    ("<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"),
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
    ('<iframe src="https://evil.example"></iframe>', "&lt;iframe"),
    ("Tekst met <b>html</b>.", "Tekst met &lt;b&gt;html&lt;/b&gt;."),
])
def test_raw_html_is_shown_as_text(source: str, shown: str) -> None:
    assert shown in render(source)


@pytest.mark.parametrize("link", ["javascript:alert(1)", "JaVaScRiPt:alert(1)",
                                  "data:text/html,abc", "vbscript:msgbox"])
def test_a_javascript_or_data_link_is_not_a_link(link: str) -> None:
    html = render(f"Lees [meer]({link}) hier.")
    assert Elements(html).links() == []
    assert "meer" in html


@pytest.mark.parametrize("url", ["https://www.politie.nl/aangifte", "http://fraudehelpdesk.nl",
                                 "mailto:meldpunt@gemeente.nl", "tel:0900-8844"])
def test_safe_links_survive_with_noopener(url: str) -> None:
    [link] = Elements(render(f"Ga naar [de site]({url}).")).links()
    assert link["href"] == url
    assert "noopener" in (link["rel"] or "").split()


def test_ordinary_markdown_survives() -> None:
    html = render(
        "## Zo herken je het\n\n### Let op\n\nEen **vette** en *schuine* zin.\n\n"
        "- punt een\n- punt twee\n\n1. eerst\n2. dan\n\n> Een citaat.\n\n"
        "| Wie | Nummer |\n|---|---|\n| Politie | 0900-8844 |\n"
    )
    assert "<h2>Zo herken je het</h2>" in html
    assert "<h3>Let op</h3>" in html
    assert "<strong>vette</strong>" in html and "<em>schuine</em>" in html
    assert "<ul>\n<li>punt een</li>\n<li>punt twee</li>\n</ul>" in html
    assert "<ol>\n<li>eerst</li>\n<li>dan</li>\n</ol>" in html
    assert "<blockquote>" in html
    assert "<table>" in html and "<th>Wie</th>" in html and "<td>0900-8844</td>" in html


def test_an_example_block_renders_as_a_figure_with_a_caption() -> None:
    html = render("::: voorbeeld whatsapp Bericht van een onbekend nummer\n"
                  "Hoi mam, dit is mijn nieuwe nummer.\n:::\n")
    assert html.startswith('<figure class="example example-whatsapp">'
                           "<figcaption>Voorbeeld (WhatsApp-bericht): "
                           "Bericht van een onbekend nummer</figcaption>"
                           '<div class="example-body">')
    assert "<p>Hoi mam, dit is mijn nieuwe nummer.</p>" in html
    assert html.rstrip().endswith("</div></figure>")


def test_an_example_without_a_label_names_only_its_kind() -> None:
    html = render("::: voorbeeld factuur\nIBAN NL00 BANK 0123 4567 89\n:::\n")
    assert "<figcaption>Voorbeeld (Factuur)</figcaption>" in html


def test_the_example_label_is_escaped() -> None:
    html = render('::: voorbeeld email Van <b>"ING"</b> & co\nTekst\n:::\n')
    assert "<figcaption>Voorbeeld (E-mail): Van &lt;b&gt;\"ING\"&lt;/b&gt; &amp; co</figcaption>" \
        in html
    assert "<b>" not in html


def test_a_quote_in_the_example_kind_cannot_add_an_attribute() -> None:
    html = render('::: voorbeeld sms" onmouseover="alert(1)\nHallo\n:::\n')
    [attrs] = [a for tag, a in Elements(html).found if tag == "figure"]
    assert attrs == {"class": 'example example-sms"'}


def test_a_signals_block_renders_as_a_titled_list() -> None:
    html = render("::: signalen\n- Er is haast.\n- Je moet geld overmaken.\n:::\n")
    assert html.startswith('<div class="signals"><p class="signals-title">'
                           "Waarschuwingssignalen</p>")
    assert "<li>Er is haast.</li>" in html and "<li>Je moet geld overmaken.</li>" in html
    assert html.rstrip().endswith("</div>")


def test_markdown_inside_an_example_still_renders_and_is_sanitised() -> None:
    html = render("::: voorbeeld sms\nKlik op **[deze link](https://bit.ly/x)** "
                  "of [hier](javascript:alert(1))\n:::\n")
    links = Elements(html).links()
    assert [link["href"] for link in links] == ["https://bit.ly/x"]
    assert "<strong>" in html


def test_extra_spaces_in_the_example_opening_are_allowed() -> None:
    html = render("::: voorbeeld   sms   Bericht van de bank\nTekst\n:::\n")
    assert html.startswith('<figure class="example example-sms"><figcaption>'
                           "Voorbeeld (Sms-bericht): Bericht van de bank</figcaption>")
