"""An organisation's look and reach as validated values: origins for frame-ancestors, the
printed address, colours with WCAG contrast, the logo, and the stylesheet of tokens."""
from __future__ import annotations

import struct

import pytest

from awareness.organisations import branding
from awareness.organisations.branding import BrandingError


@pytest.mark.parametrize("value, expected", [
    ("https://www.gemeente.nl", "https://www.gemeente.nl"),
    ("  https://WWW.Gemeente.NL/  ", "https://www.gemeente.nl"),
    ("https://wijk.gemeente.nl:8443", "https://wijk.gemeente.nl:8443"),
    ("https://bücherei.example", "https://xn--bcherei-n2a.example"),
    ("https://10.0.0.5", "https://10.0.0.5"),
])
def test_valid_origins_are_normalised(value, expected):
    assert branding.origin(value) == expected


@pytest.mark.parametrize("value", [
    "http://www.gemeente.nl",  # not https
    "www.gemeente.nl", "https://", "https://gemeente", "https://*.gemeente.nl",
    "https://www.gemeente.nl/pagina", "https://www.gemeente.nl?x=1", "https://www.gemeente.nl#a",
    "https://user:pw@www.gemeente.nl", "https://www.gemeente.nl:99999", "https://[::1]",
    "javascript:alert(1)", "https://www.gemeente.nl https://evil.nl", "'none'", "*",
    "https://www.gemeente.nl;script-src *", "https://-bad-.nl", "data:text/html,x",
])
def test_anything_else_is_refused(value):
    with pytest.raises(BrandingError):
        branding.origin(value)


def test_loopback_http_only_when_allowed_and_only_for_loopback():
    assert branding.origin("http://127.0.0.1:5000", allow_loopback_http=True) == \
        "http://127.0.0.1:5000"
    assert branding.origin("http://localhost", allow_loopback_http=True) == "http://localhost"
    for value in ("http://127.0.0.1:5000", "http://localhost"):
        with pytest.raises(BrandingError):
            branding.origin(value)
    with pytest.raises(BrandingError):
        branding.origin("http://www.gemeente.nl", allow_loopback_http=True)


def test_origins_per_line_without_repeats_and_with_a_maximum():
    origins, errors = branding.check_origins(
        ["https://a.nl", "", "https://A.nl/", "http://b.nl", "https://c.nl"])
    assert origins == ["https://a.nl", "https://c.nl"] and len(errors) == 1
    assert "http://b.nl" in errors[0]
    many = [f"https://w{n}.nl" for n in range(branding.MAX_ORIGINS + 1)]
    assert branding.check_origins(many)[1] == ["Geef hoogstens 10 websites op."]


def test_frame_ancestors_lists_the_origins_or_none():
    assert branding.frame_ancestors([]) == "'none'"
    assert branding.frame_ancestors(["https://a.nl", "https://b.nl:8443"]) == \
        "https://a.nl https://b.nl:8443"
    # A value edited by hand in the database cannot widen the policy.
    assert branding.frame_ancestors(["*", "https://a.nl; script-src *"]) == "'none'"


@pytest.mark.parametrize("first, second, ratio", [
    ("#000000", "#ffffff", 21.0), ("#ffffff", "#ffffff", 1.0), ("#777777", "#ffffff", 4.48),
    ("#0b4f9c", "#ffffff", 8.04), ("#fff", "#000", 21.0),
])
def test_contrast_ratio_follows_wcag(first, second, ratio):
    assert branding.contrast_ratio(first, second) == pytest.approx(ratio, abs=0.01)


def test_tokens_are_checked_and_blank_means_default():
    tokens, errors = branding.check_tokens({
        "utrecht-document-color": "#1A1A1A", "utrecht-link-color": "",
        "utrecht-document-font-family": "Avenir, 'Open Sans', sans-serif"})
    assert errors == {}
    assert tokens == {"utrecht-document-color": "#1a1a1a",
                      "utrecht-document-font-family": "Avenir, 'Open Sans', sans-serif"}


@pytest.mark.parametrize("name, value", [
    ("utrecht-link-color", "red"), ("utrecht-link-color", "#12345"),
    ("utrecht-link-color", "#123456; color: red"),
    ("utrecht-document-font-family", "x; } body { display: none"),
    ("utrecht-document-font-family", "url(https://evil.nl/font)"),
    ("onbekend-token", "#000000"),
])
def test_bad_token_values_are_refused(name, value):
    tokens, errors = branding.check_tokens({name: value})
    assert name in errors and name not in tokens


def test_text_tokens_need_contrast_of_4_5():
    _tokens, errors = branding.check_tokens({"utrecht-link-color": "#777777"})
    assert "4,5:1" in errors["utrecht-link-color"] and "4,5" in errors["utrecht-link-color"]
    _tokens, errors = branding.check_tokens({"utrecht-button-primary-action-color": "#7a9cc6"})
    assert "utrecht-button-primary-action-color" in errors
    # Against a dark background, light text passes and the default text colour fails.
    _tokens, errors = branding.check_tokens({"utrecht-document-background-color": "#101010"})
    assert "utrecht-document-color" in errors
    tokens, errors = branding.check_tokens({
        "utrecht-document-background-color": "#101010", "utrecht-document-color": "#f0f0f0",
        "utrecht-link-color": "#9cc8ff", "utrecht-focus-outline-color": "#ffbf47",
        "utrecht-button-primary-action-background-color": "#9cc8ff",
        "utrecht-button-primary-action-color": "#101010"})
    assert errors == {}, errors


def test_the_stylesheet_emits_only_valid_known_tokens():
    css = branding.stylesheet({"utrecht-document-color": "#102030",
                               "utrecht-link-color": "red;}",
                               "other": "#000000"})
    assert css == ":root {\n  --utrecht-document-color: #102030;\n}\n"


@pytest.mark.parametrize("value, expected", [
    ("", None), (None, None), ("https://veilig.gemeente.nl/", "https://veilig.gemeente.nl"),
    ("https://www.gemeente.nl/digitaal-veilig", "https://www.gemeente.nl/digitaal-veilig"),
])
def test_public_url(value, expected):
    assert branding.check_public_url(value) == expected


@pytest.mark.parametrize("value", ["http://veilig.gemeente.nl", "https://gemeente.nl/?a=1",
                                   "https://gemeente.nl/a b", "veilig.gemeente.nl",
                                   "https://gemeente.nl/<script>"])
def test_bad_public_urls(value):
    with pytest.raises(BrandingError):
        branding.check_public_url(value)


def png(width: int, height: int, size: int = 60) -> bytes:
    header = branding.PNG_SIGNATURE + struct.pack(">I", 13) + b"IHDR"
    return header + struct.pack(">II", width, height) + b"\x00" * (size - len(header) - 8)


def test_logo_must_be_a_small_png():
    assert branding.check_logo(png(200, 80)) == png(200, 80)
    for bad in (b"GIF89a" + b"\x00" * 40, png(3000, 80), png(0, 10),
                png(100, 100, branding.MAX_LOGO_BYTES + 1), b"<svg onload=alert(1)>"):
        with pytest.raises(BrandingError):
            branding.check_logo(bad)
