"""QR codes as inline SVG (no image files, nothing inline that the CSP would block)."""
from __future__ import annotations

import segno
from markupsafe import Markup


def qr_svg(url: str) -> Markup:
    """The QR code of `url`. Hidden from screen readers: the address is printed beside it."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(scale=4, border=4, omitsize=True, svgclass="qr-code")
    # Safe markup: segno's own SVG, whose only text is the data it encodes as path data.
    hidden = svg.replace("<svg ", '<svg aria-hidden="true" focusable="false" ', 1)
    return Markup(hidden)  # nosec B704  # segno's SVG: path data only, no text
