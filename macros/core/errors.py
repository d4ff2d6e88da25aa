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

    @classmethod
    def at(cls, where: str, problem: str, fix: str) -> DataError:
        """The error at a place written 'data/file.yml:12', as loaded records keep it."""
        path, _, line = where.rpartition(":")
        return cls(path, problem, fix, line=int(line))


class MacroCallError(Exception):
    """A macro called with a name, period or argument that the data does not have. The page and line
    are added by whoever knows them (page_calls.py)."""

    def __init__(self, problem: str, fix: str = ""):
        self.problem = problem.strip()
        self.fix = fix.strip()
        super().__init__(self.problem + (f" Fix: {self.fix}" if self.fix else ""))


def did_you_mean(name: str, options: Iterable[str], kind: str) -> str:
    """Return a sentence pointing at the nearest valid names, or listing them when none is close."""
    options = sorted(set(options))
    close = difflib.get_close_matches(str(name), options, n=3, cutoff=0.6)
    if close:
        return "Did you mean " + " or ".join(f"'{c}'" for c in close) + "?"
    shown = ", ".join(f"'{o}'" for o in options[:12])
    more = f" and {len(options) - 12} more" if len(options) > 12 else ""
    return f"Known {kind}: {shown}{more}."
