"""The GitHub workflows, checked offline: valid against GitHub's schema, no high-severity finding
from zizmor, and the deploy workflow shaped so that a failed build never replaces the live site."""

import json
import re
import subprocess
import sys
from pathlib import Path

import yaml

from tests.conftest import ROOT

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
BIN = Path(sys.executable).parent
PINNED = re.compile(r"^[\w.-]+/[\w.-]+@[0-9a-f]{40}$")


def load(name: str) -> dict:
    # PyYAML reads the key "on" as True; look it up under both spellings.
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def steps_using(workflow: dict) -> list[tuple[str, dict]]:
    return [
        (job_name, step)
        for job_name, job in workflow["jobs"].items()
        for step in job.get("steps", [])
        if "uses" in step
    ]


def test_workflows_and_dependabot_match_githubs_schemas():
    for schema, files in (
        ("vendor.github-workflows", WORKFLOWS),
        ("vendor.dependabot", [ROOT / ".github" / "dependabot.yml"]),
    ):
        result = subprocess.run(
            [BIN / "check-jsonschema", "--builtin-schema", schema, *map(str, files)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing_of_high_severity():
    result = subprocess.run(
        [BIN / "zizmor", "--offline", "--format", "json", str(ROOT / ".github" / "workflows")],
        capture_output=True,
        text=True,
    )
    findings = json.loads(result.stdout)
    high = [f for f in findings if f["determinations"]["severity"] == "High"]
    assert high == [], json.dumps(high, indent=1)


def test_every_action_is_pinned_to_a_commit_with_its_version_noted():
    for path in WORKFLOWS:
        text = path.read_text(encoding="utf-8")
        for line in (raw for raw in text.splitlines() if "uses:" in raw):
            reference = line.split("uses:", 1)[1].split("#")[0].strip()
            assert PINNED.match(reference), f"{path.name}: {line.strip()}"
            assert re.search(r"# v\d+\.\d+\.\d+$", line), f"{path.name}: say which version the SHA is: {line.strip()}"


def test_deploy_builds_strictly_then_deploys_with_least_privilege():
    deploy = load("deploy.yml")
    triggers = deploy.get("on", deploy.get(True))
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert deploy["permissions"] == {}
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    build, publish = deploy["jobs"]["build"], deploy["jobs"]["deploy"]
    assert build["permissions"] == {"contents": "read", "pages": "read"}
    assert publish["permissions"] == {"pages": "write", "id-token": "write"}
    assert publish["needs"] == "build"
    assert publish["environment"]["name"] == "github-pages"
    uses = [step["uses"].split("@")[0] for _, step in steps_using(deploy)]
    assert uses == [
        "actions/checkout",
        "actions/setup-python",
        "actions/configure-pages",
        "actions/upload-pages-artifact",
        "actions/deploy-pages",
    ]
    runs = [step.get("run", "") for step in build["steps"]]
    assert "make build" in runs
    # The address comes from the Pages configuration, so forks publish at their own address.
    build_step = next(step for step in build["steps"] if step.get("run") == "make build")
    assert build_step["env"]["SITE_URL"] == "${{ steps.pages.outputs.base_url }}/"


def test_checks_run_lint_tests_build_and_publish_the_site_and_data_summary():
    checks = load("checks.yml")
    triggers = checks.get("on", checks.get(True))
    assert "pull_request" in triggers and "push" in triggers
    assert checks["permissions"] == {"contents": "read"}
    steps = checks["jobs"]["checks"]["steps"]
    runs = " ".join(step.get("run", "") for step in steps)
    for command in ("make check", "make test", "make build", "scripts/data_changes.py", "GITHUB_STEP_SUMMARY"):
        assert command in runs
    setup = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    assert any(step.get("uses", "").startswith("actions/upload-artifact@") for step in steps)
