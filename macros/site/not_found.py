"""The 404 page of each edition. MkDocs writes a theme's 404.html at the site's root on every build, and
the Chinese edition is built after the English one into the same folder, so its 404 page would replace
the English one there. Each edition's page is kept as it is rendered, then written where it belongs: the
English one at the root, the Chinese one under zh/, tagged with its language."""

from __future__ import annotations

from pathlib import Path

from macros.core.language import Language, current

NOT_FOUND = "404.html"
_rendered: dict[Language, str] = {}


def keep(output: str, template_name: str) -> str:
    """The rendered template, noted if it is the 404 page (with the Chinese page's language tag)."""
    if template_name != NOT_FOUND:
        return output
    language = current()
    if language.prefix:
        output = output.replace(f'<html lang="{language.value}"', f'<html lang="{language.html_lang}"', 1)
    _rendered[language] = output
    return output


def write(site_dir: Path) -> None:
    """Each edition's 404 page in its place, once every edition is built."""
    for language, output in _rendered.items():
        target = site_dir / language.prefix / NOT_FOUND
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(output, encoding="utf-8")
    _rendered.clear()
