"""Editors help before the build does: the JSON Schemas in data/schemas/ are the loaders' own
declarations (macros/load/schemas.py) written out, every YAML file in data/ names its schema on line 1 and
fits it, the bad-input fixtures that break a schema rule fail the published schema too, and the
datapackage.json of the built site describes its CSV files truthfully (Frictionless Table Schema)."""

from __future__ import annotations

import csv
import json
import math
import re
from pathlib import Path

import jsonschema
import pytest
import yaml

from macros.core.errors import DataError
from macros.load.schemas import PUBLISHED, SCHEMA_DIR, schema_for
from macros.load.yaml_files import read_yaml, validate
from scripts import write_schemas
from tests.conftest import ROOT

DATA = ROOT / "data"
PUBLISHED_DIR = DATA / SCHEMA_DIR
BAD_INPUT = ROOT / "tests" / "fixtures" / "bad_input"
DATA_YAML = sorted(DATA.glob("*.yml"))
FIXTURE_YAML = sorted(p for p in BAD_INPUT.glob("*/*.yml"))
# Fixtures whose mistake is a schema rule, and the rule the published schema must name.
SCHEMA_CASES = {
    "source_without_url": ("sources.yml", "required", "url"),
    "malformed_source_date": ("sources.yml", "pattern", "date"),
    "unknown_unit": ("results.meta.yml", "enum", "unit"),
}


class EditorLoader(yaml.SafeLoader):
    """YAML as an editor's language server reads it (YAML 1.2: 2024-03-20 is text, not a date)."""


EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def published(file_name: str) -> dict:
    """The schema an editor uses for a file in data/: the published copy, read from disk."""
    _, schema_file = schema_for(file_name)
    return json.loads((PUBLISHED_DIR / schema_file).read_text(encoding="utf-8"))


def editor_errors(path: Path) -> list[jsonschema.ValidationError]:
    document = yaml.load(path.read_text(encoding="utf-8"), Loader=EditorLoader)  # a SafeLoader
    return sorted(jsonschema.Draft202012Validator(published(path.name)).iter_errors(document), key=str)


# --- (a) one definition, published ------------------------------------------------------------------


def test_the_published_schemas_are_the_declared_ones():
    assert write_schemas.problems() == [], "run 'make schemas' and commit data/schemas/"
    for file_name, text in write_schemas.rendered().items():
        assert (PUBLISHED_DIR / file_name).read_text(encoding="utf-8") == text


def test_every_declared_schema_is_published_and_valid():
    names = {file_name for _, file_name in PUBLISHED.values()}
    assert {p.name for p in PUBLISHED_DIR.glob("*.json")} == names
    for name in names:
        schema = json.loads((PUBLISHED_DIR / name).read_text(encoding="utf-8"))
        jsonschema.Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_check_mode_names_each_stale_file_and_fails(tmp_path, capsys):
    assert write_schemas.main(["--dir", str(tmp_path)]) == 0
    assert write_schemas.main(["--check", "--dir", str(tmp_path)]) == 0
    first, second, *_ = sorted(tmp_path.glob("*.schema.json"))
    first.write_text(first.read_text(encoding="utf-8").replace('"title"', '"titel"', 1), encoding="utf-8")
    second.unlink()
    (tmp_path / "retired.schema.json").write_text("{}\n", encoding="utf-8")
    capsys.readouterr()
    assert write_schemas.main(["--check", "--dir", str(tmp_path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 3
    assert any(first.name in line and "differs" in line for line in lines)
    assert any(second.name in line and "missing" in line for line in lines)
    assert any("retired.schema.json" in line for line in lines)
    assert all(line.endswith("Fix: run 'make schemas' and commit data/schemas/.") for line in lines)
    assert write_schemas.main(["--dir", str(tmp_path)]) == 0
    assert write_schemas.problems(tmp_path) == []
    assert not (tmp_path / "retired.schema.json").exists()


def test_the_loaders_read_no_file_of_data_schemas(tmp_path):
    """The schemas sit in data/schemas/; the loaders glob data/*.csv and data/*.meta.yml only."""
    from macros.check.checked_catalog import load_catalog

    assert PUBLISHED_DIR.is_dir()
    catalog = load_catalog(DATA)
    assert not any("schemas" in ds.path for ds in catalog.datasets.values())
    assert not list(PUBLISHED_DIR.glob("*.csv")) and not list(PUBLISHED_DIR.glob("*.yml"))


# --- (b) the real files -----------------------------------------------------------------------------


def test_every_yaml_file_in_data_has_a_schema():
    assert DATA_YAML
    for path in DATA_YAML:
        schema_for(path.name)  # KeyError: a new YAML file needs a schema in macros/load/schemas.py


@pytest.mark.parametrize("path", DATA_YAML, ids=lambda p: p.name)
def test_each_yaml_file_names_its_schema_on_line_1(path):
    _, schema_file = schema_for(path.name)
    first_line = path.read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema={SCHEMA_DIR}/{schema_file}"
    assert (path.parent / SCHEMA_DIR / schema_file).is_file()


@pytest.mark.parametrize("path", DATA_YAML, ids=lambda p: p.name)
def test_each_yaml_file_fits_its_published_schema(path):
    assert [e.message for e in editor_errors(path)] == []


# --- (c) the bad-input fixtures ---------------------------------------------------------------------


@pytest.mark.parametrize("case", sorted(SCHEMA_CASES))
def test_fixtures_that_break_a_schema_rule_fail_the_published_schema(case):
    file_name, keyword, field = SCHEMA_CASES[case]
    errors = editor_errors(BAD_INPUT / case / file_name)
    assert errors, f"{case}/{file_name} passes the published schema"
    assert any(e.validator == keyword and (field in e.absolute_path or field in str(e.message)) for e in errors), [
        e.message for e in errors
    ]


@pytest.mark.parametrize("path", FIXTURE_YAML, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_the_published_schema_and_the_loader_agree_on_every_fixture(path):
    """Whatever a fixture YAML file breaks, an editor with the published schema and the loader's schema
    check give the same verdict; a file that is not YAML at all is refused by both."""
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text, Loader=EditorLoader)
        document = yaml.load(text, Loader=EditorLoader)  # a SafeLoader
    except yaml.YAMLError:
        with pytest.raises(DataError, match="YAML syntax error"):
            read_yaml(path, path.parent)
        return
    try:
        validate(document, node, path.name, f"data/{path.name}")
        loader_refuses = False
    except DataError:
        loader_refuses = True
    assert bool(editor_errors(path)) == loader_refuses


# --- (d) datapackage.json ---------------------------------------------------------------------------

# The parts of the Frictionless Data Package and Table Schema (v1) specifications the package uses.
FIELD_TYPES = [
    "string", "number", "integer", "boolean", "object", "array", "date", "time", "datetime", "year",
    "yearmonth", "duration", "geopoint", "geojson", "any",
]  # fmt: skip
TABULAR_DATA_PACKAGE = {
    "type": "object",
    "required": ["name", "resources"],
    "properties": {
        "profile": {"const": "tabular-data-package"},
        "name": {"type": "string", "pattern": r"^[a-z0-9._/-]+$"},
        "title": {"type": "string"},
        "description": {"type": "string"},
        "resources": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["name", "path", "profile", "schema"],
                "properties": {
                    "name": {"type": "string", "pattern": r"^[a-z0-9._/-]+$"},
                    "path": {"type": "string", "pattern": r"^(?!/)(?!.*\.\.)\S+\.csv$"},
                    "profile": {"const": "tabular-data-resource"},
                    "format": {"const": "csv"},
                    "mediatype": {"const": "text/csv"},
                    "encoding": {"const": "utf-8"},
                    "schema": {
                        "type": "object",
                        "required": ["fields"],
                        "properties": {
                            "fields": {
                                "type": "array",
                                "minItems": 1,
                                "items": {
                                    "type": "object",
                                    "required": ["name", "type"],
                                    "properties": {
                                        "name": {"type": "string", "minLength": 1},
                                        "type": {"enum": FIELD_TYPES},
                                        "description": {"type": "string"},
                                        "constraints": {
                                            "type": "object",
                                            "additionalProperties": False,
                                            "properties": {
                                                "required": {"type": "boolean"},
                                                "unique": {"type": "boolean"},
                                                "pattern": {"type": "string"},
                                                "enum": {"type": "array", "minItems": 1},
                                                "minimum": {},
                                                "maximum": {},
                                                "minLength": {"type": "integer"},
                                                "maxLength": {"type": "integer"},
                                            },
                                        },
                                    },
                                },
                            },
                            "primaryKey": {"type": "array", "items": {"type": "string"}, "minItems": 1},
                            "missingValues": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
            },
        },
    },
}
NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@pytest.fixture(scope="module")
def package(built_site) -> tuple[dict, Path]:
    downloads = built_site / "downloads"
    return json.loads((downloads / "datapackage.json").read_text(encoding="utf-8")), downloads


def test_the_data_package_fits_the_tabular_data_package_profile(package):
    descriptor, _ = package
    jsonschema.validate(descriptor, TABULAR_DATA_PACKAGE)
    names = [r["name"] for r in descriptor["resources"]]
    assert len(names) == len(set(names))


def test_the_data_package_describes_every_csv_of_the_data_page(package, built_site):
    descriptor, downloads = package
    described = {r["path"] for r in descriptor["resources"]}
    assert described == {p.name for p in downloads.glob("*.csv")}
    assert 'href="../downloads/datapackage.json"' in (built_site / "data" / "index.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("edition", ["", "zh"])
def test_the_standards_own_validator_accepts_the_package_and_every_row_of_each_edition(built_site, edition):
    """What a data tool does first with the package: `frictionless validate downloads/datapackage.json`.
    Its sources are objects with a title and a path, as the standard asks (with the source id, an extra
    property, that each row's `source` column names), and every row fits its resource's schema."""
    from frictionless import Package, validate

    path = built_site / edition / "downloads" / "datapackage.json"
    report = validate(str(path))
    problems = report.flatten(["type", "note"]) if not report.valid else []
    assert report.valid, problems[:10]
    package = Package(str(path))
    resources = {r.name: r for r in package.resources}
    ids = {s["id"] for r in json.loads(path.read_text(encoding="utf-8"))["resources"] for s in r["sources"]}
    for name, resource in resources.items():
        for row in resource.read_rows():
            if name != "events":
                assert row["source"] is None or set(row["source"].split()) <= ids, (name, row["source"])


def table(downloads: Path, resource: dict) -> tuple[list[str], list[dict[str, str]]]:
    with (downloads / resource["path"]).open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def test_every_resource_table_fits_its_table_schema(package):
    descriptor, downloads = package
    for resource in descriptor["resources"]:
        name, schema = resource["name"], resource["schema"]
        assert (downloads / resource["path"]).is_file(), f"{name}: {resource['path']} is not in site/downloads"
        header, rows = table(downloads, resource)
        assert header == [f["name"] for f in schema["fields"]], name
        assert rows, name
        missing = set(schema.get("missingValues", [""]))
        for field in schema["fields"]:
            constraints = field.get("constraints", {})
            for number, row in enumerate(rows, start=2):
                cell = row[field["name"]]
                where = f"{resource['path']}:{number} ({field['name']})"
                if cell in missing:
                    assert not constraints.get("required"), f"{where}: a required cell is empty"
                    continue
                if field["type"] == "number":
                    assert NUMBER.match(cell) and math.isfinite(float(cell)), f"{where}: {cell!r} is not a number"
                if "enum" in constraints:
                    assert cell in constraints["enum"], f"{where}: {cell!r} is not one of the enum"
                if "pattern" in constraints:
                    assert re.fullmatch(constraints["pattern"], cell), f"{where}: {cell!r} does not fit the pattern"
        key = schema.get("primaryKey")
        if key:
            assert set(key) <= set(header), name
            keys = [tuple(row[k] for k in key) for row in rows]
            duplicates = sorted({k for k in keys if keys.count(k) > 1})
            assert not duplicates, f"{name}: primary key {key} repeats {duplicates[:3]}"
