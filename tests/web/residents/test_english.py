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


@pytest.mark.parametrize("path", PAGES)
def test_english_cookie_gives_english_interface(synced, client, path):
    status, english, dutch = PAGES[path]
    client.set_cookie("lang", "en")
    response = client.get(path)
    assert response.status_code == status
    page = response.text
    assert '<html lang="en">' in page
    for text in english + LAYOUT[0]:
        assert text in page
    for text in dutch + LAYOUT[1]:
        assert text not in page


@pytest.mark.parametrize("path", PAGES)
def test_without_cookie_the_interface_is_dutch(synced, client, path):
    status, english, dutch = PAGES[path]
    response = client.get(path)
    assert response.status_code == status
    page = response.text
    assert '<html lang="nl">' in page
    for text in dutch + LAYOUT[1]:
        assert text in page
    for text in english + LAYOUT[0]:
        assert text not in page
