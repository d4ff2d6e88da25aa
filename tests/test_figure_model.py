"""Every chart's figure is valid in Plotly's own figure model. The build writes plain dictionaries (the
figure classes would cost more than the rest of the build), so this test is what stops a misspelt or
invalid property before it reaches a reader's browser, in every palette and layout the site draws."""

import plotly.graph_objects as go
import pytest

from macros.charts.figures import chart_data, figure_json
from macros.charts.images import LAYOUTS, themed_figure


def test_every_chart_in_every_palette_and_layout_is_a_valid_plotly_figure(catalog):
    checked = 0
    for spec in catalog.charts.values():
        figure = figure_json(chart_data(spec, catalog))
        for palette in ("light", "dark"):
            for variant in LAYOUTS:
                go.Figure(themed_figure(figure, palette, variant))  # raises ValueError on any invalid property
                checked += 1
    assert checked == len(catalog.charts) * 2 * len(LAYOUTS) > 0


def test_an_invalid_property_is_refused_with_its_name(catalog):
    """Negative control: the validation above would catch a property plotly.js does not know."""
    figure = figure_json(chart_data(next(iter(catalog.charts.values())), catalog))
    figure["layout"]["xaxis"]["tickfromat"] = ",.0f"
    with pytest.raises(ValueError, match="tickfromat"):
        go.Figure(figure)
