"""The site's Plotly look, one template for the light palette and one for the dark, defined once.

Chart JSON never carries a template: the client script applies the template of the palette the
reader has chosen, so the same chart re-themes without a rebuild or reload."""

from __future__ import annotations

FONT_FAMILY = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
# The Chinese edition's charts: a font with the CJK characters first, in the baked images (Noto CJK,
# installed where they are drawn) and in the browser (PingFang on Apple systems, YaHei on Windows).
CHINESE_FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"
# Colour order chosen for contrast between neighbours in stacked bars and for colour-blind readers
# (blue, orange, teal, purple, then red, grey, ochre, pink for charts with many series); the dark variants are lighter so they stand out on slate.
LIGHT_COLORS = ["#3360a9", "#e0731f", "#1a8a7d", "#8e4a9e", "#b0413e", "#6b7280", "#8a6d00", "#c2185b"]
DARK_COLORS = ["#7aa7f0", "#f5a25d", "#4fc7b6", "#c68ed6", "#ef7d79", "#a3a9b5", "#e3c04d", "#f48fb1"]


def _template(text: str, muted: str, grid: str, hover_bg: str, colors: list[str]) -> dict:
    axis = {
        "gridcolor": grid,
        "linecolor": grid,
        "zerolinecolor": muted,
        "tickfont": {"color": muted},
        "title": {"font": {"color": muted}},
        "automargin": True,
    }
    return {
        "layout": {
            "colorway": colors,
            "font": {"family": FONT_FAMILY, "color": text, "size": 13},
            "paper_bgcolor": "rgba(0,0,0,0)",
            "plot_bgcolor": "rgba(0,0,0,0)",
            "xaxis": {**axis, "showgrid": False},
            "yaxis": {**axis, "showgrid": True},
            "legend": {"orientation": "h", "x": 0, "y": 1.02, "yanchor": "bottom", "bgcolor": "rgba(0,0,0,0)"},
            "margin": {"l": 8, "r": 8, "t": 8, "b": 8},
            "hoverlabel": {"bgcolor": hover_bg, "font": {"color": text, "family": FONT_FAMILY}},
            "hovermode": "x unified",
            "separators": ".,",
        }
    }


def language_layout(chinese: bool) -> dict:
    """What a chart's own layout adds in an edition: in Chinese, the CJK font for its text and hover
    labels (the palette's template keeps the colours and sizes); nothing in English."""
    if not chinese:
        return {}
    return {"font": {"family": CHINESE_FONT_FAMILY}, "hoverlabel": {"font": {"family": CHINESE_FONT_FAMILY}}}


LIGHT = _template(text="#1f2328", muted="#57606a", grid="#d8dee4", hover_bg="#ffffff", colors=LIGHT_COLORS)
DARK = _template(text="#e6edf3", muted="#9da7b3", grid="#3a4150", hover_bg="#1e2129", colors=DARK_COLORS)
TEMPLATES = {"light": LIGHT, "dark": DARK}
