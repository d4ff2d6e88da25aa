"""Dependencies are pinned and kept apart: what building and serving the site needs (requirements.txt)
from the tools that test, lint and measure it (requirements-dev.txt). A reader's `make serve` then
installs nothing it does not use, and a build is reproducible from the pins alone."""

from __future__ import annotations

import ast
import re

from tests.conftest import ROOT

# Distributions only the development set may bring, by the module name code imports them with.
DEV_ONLY = {
    "pandas",
    "plotly",
    "pytest",
    "hypothesis",
    "playwright",
    "axe_playwright_python",
    "ruff",
    "numpy",
    "openpyxl",
}
PIN = re.compile(r"^[A-Za-z0-9_.\-\[\]]+==[^=\s]+$")


def requirement_lines(name: str) -> list[str]:
    text = (ROOT / name).read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def pinned(name: str) -> dict[str, str]:
    return {line.split("==")[0].lower(): line for line in requirement_lines(name) if "==" in line}


def test_both_sets_are_fully_pinned():
    for name in ("requirements.txt", "requirements-dev.txt"):
        loose = [line for line in requirement_lines(name) if not PIN.match(line) and line != "-r requirements.txt"]
        assert loose == [], f"{name}: every line must pin one version (name==version): {loose}"


def test_the_development_set_adds_to_the_runtime_set_without_repeating_it():
    dev = requirement_lines("requirements-dev.txt")
    assert dev[0] == "-r requirements.txt"
    assert set(pinned("requirements.txt")) & set(pinned("requirements-dev.txt")) == set()


def test_the_runtime_set_holds_no_test_lint_or_benchmark_tool():
    runtime = set(pinned("requirements.txt"))
    assert {"mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "kaleido"} <= runtime
    assert {"pytest", "ruff", "playwright", "pandas", "plotly", "hypothesis"}.isdisjoint(runtime)


def test_the_build_imports_nothing_from_the_development_set():
    """Every import in macros/ (the build's code) is the standard library, the runtime set or macros itself."""
    found = []
    for path in sorted((ROOT / "macros").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            found += [f"{path.relative_to(ROOT)}:{node.lineno}: {n}" for n in names if n.split(".")[0] in DEV_ONLY]
    assert found == [], "the build may only use the runtime set (requirements.in):\n" + "\n".join(found)


def test_serve_and_build_install_only_the_runtime_set():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("serve", "build"):
        prerequisites = re.search(rf"^{target}: (.*?) ##", makefile, re.M).group(1).split()
        assert prerequisites == ["$(STAMP)"], target
    assert re.search(r"^\$\(STAMP\): requirements\.txt$", makefile, re.M)
    for target in ("test", "quick", "check"):
        assert re.search(rf"^{target}: \$\(DEV_STAMP\) ##", makefile, re.M), target
