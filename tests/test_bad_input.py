"""Bad input is refused with one message that names the file (and line) and the fix.

Each case is a folder in tests/fixtures/bad_input/: the files that replace the tiny base dataset's,
and expected.txt, the exact message. The Contributing page shows every one of these messages, and
the last tests keep the page and the behaviour in step."""

import shutil
from pathlib import Path

import pytest

from macros.check.checked_catalog import load_catalog
from macros.check.consistency import InconsistentData, verify
from macros.check.freshness import stale_message
from macros.core.errors import DataError
from macros.core.typed_figures import find_typed_figures
from tests.conftest import ROOT
from tests.page_errors import page_error

FIXTURES = ROOT / "tests" / "fixtures" / "bad_input"
CASES = sorted(p.name for p in FIXTURES.iterdir() if p.is_dir() and p.name != "base")
CONTRIBUTING = ROOT / "docs" / "contributing.md"


def refusal(case: str, tmp_path: Path) -> str:
    """Lay the case's files over the base dataset, load and cross-check it, and return the message."""
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", data)
    for file in (FIXTURES / case).iterdir():
        if file.name != "expected.txt":
            shutil.copy(file, data / file.name)
    with pytest.raises((DataError, InconsistentData)) as caught:
        verify(load_catalog(data))
    return str(caught.value)


def expected(case: str) -> str:
    return (FIXTURES / case / "expected.txt").read_text(encoding="utf-8").rstrip("\n")


def test_the_base_fixture_is_valid(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(FIXTURES / "base", data)
    verify(load_catalog(data))


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_refused_with_its_message(case, tmp_path):
    assert refusal(case, tmp_path) == expected(case)


@pytest.mark.parametrize("case", CASES)
def test_every_message_names_a_file_and_a_fix(case):
    message = expected(case)
    assert "data/" in message
    assert "Fix: " in message


@pytest.mark.parametrize("case", CASES)
def test_the_contributing_page_shows_every_message(case):
    page = CONTRIBUTING.read_text(encoding="utf-8")
    assert expected(case) in page, f"docs/contributing.md does not show the message of case '{case}'"


def page_messages() -> dict[str, str]:
    """The page-level messages the Contributing page shows, produced by the code that prints them."""
    messages = {
        "unknown metric": page_error('{{ value("revenu", "FY2021") }}'),
        "unknown period": page_error('{{ value("revenue", "FY2016") }}'),
        "missing argument": page_error('{{ value("revenue") }}'),
        "unquoted argument": page_error('{{ value(revenue, "FY2021") }}'),
        "unknown macro": page_error('{{ valu("revenue", "FY2021") }}'),
    }
    typed = find_typed_figures("\n" * 13 + "Revenue grew 37.8% in 2021.")
    messages["typed figure"] = typed[0].message("docs/finances.md")
    messages["stale key figure"] = stale_message(
        "docs/index.md", ["'revenue' is shown up to Q4 2030, but the data has Q1 2031"]
    )
    return messages


def test_the_contributing_page_shows_every_page_message():
    page = CONTRIBUTING.read_text(encoding="utf-8")
    missing = {case: message for case, message in page_messages().items() if message not in page}
    assert missing == {}
