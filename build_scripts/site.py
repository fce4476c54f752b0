"""The generated site in memory: what generate() (build.py) gives an engine adapter (engines/). Plain data.

Everything a reader gets, except what the engine adds (HTML around the Markdown,
theme assets): every page of every edition as Markdown with front matter, each
edition's navigation, the words its theme shows (render/interface.py), the data
files and standalone downloads beside the editions, and the search index files.
Frozen dataclasses of strings, bytes and tuples: no template environment, no
converter; whatever needed one was rendered before the Site was made. Nothing
here knows MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Corpus, Statement
from .read.siteconfig import Edition, SiteConfig
from .render.interface import Interface
from .render.pages import Page

Nav = list[dict]  # [{title: "page.md"} | {title: Nav}], titles in the edition's script (nav.edition_nav)


@dataclass(frozen=True)
class ZipCells:
    """The downloads page's zip row, in the edition's script: its slots are filled once the zip exists (build.finish,
    and inside the zip, offline.py)."""

    link: str  # online: a link to the zip itself
    published_link: str  # inside the zip, which cannot hold itself: says so, and links the published copy if known
    this_copy: str  # inside the zip, in place of its size: 本文件


@dataclass(frozen=True)
class EditionOutput:
    edition: Edition
    statements: tuple[Statement, ...]  # in this edition's script
    pages: tuple[Page, ...]  # every page, paths relative to the edition's docs dir, downloads and data pages included
    nav: Nav
    interface: Interface  # the words the theme shows around the pages
    zip_cells: ZipCells


@dataclass(frozen=True)
class Site:
    corpus: Corpus
    config: SiteConfig
    statements: tuple[Statement, ...]  # as read from source/, in corpus order
    editions: tuple[EditionOutput, ...]  # in mkdocs.yml's order; the first is the source script
    records: tuple[dict, ...]  # one per clause, every edition's text and URL: data/clauses.json
    data: dict[str, bytes]  # beside the editions: data/clauses.json|csv, downloads/<lang>/<slug>.html
    search: dict[str, str]  # "<lang>/search/index.js": each edition's search index, a file its docs carry
    root: dict[str, str]  # the site root's index.html, which sends a reader to an edition: "online" and "offline"
    offline_folder: str  # the offline zip's one top-level folder, named after the site (offline.folder_name)

    def docs(self, lang: str | None = None) -> dict[str, str]:
        """The files of the editions' docs dirs ("<lang>/<path>" → text); with lang, that edition's alone, relative."""
        files = {f"{o.edition.lang}/{p.path}": p.content for o in self.editions for p in o.pages}
        files.update(self.search)
        if lang is None:
            return files
        prefix = f"{lang}/"
        return {rel.removeprefix(prefix): text for rel, text in files.items() if rel.startswith(prefix)}

    def pages(self, lang: str) -> list[str]:
        """An edition's pages as the site links them, relative to the edition: '' for its home, 'cite/',
        'statements/2015-04-20/' … — one per Markdown page of its docs. A published URL kept as a redirect is a file
        of HTML (render/compare_page.py), no page."""
        paths = [p.path.removesuffix(".md") for o in self.editions if o.edition.lang == lang for p in o.pages
                 if p.path.endswith(".md")]
        return sorted(p.removesuffix("index") if p == "index" or p.endswith("/index") else f"{p}/" for p in paths)
