"""One term per concept in the Chinese edition, enforced on every built Chinese page.

data/termbase.yml declares each concept's one Chinese term and the variants to refuse (非GAAP and
非美国通用会计准则 for 非公认会计准则, 「」 for “”, 净亏损同比增长 for 扩大). Each Chinese page, once
converted to HTML (its text, its charts and its tooltips), is read for every refused variant; one found
stops the build with a line per finding that names the page, the variant, the term to write and the
line that declares it, and the files the variant is written in. A section name (a termbase entry with a
`page`) is also the page's title and its entry in the page tree."""

from __future__ import annotations

import html as html_lib
import re
from pathlib import Path

from macros.core.errors import DataError
from macros.core.model import TermEntry

TAG = re.compile(r"<[^>]+>")
# Attribute values a reader meets: tooltips, screen-reader names, image text, meta descriptions.
READ_ATTRIBUTES = re.compile(r'\b(?:title|aria-label|alt|content|placeholder|data-[a-z-]+)="([^"]*)"')
HEADING = re.compile(r"<h1\b[^>]*>(.*?)</h1>", re.S)
# Where a refused variant may have been written, for the error's "written in" hint.
WRITTEN_IN = ("docs/*.zh.md", "data/*.yml", "data/*.csv", "macros/**/*.py")
# The files that name the variants to refuse them.
NOT_WRITTEN_IN = ("data/termbase.yml", "macros/check/termbase.py")
HINTS = 3


class RefusedTerms(DataError):
    """Refused variants found on a Chinese page, each with its place and the term to write."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        Exception.__init__(self, "\n".join(problems))

    def __str__(self) -> str:
        return "\n".join(self.problems)


def page_text(html: str) -> str:
    """What a reader of the page can read: its text (a chart's figure and hover text included) and the
    attribute values shown as tooltips or read aloud, with entities decoded."""
    attributes = " ".join(READ_ATTRIBUTES.findall(html))
    return html_lib.unescape(TAG.sub("", html) + " " + attributes)


def heading(html: str) -> str | None:
    """The page's title as its <h1> shows it, without the permalink mark."""
    found = HEADING.search(html)
    return html_lib.unescape(TAG.sub("", found.group(1))).replace("¶", "").strip() if found else None


def refused_variants(text: str, termbase: tuple[TermEntry, ...]) -> list[tuple[str, TermEntry]]:
    """Each refused variant the text writes, with its termbase entry, in the termbase's order."""
    return [(variant, entry) for entry in termbase for variant in entry.refuse if variant in text]


def written_in(variant: str, root: Path | None) -> list[str]:
    """The first files and lines of the project that write the variant: where to fix it."""
    if root is None:
        return []
    found: list[str] = []
    for pattern in WRITTEN_IN:
        for path in sorted(root.glob(pattern)):
            if path.relative_to(root).as_posix() in NOT_WRITTEN_IN:
                continue
            try:
                lines = path.read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                continue
            for number, line in enumerate(lines, 1):
                if variant in line:
                    found.append(f"{path.relative_to(root).as_posix()}:{number}")
                    if len(found) == HINTS:
                        return found
    return found


def check_chinese_page(
    page: str,
    html: str,
    termbase: tuple[TermEntry, ...],
    *,
    title: str | None = None,
    english_file: str | None = None,
    root: Path | None = None,
) -> None:
    """Refuse a built Chinese page that writes a refused variant, or a section page whose title or
    page-tree entry is not its declared name. `page` is how the error names it (docs/finances.zh.md);
    `title` its page-tree entry; `english_file` its English file (finances.md); `root` the project, to
    say where a variant is written."""
    problems = []
    text = page_text(html) + " " + (title or "")
    for variant, entry in refused_variants(text, termbase):
        hint = written_in(variant, root)
        where = f" It is written in {', '.join(hint)}." if hint else ""
        problems.append(
            str(
                DataError(
                    page,
                    f"'{variant}' is refused in the Chinese edition: the term for {entry.concept} is "
                    f"'{entry.term}' (declared at {entry.where}).{where}",
                    f"write '{entry.term}', or change the term once in {entry.where.rpartition(':')[0]}.",
                )
            )
        )
    for entry in termbase:
        if not entry.page or entry.page != english_file:
            continue
        shown = {"title": heading(html), "entry in the page tree": title}
        for what, name in shown.items():
            if name is not None and name != entry.term:
                problems.append(
                    str(
                        DataError(
                            page,
                            f"the page's {what} is '{name}', but the section's name is '{entry.term}' "
                            f"(declared at {entry.where}).",
                            f"name the section '{entry.term}' in its title and in mkdocs.yml's Chinese "
                            "nav_translations.",
                        )
                    )
                )
    if problems:
        raise RefusedTerms(problems)
