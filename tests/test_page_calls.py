"""One finder of the macro calls in a page (macros.pages.page_calls.macro_calls), shared by the build's
checks, `make diff` and the tests: Jinja's own parser, so it finds what the build renders and nothing
else."""

from macros.pages.page_calls import ANY, macro_calls

PAGE = """---
title: Example
---

Revenue was {{ value("revenue", latest_period("revenue", "quarterly")) }}.

{% raw %}{{ chart("an_example_shown_not_run") }}{% endraw %}

{{ chart("annual_revenue") }} and {{ cite('kc-q4-2025-results') }}
"""


def test_calls_are_found_by_the_template_parser_with_their_lines_and_literal_arguments():
    calls = [(c.name, c.line, c.args) for c in macro_calls(PAGE)]
    assert calls == [
        ("value", 5, ("revenue", ANY)),
        ("latest_period", 5, ("revenue", "quarterly")),
        ("chart", 9, ("annual_revenue",)),
        ("cite", 9, ("kc-q4-2025-results",)),
    ]


def test_the_diff_script_reads_pages_with_the_same_finder():
    import sys

    from tests.conftest import ROOT

    sys.path.insert(0, str(ROOT / "scripts"))
    from data_changes import calls_in

    assert calls_in(PAGE) == [
        ("value", ["revenue"]),
        ("latest_period", ["revenue", "quarterly"]),
        ("chart", ["annual_revenue"]),
        ("cite", ["kc-q4-2025-results"]),
    ]
