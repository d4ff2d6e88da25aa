"""Error types that tell an author what to fix: the file, the line, what was found and what to do."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


class DataError(Exception):
    """A problem in data/ that stops the build.

    The message always starts with the file (and line, when there is one) so an editor or CI log
    can jump straight to it, then says what was found, what was expected and how to fix it.
    """

    def __init__(self, path: str, problem: str, fix: str, line: int | None = None, column: str | None = None):
        self.path = path
        self.line = line
        self.column = column
        self.problem = problem
        self.fix = fix
        where = f"{path}:{line}" if line is not None else path
        if column:
            where += f" (column '{column}')"
        super().__init__(f"{where}: {problem} Fix: {fix}")

    def at_line(self, line: int | None) -> DataError:
        """This error, placed on `line` unless it already names one."""
        if self.line is not None or line is None:
            return self
        return DataError(self.path, self.problem, self.fix, line=line, column=self.column)


class MacroCallError(Exception):
    """A macro called with a name, period or argument that the data does not have."""


def did_you_mean(name: str, options: Iterable[str], kind: str) -> str:
    """Return a sentence pointing at the nearest valid names, or listing them when none is close."""
    options = sorted(set(options))
    close = difflib.get_close_matches(name, options, n=3, cutoff=0.6)
    if close:
        return "Did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    shown = ", ".join(f"'{o}'" for o in options[:12])
    more = f" and {len(options) - 12} more" if len(options) > 12 else ""
    return f"Known {kind}: {shown}{more}."


def find_call_line(markdown: str, name: str, args: tuple) -> int | None:
    """The first line of a page that calls macro `name` with the same first argument."""
    first = str(args[0]) if args else ""
    for number, line in enumerate(markdown.splitlines(), start=1):
        if f"{name}(" in line and first in line:
            return number
    return None


def describe_call(name: str, args: tuple, kwargs: dict) -> str:
    """The call as the author wrote it: {{ value("revenu", "FY2021") }}."""
    parts = [f'"{a}"' if isinstance(a, str) else repr(a) for a in args]
    parts += [f'{k}="{v}"' if isinstance(v, str) else f"{k}={v!r}" for k, v in kwargs.items()]
    return "{{ " + f"{name}({', '.join(parts)})" + " }}"


def with_call_context(function, name: str, locate):
    """Wrap a macro so that its errors start with the page, the line and the call.

    `locate(name, args)` returns where the call is, e.g. "docs/finances.md:12".
    """

    def macro(*args, **kwargs):
        try:
            return function(*args, **kwargs)
        except MacroCallError as error:
            raise MacroCallError(f"{locate(name, args)}: {describe_call(name, args, kwargs)}: {error}") from None

    macro.__name__ = name
    macro.__doc__ = function.__doc__
    return macro
