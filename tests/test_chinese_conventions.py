"""The Chinese edition writes figures, changes and periods as Chinese financial writing does: amounts in
亿 and 万 (RMB 2,761.4 million is 27.61亿元), changes as 增长/下降, periods as 2025年第四季度 and 2025财年,
and claims as 连续两年下降; the English edition is untouched by it."""

import pytest

from macros.core.language import Language, current, in_language
from macros.core.numbers import format_change_words, format_value, short_unit
from macros.core.periods import parse_period


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "chinese", "english"),
    [
        (2761.4, "RMB million", 1, "27.61亿元", "RMB 2.76 billion"),
        (45.3, "RMB million", 1, "4,530万元", "RMB 45.3 million"),
        (0.4, "RMB million", 1, "40万元", "RMB 0.4 million"),
        (-120.5, "RMB million", 1, "\u22121.21亿元", "\u2212RMB 120.5 million"),
        # Trailing zeros of a whole number of millions are not digits: 27900 is known to the 亿.
        (27900, "RMB million", 0, "279亿元", "RMB 27.9 billion"),
        (721.0, "US$ million", 1, "7.21亿美元", "US$721.0 million"),
        (7.3, "US$ billion", 1, "73亿美元", "US$7.3 billion"),
        (23.84, "US$", 2, "23.84美元", "US$23.84"),
        (8.5, "HK$", 2, "8.50港元", "HK$8.50"),
        (7.2993, "RMB per US$", 4, "1美元兑7.2993元人民币", "RMB 7.2993 per US$"),
        (12.3, "percent", 1, "12.3%", "12.3%"),
        (1234, "count", 0, "1,234", "1,234"),
    ],
)
def test_amounts_read_in_yi_and_wan_in_chinese_and_as_before_in_english(value, unit, decimals, chinese, english):
    with in_language("zh"):
        assert format_value(value, unit, decimals) == chinese
    assert format_value(value, unit, decimals) == english


def test_a_change_reads_as_a_rise_or_fall_in_chinese_and_signed_in_english():
    with in_language("zh"):
        assert format_change_words(137.8, 100) == "增长37.8%"
        assert format_change_words(90.3, 100) == "下降9.7%"
        assert format_change_words(100.01, 100) == "持平"
    assert format_change_words(137.8, 100) == "+37.8%"


@pytest.mark.parametrize(
    ("label", "display", "words"),
    [
        ("FY2025", "2025财年", "2025年"),
        ("Q4 2025", "2025年第四季度", "2025年第四季度"),
        ("H1 2024", "2024年上半年", "2024年上半年"),
        ("9M 2022", "2022年前三季度", "2022年前三季度"),
        ("2025-12-31", "2025年12月31日", "2025年12月31日"),
        ("2015-03", "2015年3月", "2015年3月"),
    ],
)
def test_periods_read_as_chinese_writing_gives_them(label, display, words):
    period = parse_period(label)
    with in_language("zh"):
        assert (period.display, period.words) == (display, words)


def test_table_headers_state_the_unit_in_chinese():
    with in_language("zh"):
        assert short_unit("RMB million", "RMB m") == "百万元"
        assert short_unit("count", "shares", "股") == "股"
    assert short_unit("RMB million", "RMB m") == "RMB m"


def test_the_language_returns_to_english_after_a_chinese_block():
    with in_language("zh"):
        assert current() is Language.ZH
    assert current() is Language.EN
    assert Language.ZH.html_lang == "zh-Hans"
