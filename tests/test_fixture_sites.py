"""Miniature sites built with the real configuration: one good (the control) and several broken.
A broken one must stop the build with a message that names the page or file, the line and the fix,
and must not leave a page behind to publish."""

GOOD_PAGE = '# Test\n\nRevenue in 2021 was {{ value("revenue", "FY2021") }}.\n'


def output(result) -> str:
    return result.stdout + result.stderr


def test_control_a_valid_page_builds(mini_site):
    result, site = mini_site({"index.md": GOOD_PAGE})
    assert result.returncode == 0, output(result)
    assert "RMB 9.06 billion" in (site / "index.html").read_text(encoding="utf-8")


def test_an_unknown_metric_stops_the_build_with_page_line_and_suggestion(mini_site):
    page = '# Test\n\nSome text.\n\nRevenue was {{ value("revenu", "FY2021") }}.\n'
    result, site = mini_site({"index.md": page})
    assert result.returncode != 0
    assert (
        "docs/index.md:5: {{ value(\"revenu\", \"FY2021\") }}: unknown metric 'revenu'. Did you mean 'revenue'"
        in output(result)
    )
    assert not (site / "index.html").exists()


def test_an_unknown_period_stops_the_build(mini_site):
    result, _ = mini_site({"index.md": '# T\n\n{{ change("revenue", "FY2030") }}\n'})
    assert result.returncode != 0
    assert "no value of 'revenue' for FY2030" in output(result)


def test_an_unknown_chart_stops_the_build(mini_site):
    result, _ = mini_site({"index.md": '# T\n\n{{ chart("revenue_chart") }}\n'})
    assert result.returncode != 0
    assert "unknown chart 'revenue_chart'" in output(result)


def test_an_undefined_macro_name_stops_the_build(mini_site):
    result, site = mini_site({"index.md": '# T\n\n{{ valu("revenue", "FY2021") }}\n'})
    assert result.returncode != 0
    assert "'valu' is undefined" in output(result)
    assert not (site / "index.html").exists()


def test_bad_data_stops_the_build_before_any_page(mini_site):
    def break_value(data):
        path = data / "financials.csv"
        path.write_text(
            path.read_text(encoding="utf-8").replace("revenue,FY2018,2218.2", "revenue,FY2018,n/a"), encoding="utf-8"
        )

    result, site = mini_site({"index.md": GOOD_PAGE}, data_edit=break_value)
    assert result.returncode != 0
    assert "Invalid data: data/financials.csv:3 (column 'value'): value 'n/a' is not a plain number." in output(result)
    assert "Traceback" not in output(result)
    assert not (site / "index.html").exists()


def test_a_broken_internal_link_fails_the_strict_build(mini_site):
    result, _ = mini_site({"index.md": "# T\n\nSee [the missing page](missing.md).\n"})
    assert result.returncode != 0
    assert "missing.md" in output(result)
