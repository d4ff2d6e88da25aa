"""Terms are defined once, in data/glossary.yml, and readers meet the same definition as a tooltip
wherever a page uses the term, and on the Glossary page."""

import html
import re

import pytest

from macros.core.errors import DataError


def abbreviations(built_site, page: str) -> dict[str, set[str]]:
    text = (built_site / page).read_text(encoding="utf-8")
    found: dict[str, set[str]] = {}
    for title, shown in re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', text):
        found.setdefault(shown, set()).add(html.unescape(title))
    return found


def test_content_pages_show_each_term_with_its_one_definition(built_site, catalog):
    definitions = {form.lower(): term.definition for term in catalog.glossary for form in term.forms}
    seen = set()
    for page in ("index.html", "finances/index.html", "segments/index.html", "risks/index.html"):
        for shown, titles in abbreviations(built_site, page).items():
            assert titles == {definitions[shown.lower()]}, (page, shown)
            seen.add(shown.lower())
    for term in ("ads", "adjusted ebitda", "public cloud", "enterprise cloud", "non-gaap", "gross billing"):
        assert term in seen, term


def test_the_glossary_page_lists_every_term(built_site, catalog):
    text = (built_site / "glossary" / "index.html").read_text(encoding="utf-8")
    listed = [html.unescape(t) for t in re.findall(r'<dt id="term-[^"]+">(.*?)</dt>', text)]
    assert sorted(listed, key=str.lower) == listed
    assert set(listed) == {term.term for term in catalog.glossary}


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (
            "- term: Capex\n  definition: Up to RMB 5 billion a year.\n",
            "'RMB 5 billion' is a currency amount typed into the definition",
        ),
        ("- term: ADS again\n  shown_as: [ADS]\n  definition: A repeat.\n", "'ADS' is given for two terms"),
    ],
)
def test_a_definition_with_a_figure_or_a_term_given_twice_is_refused(data_copy, entry, message):
    from macros.check.checked_catalog import load_catalog

    with (data_copy / "glossary.yml").open("a", encoding="utf-8") as glossary:
        glossary.write(entry)
    with pytest.raises(DataError, match=re.escape(message)):
        load_catalog(data_copy)


def test_a_term_shows_its_definition_on_hover(browser, served_site):
    from tests.test_browser import engage, visit

    record = visit(browser, served_site.url + "segments/")
    page = record.page
    engage(page)
    term = page.locator("abbr", has_text="enterprise cloud").first
    term.scroll_into_view_if_needed()
    term.hover()
    # Material's tooltips feature turns the title into a tooltip element when the reader points at it.
    page.wait_for_function(
        "document.querySelector('.md-tooltip2, .md-tooltip, [role=tooltip]') !== null", timeout=15_000
    )
    tip = page.locator(".md-tooltip2, .md-tooltip, [role=tooltip]").first
    assert "organisations in finance" in tip.text_content()
    assert record.errors == []
    page.context.close()
