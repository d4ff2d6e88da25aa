"""The three registers beside the datasets: accepted disagreements (data/disagreements.yml), values
derived from other periods (data/derived.yml) and values no document gives (data/gaps.yml)."""

from __future__ import annotations

from pathlib import Path

from macros.core.errors import DataError, did_you_mean
from macros.core.model import (
    ConsistencyException,
    Derivation,
    Fact,
    Gap,
    GlossaryTerm,
    Metric,
    Search,
    Source,
    TermEntry,
)
from macros.core.periods import PERIOD_FIX, Period, parse_period
from macros.core.typed_figures import find_typed_figures
from macros.load.yaml_files import read_yaml, rel_path

EXCEPTIONS_FILE = "disagreements.yml"
DERIVED_FILE = "derived.yml"
GAPS_FILE = "gaps.yml"
SEARCHES_FILE = "searches.yml"
FACTS_FILE = "facts.yml"
GLOSSARY_FILE = "glossary.yml"
TERMBASE_FILE = "termbase.yml"


def _entries(data_dir: Path, file_name: str) -> tuple[str, list[tuple[int, dict]]]:
    path = data_dir / file_name
    if not path.exists():
        return rel_path(path, data_dir), []
    entries, node = read_yaml(path, data_dir)
    lines = [item.start_mark.line + 1 for item in node.value] if entries else []
    return rel_path(path, data_dir), list(zip(lines, entries or [], strict=True))


def _known_metric(entry: dict, metrics: dict[str, Metric], rel: str, line: int, fix: str) -> str:
    if entry["metric"] not in metrics:
        raise DataError(
            rel,
            f"unknown metric '{entry['metric']}'. {did_you_mean(entry['metric'], metrics, 'metrics')}",
            fix,
            line=line,
        )
    return entry["metric"]


def period_at(text: str, rel: str, line: int, column: str | None = None) -> Period:
    """A register entry's period, or the located error that says how to write one."""
    try:
        return parse_period(text)
    except ValueError as error:
        raise DataError(rel, str(error), PERIOD_FIX, line=line, column=column) from None


DECLARED_METRIC_FIX = "name a metric declared in a .meta.yml."


def _named(entry: dict, metrics: dict[str, Metric], rel: str, line: int, fix: str = DECLARED_METRIC_FIX) -> dict:
    """What every register entry names, checked: its metric and the place it is written."""
    return {"metric": _known_metric(entry, metrics, rel, line, fix), "where": f"{rel}:{line}"}


def load_exceptions(data_dir: Path, metrics: dict[str, Metric]) -> tuple[ConsistencyException, ...]:
    rel, entries = _entries(data_dir, EXCEPTIONS_FILE)
    fix = "copy the metric from the build's error message."
    return tuple(
        ConsistencyException(
            e["check"],
            period=period_at(e["period"], rel, n).label,
            reason=e["reason"].strip(),
            chinese=e.get("zh") or {},
            **_named(e, metrics, rel, n, fix),
        )
        for n, e in entries
    )


def load_derivations(data_dir: Path, metrics: dict[str, Metric]) -> tuple[Derivation, ...]:
    rel, entries = _entries(data_dir, DERIVED_FILE)
    return tuple(
        Derivation(
            period=period_at(e["period"], rel, n),
            formula=e["formula"].strip(),
            reason=e["reason"].strip(),
            chinese=e.get("zh") or {},
            **_named(e, metrics, rel, n),
        )
        for n, e in entries
    )


def load_searches(data_dir: Path) -> dict[str, Search]:
    rel, entries = _entries(data_dir, SEARCHES_FILE)
    searches: dict[str, Search] = {}
    for line, entry in entries:
        if entry["id"] in searches:
            raise DataError(rel, f"search '{entry['id']}' appears twice.", "give each search a unique id.", line=line)
        searches[entry["id"]] = Search(
            entry["id"], entry["text"].strip(), f"{rel}:{line}", chinese=entry.get("zh") or {}
        )
    return searches


def load_gaps(data_dir: Path, metrics: dict[str, Metric]) -> tuple[Gap, ...]:
    searches = load_searches(data_dir)
    rel, entries = _entries(data_dir, GAPS_FILE)
    gaps = []
    for n, e in entries:
        if e["searched"] not in searches:
            raise DataError(
                rel,
                f"unknown search '{e['searched']}'. {did_you_mean(e['searched'], searches, 'searches')}",
                f"name a search in data/{SEARCHES_FILE}, or describe the new one there.",
                line=n,
            )
        named = _named(e, metrics, rel, n)
        gaps += [
            Gap(period=period_at(p, rel, n), kind=e["kind"], search=searches[e["searched"]], **named)
            for p in e["periods"]
        ]
    used = {g.search.id for g in gaps}
    for search in searches.values():
        if search.id not in used:
            raise DataError.at(
                search.where,
                f"search '{search.id}' explains no gap.",
                f"delete it, or name it in data/{GAPS_FILE} as the search behind a gap.",
            )
    return tuple(gaps)


def load_facts(data_dir: Path, sources: dict[str, Source]) -> dict[str, Fact]:
    rel, entries = _entries(data_dir, FACTS_FILE)
    facts: dict[str, Fact] = {}
    for line, entry in entries:
        if entry["id"] in facts:
            raise DataError(rel, f"fact '{entry['id']}' appears twice.", "give each fact a unique id.", line=line)
        if entry["source"] not in sources:
            raise DataError(
                rel,
                f"unknown source '{entry['source']}'. {did_you_mean(entry['source'], sources, 'sources')}",
                "use an id from data/sources.yml, or add the source there.",
                line=line,
            )
        if typed := find_typed_figures(entry["text"]):
            raise DataError(
                rel,
                f"'{typed[0].text}' is {typed[0].kind} typed into a fact.",
                "store the figure in a dataset instead.",
                line=line,
            )
        as_of = period_at(entry["as_of"], rel, line)
        facts[entry["id"]] = Fact(
            entry["id"],
            entry["label"].strip(),
            entry["text"].strip(),
            as_of,
            entry["source"],
            f"{rel}:{line}",
            chinese=entry.get("zh") or {},
        )
    return facts


def load_glossary(data_dir: Path) -> tuple[GlossaryTerm, ...]:
    """The glossary: each term once, with the forms pages write it in and a definition without figures."""
    rel, entries = _entries(data_dir, GLOSSARY_FILE)
    terms: list[GlossaryTerm] = []
    seen: dict[str, int] = {}
    for line, entry in entries:
        definition = " ".join(entry["definition"].split())
        if typed := find_typed_figures(definition):
            raise DataError(
                rel,
                f"term '{entry['term']}': '{typed[0].text}' is {typed[0].kind} typed into the definition.",
                "define the term in words; a figure belongs in a dataset.",
                line=line,
            )
        forms = tuple(entry.get("shown_as") or [entry["term"]])
        for form in forms:
            if form in seen:
                raise DataError(
                    rel,
                    f"'{form}' is given for two terms (lines {seen[form]} and {line}).",
                    "give each form to one term.",
                    line=line,
                )
            seen[form] = line
        terms.append(
            GlossaryTerm(entry["term"].strip(), forms, definition, f"{rel}:{line}", chinese=entry.get("zh") or {})
        )
    return tuple(terms)


def load_termbase(data_dir: Path) -> tuple[TermEntry, ...]:
    """The Chinese termbase: each concept's one term and the variants refused on a Chinese page. A variant
    found inside a declared term, or refused for two concepts, is refused here: the term itself would
    stop the build, or the error could not say which term to write."""
    rel, entries = _entries(data_dir, TERMBASE_FILE)
    terms = [(line, " ".join(entry["term"].split())) for line, entry in entries]
    refused: dict[str, int] = {}
    concepts: dict[str, int] = {}
    result: list[TermEntry] = []
    for line, entry in entries:
        concept = entry["concept"].strip()
        if concept in concepts:
            raise DataError(
                rel,
                f"the concept '{concept}' is declared twice (first on line {concepts[concept]}).",
                "declare each concept once, with its one term.",
                line=line,
            )
        concepts[concept] = line
        for variant in entry["refuse"]:
            for term_line, term in terms:
                if variant in term:
                    raise DataError(
                        rel,
                        f"the refused variant '{variant}' is part of the term '{term}' (line {term_line}), so "
                        "every page that writes the term would be refused.",
                        "refuse a longer variant, or choose another term.",
                        line=line,
                    )
            if variant in refused:
                raise DataError(
                    rel,
                    f"the variant '{variant}' is refused for two concepts (lines {refused[variant]} and {line}).",
                    "refuse it under one concept, the one whose term replaces it.",
                    line=line,
                )
            refused[variant] = line
        result.append(
            TermEntry(
                concept=concept,
                term=" ".join(entry["term"].split()),
                refuse=tuple(entry["refuse"]),
                where=f"{rel}:{line}",
                page=entry.get("page", ""),
                why=" ".join(entry.get("why", "").split()),
            )
        )
    return tuple(result)
