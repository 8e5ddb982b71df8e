"""The English translation: with the `lang=en` cookie the interface texts (not the learning
content) are English and the page says <html lang="en">; without the cookie they are Dutch.

Each test uses one language only: the test app context outlives requests, and Flask-Babel
caches the locale of the first request in it."""
from __future__ import annotations

import pytest

PAGES = {
    "/": (200, ["Safe online: learn it in fifteen minutes", "Who is it for?", "Young people",
                "Has it already happened to you?"],
          ["Veilig online: leer het in een kwartier", "Voor wie is het?", "Jongeren",
           "Is het u al overkomen?"]),
    "/privacy": (200, ["Privacy: what we store", "As a resident",
                       "You do not need to create an account."],
                 ["Privacy: wat wij opslaan", "Als inwoner",
                  "U hoeft geen account te maken."]),
    "/bestaat-niet": (404, ["Something went wrong", "Error code", "Go to the home page"],
                      ["Dat lukte niet", "Foutcode", "Naar de startpagina"]),
}
# The header and footer of every page.
LAYOUT = (["Skip to content", "My progress", "Accessibility", "Choose your municipality"],
          ["Naar de inhoud", "Mijn voortgang", "Toegankelijkheid", "Kies uw gemeente"])


# (cookie, html lang, index of the texts that must show in PAGES/LAYOUT); the other
# language's texts must not show.
LANGUAGES = {"english cookie": ("en", "en", 0), "no cookie": (None, "nl", 1)}


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("path", PAGES)
def test_interface_language_follows_the_cookie(synced, client, path, language):
    cookie, html_lang, shown = LANGUAGES[language]
    status, *texts = PAGES[path]
    if cookie:
        client.set_cookie("lang", cookie)
    response = client.get(path)
    assert response.status_code == status
    page = response.text
    assert f'<html lang="{html_lang}">' in page
    for text in texts[shown] + LAYOUT[shown]:
        assert text in page
    for text in texts[1 - shown] + LAYOUT[1 - shown]:
        assert text not in page


def test_the_kept_layout_follows_each_visitors_language(synced, client, fresh_locale):
    """The header and footer are rendered once per language and kept: one process serving
    Dutch, English and Dutch again shows each visitor their own."""
    english = synced.test_client()
    english.set_cookie("lang", "en")
    pages = [client.get("/privacy").text, english.get("/privacy").text,
             client.get("/privacy").text]
    for page, shown in zip(pages, (1, 0, 1), strict=True):
        assert all(text in page for text in LAYOUT[shown])
        assert not any(text in page for text in LAYOUT[1 - shown])
