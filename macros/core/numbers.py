"""Number formatting for prose, tables and charts: money, percentages, counts and changes."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from macros.core import chinese
from macros.core.language import is_chinese

# Every unit a dataset may declare, with how a value in that unit reads in prose.
# "million" units are stored as reported (in millions) and shown in billions from 1,000 upwards.
MONEY_UNITS = {
    "RMB million": ("RMB ", 1_000_000),
    "US$ million": ("US$", 1_000_000),
    "HK$ million": ("HK$", 1_000_000),
    "US$ billion": ("US$", 1_000_000_000),
    "US$": ("US$", 1),
    "RMB": ("RMB ", 1),
    "HK$": ("HK$", 1),
}
# An exchange rate, as the releases state the rate used to translate renminbi into US dollars.
RATE_UNITS = {"RMB per US$": ("RMB ", " per US$")}
# A multiple (a price-to-sales ratio): 3.4×, in Chinese 3.4倍.
MULTIPLE = "times"
UNITS = (*MONEY_UNITS, *RATE_UNITS, "percent", "count", MULTIPLE)
MINUS = "\u2212"  # a true minus sign, so negative figures do not break across lines or read as hyphens
BILLION_THRESHOLD = 1_000_000_000
BILLION_DECIMALS = 2


def rounded(value: float, decimals: int) -> Decimal:
    """The value rounded half up, as sources and readers round (1.125 to two decimals is 1.13), not
    half to even as Python's round() and format() do; the float is read as the shortest decimal that
    names it, so 2.675 is 2.675 and rounds to 2.68."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def fixed(value: float, decimals: int) -> str:
    """A magnitude with thousands separators and `decimals` digits, rounded half up: 1125.05 -> "1,125.1"."""
    return f"{abs(rounded(value, decimals)):,.{decimals}f}"


def _signed(text: str, negative: bool) -> str:
    return f"{MINUS}{text}" if negative else text


def format_number(value: float, decimals: int) -> str:
    """Thousands separators and a fixed number of decimals: 9060.8 -> "9,060.8"."""
    if not math.isfinite(value):
        raise ValueError(f"cannot format {value!r}: not a finite number.")
    text = fixed(value, decimals)
    # Rounding can turn a tiny negative into "0.0"; never show "−0.0".
    negative = value < 0 and any(ch not in "0.," for ch in text)
    return _signed(text, negative)


def format_money(value: float, unit: str, decimals: int) -> str:
    """Money in prose: RMB 554.8 million, RMB 9.06 billion, US$17.00 (27.61亿元 in Chinese)."""
    if is_chinese():
        return chinese.money(value, unit, decimals, fixed, _signed)
    prefix, scale = MONEY_UNITS[unit]
    amount = value * scale
    if amount == 0:
        return f"{prefix}0"  # nil, not "RMB 0 million"
    if scale == 1:
        return _signed(f"{prefix}{fixed(amount, decimals)}", amount < 0)
    if scale == BILLION_THRESHOLD:
        # Stored in billions (market sizes), so shown with the digits the source gave: US$7.3 billion;
        # below one billion in millions, which is how such a figure reads: US$845 million.
        if abs(value) < 1:
            return _signed(f"{prefix}{fixed(value * 1000, max(0, decimals - 3))} million", value < 0)
        return _signed(f"{prefix}{fixed(value, decimals)} billion", value < 0)
    if abs(rounded(amount / 1_000_000, decimals)) >= BILLION_THRESHOLD / 1_000_000:
        shown = BILLION_DECIMALS
        if decimals == 0 and float(value).is_integer():
            # The trailing zeros of a whole number of millions are not digits: 27900 ("279亿") is known
            # to the hundred million, so it reads 27.9 billion; 1503 keeps its two decimals, 1.50 billion.
            digits = str(abs(int(value)))
            zeros = len(digits) - len(digits.rstrip("0"))
            shown = max(0, min(BILLION_DECIMALS, 3 - zeros))
        body = f"{fixed(amount / BILLION_THRESHOLD, shown)} billion"
    else:
        body = f"{fixed(amount / 1_000_000, decimals)} million"
    negative = amount < 0 and any(ch.isdigit() and ch != "0" for ch in body)
    return _signed(prefix + body, negative)


def format_value(value: float, unit: str, decimals: int) -> str:
    """Format a value in its declared unit, as it reads in running text."""
    if unit in MONEY_UNITS:
        return format_money(value, unit, decimals)
    if unit in RATE_UNITS:
        before, after = RATE_UNITS[unit]
        if is_chinese():
            return chinese.rate(format_number(value, decimals))
        return before + format_number(value, decimals) + after
    if unit == "percent":
        return format_number(value, decimals) + "%"
    if unit == "count":
        return format_count(value, decimals)
    if unit == MULTIPLE:
        return format_number(value, decimals) + ("倍" if is_chinese() else "\u00d7")
    raise ValueError(f"unknown unit '{unit}'; known units: {', '.join(UNITS)}.")


def format_count(value: float, decimals: int = 0) -> str:
    """A count as prose reads it: 17.3 million, 3.688 billion (to no more than three decimals, the
    digits the count has), 15 as it is; in Chinese 1,730万, 36.88亿. Tables keep every digit."""
    if is_chinese():
        return chinese.count(value, fixed)
    for scale, word in ((BILLION_THRESHOLD, "billion"), (1_000_000, "million")):
        if abs(value) >= scale:
            text = fixed(value / scale, 3)
            return _signed(text.rstrip("0").rstrip(".") + " " + word, value < 0)
    return format_number(value, decimals)


def format_change(new: float, old: float, decimals: int = 1) -> str:
    """Relative change from old to new as a signed percentage: +37.8%, −9.7%."""
    if old == 0:
        raise ValueError("cannot compute a change from zero.")
    if old < 0:
        # A change "from a loss" has no meaningful sign; refuse rather than print a misleading figure.
        raise ValueError(f"cannot compute a percentage change from a negative base ({old}).")
    change = (new - old) / old * 100
    text = f"{abs(rounded(change, decimals)):.{decimals}f}%"
    if float(text[:-1]) == 0:
        return text
    return ("+" if change > 0 else MINUS) + text


def format_change_words(new: float, old: float, decimals: int = 1, kind: str = "amount") -> str:
    """A change as prose says it: "+37.8%" in English, 增长37.8% or 下降9.7% in Chinese, where a loss
    (kind "loss") 扩大 or 收窄 and a price (kind "price") 上涨 or 下跌."""
    text = format_change(new, old, decimals)
    if not is_chinese():
        return text
    direction = 0 if chinese.is_zero(text) else (1 if new > old else -1)
    return chinese.change(text.lstrip("+" + MINUS), direction, kind)


# Units of a price per share (not an amount in millions): its change is a rise or a fall.
PRICE_UNITS = ("US$", "HK$", "RMB")


def change_kind(metric) -> str:
    """How a metric's change is said: a loss widens or narrows, a price rises or falls, else an amount."""
    if metric.is_loss:
        return "loss"
    return "price" if metric.unit in PRICE_UNITS else "amount"


def short_unit(unit: str, english: str, chinese_form: str | None = None) -> str:
    """A unit as a table or axis header shows it: the metric's own (RMB m), or in Chinese its word
    (股) or the unit's header (百万元)."""
    if not is_chinese():
        return english
    return chinese_form or chinese.SHORT_UNITS[unit]


def format_share(part: float, whole: float, decimals: int = 1) -> str:
    """Part as a percentage of whole: 64.3%."""
    if whole == 0:
        raise ValueError("cannot compute a share of zero.")
    return format_number(part / whole * 100, decimals) + "%"


def plain_number(value: float) -> str:
    """A value as a machine-readable number with no loss of precision: 9061.0 -> "9061", 1340.9 -> "1340.9"."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))
