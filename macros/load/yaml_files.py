"""Reading the files in data/: text that must be UTF-8, YAML that must be unambiguous (no duplicate
keys) and must fit its schema. Every problem becomes a DataError naming the file, the line and the fix."""

from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml

from macros.core.errors import DataError
from macros.load.schemas import schema_for


def rel_path(path: Path, data_dir: Path) -> str:
    """Paths in messages are relative to the project root (data/...), as a contributor sees them."""
    try:
        return str(path.relative_to(data_dir.parent))
    except ValueError:
        return str(path)


def read_text(path: Path, data_dir: Path) -> str:
    rel = rel_path(path, data_dir)
    if not path.exists():
        raise DataError(rel, "the file is missing.", "restore it from git, or create it.")
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise DataError(
            rel, f"the file is not valid UTF-8 (byte {error.start}).", "save the file with UTF-8 encoding.", line=line
        ) from None
    text = text.removeprefix("\ufeff")  # spreadsheets often add a byte-order mark; it is harmless
    if not text.strip():
        raise DataError(rel, "the file is empty.", "restore its content from git, or delete it.")
    return text


# libyaml's loader, where installed, reads the data files several times faster than the pure-Python one.
_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextDatesLoader(_BASE_LOADER):
    """YAML as written: 2024-03-20 stays the text "2024-03-20" (dates and periods are parsed by the
    loaders, which can say what is wrong with them)."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_yaml(path: Path, data_dir: Path):
    """The parsed document and its node tree (which knows the line of every key), validated against
    the file's schema."""
    rel = rel_path(path, data_dir)
    text = read_text(path, data_dir)
    loader = _TextDatesLoader(text)
    try:
        node = loader.get_single_node()
        _refuse_duplicate_keys(node, rel)
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as error:
        raise _syntax_error(error, rel) from None
    finally:
        loader.dispose()
    validate(data, node, path.name, rel)
    return data, node


def _syntax_error(error: yaml.YAMLError, rel: str) -> DataError:
    mark = getattr(error, "problem_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(error, "problem", None) or str(error)
    # PyYAML often notices a mistake lines after it was made; say where the open structure began.
    context, context_mark = getattr(error, "context", None), getattr(error, "context_mark", None)
    if context and context_mark is not None and context_mark.line + 1 != line:
        problem += f" ({context} that starts on line {context_mark.line + 1})"
    return DataError(
        rel,
        f"YAML syntax error: {problem}.",
        "check indentation and quoting on that line (quote text that contains ':' or '#').",
        line=line,
    )


def _refuse_duplicate_keys(node, rel: str) -> None:
    """YAML keeps the last of two equal keys without a word; here the second one is an error."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[str, int] = {}
        for key, value in node.value:
            line = key.start_mark.line + 1
            if isinstance(key, yaml.ScalarNode):
                if key.value in seen:
                    raise DataError(
                        rel,
                        f"the key '{key.value}' appears twice (first on line {seen[key.value]}).",
                        "keep one of them: YAML would silently use the last.",
                        line=line,
                    )
                seen[key.value] = line
            _refuse_duplicate_keys(value, rel)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            _refuse_duplicate_keys(item, rel)


def node_line(node, path) -> int | None:
    """The line of the element at `path` (keys and list indexes) in a YAML node tree."""
    line = node.start_mark.line + 1 if node is not None else None
    for step in path:
        if isinstance(node, yaml.MappingNode):
            pair = next(((k, v) for k, v in node.value if k.value == str(step)), None)
            if pair is None:
                return line
            line, node = pair[0].start_mark.line + 1, pair[1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
            line = node.start_mark.line + 1
        else:
            return line
    return line


def validate(data, node, file_name: str, rel: str) -> None:
    """Refuse a document that does not fit its schema, naming the first problem in reading order."""
    schema, _ = schema_for(file_name)
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if not errors:
        return
    errors.sort(key=lambda e: (node_line(node, list(e.absolute_path)) or 0, -len(e.absolute_path)))
    error = errors[0]
    path = list(error.absolute_path)
    problem, fix = _explain(error, data, path)
    raise DataError(rel, problem, fix, line=node_line(node, path))


def describe_path(data, path: list) -> str:
    """How a contributor finds the element: source #3 (kc-q1-2025-results), metric 'revenue', chart 'x'."""
    if not path:
        return "the file"
    head, rest = path[0], path[1:]
    if isinstance(head, int):
        item = data[head] if isinstance(data, list) and head < len(data) else None
        ident = item.get("id") or item.get("metric") if isinstance(item, dict) else None
        where = f"entry #{head + 1}" + (f" ({ident})" if ident else "")
        if (isinstance(item, dict) and "url" in item) or (isinstance(item, dict) and "publisher" in item):
            where = f"source #{head + 1}" + (f" ({item.get('id', 'no id')})")
        return where + "".join(f" '{p}'" for p in rest[:1] if rest[1:])
    if head == "metrics" and rest:
        return f"metric '{rest[0]}'"
    if head in ("columns", "categories") and rest:
        return f"{head[:-1] if head == 'columns' else 'category'} '{rest[0]}'"
    if isinstance(data, dict) and isinstance(data.get(head), dict) and "series" in data.get(head, {}):
        return f"chart '{head}'"
    return f"'{head}'"


def _field_and_owner(data, path: list) -> tuple[str, str]:
    """The field at the end of path and the label of the element that holds it."""
    if not path:
        return "", "the file"
    owner = describe_path(data, path[:-1]) if len(path) > 1 else "the file"
    return str(path[-1]), owner


def _explain(error: jsonschema.ValidationError, data, path: list) -> tuple[str, str]:
    keyword, schema = error.validator, error.schema
    fix = schema.get("x-fix", "see the schema's description of this field.")
    label = describe_path(data, path)
    if keyword == "required":
        missing = [name for name in error.validator_value if name not in (error.instance or {})]
        what = _sentence(schema.get("properties", {}).get(missing[0], {}).get("description", ""))
        return f"{label}: field '{missing[0]}' is missing.", f"add '{missing[0]}:' to {label}" + (
            f": {what}" if what else "."
        )
    if keyword == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        unknown = sorted(set(error.instance) - set(allowed))
        return f"{label} has unknown field(s) {', '.join(unknown)}.", f"use only {', '.join(allowed)}."
    if keyword == "type" and path == []:
        shape = {"array": "a list", "object": "a mapping"}
        expected = error.validator_value if isinstance(error.validator_value, str) else error.validator_value[0]
        return f"expected {shape.get(expected, expected)} at the top of the file.", schema.get(
            "x-fix", f"see {schema.get('title', 'the schema')}."
        )
    field, owner = _field_and_owner(data, path)
    value = error.instance
    shown = f"'{value}'" if isinstance(value, str) else repr(value)
    if keyword == "enum":
        return f"{owner}: {field} {shown} is unknown.", fix
    if keyword == "pattern" and field == "":
        return f"{label}: {shown} is not a valid name.", fix
    if keyword == "propertyNames" or (keyword == "pattern" and isinstance(path[-1], str) and value == path[-1]):
        return f"{owner}: name {shown} is not snake_case.", "use lower-case letters, digits and underscores."
    description = _sentence(schema.get("description", ""))
    return f"{owner}: {field} {shown} is not valid" + (f": {description}" if description else "."), fix


def _sentence(text: str) -> str:
    """A schema description as the end of a sentence: lower-case start, one full stop."""
    text = text.strip().rstrip(".")
    return text[:1].lower() + text[1:] + "." if text else ""
