"""What the templates of one edition are given: its statements, topics, links and citations, all in its script.

An EditionView is made per edition by the driver (build.py) and read by the templates (pages.py), the statement
pages' data files (related.py) and the downloads: the see-also entries a clause shows, the compare views of linked
pairs (the word diff, link/worddiff.py, laid onto the edition's text), the 来源 line and the citations.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import cached_property

from ..link import snippet
from ..link.linker import Link, Linking
from ..link.worddiff import Row, Segment, project, rows, summary, word_diff
from ..model import Clause, Convert, Ref, Statement, Topic, compare_slug
from ..read.provenance import Provenance, source_line
from ..text.numerals import cn_date
from . import cite

EXCERPT = 36  # characters of a linked clause shown under a see-also link


@dataclass(frozen=True)
class SeeAlso:
    """One see-also entry as a reader sees it: where it goes, an excerpt, and why."""

    statement: Statement
    clause: Clause
    link: Link
    topics: tuple[Topic, ...]
    excerpt: str
    compare: str  # slug of the compare page, or ""


@dataclass(frozen=True)
class Comparison:
    slug: str
    earlier: tuple[Statement, Clause]
    later: tuple[Statement, Clause]
    diff: tuple[Segment, ...]
    rows: tuple[Row, ...] = ()
    summary: dict = field(default_factory=dict)


def compare_url(a: Ref, b: Ref) -> str:
    """Where the compare view of two clauses is, relative to the edition's root (the one place that says so).

    One page per edition shows the pair named in its fragment (compare_page.py); the former address of a pair,
    compare/<slug>/, is a redirect to it when source/published.urls lists it."""
    return f"compare/#{compare_slug(a, b)}"


def quoted(wording: str, *bodies: str) -> tuple[str, ...]:
    """What a compare view pins (worddiff.diff's `keep`) for a pair whose see-also entries quote `wording` (the
    linker's longest shared text): the stretch of it that the entries under both clauses quote, each cut to whole
    words of the clause it links to (snippet.trim_wording, as see_also cuts it) — or the wording whole."""
    if not wording:
        return ()
    spans = [(s - at, e - at) for body in bodies
             if (at := body.find(wording)) >= 0 and (span := snippet.wording_span(body, wording)) for s, e in [span]]
    if not spans:
        return (wording,)
    return (wording[min(s for s, _ in spans):max(e for _, e in spans)],)


@dataclass(frozen=True)
class EditionView:
    """What the templates of one edition need, all in that edition's script."""

    statements: list[Statement]
    topics: tuple[Topic, ...]
    linking: Linking
    parties: tuple[str, ...]
    site_name: str
    site_description: str
    convert: Convert  # for text the linker quotes from the source, such as a link's shared wording
    lang: str = "zh-Hans"
    source: list[Statement] = field(default_factory=list)  # the Simplified statements: jieba cuts words there
    provenance: dict[str, Provenance] = field(default_factory=dict)  # by statement slug
    base_url: str = ""  # the published site's address ("" when unknown), for URLs that leave the site
    published: tuple[tuple[Ref, Ref], ...] = ()  # compare pairs published at compare/<slug>/ (read/published_urls.py), kept

    @cached_property
    def _source_index(self) -> dict[Ref, Clause]:
        return {Ref(s.slug, c.anchor): c for s in self.source for c in s.clauses}

    def _source_text(self, ref: Ref, text: str) -> str:
        c = self._source_index.get(ref)
        return c.text if c is not None else text

    def _source_body(self, ref: Ref, body: str) -> str:
        c = self._source_index.get(ref)
        return c.body if c is not None else body

    @cached_property
    def _index(self) -> dict[Ref, tuple[Statement, Clause]]:
        return {Ref(s.slug, c.anchor): (s, c) for s in self.statements for c in s.clauses}

    def clause(self, ref: Ref) -> tuple[Statement, Clause]:
        return self._index[ref]

    def topics_of(self, ref: Ref) -> tuple[Topic, ...]:
        on = self.linking.topics.get(ref, ())
        return tuple(t for t in self.topics if t.slug in on)

    def see_also(self, ref: Ref) -> list[SeeAlso]:
        out = []
        for link in self.linking.links.get(ref, ()):
            s, c = self.clause(link.target)
            src = self._source_index.get(link.target)
            body = src.body if src is not None else c.body
            excerpt = snippet.excerpt(body, c.body, EXCERPT)
            shared = tuple(t for t in self.topics if t.slug in link.topics)
            wording = snippet.trim_wording(body, c.body, link.wording) if link.wording else ""
            if wording and (len(body) != len(c.body) or wording not in c.body):
                wording = self.convert(wording)
            link = dataclasses.replace(link, wording=wording)
            out.append(SeeAlso(s, c, link, shared, excerpt, compare_slug(ref, link.target) if link.compare else ""))
        return out

    def comparisons(self) -> list[Comparison]:
        seen: dict[str, Comparison] = {}
        for ref, links in self.linking.links.items():
            for link in links:
                slug = compare_slug(ref, link.target)
                if link.compare and slug not in seen:
                    earlier, later = sorted((ref, link.target))
                    seen[slug] = self._comparison(slug, earlier, later, link.wording)
        for earlier, later in self.published:  # served even if the linker no longer links the pair
            slug = compare_slug(earlier, later)
            if slug not in seen:
                first, second = sorted((earlier, later))
                seen[slug] = self._comparison(slug, first, second)
        return [seen[k] for k in sorted(seen)]

    def _comparison(self, slug: str, earlier: Ref, later: Ref, wording: str = "") -> Comparison:
        """Words are cut in the Simplified source and the diff laid onto this edition's text of the same length.
        The see-also list's shared wording (`wording`, the linker's, in the source) is pinned as an equal run
        (link/worddiff.py), so the view shows unchanged what the list quotes."""
        (sa, ca), (sb, cb) = self.clause(earlier), self.clause(later)
        a, b = self._source_text(earlier, ca.text), self._source_text(later, cb.text)
        keep = quoted(wording, self._source_body(earlier, ca.body), self._source_body(later, cb.body))
        if len(a) == len(ca.text) and len(b) == len(cb.text):
            diff = project(word_diff(a, b, keep), ca.text, cb.text)
        else:
            diff = word_diff(ca.text, cb.text, tuple(map(self.convert, keep)))
        return Comparison(slug, (sa, ca), (sb, cb), diff, tuple(rows(diff)), summary(diff))

    def size(self, s: Statement) -> str:
        """How long a statement is, in its own units: numbered clauses are 条, paragraphs 段 (20条, 48段, 3条、5段)."""
        numbered = sum(1 for c in s.clauses if c.number_text)  # a clause's further paragraphs carry no number
        counts = [f"{numbered}{self.convert('条')}"] if numbered else []
        counts += [f"{len(s.clauses) - numbered}{self.convert('段')}"] if len(s.clauses) > numbered else []
        return "、".join(counts)

    def description(self, s: Statement) -> str:
        """The meta description: date, place, title and the size in the statement's own units (条 or 段)."""
        return f"{cn_date(s.date)}，{s.place}。{s.title}，{self.convert('共')}{self.size(s)}。"

    def source_line(self, s: Statement) -> tuple[tuple[str, str], ...]:
        """The statement's 来源: (text, address) pieces (provenance.source_line), in the edition's script."""
        return source_line(self.provenance.get(s.slug), self.convert)

    def citation(self, s: Statement) -> cite.StatementCitation:
        return self._citations[s.slug]

    @cached_property
    def _citations(self) -> dict[str, cite.StatementCitation]:
        return {s.slug: cite.statement_citation(s, self.lang, self.provenance.get(s.slug) or cite.NO_PROVENANCE,
                                                self.parties, self.site_name, self.base_url, self.description(s),
                                                note=self.convert("来源：") + "".join(t for t, _ in self.source_line(s)))
                for s in self.statements}

    def timeline(self, topic: Topic) -> list[tuple[Statement, list[Clause]]]:
        return self._timelines.get(topic.slug, [])

    @cached_property
    def _timelines(self) -> dict[str, list[tuple[Statement, list[Clause]]]]:
        """Every topic's statements and clauses on it, in the statements' order: one pass for all the topics."""
        out: dict[str, list[tuple[Statement, list[Clause]]]] = {}
        for s in self.statements:
            on: dict[str, list[Clause]] = {}
            for c in s.clauses:
                for slug in dict.fromkeys(self.linking.topics.get(Ref(s.slug, c.anchor), ())):
                    on.setdefault(slug, []).append(c)
            for slug, clauses in on.items():
                out.setdefault(slug, []).append((s, clauses))
        return out
