"""Large HTML blocks (statements, tables, charts, lists) kept out of Markdown's way.

A block macro's HTML is finished: Markdown has nothing to do in it, yet Python-Markdown and MkDocs
each run an HTML parser over every tag of it, which on the statements page costs more than the rest
of the page. So the macro leaves a one-line placeholder in the Markdown, and the hook puts the block
back into the page's HTML once Markdown is done (before search indexes it and the theme wraps it).
The ids inside the block are handed to MkDocs, which checks links to them as if it had parsed them."""

from __future__ import annotations

import itertools
import re

# Smaller outputs (a figure in a sentence, a short list) go through Markdown as they are.
MIN_LENGTH = 2000
BLOCK_START = ("<div", "<figure", "<section", "<table", "<ul", "<ol", "<dl", "<details")
PLACEHOLDER = '<div data-kc-block="{}"></div>'
# Inside an indented block (a content tab) Markdown does not see a raw HTML block and wraps the
# placeholder in a paragraph: the block replaces that paragraph, since a <div> cannot sit inside a <p>.
_PLACEHOLDER = re.compile(r'<p>\s*<div data-kc-block="(\d+)"></div>\s*</p>|<div data-kc-block="(\d+)"></div>')
_ID = re.compile(r'\sid="([^"]+)"')

# Blocks waiting for their page's HTML, by number; a page takes its own back as soon as it is converted.
_waiting: dict[int, str] = {}
_numbers = itertools.count()


def set_aside(output):
    """The placeholder for a macro's large block of HTML; any other output (a figure in a sentence, a
    short list, a value that is not text) as it is."""
    if not isinstance(output, str) or len(output) < MIN_LENGTH or not output.startswith(BLOCK_START):
        return output
    number = next(_numbers)
    _waiting[number] = output
    return PLACEHOLDER.format(number)


def put_back(content: str) -> tuple[str, set[str]]:
    """The page's HTML with its blocks restored, and the ids those blocks define."""
    ids: set[str] = set()

    def restore(match: re.Match) -> str:
        block = _waiting.pop(int(match.group(1) or match.group(2)))
        ids.update(_ID.findall(block))
        return block

    return _PLACEHOLDER.sub(restore, content), ids
