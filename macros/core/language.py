"""The reader's language of the build under way, and the site's fixed phrases in both languages.

The site is built once per language (English at the root, Chinese under zh/): the build sets its
language here once, and every producer of reader-visible text (figures, periods, tables, charts, the
pages' generated sentences) reads it, instead of each of forty call sites being handed it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from enum import StrEnum


class Language(StrEnum):
    EN = "en"
    ZH = "zh"

    @property
    def html_lang(self) -> str:
        """The page's lang attribute: Simplified Chinese is zh-Hans."""
        return "zh-Hans" if self is Language.ZH else "en"

    @property
    def site_folder(self) -> str:
        """Where the edition's pages sit in the built site: the root for English, zh/ for Chinese."""
        return "" if self is Language.EN else f"{self.value}/"


_CURRENT: ContextVar[Language] = ContextVar("language", default=Language.EN)


def current() -> Language:
    return _CURRENT.get()


def set_language(language: Language | str) -> None:
    """Set the language of the build under way (called once per build)."""
    _CURRENT.set(Language(language))


@contextmanager
def in_language(language: Language | str) -> Iterator[None]:
    """Render in `language` for the duration of a block (tests, and the other edition's downloads)."""
    token = _CURRENT.set(Language(language))
    try:
        yield
    finally:
        _CURRENT.reset(token)


def is_chinese() -> bool:
    return current() is Language.ZH


class Phrases:
    """A module's fixed phrases in both languages: `say = Phrases(show_data=("Show the data", "显示数据"))`,
    then `say("show_data")`, with str.format fields filled from keyword arguments."""

    def __init__(self, **phrases: tuple[str, str]):
        self._phrases = phrases

    def __call__(self, key: str, **fields: object) -> str:
        english, chinese = self._phrases[key]
        text = chinese if is_chinese() else english
        return text.format(**fields) if fields else text

    def both(self, key: str) -> tuple[str, str]:
        return self._phrases[key]
