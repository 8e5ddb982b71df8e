"""Reading PDFs the way a person (or a phone) would: the text through poppler's pdftotext,
the page count and size through pdfinfo, QR codes by rendering each page (pdftoppm) and
decoding it with zbarimg, all from Debian. Nothing is mocked."""
from __future__ import annotations

import re
import subprocess
import tempfile
from pathlib import Path


def _run(*args: str) -> str:
    return subprocess.run(args, capture_output=True, text=True, check=True, timeout=60).stdout


def _with_file(data: bytes, *command: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        return _run(*command, str(path), *(["-"] if command[0] == "pdftotext" else []))


def pdf_text(data: bytes) -> str:
    return _with_file(data, "pdftotext", "-layout")


def squeezed(data: bytes) -> str:
    """The text without any white space: a long address may wrap over two lines."""
    return "".join(pdf_text(data).split())


def pdf_info(data: bytes) -> dict[str, str]:
    info = _with_file(data, "pdfinfo")
    return dict(line.split(":", 1) for line in info.splitlines() if ":" in line)


def pages(data: bytes) -> int:
    return int(pdf_info(data)["Pages"])


def page_size_mm(data: bytes) -> tuple[int, int]:
    points = re.findall(r"[\d.]+", pdf_info(data)["Page size"])[:2]
    width, height = (round(float(p) * 25.4 / 72) for p in points)
    return width, height


def qr_codes(data: bytes, last_page: int | None = None) -> list[str]:
    """Every QR code on every page (or up to `last_page`), as decoded text."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        pages = ["-l", str(last_page)] if last_page else []
        subprocess.run(["pdftoppm", "-r", "150", *pages, "-png", str(path),
                        str(Path(folder) / "page")], check=True, timeout=120)
        images = sorted(str(p) for p in Path(folder).glob("page*.png"))
        done = subprocess.run(["zbarimg", "--raw", "-q", *images], capture_output=True,
                              text=True, timeout=60)
        return done.stdout.split()


def smallest_text_pt(data: bytes) -> float:
    """The height of the smallest word box, converted to the font size it implies. DejaVu
    Sans (the print font) has ascent plus descent of 1.164 em, so a word box of 14 pt text
    is 16.3 pt high."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "document.pdf"
        path.write_bytes(data)
        boxes = _run("pdftotext", "-bbox", str(path), "-")
    heights = [float(y2) - float(y1) for y1, y2 in
               re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', boxes)]
    return round(min(heights) / 1.164, 1)
