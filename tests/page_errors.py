"""Render one macro call as it would sit on line 14 of docs/finances.md, and return the one line the
build prints for it: the same code path as a real build (the page check, then the wrapped macros)."""

from pathlib import Path

import jinja2

from macros.check.checked_catalog import load_catalog
from macros.pages.page_calls import PageErrors, check_page
from macros.pages.page_macros import PageMacros

ROOT = Path(__file__).resolve().parent.parent
PATH = "docs/finances.md"
LINE = 14


def page_error(call: str) -> str:
    catalog = load_catalog(ROOT / "data")
    macros = PageMacros(catalog, page_url=lambda: "finances/")
    errors = PageErrors()
    env = jinja2.Environment(undefined=jinja2.StrictUndefined)
    for name, function in macros.functions.items():
        env.globals[name] = errors.wrap(name, function)
    markdown = "\n" * (LINE - 1) + call + "\n"
    page = check_page(PATH, markdown, markdown, env, macros.functions, set(env.globals))
    if page.problems:
        return page.problems[0]
    errors.start(page)
    env.from_string(markdown).render()
    return errors.errors[0]
