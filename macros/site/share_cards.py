"""Open Graph and Twitter card metadata, so that a page or a chart pasted into a chat or a post shows
its title, description and picture. A chart's page shows its own image; a content page the first chart
it places; a page without a chart the site's first declared chart (the headline one)."""

from __future__ import annotations

import html
import re
from urllib.parse import urljoin

from macros.core.html import esc
from macros.core.language import Language

# Open Graph names locales with a region: Simplified Chinese as read in mainland China.
OG_LOCALES = {Language.EN: "en_US", Language.ZH: "zh_CN"}
# What the page's macros chose as its picture (page.meta, set in macros.on_post_page_macros): its address
# relative to the page, and the chart's title for the picture's alternative text.
IMAGE_KEY = "kc_share_image"
IMAGE_ALT_KEY = "kc_share_image_alt"
_TAGS = re.compile(r"<[^>]+>")


def plain(text: str) -> str:
    """Text as a reader sees it: a generated chart page's title is HTML (its front matter is escaped),
    a hand-written page's is plain; both come out plain, to be escaped once here."""
    return " ".join(html.unescape(_TAGS.sub("", text or "")).split())


def card_tags(page, config, language: Language) -> str:
    """The <meta> elements for the page's share card, every value escaped."""
    site_name = plain(config.site_name)
    title = site_name if page.is_homepage else plain(page.title)
    description = plain(page.meta.get("description") or config.site_description or "")
    url = page.canonical_url or ""
    properties = [
        ("og:type", "website"),
        ("og:site_name", site_name),
        ("og:locale", OG_LOCALES[language]),
        ("og:title", title),
        ("og:description", description),
        ("og:url", url),
    ]
    # X (Twitter) reads the Open Graph title, description and image; it needs its own tags only for the
    # card's kind and the image's alternative text.
    names = []
    image = page.meta.get(IMAGE_KEY)
    if image and url:
        absolute = urljoin(url, image)
        alt = plain(page.meta.get(IMAGE_ALT_KEY, title))
        properties += [("og:image", absolute), ("og:image:type", "image/png"), ("og:image:alt", alt)]
        names += [("twitter:card", "summary_large_image"), ("twitter:image:alt", alt)]
    else:
        names.append(("twitter:card", "summary"))
    tags = [f'<meta property="{key}" content="{esc(value)}">' for key, value in properties if value]
    tags += [f'<meta name="{key}" content="{esc(value)}">' for key, value in names if value]
    return "\n    ".join(tags)


def with_card(output: str, page, config, language: Language) -> str:
    """The page with its share card at the end of its <head>."""
    return output.replace("</head>", f"  {card_tags(page, config, language)}\n  </head>", 1)
