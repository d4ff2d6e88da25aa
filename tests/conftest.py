"""Shared fixtures: the real catalog, a strict build of the real site, and miniature sites to break."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MKDOCS = [sys.executable, "-m", "mkdocs"]
# Fixed build date, so two builds of the same input can be compared byte for byte. Copies of the
# project share the project's chart-image cache, so an unchanged chart is rendered once per machine.
BUILD_ENV = {
    **os.environ,
    "NO_MKDOCS_2_WARNING": "1",
    "SOURCE_DATE_EPOCH": "1767225600",
    "KC_CHART_IMAGE_CACHE": os.environ.get("KC_CHART_IMAGE_CACHE", str(ROOT / ".cache" / "chart-images")),
}


# Test tiers: a test that needs one of these fixtures is marked `build` (it waits for a full MkDocs
# build) or `browser` (it drives a real Chromium); `make quick` runs the rest.
BUILD_FIXTURES = {"built_site", "next_quarter_site", "content_site", "served_site", "mini_site"}
BROWSER_FIXTURES = {"browser", "browser_executable"}


def pytest_collection_modifyitems(items):
    """Mark each test by the tier its fixtures put it in, so no test has to remember its marker."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & BROWSER_FIXTURES:
            item.add_marker(pytest.mark.browser)
        if used & BUILD_FIXTURES or item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.build)


def run_build(project: Path, site_dir: Path, **env: str) -> subprocess.CompletedProcess:
    """Run a strict MkDocs build of `project` into `site_dir` (with any extra environment variables)."""
    return subprocess.run(
        [*MKDOCS, "build", "--strict", "--clean", "--site-dir", str(site_dir)],
        cwd=project,
        env={**BUILD_ENV, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site, built strictly once per test session."""
    site = tmp_path_factory.mktemp("site")
    result = run_build(ROOT, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site


@pytest.fixture(scope="session")
def next_quarter_site(tmp_path_factory):
    """The real site built from a copy of the project with a synthetic next quarter appended to its
    data (tests/next_quarter.py), and that data's catalog: what the site looks like after the next
    release, with nothing but data rows added."""
    from macros.check.checked_catalog import load_catalog
    from tests.next_quarter import add_next_quarter

    project = tmp_path_factory.mktemp("next-quarter-project")
    for folder in ("docs", "macros", "data", "overrides"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, project / folder, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    quarter = add_next_quarter(project / "data")
    site = tmp_path_factory.mktemp("next-quarter-site")
    result = run_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    return site, load_catalog(project / "data"), quarter


@pytest.fixture(scope="session", params=["real data", "with the next quarter"])
def content_site(request, built_site, catalog):
    """The built site and the catalog it was built from: the real data, then the same data with a
    synthetic next quarter; content rules must hold for both."""
    if request.param == "real data":
        return built_site, catalog
    site, next_catalog, _ = request.getfixturevalue("next_quarter_site")
    return site, next_catalog


@pytest.fixture(scope="session")
def catalog():
    from macros.check.checked_catalog import load_catalog

    return load_catalog(ROOT / "data")


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/, for tests that break one file at a time."""
    target = tmp_path / "data"
    shutil.copytree(ROOT / "data", target)
    return target


@pytest.fixture
def mini_site(tmp_path):
    """Make a miniature project (the real mkdocs.yml, macros, theme overrides and data) with the given
    pages and build it. Its charts get no static images: these sites test pages and data, and the real
    site's build (built_site) is the one that must make every image."""

    builds = iter(range(1000))

    def build(pages: dict[str, str] | None, data_edit=None) -> tuple[subprocess.CompletedProcess, Path]:
        """pages=None builds the real pages; otherwise only the given ones (and no page tree)."""
        number = next(builds)
        project = tmp_path / f"project{number}"
        shutil.copytree(ROOT / "macros", project / "macros", ignore=shutil.ignore_patterns("__pycache__"))
        shutil.copytree(ROOT / "data", project / "data")
        shutil.copytree(ROOT / "overrides", project / "overrides")
        config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
        if pages is None:
            shutil.copytree(ROOT / "docs", project / "docs")
            (project / "mkdocs.yml").write_text(config, encoding="utf-8")
        else:
            shutil.copytree(ROOT / "docs" / "assets", project / "docs" / "assets")
            (project / "mkdocs.yml").write_text(config.split("\n# Page tree")[0] + "\n", encoding="utf-8")
            for name, text in pages.items():
                (project / "docs" / name).write_text(text, encoding="utf-8")
        if data_edit:
            data_edit(project / "data")
        site = tmp_path / f"site{number}"
        # A miniature site with pages of its own has no Chinese twins: its English edition alone is built.
        extra = {"KC_CHINESE_EDITION": "false"} if pages is not None else {}
        return run_build(project, site, KC_CHART_IMAGES="off", **extra), site

    return build


@pytest.fixture(scope="session")
def browser_executable() -> str:
    from macros.charts.images import find_browser

    path = find_browser()
    if path is None:
        message = "no Chromium or Chrome found: install Debian's chromium or set CHROME_PATH"
        if os.environ.get("REQUIRE_BROWSER"):
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def served_site(tmp_path_factory):
    """The real site built for, and served at, a loopback address (so its absolute links and sitemap resolve)."""
    from tests.browser import StaticServer, free_port

    port = free_port()
    site = tmp_path_factory.mktemp("served")
    result = run_build(ROOT, site, SITE_URL=f"http://127.0.0.1:{port}/")
    assert result.returncode == 0, result.stdout + result.stderr
    with StaticServer(site, port) as server:
        yield server


@pytest.fixture(scope="session")
def browser(browser_executable):
    from playwright.sync_api import sync_playwright

    from tests.browser import BROWSER_ARGS

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=browser_executable, args=BROWSER_ARGS)
        yield launched
        launched.close()
