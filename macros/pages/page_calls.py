"""A page author's mistakes, each reported as one line: `docs/PAGE.md:LINE: {{ call }}: what is wrong.
Fix: ...`. The page's template is read before it is rendered (syntax, unknown names, unquoted
arguments, wrong argument counts), and errors raised while rendering are placed at the call that
caused them, with lines counted in the file as the author sees it (front matter included)."""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from jinja2 import Environment, TemplateSyntaxError, nodes

from macros.core.errors import MacroCallError, did_you_mean
from macros.pages.html_blocks import set_aside

# MkDocs strips the front matter before the template sees the page; lines are counted from the file.
FRONT_MATTER = re.compile(r"^-{3}[ \t]*\n(.*?\n)(?:\.{3}|-{3})[ \t]*\n", re.S)
ANY = object()  # an argument that is not a literal: matches whatever value it had when rendered
EXPRESSION = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
# One template parser for reading pages outside a build (a parser keeps no state between pages).
_PARSER = Environment()


class Failed(str):
    """What a failed macro call returns, so a call that uses it reports nothing more."""


@dataclass(frozen=True)
class Call:
    name: str
    line: int
    args: tuple
    kwargs: tuple
    text: str


def front_matter_lines(raw: str) -> int:
    """How many lines of the file come before the text the template sees: the front matter and the
    blank lines MkDocs strips after it."""
    match = FRONT_MATTER.match(raw)
    if not match:
        return 0
    rest = raw[match.end() :]
    return raw[: match.end()].count("\n") + len(rest) - len(rest.lstrip("\n"))


@dataclass
class PageCheck:
    """The macro calls of one page, found before rendering, and the problems found on the way."""

    path: str
    raw: str
    offset: int
    calls: list[Call] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def source_line(self, line: int) -> str:
        lines = self.raw.splitlines()
        return lines[line - 1] if 0 < line <= len(lines) else ""

    def call_text(self, name: str, line: int, args: tuple = ()) -> str:
        """The expression as written on its line, e.g. {{ value("revenu", "FY2021") }}."""
        text = self.source_line(line)
        found = [m.group(0) for m in EXPRESSION.finditer(text) if re.search(rf"\b{re.escape(name)}\s*\(", m.group(0))]
        literal = [f for f in found if all(f'"{a}"' in f or f"'{a}'" in f for a in args if isinstance(a, str))]
        return (literal or found or [text.strip() or name])[0]

    def report(self, line: int, text: str, problem: str, fix: str) -> str:
        message = f"{self.path}:{line}: {text}: {problem}" + (f" Fix: {fix}" if fix else "")
        self.problems.append(message)
        return message

    def locate(self, name: str, args: tuple, kwargs: dict) -> Call | None:
        """The first call of `name` on the page whose literal arguments are the ones given."""
        for call in self.calls:
            if call.name != name or len(call.args) != len(args):
                continue
            if all(a is ANY or a == b for a, b in zip(call.args, args, strict=True)) and all(
                v is ANY or kwargs.get(k) == v for k, v in call.kwargs
            ):
                return call
        return next((c for c in self.calls if c.name == name), None)


def check_page(
    path: str, raw: str, markdown: str, jinja_env, functions: dict[str, Callable], variables: set[str]
) -> PageCheck:
    """Read the page's template: its syntax, the names it uses and the arguments of each macro call."""
    page = PageCheck(path=path, raw=raw, offset=front_matter_lines(raw))
    try:
        tree = jinja_env.parse(markdown)
    except TemplateSyntaxError as error:
        line = (error.lineno or 1) + page.offset
        page.report(
            line,
            page.source_line(line).strip(),
            f"template syntax error: {error.message}.",
            "check the braces, quotes and parentheses of the macro call on that line.",
        )
        return page
    assigned = {n.name for n in tree.find_all(nodes.Name) if n.ctx in ("store", "param")}
    known = set(functions) | variables | assigned
    for node, call in _calls(tree, page):
        page.calls.append(call)
        line, name, text = call.line, call.name, call.text
        if name not in known:
            page.report(
                line,
                text,
                f"unknown macro '{name}'. {did_you_mean(name, functions, 'macros')}",
                "use one of the macros listed on the Contributing page.",
            )
        elif (
            name in functions
            and not (node.dyn_args or node.dyn_kwargs)
            and (problem := _binding_problem(functions[name], len(node.args), [k.key for k in node.kwargs]))
        ):
            page.report(line, text, problem, f"write it as {name}({_parameters(functions[name])}).")
    callees = {id(n.node) for n in tree.find_all(nodes.Call)}
    for node in tree.find_all(nodes.Name):
        if node.ctx == "load" and id(node) not in callees and node.name not in known:
            line = node.lineno + page.offset
            text = page.call_text("", line) if "{{" in page.source_line(line) else node.name
            text = next(
                (
                    m.group(0)
                    for m in EXPRESSION.finditer(page.source_line(line))
                    if re.search(rf"\b{node.name}\b", m.group(0))
                ),
                text,
            )
            page.report(
                line,
                text,
                f"'{node.name}' is not defined: a name, a period or an id must be quoted.",
                f'write "{node.name}" in quotes.',
            )
    return page


def _calls(tree: nodes.Template, page: PageCheck):
    """Each call of a named macro in a parsed page, with its node: the one walk every reader of a
    page's macro calls shares (the build's checks, `make diff`, the tests)."""
    for node in tree.find_all(nodes.Call):
        if not isinstance(node.node, nodes.Name):
            continue
        line = node.lineno + page.offset
        name = node.node.name
        args = tuple(a.value if isinstance(a, nodes.Const) else ANY for a in node.args)
        kwargs = tuple((k.key, k.value.value if isinstance(k.value, nodes.Const) else ANY) for k in node.kwargs)
        yield node, Call(name, line, args, kwargs, page.call_text(name, line, tuple(a for a in args if a is not ANY)))


def macro_calls(raw: str, path: str = "") -> list[Call]:
    """The macro calls of a page's file as written (front matter included in the line count), found
    by Jinja's own parser: calls inside raw blocks are text, nested calls are each found. An argument
    that is not a literal is ANY."""
    page = PageCheck(path=path, raw=raw, offset=front_matter_lines(raw))
    tree = _PARSER.parse(FRONT_MATTER.sub("", raw, count=1).lstrip("\n") if page.offset else raw)
    return [call for _, call in _calls(tree, page)]


def _binding_problem(function: Callable, positional: int, keywords: list[str]) -> str | None:
    try:
        inspect.signature(function).bind(*([None] * positional), **{k: None for k in keywords})
    except TypeError as error:
        return re.sub(r"^\w+\(\) ", "", str(error)).rstrip(".") + "."
    return None


def _parameters(function: Callable) -> str:
    parts = []
    for p in inspect.signature(function).parameters.values():
        text = ("*" if p.kind is p.VAR_POSITIONAL else "") + p.name
        parts.append(text + (f"={p.default!r}" if p.default is not p.empty else ""))
    return ", ".join(parts)


class PageErrors:
    """Wraps each macro so that an error while rendering is recorded at its call, once, and the call
    returns a placeholder; the page's errors are raised together after it is rendered."""

    def __init__(self):
        self.page: PageCheck | None = None
        self.errors: list[str] = []

    def start(self, page: PageCheck) -> None:
        self.page, self.errors = page, []

    def wrap(self, name: str, function: Callable) -> Callable:
        def macro(*args, **kwargs):
            if any(isinstance(a, Failed) for a in (*args, *kwargs.values())):
                return Failed("")
            try:
                return set_aside(function(*args, **kwargs))
            except MacroCallError as error:
                self._record(name, args, kwargs, error.problem, error.fix)
            except TypeError:
                if (problem := _binding_problem(function, len(args), list(kwargs))) is None:
                    raise
                self._record(name, args, kwargs, problem, f"write it as {name}({_parameters(function)}).")
            return Failed("")

        macro.__name__ = name
        macro.__doc__ = function.__doc__
        macro.__signature__ = inspect.signature(function)
        return macro

    def _record(self, name: str, args: tuple, kwargs: dict, problem: str, fix: str) -> None:
        page = self.page
        if page is None:
            raise MacroCallError(problem, fix)
        call = page.locate(name, args, kwargs)
        line = call.line if call else page.offset + 1
        text = call.text if call else "{{ " + name + "(...) }}"
        message = f"{page.path}:{line}: {text}: {problem}" + (f" Fix: {fix}" if fix else "")
        if message not in self.errors:
            self.errors.append(message)
