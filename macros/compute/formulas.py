"""Formulas that derive a value from stored ones: `100 * gross_profit / revenue` (each metric in the
same period) or `revenue["9M 2020"] - revenue["H1 2020"]` (each metric in a named period). Only
numbers, metric names, + - * / and parentheses are allowed; nothing is executed."""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from dataclasses import dataclass

from macros.core.model import Observation

OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}


@dataclass(frozen=True)
class Term:
    metric: str
    period: str | None  # None: the period being computed

    def __str__(self) -> str:
        return self.metric if self.period is None else f'{self.metric}["{self.period}"]'


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.expr
    terms: tuple[Term, ...]


class MissingInput(Exception):
    """An input of a formula has no value for the period it needs."""

    def __init__(self, term: Term, period: str):
        self.term, self.period = term, period
        super().__init__(f"{term.metric} has no value for {period}")


def parse_formula(text: str) -> Formula:
    """Parse a formula; raise ValueError saying what is not allowed."""
    try:
        tree = ast.parse(text, mode="eval").body
    except SyntaxError:
        raise ValueError(f"'{text}' is not a formula") from None
    terms: list[Term] = []
    _collect(tree, terms, text)
    if not terms:
        raise ValueError(f"'{text}' names no metric")
    return Formula(text, tree, tuple(dict.fromkeys(terms)))


def _collect(node: ast.expr, terms: list[Term], text: str) -> None:
    if isinstance(node, ast.BinOp) and type(node.op) in OPERATORS:
        _collect(node.left, terms, text)
        _collect(node.right, terms, text)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        _collect(node.operand, terms, text)
    elif isinstance(node, ast.Constant) and isinstance(node.value, int | float) and not isinstance(node.value, bool):
        return
    elif isinstance(node, ast.Name):
        terms.append(Term(node.id, None))
    elif (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Name)
        and isinstance(node.slice, ast.Constant)
        and isinstance(node.slice.value, str)
    ):
        terms.append(Term(node.value.id, node.slice.value))
    else:
        raise ValueError(
            f"'{ast.unparse(node)}' in '{text}' is not allowed (use metric names, numbers, + - * / and parentheses)"
        )


def evaluate(
    formula: Formula, period: str, lookup: Callable[[Term, str], Observation | None]
) -> tuple[float, tuple[Observation, ...], float]:
    """The value, the inputs used and the rounding the value inherits from them (how far it moves when
    each input moves by half a unit of its last digit). Raises MissingInput or ZeroDivisionError."""
    inputs: dict[Term, Observation] = {}
    for term in formula.terms:
        found = lookup(term, term.period or period)
        if found is None:
            raise MissingInput(term, term.period or period)
        inputs[term] = found
    values = {term: o.value for term, o in inputs.items()}
    value = _compute(formula.tree, values)
    spread = 0.0
    for term, o in inputs.items():
        moved = [_compute(formula.tree, {**values, term: o.value + d}) for d in (-o.precision, o.precision)]
        spread += max(abs(m - value) for m in moved)
    return value, tuple(inputs.values()), spread


def _compute(node: ast.expr, values: dict[Term, float]) -> float:
    if isinstance(node, ast.BinOp):
        return OPERATORS[type(node.op)](_compute(node.left, values), _compute(node.right, values))
    if isinstance(node, ast.UnaryOp):
        operand = _compute(node.operand, values)
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.Constant):
        return float(node.value)
    if isinstance(node, ast.Name):
        return values[Term(node.id, None)]
    return values[Term(node.value.id, node.slice.value)]
