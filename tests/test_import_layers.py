"""macros/ is one subpackage per stage of the data path, and imports run one way, down the path:
a stage may use the stages before it, never one after it. Without this guard the layers blur back
into one flat package within a few changes (the README's layout section describes these stages)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.conftest import ROOT

MACROS = ROOT / "macros"
# The stages in the order data flows through them; the README's layout section lists the same.
STAGES = ("core", "load", "compute", "check", "charts", "pages", "site")


def stage_of(module: str) -> str | None:
    """The stage a dotted module name belongs to (macros.load.sources -> load), or None outside them."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[0] == "macros" and parts[1] in STAGES else None


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(path: Path) -> list[tuple[int, str]]:
    """Every module a file imports, at any depth of the file (imports inside functions count too),
    with relative imports resolved against the file's package."""
    package = module_name(path) if path.name == "__init__.py" else module_name(path).rpartition(".")[0]
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            found.append((node.lineno, base))
            # `from macros import charts` imports the subpackage charts itself.
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names if stage_of(f"{base}.{alias.name}")]
    return found


def upward_imports(macros_dir: Path) -> list[str]:
    """One line per import of a later stage by an earlier one: file, line, the import and its stages."""
    problems = []
    for path in sorted(macros_dir.rglob("*.py")):
        own = stage_of(module_name(path))
        if own is None:
            continue  # macros/__init__.py registers everything and may import every stage
        reported: set[int] = set()
        for line, target in imported_modules(path):
            theirs = stage_of(target)
            if theirs and STAGES.index(theirs) > STAGES.index(own) and line not in reported:
                reported.add(line)
                problems.append(
                    f"{path.relative_to(ROOT)}:{line}: '{own}' imports {target} from the later stage '{theirs}'. "
                    f"Fix: move what is shared down to '{own}' or an earlier stage, or the importing code up."
                )
    return problems


def test_every_module_of_macros_belongs_to_a_stage():
    outside = [
        str(p.relative_to(ROOT))
        for p in MACROS.rglob("*.py")
        if stage_of(module_name(p)) is None and p != MACROS / "__init__.py"
    ]
    assert outside == [], f"modules outside the stage subpackages {STAGES}: {outside}"
    assert sorted(p.name for p in MACROS.iterdir() if p.is_dir() and p.name != "__pycache__") == sorted(STAGES)


def test_imports_run_down_the_data_path():
    problems = upward_imports(MACROS)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize(
    "code",
    ["from macros.pages.render import Renderer\n", "from ..pages import render\n", "import macros.site.assets\n"],
)
def test_an_upward_import_is_named_with_its_file_and_line(tmp_path, monkeypatch, code):
    """Negative control: a core module that imports a page module is reported, in each spelling."""
    fake_root = tmp_path
    core = fake_root / "macros" / "core"
    core.mkdir(parents=True)
    (fake_root / "macros" / "__init__.py").write_text("")
    (core / "__init__.py").write_text("")
    (core / "numbers.py").write_text('"""Numbers."""\n\n' + code)
    monkeypatch.setattr(__import__(__name__, fromlist=["ROOT"]), "ROOT", fake_root)
    problems = upward_imports(fake_root / "macros")
    assert len(problems) == 1
    assert problems[0].startswith("macros/core/numbers.py:3: 'core' imports macros.")
    assert "from the later stage" in problems[0] and "Fix:" in problems[0]
