"""The fixed text of the generated blocks in the Chinese edition: lists, tables, statements, charts,
chart pages and the chart index speak Chinese, with no English left outside source titles, publisher
names and code-like labels. The data's own Chinese forms are stood in for by placeholders (the data
files gain theirs separately), so that every English word found here is fixed text in code."""

import html as html_module
import itertools
import json
import re
from dataclasses import replace

import pytest

from macros.charts.figures import chart_data, figure_json, summary_text
from macros.charts.templates import CHINESE_FONT_FAMILY
from macros.check.chinese_edition import chinese_catalog
from macros.core.language import in_language
from macros.core.model import SOURCE_KINDS, STATUSES, STATUSES_ZH, TIERS, TIERS_ZH, kind_name, status_meaning
from macros.pages.page_macros import PageMacros
from macros.site.chart_site import write_embeds

STEMS = "甲乙丙丁戊己庚辛壬癸"
# Words a Chinese block may show in Latin letters: formats and the licence.
ALLOWED = {"CSV", "SVG", "PNG", "BibTeX", "Excel", "XLSX"}
ENGLISH_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]{3,}")


def placeholder_forms(catalog):
    """The catalog with a Chinese placeholder wherever data/ gives a Chinese form (unique, so that the
    glossary's forms stay apart), ready for the Chinese edition's own catalog."""
    numbers = itertools.count(1)

    def zh(kind: str) -> str:
        return kind + "".join(STEMS[int(d)] for d in str(next(numbers)))

    datasets = {}
    for name, ds in catalog.datasets.items():
        metrics = {
            key: replace(
                m,
                chinese={
                    "title": zh("指标"),
                    "description": zh("说明") + "。",
                    **({"remainder": zh("其他")} if m.remainder else {}),
                },
                last_reported=tuple(replace(d, chinese={"reason": zh("原因")}) for d in m.last_reported),
            )
            for key, m in ds.metrics.items()
        }
        columns = {c: dict(spec, zh={"title": zh("列"), "description": zh("说明")}) for c, spec in ds.columns.items()}
        observations = {
            key: replace(o, note_zh=zh("附注")) if o.alternative is not None else o
            for key, o in ds.observations.items()
        }
        datasets[name] = replace(
            ds,
            chinese=dict(ds.chinese, title=zh("数据集"), description=zh("说明")),
            metrics=metrics,
            columns=columns,
            observations=observations,
        )
    charts = {
        name: replace(
            c,
            chinese={
                "title": zh("图表"),
                **({"description": zh("说明")} if c.description else {}),
                "labels": {metric: zh("标签") for metric, _ in c.labels},
                "marks": tuple(zh("标记") for _ in c.marks),
            },
        )
        for name, c in catalog.charts.items()
    }
    timeline = catalog.timeline
    if timeline is not None:
        events = tuple(
            replace(e, chinese={"text": zh("事件") + ("{value}" if "{value}" in e.text else "")})
            for e in timeline.events
        )
        timeline = replace(
            timeline,
            chinese={
                "title": zh("大事记"),
                "description": zh("说明"),
                "categories": {k: zh("类别") for k in timeline.categories},
            },
            events=events,
        )
    glossary = []
    for t in catalog.glossary:
        term = zh("术语")
        glossary.append(replace(t, chinese={"term": term, "definition": zh("释义"), "shown_as": [term]}))
    return replace(
        catalog,
        datasets=datasets,
        charts=charts,
        timeline=timeline,
        facts={k: replace(f, chinese={"label": zh("事实"), "text": zh("事实")}) for k, f in catalog.facts.items()},
        glossary=tuple(glossary),
        gaps=tuple(replace(g, search=replace(g.search, chinese={"text": zh("查找")})) for g in catalog.gaps),
        derivations=tuple(replace(d, chinese={"reason": zh("原因")}) for d in catalog.derivations),
        exceptions=tuple(replace(e, chinese={"reason": zh("原因")}) for e in catalog.exceptions),
    )


@pytest.fixture(scope="module")
def chinese(catalog):
    with in_language("zh"):
        return chinese_catalog(placeholder_forms(catalog))


@pytest.fixture
def zh_macros(chinese):
    placed = {name: [("财务", "finances/")] for name in list(chinese.charts)[:1]}
    return PageMacros(chinese, page_url=lambda: "sources/", site_url="https://example.org/", placements=lambda: placed)


def english_words(html: str, catalog) -> list[str]:
    """English words a reader sees in the block: tags, code and addresses left out, and the sources'
    own titles, publishers and descriptions (which the site keeps as they are)."""
    text = re.sub(r"<(code|pre)\b[^>]*>.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", text)
    text = html_module.unescape(text)
    with in_language("zh"):
        names = {s.organisation for s in catalog.sources.values()}
    kept = {t for s in catalog.sources.values() for t in (s.title, s.publisher, s.original_publisher, s.reports) if t}
    kept |= names
    for words in sorted(kept, key=len, reverse=True):
        text = text.replace(words, " ")
    text = re.sub(r"https?://\S+|[\w-]+\.csv", " ", text)
    return [w for w in ENGLISH_WORD.findall(text) if w not in ALLOWED]


def without_flags(html: str) -> str:
    """A block without its figures' flags ("unconfirmed", "estimate"): the figure renderer's own, tested
    with it; the timeline's flag is tested on its own."""
    return re.sub(r'<span class="kc-figure__flag">[^<]*</span>', "", html)


def assert_chinese(html: str, catalog) -> None:
    assert re.search(r"[\u4e00-\u9fff]", html), html[:300]
    left = english_words(html, catalog)
    assert not left, f"English left in a Chinese block: {sorted(set(left))[:20]}"


@pytest.mark.parametrize(
    "call",
    [
        lambda m: m.timeline(),
        lambda m: m.disagreements(),
        lambda m: m.derived_list(),
        lambda m: m.gap_list(),
        lambda m: m.data_updates(8),
        lambda m: m.dataset_list(),
        lambda m: m.trust_summary(),
        lambda m: m.glossary(),
        lambda m: m.source_list(),
        lambda m: m.table("revenue", "gross_profit"),
        lambda m: m.download("financials"),
    ],
    ids=[
        "timeline",
        "disagreements",
        "derived_list",
        "gap_list",
        "data_updates",
        "dataset_list",
        "trust_summary",
        "glossary",
        "source_list",
        "table",
        "download",
    ],
)
def test_lists_and_tables_speak_chinese(zh_macros, chinese, call):
    with in_language("zh"):
        html = call(zh_macros)
    assert_chinese(without_flags(html), chinese)


def test_an_unconfirmed_event_is_flagged_in_chinese(zh_macros, chinese):
    with in_language("zh"):
        html = zh_macros.timeline()
    flags = re.findall(r'<span class="kc-figure__flag">([^<]*)</span>', html)
    if any(e.status == "unconfirmed" for e in chinese.timeline.events):
        assert "（未经证实）" in flags


def test_statements_speak_chinese_with_periods_as_read(zh_macros, chinese):
    with in_language("zh"):
        for kind, view in (("income", "annual"), ("income", "quarterly"), ("balance", "annual"), ("income", "ttm")):
            html = zh_macros.statement(kind, view)
            assert_chinese(without_flags(html), chinese)
            headers = re.findall(r'<th scope="col">([^<]*)</th>', html)
            assert headers[0] == "百万元"
            assert all(re.search(r"\d{4}(财年|年)", h) for h in headers[1:]), headers
    assert "利润表（按财年）（除另有注明外，单位为百万元）" in html.replace("滚动十二个月", "按财年")


def test_a_chart_speaks_chinese(zh_macros, chinese):
    with in_language("zh"):
        for name in chinese.charts:
            html = without_flags(zh_macros.chart(name))
            html = re.sub(r'<template class="kc-chart__spec".*?</template>', "", html, flags=re.S)
            assert_chinese(html, chinese)
            assert "显示数据" in html and "来源：" in html and "下载CSV" in html
            assert re.search(r'kc-chart__subtitle">单位：[^<]+，\d{4}[^<]*至\d{4}', html), name


def test_figures_use_a_chinese_font_and_chinese_text(chinese):
    with in_language("zh"):
        for spec in chinese.charts.values():
            data = chart_data(spec, chinese)
            figure = figure_json(data)
            layout = figure["layout"]
            assert layout["font"]["family"].startswith("'Noto Sans CJK SC'")
            assert layout["hoverlabel"]["font"]["family"] == CHINESE_FONT_FAMILY
            text = json.dumps(
                [[t["name"], t["hovertemplate"], t["x"] if not spec.on_time_axis else []] for t in figure["data"]],
                ensure_ascii=False,
            )
            text = text.replace("%{customdata}", "").replace("%{hovertext}", "").replace("<extra></extra>", "")
            assert not [w for w in ENGLISH_WORD.findall(text)], (spec.name, text[:300])
            summary = summary_text(data)
            assert summary.endswith("。") and not ENGLISH_WORD.findall(summary), summary
    # The English figure carries no font of its own: the palette's template gives it.
    english = figure_json(chart_data(next(iter(chinese.charts.values())), chinese))
    assert "font" not in english["layout"]


def test_a_chart_page_and_its_bibtex_in_chinese(zh_macros, chinese):
    name = next(iter(chinese.charts))
    with in_language("zh"):
        html = zh_macros.chart_page(name)
    visible = re.sub(r'<template class="kc-chart__spec".*?</template>', "", html, flags=re.S)
    visible = without_flags(visible)
    assert_chinese(visible, chinese)
    for heading in ("下载", "引用此图表", "嵌入", "所在页面"):
        assert f">{heading}</h2>" in html
    bibtex = re.search(r'<pre class="kc-bibtex"><code>(.*?)</code></pre>', html, re.S).group(1)
    assert "  language = {chinese},\n" in bibtex
    assert f"title = {{{chinese.chart(name).title}}}" in bibtex
    assert "author = {{金山云数据档案}}" in bibtex
    assert bibtex.count("{") == bibtex.count("}")
    assert "“" + chinese.chart(name).title + "”，金山云数据档案，https://example.org/zh/charts/" in html


def test_the_english_bibtex_names_no_language(catalog):
    macros = PageMacros(catalog, page_url=lambda: "charts/x/", placements=dict)
    html = macros.chart_page(next(iter(catalog.charts)))
    assert "language = " not in html and "author = {{Kingsoft Cloud, in data}}" in html


def test_the_chart_index_in_chinese(zh_macros, chinese):
    with in_language("zh"):
        html = zh_macros.chart_index()
    assert_chinese(html, chinese)
    assert ">筛选图表</label>" in html and 'placeholder="收入、毛利率、小米……"' in html
    assert "<h2>财务</h2>" in html and "<h2>其他图表</h2>" in html


def test_the_embed_view_says_its_language(tmp_path):
    with in_language("zh"):
        write_embeds(tmp_path, {"some_chart": ("标题", "<p>图表</p>")})
    chinese_embed = (tmp_path / "zh" / "charts" / "some-chart" / "embed.html").read_text(encoding="utf-8")
    assert '<html lang="zh-Hans"' in chinese_embed
    # It sits beside the Chinese chart page (zh/charts/NAME/), and reaches the theme's assets at the root.
    assert 'src="../../../assets/javascripts/charts.js"' in chinese_embed
    write_embeds(tmp_path, {"some_chart": ("Title", "<p>Chart</p>")})
    assert '<html lang="en"' in (tmp_path / "charts" / "some-chart" / "embed.html").read_text(encoding="utf-8")


def test_source_kinds_tiers_and_statuses_have_chinese_forms():
    assert STATUSES_ZH.keys() == STATUSES.keys() and TIERS_ZH.keys() == TIERS.keys()
    for kind in SOURCE_KINDS.values():
        assert re.search(r"[\u4e00-\u9fff]", kind.name_zh) and re.search(r"[\u4e00-\u9fff]", kind.meaning_zh)
    assert kind_name("news") == "news" and status_meaning("reported") == STATUSES["reported"]
    with in_language("zh"):
        assert kind_name("news") == "新闻报道" and status_meaning("reported") == STATUSES_ZH["reported"]
