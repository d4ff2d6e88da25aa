"""One term per concept in the Chinese edition: data/termbase.yml declares each concept's one Chinese
term and the variants to refuse, and the build stops on a Chinese page that writes one, naming the
page, the variant, the term and where it is declared. A section's name is its title and its entry in
the page tree alike.

Each refusal is a folder in tests/fixtures/bad_chinese/: the files laid over the tiny base dataset of
tests/fixtures/bad_input/base, the built page to read (page.html, with its page-tree entry in
nav_title.txt) when the refusal is a page's, and expected.txt, the exact message."""

import re
import shutil
from html import unescape
from pathlib import Path

import pytest
import yaml

from macros.check.checked_catalog import load_catalog
from macros.check.termbase import RefusedTerms, check_chinese_page, page_text, refused_variants, written_in
from macros.core.chinese import pinyin_key
from macros.core.errors import DataError
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "fixtures" / "bad_chinese"
BASE = ROOT / "tests" / "fixtures" / "bad_input" / "base"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir())
# The page a fixture's page.html stands for.
PAGE, ENGLISH_FILE = "docs/example.zh.md", "example.md"


def refusal(case: str, tmp_path: Path) -> str:
    """Lay the case's files over the base dataset, load it and read the case's page, and return the message."""
    data = tmp_path / "data"
    shutil.copytree(BASE, data)
    folder = FIXTURES / case
    for file in folder.iterdir():
        if file.suffix in (".yml", ".csv"):
            shutil.copy(file, data / file.name)
    with pytest.raises(DataError) as caught:
        termbase = load_catalog(data).termbase
        page = folder / "page.html"
        nav = folder / "nav_title.txt"
        if page.exists():
            check_chinese_page(
                PAGE,
                page.read_text(encoding="utf-8"),
                termbase,
                title=nav.read_text(encoding="utf-8").strip() if nav.exists() else None,
                english_file=ENGLISH_FILE,
            )
    return str(caught.value)


def expected(case: str) -> str:
    return (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").rstrip("\n")


@pytest.mark.parametrize("case", CASES)
def test_a_chinese_edition_mistake_is_refused_with_its_message(case, tmp_path):
    assert refusal(case, tmp_path) == expected(case)


@pytest.mark.parametrize("case", CASES)
def test_every_message_names_the_declaration_and_a_fix(case):
    message = expected(case)
    assert "data/termbase.yml" in message
    assert "Fix: " in message


def test_the_real_termbase_loads_and_declares_the_concepts_readers_meet(catalog):
    concepts = {entry.concept for entry in catalog.termbase}
    assert {
        "non-GAAP",
        "GAAP",
        "selling and marketing expenses",
        "gross billing",
        "trailing twelve months",
        "share-based compensation",
        "quotation marks",
        "a change in a loss",
        "the History section",
        "the Business segments section",
    } <= concepts
    assert all(entry.where.startswith("data/termbase.yml:") for entry in catalog.termbase)


def test_a_variant_is_found_in_a_tooltip_and_across_markup():
    termbase = load_catalog(ROOT / "data").termbase
    html = '<p title="经调整毛利率（非GAAP）">经调整毛利率</p><p>非<em>美国通用会计准则</em></p>'
    found = {variant for variant, _ in refused_variants(page_text(html), termbase)}
    assert {"非GAAP", "非美国通用会计准则"} <= found


def test_the_message_says_where_the_variant_is_written(tmp_path):
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "example.zh.md").write_text("# 示例\n\n归入「其他」。\n", encoding="utf-8")
    assert written_in("「", tmp_path) == ["docs/example.zh.md:3"]
    termbase = load_catalog(ROOT / "data").termbase
    with pytest.raises(RefusedTerms) as caught:
        check_chinese_page(PAGE, "<p>归入「其他」。</p>", termbase, root=tmp_path)
    assert "It is written in docs/example.zh.md:3." in str(caught.value)


def test_the_navigation_names_each_section_as_its_page_title_does(catalog):
    """The Chinese page tree (mkdocs.yml's nav_translations) and each section page's title are the
    termbase's section names."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    chinese = next(lang for lang in i18n["languages"] if lang["locale"] == "zh")["nav_translations"]
    english_titles = {file: title for entry in config["nav"] for title, file in entry.items()}
    for entry in (e for e in catalog.termbase if e.page):
        assert chinese[english_titles[entry.page]] == entry.term
        page = (ROOT / "docs" / entry.page.replace(".md", ".zh.md")).read_text(encoding="utf-8")
        assert re.search(r"^# (.+?)\s*(\{.*\})?$", page, re.M).group(1) == entry.term


class _IgnoreTags(yaml.SafeLoader):
    """mkdocs.yml's own tags (!ENV) read as plain values."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)


def test_chinese_glossary_terms_sort_in_pinyin_order():
    terms = ["行业云", "公有云", "IDC", "毛利率", "介绍上市", "非公认会计准则", "毛收入", "优质客户"]
    assert sorted(terms, key=pinyin_key) == [
        "非公认会计准则",
        "公有云",
        "行业云",
        "IDC",
        "介绍上市",
        "毛利率",
        "毛收入",
        "优质客户",
    ]


# The built site: what a Chinese reader relies on.

CHINESE_PAGES = ("index", "history", "segments", "finances", "statements", "competition", "risks", "glossary")


def _page(site: Path, name: str) -> str:
    path = site / "zh" / ("index.html" if name == "index" else f"{name}/index.html")
    return path.read_text(encoding="utf-8")


def _article(html: str) -> str:
    """The page without the theme's header and footer (the footer's licence line is the theme's own)."""
    html = re.sub(r'<footer class="md-footer">.*?</footer>', "", html, flags=re.S)
    return re.sub(r"<header\b.*?</header>", "", html, flags=re.S)


def test_no_built_chinese_page_writes_a_refused_variant_or_hk_quotation_marks(built_site, catalog):
    found = {}
    for path in sorted((built_site / "zh").glob("**/*.html")):
        text = page_text(_article(path.read_text(encoding="utf-8")))
        variants = [variant for variant, _ in refused_variants(text, catalog.termbase)]
        if variants or "「" in text or "」" in text:
            found[path.relative_to(built_site).as_posix()] = variants
    assert found == {}


def test_chinese_losses_widen_or_narrow_and_prices_rise(built_site):
    finances = page_text(_article(_page(built_site, "finances")))
    assert "净亏损同比扩大" in finances
    assert "亏损同比增长" not in finances
    history = page_text(_article(_page(built_site, "history")))
    assert "较发行价上涨" in history


def test_the_chinese_key_statistics_give_their_periods_in_chinese(built_site):
    html = _page(built_site, "index")
    table = re.search(r'<div class="kc-keystats".*?</table>', html, re.S).group(0)
    periods = [unescape(re.sub(r"<[^>]+>", "", row[-1])).strip() for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
    cells = " ".join(re.findall(r"<td[^>]*>(.*?)</td>\s*</tr>", table, re.S))
    assert not re.search(r"\b(Q[1-4] \d{4}|FY\d{4})", unescape(re.sub(r"<[^>]+>", "", cells))), periods
    assert re.search(r"\d{4}年第[一二三四]季度", unescape(re.sub(r"<[^>]+>", "", cells)))


def test_the_chinese_glossary_is_in_pinyin_order(built_site):
    html = _page(built_site, "glossary")
    terms = [unescape(re.sub(r"<[^>]+>", "", t)) for t in re.findall(r"<dt[^>]*>(.*?)</dt>", html, re.S)]
    assert len(terms) > 10
    assert terms == sorted(terms, key=pinyin_key)
