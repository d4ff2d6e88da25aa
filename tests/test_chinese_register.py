"""The Chinese edition in the register of Chinese financial writing: a loss widens or narrows (扩大/收窄),
a price rises or falls (上涨/下跌), a negative result reads as a loss of its amount; market figures go by
calendar year (2024年); chart axes stand upright (2019Q2) and tooltips read in 亿 and 万, to the digits
the English edition shows. The English edition is untouched by any of it."""

import pytest

from macros.core.language import in_language
from macros.core.numbers import change_kind, format_change_words, format_value
from macros.core.periods import parse_period
from macros.pages.page_macros import PageMacros
from macros.pages.render import cited_as, tooltip_value


def test_a_loss_widens_or_narrows_and_a_price_rises_or_falls():
    with in_language("zh"):
        assert format_change_words(165.1, 100, kind="loss") == "扩大65.1%"
        assert format_change_words(80, 100, kind="loss") == "收窄20.0%"
        assert format_change_words(140.2, 100, kind="price") == "上涨40.2%"
        assert format_change_words(90, 100, kind="price") == "下跌10.0%"
        assert format_change_words(137.8, 100) == "增长37.8%"
    assert format_change_words(165.1, 100, kind="loss") == "+65.1%"


def test_each_metric_says_its_change_in_its_own_words(catalog):
    assert change_kind(catalog.metric("net_loss")) == "loss"
    assert change_kind(catalog.metric("ads_close")) == "price"
    assert change_kind(catalog.metric("revenue")) == "amount"


def _macros(catalog):
    return PageMacros(catalog, page_url=lambda: "finances/")


def test_the_change_macro_uses_the_metrics_words(chinese_catalog):
    macros = _macros(chinese_catalog)
    with in_language("zh"):
        assert ">扩大" in macros.functions["change"]("net_loss", "FY2021")
        close = macros.functions["change"]("ads_close", "2020-05-08", "2020-05-07", base_metric="ipo_price")
        assert ">上涨" in close


def test_a_negative_result_reads_as_a_loss_of_its_amount_in_chinese_prose(chinese_catalog, catalog):
    with in_language("zh"):
        text = _macros(chinese_catalog).functions["value"]("adjusted_operating_result", "Q1 2025")
    shown = text.rsplit('">', 1)[1]
    assert shown.startswith("亏损5,580万元")
    english = _macros(catalog).functions["value"]("adjusted_operating_result", "Q1 2025")
    assert "\u2212RMB 55.8 million" in english


def test_market_figures_go_by_calendar_year_and_results_by_fiscal_year(chinese_catalog):
    year = parse_period("FY2024")
    with in_language("zh"):
        assert year.shown_for(chinese_catalog.metric("annual_total_return").calendar_years) == "2024年"
        assert year.shown_for(chinese_catalog.metric("revenue").calendar_years) == "2024财年"
    assert year.shown_for(True) == "FY2024"


@pytest.mark.parametrize(("label", "axis"), [("Q2 2019", "2019Q2"), ("H1 2024", "2024H1"), ("FY2024", "2024财年")])
def test_a_quarterly_axis_stands_upright_in_chinese(label, axis):
    with in_language("zh"):
        assert parse_period(label).axis_label() == axis
    assert parse_period(label).axis_label() == label


def test_tooltips_read_in_yi_and_wan_to_the_english_digits(catalog):
    revenue = catalog.metric("revenue")
    o = catalog.observation("revenue", "FY2017")
    with in_language("zh"):
        assert tooltip_value(o, revenue) == "12.36亿元"
        assert format_value(0.8958, "US$ billion", 2) == "8.96亿美元"
        assert format_value(2.58, "US$ billion", 2) == "25.8亿美元"
    assert format_value(0.8958, "US$ billion", 2) == "US$896 million"


def test_a_chinese_citation_names_the_companys_document_as_research_does(chinese_catalog):
    with in_language("zh"):
        assert cited_as(chinese_catalog.source("sec-20f-fy2022-r9")) == "金山云向SEC提交的文件"
        assert cited_as(chinese_catalog.source("kc-q4-2024-results")) == "金山云公告"


@pytest.fixture(scope="module")
def chinese_catalog(catalog):
    from macros.core.language import Language
    from macros.site.editions import edition_catalog

    return edition_catalog(catalog, Language.ZH)
