"""The generated site in memory: what generate() (build.py) gives an engine adapter (engines/).

Everything a reader gets, except what the engine adds (HTML around the Markdown,
theme assets): every page of every edition as Markdown with front matter, each
edition's navigation as plain data, the data files and standalone downloads
beside the editions, and the search index files. Nothing here knows MkDocs.
"""

from __future__ import annotations

from dataclasses import dataclass

import jinja2

from .model import Convert, Corpus, Statement
from .read.siteconfig import Edition, SiteConfig
from .render.pages import Page
from .render.view import EditionView

Nav = list[dict]  # [{title: "page.md"} | {title: Nav}], titles in the edition's script (nav.edition_nav)


@dataclass(frozen=True)
class EditionOutput:
    edition: Edition
    convert: Convert  # text into this edition's script
    view: EditionView  # what its templates were given: statements, topics, links, all in its script
    pages: tuple[Page, ...]  # every page, paths relative to the edition's docs dir, downloads and data pages included
    nav: Nav
    env: jinja2.Environment  # its templates (the standalone HTML downloads are rendered with it too)

    @property
    def statements(self) -> list[Statement]:
        return self.view.statements


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
