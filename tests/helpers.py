"""Small helpers shared by tests that edit a copy of data/."""

from pathlib import Path


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace the first occurrence of old in a file; fail loudly if the fixture text has moved."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def line_of(path: Path, fragment: str) -> int:
    """The 1-based number of the first line containing fragment."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if fragment in line:
            return number
    raise AssertionError(f"{fragment!r} not found in {path}")
