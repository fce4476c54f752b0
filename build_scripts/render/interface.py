"""The words around an edition's pages that the engine's theme shows, computed here once, in the edition's script.

What a reader sees is decided before any engine runs: the site's name and description, the footer, the edition
switch and its names, the search dialog's words, the Open Graph locale, the theme's own interface strings (given by
the engine as Simplified text, converted here like every other string) and mkdocs.yml's strings. The engine adapter
only places them, so a second engine would show the same words without recomputing them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..model import Convert, Statement
from ..read import provenance as prov
from ..read.siteconfig import Edition
from ..search.client import ui_strings

OG_LOCALES = {"zh-Hans": "zh_CN", "zh-Hant": "zh_TW", "zh-HK": "zh_HK"}  # Open Graph wants language_TERRITORY


@dataclass(frozen=True)
class Interface:
    """One edition's interface words, plain strings."""

    site_name: str
    site_description: str
    og_locale: str
    switch_label: str  # the edition switch's label
    clause_index: str  # the title of a statement page's clause index
    edition_names: dict[str, str]  # every edition's name (lang → name), in this one's script
    footer: dict[str, str]  # what every page's footer says (provenance.footer)
    search_ui: dict[str, str]  # the search dialog's words (search/client.py)
    theme: dict[str, str]  # the theme's interface strings the engine gave, by its keys
    phrases: dict[str, str]  # mkdocs.yml's strings a reader sees (SiteConfig.texts) → in this edition's script


def interface(lang: str, convert: Convert, words: Callable[[str], str], site_name: str, site_description: str,
              editions: Sequence[Edition], statements: Sequence[Statement], repo_url: str,
              theme: Mapping[str, str], texts: Sequence[str]) -> Interface:
    """words is the edition's own usage for interface words (convert/ui_words.py: 數據 → 資料), after convert."""
    def shown(text: str) -> str:
        return words(convert(text))

    return Interface(
        site_name=site_name,
        site_description=site_description,
        og_locale=OG_LOCALES.get(lang, lang.replace("-", "_")),
        switch_label=convert("版本"),
        clause_index=shown("条款目录"),
        edition_names={e.lang: convert(e.name) for e in editions},
        footer=prov.footer(list(statements), shown, repo_url),
        search_ui=ui_strings(shown),
        theme={key: shown(text) for key, text in theme.items()},
        phrases={text: convert(text) for text in texts},
    )
