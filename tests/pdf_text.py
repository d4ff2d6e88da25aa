"""The text of each page of a PDF that Chromium printed, read with the standard library alone.

Chromium (Skia) writes every object as plain text, compresses page contents with Flate and draws
text in Type 0 fonts whose glyphs its ToUnicode maps name: that is all this reads. Text runs (one
line of one box each) come in the order Chromium painted them, which within a table is the order of
its cells, with the position each was drawn at."""

from __future__ import annotations

import re
import zlib
from typing import NamedTuple


class Run(NamedTuple):
    """One run of text and where it was drawn: y grows down the page, in the page's own units."""

    text: str
    x: float
    y: float


_OBJECT = re.compile(rb"(\d+) 0 obj\s*(.*?)endobj", re.S)
_REF = rb"(\d+) 0 R"
# A text-showing operator: a string of glyph ids, or an array of them with kerning between.
_SHOW = re.compile(rb"<([0-9A-Fa-f]*)>\s*Tj|\[((?:[^\]\\]|\\.)*)\]\s*TJ")
_FONT = re.compile(rb"/(\w+)\s+([\d.]+)\s+Tf")
_TEXT_OBJECT = re.compile(rb"BT(.*?)ET", re.S)
# Chromium places each run with a text matrix that flips its page's y axis back: 1 0 0 -1 x y Tm.
_PLACE = re.compile(rb"1 0 0 -1 ([\d.-]+) ([\d.-]+) Tm")


def _stream(body: bytes) -> bytes:
    head, _, rest = body.partition(b"stream")
    data = rest.lstrip(b"\r\n")
    data = data[: data.rindex(b"endstream")].rstrip(b"\r\n")
    return zlib.decompress(data) if b"/FlateDecode" in head else data


def _unicode_map(cmap: bytes) -> dict[int, str]:
    """Glyph id -> text, from a ToUnicode CMap's bfchar and bfrange sections."""
    glyphs: dict[int, str] = {}
    for section in re.findall(rb"beginbfchar(.*?)endbfchar", cmap, re.S):
        for glyph, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
            glyphs[int(glyph, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for section in re.findall(rb"beginbfrange(.*?)endbfrange", cmap, re.S):
        for first, last, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", section):
            start = int(text, 16)
            for offset, glyph in enumerate(range(int(first, 16), int(last, 16) + 1)):
                glyphs[glyph] = chr(start + offset)
    return glyphs


def page_texts(pdf: bytes) -> list[list[Run]]:
    """Each page's text runs (one per BT ... ET block Chromium wrote), in painting order; pages in order."""
    objects = {int(number): body for number, body in _OBJECT.findall(pdf)}
    fonts: dict[int, dict[int, str]] = {}
    pages = []
    root = next(body for body in objects.values() if re.search(rb"/Type\s*/Pages\b", body))
    for page_number in re.findall(_REF, re.search(rb"/Kids\s*\[(.*?)\]", root, re.S).group(1)):
        page = objects[int(page_number)]
        named = {}
        font_dict = re.search(rb"/Font\s*<<(.*?)>>", page, re.S)
        for name, number in re.findall(rb"/(\w+)\s+" + _REF, font_dict.group(1) if font_dict else b""):
            if int(number) not in fonts:
                to_unicode = re.search(rb"/ToUnicode\s+" + _REF, objects[int(number)])
                fonts[int(number)] = _unicode_map(_stream(objects[int(to_unicode.group(1))])) if to_unicode else {}
            named[name] = fonts[int(number)]
        contents = re.search(rb"/Contents\s*(\[.*?\]|\d+ 0 R)", page, re.S).group(1)
        content = b"\n".join(_stream(objects[int(n)]) for n in re.findall(_REF, contents))
        runs = []
        for block in _TEXT_OBJECT.findall(content):
            glyphs: dict[int, str] = {}
            text = []
            for token in re.finditer(_FONT.pattern + rb"|" + _SHOW.pattern, block):
                if token.group(1):
                    glyphs = named.get(token.group(1), {})
                    continue
                hexes = (
                    [token.group(3)] if token.group(3) is not None else re.findall(rb"<([0-9A-Fa-f]*)>", token.group(4))
                )
                for hexed in hexes:
                    codes = bytes.fromhex(hexed.decode())
                    text += [glyphs.get(int.from_bytes(codes[i : i + 2], "big"), "") for i in range(0, len(codes), 2)]
            place = _PLACE.search(block)
            if text and place:
                runs.append(Run("".join(text), float(place.group(1)), float(place.group(2))))
        pages.append(runs)
    return pages
