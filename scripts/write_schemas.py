"""Publish the JSON Schemas of the YAML files in data/ to data/schemas/, where each file's first line
points its editor (`# yaml-language-server: $schema=schemas/NAME.schema.json`).

Usage: python scripts/write_schemas.py [--check]

The schemas are declared once, in macros/load/schemas.py, and the loaders validate against those same
declarations; the files written here are a copy for editors. `make schemas` writes them; `--check`
(run by `make check`) writes nothing and prints one line per file that is missing, out of date or
left over, exiting non-zero if there is any."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from macros.load.schemas import PUBLISHED, SCHEMA_DIR  # noqa: E402

TARGET = ROOT / "data" / SCHEMA_DIR
FIX = "Fix: run 'make schemas' and commit data/schemas/."


def rendered() -> dict[str, str]:
    """Each published schema's file name and its text: indented, keys in declaration order, a final newline."""
    texts: dict[str, str] = {}
    for schema, file_name in PUBLISHED.values():
        texts[file_name] = json.dumps(schema, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
    return texts


def problems(target: Path = TARGET) -> list[str]:
    """One line per schema file in target that is missing, differs from its declaration, or is left over."""
    shown = _shown(target)
    found = []
    for file_name, text in rendered().items():
        path = target / file_name
        if not path.exists():
            found.append(f"{shown}/{file_name} is missing. {FIX}")
        elif path.read_text(encoding="utf-8") != text:
            found.append(f"{shown}/{file_name} differs from macros/load/schemas.py. {FIX}")
    for path in _left_over(target):
        found.append(f"{shown}/{path.name} is no longer declared in macros/load/schemas.py. {FIX}")
    return found


def write(target: Path = TARGET) -> list[str]:
    """Write every schema whose file differs, delete schema files no longer declared; return what changed."""
    target.mkdir(parents=True, exist_ok=True)
    shown = _shown(target)
    changed = []
    for file_name, text in rendered().items():
        path = target / file_name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(f"wrote {shown}/{file_name}")
    for path in _left_over(target):
        path.unlink()
        changed.append(f"deleted {shown}/{path.name}")
    return changed


def _left_over(target: Path) -> list[Path]:
    if not target.is_dir():
        return []
    declared = set(rendered())
    return sorted(p for p in target.glob("*.schema.json") if p.name not in declared)


def _shown(target: Path) -> str:
    try:
        return str(target.resolve().relative_to(ROOT))
    except ValueError:
        return str(target)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; list stale files and fail if any")
    parser.add_argument("--dir", type=Path, default=TARGET, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.check:
        found = problems(args.dir)
        for line in found:
            print(line)
        return 1 if found else 0
    for line in write(args.dir):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
