"""An Atom feed of the statements per edition, for readers who follow new ones.

Entries are the statements, newest first; every date comes from the source (the
statement's date, or its posting date), never from the clock, so two builds of
the same source give the same bytes. Text from source/ goes through
escape.xml_text, which refuses what XML cannot hold, before feedgen writes it.
"""

from __future__ import annotations

import datetime as dt

from feedgen.feed import FeedGenerator

from ..model import Statement
from ..read.provenance import Provenance
from ..text import escape

FEED_NAME = "feed.xml"  # in each edition's root: <lang>/feed.xml


def _stamp(d: dt.date) -> dt.datetime:
    return dt.datetime(d.year, d.month, d.day, tzinfo=dt.UTC)


def _plain(text: str) -> str:
    """feedgen escapes itself; checking with xml_text first turns a character XML cannot hold into a clear error."""
    escape.xml_text(text)
    return text


def atom(statements: list[Statement], provenance: dict[str, Provenance], lang: str, site_name: str,
         description: dict[str, str], base: str, feed_id: str) -> bytes:
    """The edition's feed. `base` is the published address, or "" (then entry links are relative to the feed and
    ids are URNs of the corpus's feed_id, read/naming.py)."""
    fg = FeedGenerator()
    home = f"{base}{lang}/"
    fg.id(f"{home}{FEED_NAME}" if base else f"urn:{feed_id}:{lang}")
    fg.title(_plain(site_name))
    fg.language(lang)
    fg.link(href=f"{home}{FEED_NAME}" if base else FEED_NAME, rel="self")
    fg.link(href=home if base else "./", rel="alternate")
    fg.author({"name": _plain(site_name)})
    latest = max(statements, key=lambda s: s.date)
    fg.updated(_stamp(provenance[latest.slug].posted or latest.date if latest.slug in provenance else latest.date))
    for s in sorted(statements, key=lambda s: s.date):
        url = f"{home}statements/{s.slug}/" if base else f"statements/{s.slug}/"
        entry = fg.add_entry()
        entry.id(url if base else f"urn:{feed_id}:{lang}:{s.slug}")
        entry.title(_plain(s.title))
        entry.link(href=url, rel="alternate")
        entry.published(_stamp(s.date))
        posted = provenance[s.slug].posted if s.slug in provenance else None
        entry.updated(_stamp(max(s.date, posted) if posted else s.date))
        entry.summary(_plain(description[s.slug]))
    return fg.atom_str(pretty=True)
