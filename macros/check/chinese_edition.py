"""The catalog as the Chinese edition reads it: every reader-visible text of data/ replaced by its
Chinese form from the same file (the `zh` objects, the timeline's event_zh column, a disagreeing
value's note_zh). A text without its Chinese form, or a Chinese form with a typed figure, stops the
build at the file and line to fix, all of them listed at once."""

from __future__ import annotations

from dataclasses import replace

from macros.compute.catalog import Catalog
from macros.core.errors import DataError
from macros.core.model import ChartSpec, Dataset, Metric
from macros.core.numbers import short_unit
from macros.core.typed_figures import find_typed_figures
from macros.load.events import EVENTS_META, PLACEHOLDER


class MissingChinese(DataError):
    """Reader-visible texts without their Chinese form, each with its place."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        Exception.__init__(self, "\n".join(problems))

    def __str__(self) -> str:
        shown = self.problems[:40]
        more = len(self.problems) - len(shown)
        tail = f"\n  … and {more} more" if more else ""
        return f"the Chinese edition is missing {len(self.problems)} Chinese form(s):\n  " + "\n  ".join(shown) + tail


class _Translator:
    def __init__(self):
        self.problems: list[str] = []

    def text(self, chinese: dict, key: str, where: str, what: str, fix: str | None = None) -> str:
        value = chinese.get(key)
        if not isinstance(value, str) or not value.strip():
            self.problems.append(
                f"{where}: {what} has no Chinese {key}. Fix: {fix or f'add {key} under its zh: object'}."
            )
            return ""
        value = " ".join(value.split()) if key != "description" else value.strip()
        if typed := find_typed_figures(value):
            self.problems.append(
                f"{where}: the Chinese {key} of {what}: '{typed[0].text}' is {typed[0].kind} typed into it. "
                "Fix: say it in words; figures come from the datasets."
            )
        return value


def chinese_catalog(catalog: Catalog) -> Catalog:
    """The catalog with every reader-visible text in Chinese; MissingChinese lists what lacks it."""
    say = _Translator()
    datasets = {name: _dataset(ds, say) for name, ds in catalog.datasets.items()}
    sources = {sid: _source(s, say) for sid, s in catalog.sources.items()}
    charts = {name: _chart(chart, catalog, say) for name, chart in catalog.charts.items()}
    timeline = catalog.timeline and _timeline(catalog.timeline, say)
    facts = {
        fid: replace(
            f,
            label=say.text(f.chinese, "label", f.where, f"fact '{fid}'"),
            text=say.text(f.chinese, "text", f.where, f"fact '{fid}'"),
        )
        for fid, f in catalog.facts.items()
    }
    glossary = tuple(_term(t, say) for t in catalog.glossary)
    _unique_forms(glossary, say)
    searches = {
        g.search.id: replace(
            g.search, text=say.text(g.search.chinese, "text", g.search.where, f"search '{g.search.id}'")
        )
        for g in catalog.gaps
    }
    gaps = tuple(replace(g, search=searches[g.search.id]) for g in catalog.gaps)
    derivations = tuple(
        replace(d, reason=say.text(d.chinese, "reason", d.where, f"the derivation of '{d.metric}' {d.period.label}"))
        for d in catalog.derivations
    )
    exceptions = tuple(
        replace(e, reason=say.text(e.chinese, "reason", e.where, f"the disagreement on '{e.metric}' {e.period}"))
        for e in catalog.exceptions
    )
    if say.problems:
        raise MissingChinese(say.problems)
    return replace(
        catalog,
        sources=sources,
        datasets=datasets,
        charts=charts,
        timeline=timeline,
        facts=facts,
        glossary=glossary,
        gaps=gaps,
        derivations=derivations,
        exceptions=exceptions,
    )


def _source(source, say: _Translator):
    """A source in Chinese: who published it and what the site takes from it; its title stays as the
    document gives it."""
    what = f"source '{source.id}'"
    return replace(
        source,
        publisher=say.text(
            source.chinese,
            "publisher",
            source.where,
            what,
            f"declare '{source.publisher}' with its Chinese name in data/publishers.yml (once, for all its sources)",
        ),
        reports=source.reports and say.text(source.chinese, "reports", source.where, what),
        original_publisher=source.original_publisher
        and say.text(source.chinese, "original_publisher", source.where, what),
    )


def _metric(m: Metric, say: _Translator) -> Metric:
    what = f"metric '{m.name}'"
    return replace(
        m,
        title=say.text(m.chinese, "title", m.where, what),
        description=say.text(m.chinese, "description", m.where, what),
        short_unit=short_unit(m.unit, m.short_unit, m.chinese.get("short_unit")),
        remainder=m.remainder and say.text(m.chinese, "remainder", m.where, what),
        last_reported=tuple(
            replace(d, reason=say.text(d.chinese, "reason", m.where, f"{what}'s last_reported {d.period.label}"))
            for d in m.last_reported
        ),
    )


def _dataset(ds: Dataset, say: _Translator) -> Dataset:
    where = ds.chinese.get("where", ds.path)
    columns = {
        name: dict(
            spec,
            title=say.text(spec.get("zh") or {}, "title", where, f"column '{name}'"),
            description=say.text(spec.get("zh") or {}, "description", where, f"column '{name}'"),
        )
        for name, spec in ds.columns.items()
    }
    observations = {}
    for key, o in ds.observations.items():
        if o.alternative is not None:
            # A disagreement's note is shown on the Sources page, so it is read in Chinese too.
            if not o.note_zh.strip():
                say.problems.append(
                    f"{o.where}: the note of a value with an alternative has no Chinese form. "
                    "Fix: write it in the note_zh column."
                )
            o = replace(o, note=o.note_zh.strip())
        observations[key] = o
    return replace(
        ds,
        title=say.text(ds.chinese, "title", where, f"dataset '{ds.name}'"),
        description=say.text(ds.chinese, "description", where, f"dataset '{ds.name}'"),
        columns=columns,
        metrics={name: _metric(m, say) for name, m in ds.metrics.items()},
        observations=observations,
    )


def _chart(chart: ChartSpec, catalog: Catalog, say: _Translator) -> ChartSpec:
    where = f"data/charts.yml:{chart.line}"
    what = f"chart '{chart.name}'"
    labels = chart.chinese.get("labels") or {}
    for metric, _ in chart.labels:
        if not labels.get(metric):
            say.problems.append(f"{where}: {what} has no Chinese label for '{metric}'. Fix: add it under zh: labels:.")
    marks = chart.chinese.get("marks") or ()
    for (period, _), text in zip(chart.marks, marks, strict=True):
        if not text:
            say.problems.append(
                f"{where}: {what}'s mark at {period.label} has no Chinese text. Fix: add zh: {{text: …}} to the mark."
            )
    return replace(
        chart,
        title=say.text(chart.chinese, "title", where, what),
        description=chart.description and say.text(chart.chinese, "description", where, what),
        labels=tuple((metric, labels.get(metric, "")) for metric, _ in chart.labels),
        marks=tuple((period, text or "") for (period, _), text in zip(chart.marks, marks, strict=True)),
    )


def _timeline(timeline, say: _Translator):
    meta_where = f"data/{EVENTS_META}"
    categories = timeline.chinese.get("categories") or {}
    for name in timeline.categories:
        if not categories.get(name):
            say.problems.append(
                f"{meta_where}: category '{name}' has no Chinese title. Fix: add it under zh: categories:."
            )
    events = []
    for e in timeline.events:
        where = f"{timeline.path}:{e.line}"
        text = say.text(e.chinese, "text", where, "the event", "write the event in Chinese in the event_zh column")
        if text and (PLACEHOLDER in text) != (PLACEHOLDER in e.text):
            say.problems.append(
                f"{where}: the Chinese event {'lacks' if PLACEHOLDER in e.text else 'has'} the {PLACEHOLDER} placeholder "
                "that the English one has (or not). Fix: put {value} where the figure goes, as in the English text."
            )
        events.append(replace(e, text=text))
    return replace(
        timeline,
        title=say.text(timeline.chinese, "title", meta_where, "the timeline"),
        description=say.text(timeline.chinese, "description", meta_where, "the timeline"),
        categories={name: categories.get(name, "") for name in timeline.categories},
        events=tuple(events),
    )


def _term(term, say: _Translator):
    what = f"glossary term '{term.term}'"
    chinese_term = say.text(term.chinese, "term", term.where, what)
    return replace(
        term,
        english_term=term.term,
        term=chinese_term,
        forms=tuple(term.chinese.get("shown_as") or [chinese_term]),
        definition=say.text(term.chinese, "definition", term.where, what),
    )


def _unique_forms(glossary, say: _Translator) -> None:
    seen: dict[str, str] = {}
    for term in glossary:
        for form in term.forms:
            if form in seen:
                say.problems.append(
                    f"{term.where}: the Chinese form '{form}' is also given for '{seen[form]}'. "
                    "Fix: give each form to one term."
                )
            seen.setdefault(form, term.term)
