"""The pull-request summary lists every data value that changed against the base branch, with the
pages that show it."""

import shutil
import subprocess

import pytest

from scripts.data_changes import main
from tests.conftest import ROOT
from tests.helpers import replace_in

GIT = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false"]


@pytest.fixture
def repo(tmp_path):
    """A throwaway git repository holding a copy of data/, committed once."""
    shutil.copytree(ROOT / "data", tmp_path / "data")
    subprocess.run([*GIT, "init", "-q"], cwd=tmp_path, check=True)
    subprocess.run([*GIT, "add", "data"], cwd=tmp_path, check=True)
    subprocess.run([*GIT, "commit", "-q", "-m", "base"], cwd=tmp_path, check=True)
    return tmp_path


def summary(repo, capsys, *extra) -> str:
    assert main(["HEAD", "--repo", str(repo), *extra]) == 0
    return capsys.readouterr().out


def test_no_change_says_so(repo, capsys):
    assert "No data value changes against the base branch." in summary(repo, capsys)


def test_changed_added_and_removed_values_are_listed_with_their_pages(repo, capsys, built_site):
    csv = repo / "data" / "financials.csv"
    replace_in(csv, "revenue,FY2025,9559,", "revenue,FY2025,9558.6,")
    replace_in(csv, "net_loss,Q1 2025,316.1,kc-q1-2025-results,reported,,,\n", "")
    with csv.open("a", encoding="utf-8") as f:
        f.write("revenue,Q1 2026,2703.7,kc-q4-2025-results,reported,\n")
    text = summary(repo, capsys, "--site", str(built_site))
    assert "3 value(s) differ from the base branch." in text
    assert "| revenue | FY2025 | 9559 | 9558.6 | stockanalysis-k2cg34-2026-06 | /, /competition, /finances |" in text
    assert "| net_loss | Q1 2025 | 316.1 | removed | kc-q1-2025-results |" in text
    assert "| revenue | Q1 2026 | – | 2703.7 | kc-q4-2025-results | /, /competition, /finances |" in text
