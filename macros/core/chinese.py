"""How figures and periods read in the Chinese edition: amounts in 亿 and 万 as the company's Chinese
releases write them (RMB 2,761.4 million is 27.61亿元, RMB 45.3 million is 4,530万元), changes as
增长/下降 (a loss 扩大/收窄, a price 上涨/下跌), periods as 2025年第四季度 and 2025财年, dates as 2025年12月31日."""

from __future__ import annotations

from decimal import Decimal

from pypinyin import Style, lazy_pinyin

# A unit's Chinese currency word, and the number of yuan (dollars) one stored unit is.
CURRENCIES = {
    "RMB million": ("元", 1_000_000),
    "US$ million": ("美元", 1_000_000),
    "HK$ million": ("港元", 1_000_000),
    "US$ billion": ("美元", 1_000_000_000),
    "US$": ("美元", 1),
    "RMB": ("元", 1),
    "HK$": ("港元", 1),
}
YI = 100_000_000  # 亿
WAN = 10_000  # 万
YI_DECIMALS = 2
# Table and axis headers: the unit as a Chinese table states it.
SHORT_UNITS = {
    "RMB million": "百万元",
    "US$ million": "百万美元",
    "HK$ million": "百万港元",
    "US$ billion": "十亿美元",
    "US$": "美元",
    "RMB": "元",
    "HK$": "港元",
    "RMB per US$": "元/美元",
    "percent": "%",
    "count": "个",
    "times": "倍",
}
NUMERALS = "〇一二三四五六七八九十"
QUARTERS = {1: "第一季度", 2: "第二季度", 3: "第三季度", 4: "第四季度"}
HALVES = {1: "上半年", 2: "下半年"}


def count_word(n: int) -> str:
    """A small count in Chinese numerals, as prose writes it: 2 -> 两, 3 -> 三, 12 -> 十二."""
    if n == 2:
        return "两"
    if n <= 10:
        return NUMERALS[n]
    if n < 20:
        return "十" + NUMERALS[n - 10]
    return str(n)


def _scaled_decimals(decimals: int, scale_from: int, scale_to: int) -> int:
    """Digits to keep when a value known to `decimals` places in units of scale_from is written in
    units of scale_to: never more digits than the source gave."""
    shift = len(str(scale_to)) - len(str(scale_from))
    return max(0, decimals + shift)


def money(value: float, unit: str, decimals: int, fixed, signed) -> str:
    """27.61亿元, 4,530万元, 7.21亿美元, 23.84美元. `fixed` and `signed` are numbers.py's rounding
    helpers (half up, thousands separators, a true minus sign)."""
    currency, scale = CURRENCIES[unit]
    amount = value * scale
    if amount == 0:
        return f"0{currency}"  # not "0万元": nil is nil in every unit
    if scale == 1:
        return signed(f"{fixed(amount, decimals)}{currency}", amount < 0)
    if abs(amount) >= YI:
        shown = min(YI_DECIMALS, _scaled_decimals(decimals, scale, YI))
        if scale == 1_000_000_000 and abs(value) < 1:
            # Below a billion the English edition reads it in millions (US$896 million): the same digits
            # here, 8.96亿美元, not 9.0亿美元.
            shown = min(YI_DECIMALS, max(0, decimals - 3) + 2)
        if decimals == 0 and float(value).is_integer() and scale == 1_000_000:
            # Trailing zeros of a whole number of millions are not digits (27900 is 279亿, not 279.00亿).
            digits = str(abs(int(value)))
            zeros = len(digits) - len(digits.rstrip("0"))
            shown = max(0, min(YI_DECIMALS, 2 - zeros))
        body = f"{fixed(amount / YI, shown)}亿{currency}"
    else:
        body = f"{fixed(amount / WAN, _scaled_decimals(decimals, scale, WAN))}万{currency}"
    negative = amount < 0 and any(ch.isdigit() and ch != "0" for ch in body)
    return signed(body, negative)


def count(value: float, fixed) -> str:
    """A large count as Chinese reads it: 36.88亿 (shares), 6,937.5万, 1,730万; below ten thousand as
    it is. The unit word (股, 名) follows in the page's own text."""
    for scale, word, most in ((YI, "亿", 2), (WAN, "万", 2)):
        if abs(value) >= scale:
            text = fixed(value / scale, most)
            return (text.rstrip("0").rstrip(".") if "." in text else text) + word
    return fixed(value, 0)


def rate(text: str) -> str:
    """An exchange rate: 1美元兑7.2993元人民币."""
    return f"1美元兑{text}元人民币"


# The verbs of a change, as Chinese financial writing uses them: an amount grows or falls, a loss widens
# or narrows (净亏损同比扩大), a price rises or falls (较发行价上涨).
CHANGE_VERBS = {"amount": ("增长", "下降"), "loss": ("扩大", "收窄"), "price": ("上涨", "下跌")}


def change(percent_text: str, direction: int, kind: str = "amount") -> str:
    """A change in prose: 增长37.8%, 下降9.7%, 持平 (rounded to nothing); a loss 扩大/收窄, a price 上涨/下跌."""
    if direction == 0:
        return "持平"
    up, down = CHANGE_VERBS[kind]
    return (up if direction > 0 else down) + percent_text


def date(year: int, month: int | None, day: int | None) -> str:
    if month is None:
        return f"{year}年"
    return f"{year}年{month}月" + (f"{day}日" if day else "")


def period_display(year: int, quarter, half, nine_months: bool, month, day) -> str:
    """As a table or label shows a period: 2025财年, 2025年第四季度, 2024年上半年, 2022年前三季度."""
    if month is not None:
        return date(year, month, day)
    if quarter is not None:
        return f"{year}年{QUARTERS[quarter]}"
    if half is not None:
        return f"{year}年{HALVES[half]}"
    if nine_months:
        return f"{year}年前三季度"
    return f"{year}财年"


def period_words(year: int, quarter, half, nine_months: bool, month, day) -> str:
    """As prose says a period: a fiscal year (the calendar year) is 2024年."""
    if quarter is None and half is None and not nine_months and month is None:
        return f"{year}年"
    return period_display(year, quarter, half, nine_months, month, day)


def calendar_year(year: int) -> str:
    """A market figure's year (a price at the year's end, a year's return): a calendar year, 2024年."""
    return f"{year}年"


def axis_label(year: int, quarter, half, nine_months: bool, month, day) -> str:
    """A period as a chart's category axis shows it, short enough to stand upright: 2019Q2, 2024H1;
    a year or a date as a table shows it."""
    if month is None and quarter is not None:
        return f"{year}Q{quarter}"
    if month is None and half is not None:
        return f"{year}H{half}"
    return period_display(year, quarter, half, nine_months, month, day)


def iso_date(text: str) -> str:
    """A date written 2025-11-18 (or 2025-11, 2025) as 2025年11月18日."""
    parts = [int(p) for p in str(text).split("-")]
    return date(parts[0], parts[1] if len(parts) > 1 else None, parts[2] if len(parts) > 2 else None)


def is_zero(text: str) -> bool:
    return Decimal(text.rstrip("%").replace(",", "").lstrip("+\u2212")) == 0


def pinyin_key(text: str) -> tuple[str, ...]:
    """A term's place in a Chinese list, in pinyin order (汉语拼音, tones in order within a syllable) as
    Chinese glossaries are sorted: 公有云 (gong1) before 行业云 (hang2); a Latin term (IDC) by its letters."""
    return tuple(syllable.lower() for syllable in lazy_pinyin(text, style=Style.TONE3))
