"""Markdown's abbreviations, as the glossary's tooltips use them. In the Chinese edition a term is
matched where no Latin letter or digit touches it, instead of at a word boundary (\\b), which never
falls between Chinese characters, so that 经调整EBITDA in 公司经调整EBITDA为 gets its tooltip too; the
English edition matches as Markdown does."""

from __future__ import annotations

import re

from markdown.extensions.abbr import AbbrExtension, AbbrTreeprocessor

from macros.core.language import is_chinese


class GlossaryTreeprocessor(AbbrTreeprocessor):
    def run(self, root):
        if not self.abbrs:
            return None
        terms = sorted(self.abbrs, key=len, reverse=True)
        alternatives = "|".join(re.escape(t) for t in terms)
        if is_chinese():
            self.RE = re.compile(rf"(?<![A-Za-z0-9_])(?:{alternatives})(?![A-Za-z0-9_])")
        else:
            self.RE = re.compile(rf"\b(?:{alternatives})\b")
        self.iter_element(root)
        return None


class GlossaryExtension(AbbrExtension):
    def extendMarkdown(self, md):
        super().extendMarkdown(md)
        md.treeprocessors.register(GlossaryTreeprocessor(md, self.abbrs), "abbr", 7)


def makeExtension(**kwargs):
    return GlossaryExtension(**kwargs)
