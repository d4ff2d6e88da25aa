"""What a computed value was computed from, said in words for its tooltip: "the sum of the four
quarters of 2025", "gross profit as a percentage of total revenues", "total revenues in 2023 less those
of Q2, Q3 and Q4 2023". The formula itself, as written in data/, is for the Sources page."""

from __future__ import annotations

import ast

from macros.compute.formulas import parse_formula
from macros.core.language import Phrases, is_chinese
from macros.core.periods import Frequency, four_quarters_to, parse_period

say = Phrases(
    and_=(" and ", "和"),
    comma=(", ", "、"),
    four_quarters=("the sum of the four quarters of {year}", "{year}四个季度之和"),
    two_halves=("the sum of the two halves of {year}", "{year}上下半年之和"),
    twelve_months=("the sum of the four quarters to {period}", "截至{period}的四个季度之和"),
    sum_of=("the sum of {metric} for {periods}", "{periods}{metric}之和"),
    less_periods=("{metric} for {first} less those for {rest}", "{first}{metric}减去{rest}的数字"),
    percentage=("{a} as a percentage of {b}", "{a}占{b}的百分比"),
    plus=("{a} plus {b}", "{a}加{b}"),
    minus=("{a} less {b}", "{a}减{b}"),
    times=("{a} times {b}", "{a}乘以{b}"),
    divided=("{a} divided by {b}", "{a}除以{b}"),
    of_period=("{metric} for {period}", "{period}{metric}"),
    over_twelve_months=(", each over the four quarters to {period}", "，各项均为截至{period}的四个季度之和"),
)


def formula_words(formula: str, titles, twelve_months_to=None) -> str:
    """The formula in words. `titles(metric)` names a metric as readers read it; `twelve_months_to` is
    the quarter a twelve-month figure ends with, when each input is such a sum."""
    parsed = parse_formula(formula)
    words = _words(parsed.tree, titles)
    # A formula of same-period metrics (a margin), applied to twelve-month sums, says so.
    if twelve_months_to is not None and all(term.period is None for term in parsed.terms):
        words += say("over_twelve_months", period=twelve_months_to.words)
    return words


def _flatten(node: ast.expr, op: type) -> list[ast.expr]:
    if isinstance(node, ast.BinOp) and isinstance(node.op, op):
        return [*_flatten(node.left, op), node.right]
    return [node]


def _term(node: ast.expr):
    """(metric, period label or None) of a single term, else None."""
    if isinstance(node, ast.Name):
        return node.id, None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and isinstance(node.slice, ast.Constant):
        return node.value.id, node.slice.value
    return None


def _periods(labels) -> str:
    shown = [parse_period(p).words for p in labels]
    return shown[0] if len(shown) == 1 else say("comma").join(shown[:-1]) + say("and_") + shown[-1]


def _words(node: ast.expr, titles) -> str:
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        terms = [_term(n) for n in _flatten(node, ast.Add)]
        if all(terms) and len({t[0] for t in terms}) == 1 and all(t[1] for t in terms):
            periods = [parse_period(t[1]) for t in terms]
            if all(p.frequency == Frequency.QUARTERLY for p in periods) and len(periods) == 4:
                years = {p.year for p in periods}
                if len(years) == 1 and sorted(p.quarter for p in periods) == [1, 2, 3, 4]:
                    return say("four_quarters", year=parse_period(f"FY{years.pop()}").words)
                last = max(periods)
                if sorted(periods) == four_quarters_to(last):
                    return say("twelve_months", period=last.words)
            halves = all(p.frequency == Frequency.HALF_YEARLY for p in periods) and len(periods) == 2
            if halves and len({p.year for p in periods}) == 1:
                return say("two_halves", year=parse_period(f"FY{periods[0].year}").words)
            return say("sum_of", metric=_lower(titles(terms[0][0])), periods=_periods([t[1] for t in terms]))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Sub):
        terms = [_term(n) for n in _flatten(node, ast.Sub)]
        if all(terms) and len({t[0] for t in terms}) == 1 and all(t[1] for t in terms):
            return say(
                "less_periods",
                metric=_lower(titles(terms[0][0])),
                first=parse_period(terms[0][1]).words,
                rest=_periods([t[1] for t in terms[1:]]),
            )
        if all(terms) and len({t[1] for t in terms}) == 1:
            # One whole less its other parts, all of one period: "total revenues less public cloud and other".
            names = [titles(terms[0][0])] + [_lower(titles(t[0])) for t in terms[1:]]
            rest = names[1] if len(names) == 2 else say("comma").join(names[1:-1]) + say("and_") + names[-1]
            words = say("minus", a=names[0], b=rest)
            period = terms[0][1]
            return words if period is None else say("of_period", metric=words, period=parse_period(period).words)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        left = node.left
        # A division by a power of ten of a thousand and more converts units (millions to billions): not said.
        if isinstance(node.right, ast.Constant) and node.right.value >= 1000:
            return _words(left, titles)
        if isinstance(left, ast.BinOp) and isinstance(left.op, ast.Mult) and _is_hundred(left.left):
            return say("percentage", a=_words(left.right, titles), b=_lower(_words(node.right, titles)))
        return say("divided", a=_words(left, titles), b=_lower(_words(node.right, titles)))
    if isinstance(node, ast.BinOp):
        key = {ast.Add: "plus", ast.Sub: "minus", ast.Mult: "times"}[type(node.op)]
        return say(key, a=_words(node.left, titles), b=_lower(_words(node.right, titles)))
    if isinstance(node, ast.UnaryOp):
        return "−" + _words(node.operand, titles)
    if isinstance(node, ast.Constant):
        return f"{node.value:g}"
    metric, period = _term(node)
    if period:
        return say("of_period", metric=titles(metric), period=parse_period(period).words)
    return titles(metric)


def _is_hundred(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == 100


def _lower(text: str) -> str:
    """A title inside a phrase: "Total revenues" reads "total revenues" (acronyms kept: "AI", "ADS")."""
    if is_chinese() or not text or (len(text) > 1 and text[1].isupper()):
        return text
    return text[0].lower() + text[1:]
