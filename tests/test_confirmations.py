"""Confirmation, not only citation: a second company document that gives a value must agree with it,
and a growth rate the company states in words must follow from the stored values. Each problem stops
the build at the row that records it, with the fix."""

import shutil

import pytest

from macros.check.checked_catalog import load_catalog
from macros.core.errors import DataError
from macros.pages.page_macros import PageMacros
from tests.conftest import ROOT

EXAMPLE = ROOT / "tests" / "fixtures" / "example_data"
STATED = "metric,period,base_period,value,source,note\n"


@pytest.fixture
def example_copy(tmp_path):
    data = tmp_path / "data"
    shutil.copytree(EXAMPLE, data)
    return data


def write(data, name, header, *rows):
    (data / name).write_text(header + "".join(row + "\n" for row in rows), encoding="utf-8")


def gives(data, source, *figures):
    """Declare, under a source of the example registry, figures it gives."""
    path = data / "sources.yml"
    text = path.read_text(encoding="utf-8")
    block = f"- id: {source}\n"
    start = text.index(block)
    end = text.find("\n- id: ", start + 1)
    end = len(text) if end < 0 else end + 1
    declared = "  gives:\n" + "".join(f"  - {f}\n" for f in figures)
    path.write_text(text[:end] + declared + text[end:], encoding="utf-8")


def test_a_second_company_document_that_agrees_confirms_the_value_and_readers_see_it(example_copy):
    # The Q4 release's year-ago comparison gives FY2024 revenue to the million: it agrees with 7785.2.
    gives(example_copy, "example-q4-release", "revenue FY2024 7785")
    catalog = load_catalog(example_copy)
    o = catalog.observation("revenue", "FY2024")
    assert [c.source for c in catalog.confirmations_of(o)] == ["example-q4-release"]
    html = PageMacros(catalog, page_url=lambda: "finances/").value("revenue", "FY2024")
    assert "Confirmed by Example Co" in html


def test_a_document_need_not_be_confirmed_by_itself_but_must_agree_with_its_own_rows(example_copy):
    gives(example_copy, "example-annual-report", "revenue FY2024 7785.2")
    o = load_catalog(example_copy).observation("revenue", "FY2024")
    assert load_catalog(example_copy).confirmations_of(o) == []


@pytest.mark.parametrize(
    ("source", "figure", "message"),
    [
        (
            "example-q4-release",
            "revenue FY2024 7790",
            "data/sources.yml:9: revenue FY2024: 'example-q4-release' gives 7,790 but the data has 7,785.2",
        ),
        (
            "example-annual-report",
            "revenue FY2024 7786",
            "'example-annual-report' gives 7,786 but the data has 7,785.2",
        ),
        ("example-q4-release", "revenue FY2020 7785", "revenue FY2020: the data has no value of 'revenue' for FY2020"),
        ("example-q4-release", "revenu FY2024 7785", "unknown metric 'revenu'. Did you mean 'revenue'?"),
    ],
)
def test_a_given_figure_that_disagrees_or_names_nothing_stops_the_build_at_its_source(
    example_copy, source, figure, message
):
    gives(example_copy, source, figure)
    with pytest.raises(DataError) as error:
        load_catalog(example_copy)
    assert message in str(error.value) and "Fix:" in str(error.value)


def test_a_value_cites_the_best_document_that_gives_it(example_copy):
    """FY2021 revenue comes from a news article (tier 2); once the annual report (tier 1) is known to
    give it too, the row must cite the annual report."""
    gives(example_copy, "example-annual-report", "revenue FY2021 9060.8")
    with pytest.raises(DataError) as error:
        load_catalog(example_copy)
    assert str(error.value) == (
        "data/results.csv:2: revenue FY2021 cites 'example-news' (tier 2), but 'example-annual-report' (tier 1) "
        "gives it too. Fix: cite 'example-annual-report' in this row (with status reported if it is the "
        "company's), and take the figure from it."
    )


def test_a_stated_growth_rate_is_checked_against_the_stored_values_within_its_rounding(example_copy):
    # 7785.2 on 7047.5 is +10.467%: "an increase of 10.5%" agrees, "10.4%" does not.
    write(example_copy, "stated_changes.csv", STATED, "revenue,FY2024,FY2023,10.5,example-annual-report,")
    assert len(load_catalog(example_copy).stated_changes) == 1
    write(example_copy, "stated_changes.csv", STATED, "revenue,FY2024,FY2023,10.4,example-annual-report,")
    with pytest.raises(DataError) as error:
        load_catalog(example_copy)
    assert (
        "data/stated_changes.csv:2: 'example-annual-report' states that revenue changed by 10.4% from FY2023 to FY2024, but the data give 10.47%"
        in str(error.value)
    )


def test_a_decrease_is_stated_as_a_negative_change(example_copy):
    # Net loss 2183.6 to 1979.0 is a fall of 9.4%.
    write(
        example_copy,
        "stated_changes.csv",
        STATED,
        "net_loss,FY2024,FY2023,-9.4,example-annual-report,Narrowed by 9.4%.",
    )
    assert load_catalog(example_copy).stated_changes[0].value == -9.4
    write(example_copy, "stated_changes.csv", STATED, "net_loss,FY2024,FY2023,9.4,example-annual-report,")
    with pytest.raises(DataError, match="a decrease is negative"):
        load_catalog(example_copy)


def test_the_real_data_cites_the_best_document_for_every_value(catalog):
    """Every figure a document declares agrees with the data (the catalog loaded), and no stored value
    cites a weaker source than one that gives it."""
    assert catalog.confirmations
    for c in catalog.confirmations:
        o = catalog.value_or_none(c.metric, c.period)
        assert o is not None
        if o.status != "derived":
            assert (catalog.source(o.source).tier or 9) <= (catalog.source(c.source).tier or 9)


def test_a_computed_value_that_breaks_its_sign_from_inputs_of_different_precision_is_refused(example_copy):
    """A total to the 0.1 million less parts rounded to the million can leave a negative remainder:
    that is an artefact, never a figure a reader should see."""
    meta = (example_copy / "results.meta.yml").read_text(encoding="utf-8")
    assert "revenue_other" not in meta
    with (example_copy / "results.csv").open("a", encoding="utf-8") as rows:
        rows.write("revenue_public_cloud,FY2023,4400,example-q4-release,reported,\n")
        rows.write("revenue_enterprise_cloud,FY2023,2648,example-q4-release,reported,\n")
    meta = meta.replace(
        "  gross_margin:",
        "  revenue_other:\n    title: Other revenue\n    unit: RMB million\n    short_unit: RMB m\n"
        "    description: Revenue outside the two segments.\n    decimals: 1\n    sign: positive\n"
        "    formula: revenue - revenue_public_cloud - revenue_enterprise_cloud\n  gross_margin:",
    )
    (example_copy / "results.meta.yml").write_text(meta, encoding="utf-8")
    with pytest.raises(DataError) as error:
        load_catalog(example_copy)
    message = str(error.value)
    assert "'revenue_other' for FY2023 computes to -0.5, which has the wrong sign for the metric" in message
    assert "within the rounding of its inputs" in message and "different precision" in message and "Fix:" in message
