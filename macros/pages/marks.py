"""The two marks a figure can carry, explained once on each page that uses them, near the first use.

† follows a figure from outside the company's own documents (a news report, a research firm, a data
service); ≈ precedes an estimate, a value computed with such a figure. A chart explains the marks of its
own data in its note, so only the figures outside charts call for the page's key, which is placed right
after the block (paragraph, table, list) where the first of them stands."""

from __future__ import annotations

from html.parser import HTMLParser

from macros.core.language import Phrases
from macros.core.model import ESTIMATE_MARK, SECONDARY_MARK

say = Phrases(
    outside=(
        "{mark} marks a figure from outside the company's own documents (a news report, a research firm or a "
        "data service).",
        "{mark}表示该数字来自公司自身文件以外（新闻报道、研究机构或金融数据服务商）。",
    ),
    estimate=(
        "{mark} marks an estimate: a value computed with such a figure.",
        "{mark}表示估计值：计算时用到了公司文件以外的数字。",
    ),
    estimate_alone=(
        "{mark} marks an estimate: a value computed with a figure from outside the company's own documents.",
        "{mark}表示估计值：计算时用到了公司自身文件以外的数字。",
    ),
    gap=(" ", ""),
)
MARKED = {"outside": "kc-figure--secondary", "estimate": "kc-figure--estimate"}
# Blocks that explain their own marks (a chart's note).
SELF_EXPLAINED = ('<div class="kc-chart', '<div class="kc-chart-page', '<div class="kc-embed')
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _TopLevel(HTMLParser):
    """The spans (start, end offsets) of a fragment's top-level elements."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.lines = [0]
        for line in text.splitlines(keepends=True):
            self.lines.append(self.lines[-1] + len(line))
        self.depth = 0
        self.start = 0
        self.spans: list[tuple[int, int]] = []
        self.feed(text)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self.lines[line - 1] + column

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.start = self._offset()
        if tag not in VOID:
            self.depth += 1
        elif self.depth == 0:
            self.spans.append((self.start, self._offset() + len(self.get_starttag_text())))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        self.depth = max(0, self.depth - 1)
        if self.depth == 0:
            end = self.rawdata.index(">", self._offset()) + 1
            self.spans.append((self.start, end))


def with_key(html: str) -> str:
    """The page's HTML with the key of the marks it uses outside charts, after the block of the first."""
    spans = [s for s in _TopLevel(html).spans if not html.startswith(SELF_EXPLAINED, s[0])]
    used = [kind for kind, css in MARKED.items() if any(css in html[a:b] for a, b in spans)]
    if not used:
        return html
    first = min((a, b) for a, b in spans if any(css in html[a:b] for css in (MARKED[kind] for kind in used)))
    if used == ["estimate"]:
        parts = [say("estimate_alone", mark=ESTIMATE_MARK)]
    else:
        parts = [say("outside", mark=SECONDARY_MARK)] + (
            [say("estimate", mark=ESTIMATE_MARK)] if "estimate" in used else []
        )
    key = f'<p class="kc-marks">{say("gap").join(parts)}</p>'
    return html[: first[1]] + key + html[first[1] :]
