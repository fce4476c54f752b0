"""The site's search index, built from the parsed statements: one document per clause, in every edition.

Each document is a clause or paragraph (never a heading, a page or the
navigation) with its statement, date, label and anchor. Words are cut once,
on the source script, with jieba: jieba's dictionary is Simplified and cuts
繁體 text wrongly (中巴關係 → 中巴/關/係), so every other edition takes the
source's cuts position for position (the conversion maps character to
character; a clause whose length changed is cut on its own). The client
(overrides/assets/javascripts/search-client.js) uses the words to split a query
that matches nowhere as typed into the words it is made of.

A phrase is cut the same way everywhere: jieba's cut of a run depends on the
characters around it (核供应国集团 came out as 核/供应国/集团 in one clause and
核供应/国/集团 in another), so every alias term and every word of three or more
characters jieba found anywhere is cut, wherever it occurs, as it is cut alone.

The index is written as a script (`window.__siteSearchIndex = {...}`), not JSON:
a page opened from file:// may add a <script> but may not fetch a file.
"""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import itertools
import json
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from ..cache import memo
from ..model import Statement, Topic
from ..text import escape, segment
from . import sounds as search_sounds
from . import terms as search_terms
from .names import Name

HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
KEEP_CUTS = 1 << 15  # Han runs whose cuts a process keeps after building the index (×10 the real corpus has fewer)
INDEX_FILE = "search/index.js"  # in every edition's docs/ (MkDocs copies it; the offline zip gets it too)


@dataclass(frozen=True)
class SearchDoc:
    statement: int  # position in SearchIndex.statements
    anchor: str  # c7 | s3-p2 | p5
    label: str  # 第七条, in the edition's script
    text: str  # the clause as printed, in the edition's script
    cuts: tuple[int, ...]  # word boundaries in text, from the source edition's cut
    morphs: tuple[int, ...] = ()  # where a word's parts begin inside it (博览|会): abbreviations start there


@dataclass(frozen=True)
class StatementInfo:
    slug: str
    date: str  # e.g. 2015年4月20日
    place: str
    title: str


@dataclass(frozen=True)
class SearchIndex:
    lang: str
    statements: tuple[StatementInfo, ...]
    docs: tuple[SearchDoc, ...]
    aliases: tuple[tuple[str, ...], ...]  # in the edition's script
    query_map: dict[str, str]  # other editions' characters → this edition's
    regional: dict[str, str] = field(default_factory=dict)  # search_terms.py: 網路 → 网络
    latin: dict[str, list[str]] = field(default_factory=dict)  # gwadar → [瓜达尔]
    topics: tuple[list, ...] = ()  # [name, [terms], [doc positions]]
    synonyms: dict[str, list[str]] = field(default_factory=dict)  # reviewed 词林 pairs: 瘟疫 → [疫病]
    sounds: dict[str, str] = field(default_factory=dict)  # pinyin syllable → characters: ka → 卡咖喀…
    names: tuple[str, ...] = ()  # the corpus's names, heard by the client as their pinyin (卡拉奇: kalaqi)
    persons: dict[str, list[str]] = field(default_factory=dict)  # 夏巴兹谢里夫 → [夏巴兹]: what names them alone

    @property
    def words(self) -> list[str]:
        """The Han words of two characters or more the index was cut into, and the alias terms."""
        found = {w for d in self.docs for w in words_of(d.text, d.cuts) if len(w) > 1 and HAN_RUN.fullmatch(w)}
        return sorted(found | {t for g in self.aliases for t in g})


def words_of(text: str, cuts: tuple[int, ...]) -> list[str]:
    edges = [0, *cuts, len(text)]
    return [text[a:b] for a, b in itertools.pairwise(edges) if b > a]


@cache
def _split(word: str) -> tuple[str, ...] | None:
    """A long word as dictionary words of two or more characters (中巴关系 → 中巴/关系); None if it doesn't split."""
    if len(word) < 4:
        return None
    for cut in range(2, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        if not segment.frequency(head):
            continue
        if segment.frequency(tail):
            return (head, tail)
        rest = _split(tail)
        if rest:
            return (head, *rest)
    return None


@cache
def fine_cut(run: str) -> tuple[str, ...]:
    """jieba's words of a Han run, long compounds split into the dictionary words they are made of,
    so a query for 关系 finds 中巴关系."""
    words: list[str] = []
    for word in jieba_cut(run):
        words += _split(word) or [word]
    return tuple(words)


@cache
def jieba_cut(run: str) -> tuple[str, ...]:
    """jieba's own words of a Han run (HMM on): fine_cut's start, and the index's vocabulary (cut once for both)."""
    return tuple(segment.cut(run, hmm=True))


@cache
def parts(word: str) -> tuple[str, ...]:
    """A word of three characters or more as jieba would cut it if it were not in the dictionary as a whole
    (博览会 → 博览/会, 全国代表大会 → 全国/代表/大会), recursively: the pieces a Chinese abbreviation takes
    its characters from (进博会 ← 进口/博览/会)."""
    if len(word) < 3:
        return (word,)
    tokenizer = segment.tokenizer(word)
    dag = tokenizer.get_DAG(word)
    dag[0] = [k for k in dag[0] if k != len(word) - 1] or [0]
    route: dict[int, tuple[float, int]] = {}
    tokenizer.calc(word, dag, route)
    out: list[str] = []
    x = 0
    while x < len(word):
        y = route[x][1] + 1
        out += parts(word[x:y]) if y - x < len(word) else [word[x:y]]
        x = y
    return tuple(out)


def morpheme_starts(text: str, cuts: tuple[int, ...]) -> tuple[int, ...]:
    """Where the parts of the text's Han words begin, inside the words (word boundaries not repeated)."""
    out: list[int] = []
    for a, b in itertools.pairwise((0, *cuts, len(text))):
        word = text[a:b]
        if b - a >= 3 and HAN_RUN.fullmatch(word):
            out += [a + n for n in _boundaries(parts(word))]
    return tuple(out)


def _boundaries(words: Iterable[str], start: int = 0) -> list[int]:
    out, at = [], start
    for w in words:
        at += len(w)
        out.append(at)
    return out[:-1]


def jieba_cuts(text: str) -> set[int]:
    """Boundaries around every Han run and between its words; other characters stand alone."""
    cuts = set()
    for i, ch in enumerate(text):
        if not HAN_RUN.match(ch):
            cuts |= {i, i + 1}
    for m in HAN_RUN.finditer(text):
        cuts |= {m.start(), m.end(), *_boundaries(fine_cut(m.group()), m.start())}
    return cuts


@dataclass(frozen=True, eq=False)
class Protected:
    """Phrases cut as they are cut alone wherever they occur, ready to be found in linear time."""

    phrases: tuple[str, ...]  # longest first
    lengths: dict[str, tuple[int, ...]]  # first character → the lengths of the phrases starting with it
    members: frozenset[str]
    digest: str  # of the phrases, for the cut cache

    def __iter__(self) -> Iterator[str]:
        return iter(self.phrases)


def protect(phrases: Iterable[str]) -> Protected:
    ordered = tuple(sorted(set(phrases), key=lambda w: (-len(w), w)))
    lengths: dict[str, set[int]] = {}
    for p in ordered:
        lengths.setdefault(p[0], set()).add(len(p))
    digest = hashlib.sha256("\0".join(ordered).encode("utf-8")).hexdigest()
    return Protected(ordered, {ch: tuple(sorted(ns, reverse=True)) for ch, ns in lengths.items()}, frozenset(ordered),
                     digest)


def _occurrences(text: str, protected: Protected) -> list[tuple[int, int, str]]:
    """(-length, start, phrase) of every occurrence of a protected phrase: linear in the text, whatever the
    number of phrases (only the lengths that phrases starting with the character have are tried)."""
    found = []
    for i, ch in enumerate(text):
        for n in protected.lengths.get(ch, ()):
            if text[i:i + n] in protected.members:
                found.append((-n, i, text[i:i + n]))
    return found


def consistent_cuts(text: str, protected: Protected | tuple[str, ...]) -> tuple[int, ...]:
    """jieba's cuts, then every protected phrase cut as it is cut alone wherever it occurs: longer phrases
    first, and of two that overlap the one that starts first (共产党中央 → 共产党/中央, not 共产/党中央)."""
    if not isinstance(protected, Protected):
        protected = protect(protected)
    cuts = jieba_cuts(text)
    taken: list[tuple[int, int]] = []
    for _, a, phrase in sorted(_occurrences(text, protected)):
        b = a + len(phrase)
        if any(a < y and x < b for x, y in taken):
            continue  # overlaps a phrase already cut
        taken.append((a, b))
        cuts = {c for c in cuts if not a < c < b} | {a, b} | {a + o for o in _boundaries(fine_cut(phrase))}
    return tuple(sorted(c for c in cuts if 0 < c < len(text)))


_CUT_CACHE: dict[str, tuple[int, ...]] = {}


def cached_cuts(text: str, protected: Protected) -> tuple[int, ...]:
    """consistent_cuts, remembered by the hash of the text and of the protected phrases: the online and
    offline passes, and a rebuild in `make serve`, cut only what changed."""
    key = hashlib.sha256(text.encode("utf-8")).hexdigest() + protected.digest
    if key not in _CUT_CACHE:
        _CUT_CACHE[key] = consistent_cuts(text, protected)
    return _CUT_CACHE[key]


def protected_phrases(texts: list[str], aliases: tuple[tuple[str, ...], ...]) -> Protected:
    """Alias terms and every word of three or more characters jieba finds in the corpus."""
    found = {w for t in texts for m in HAN_RUN.finditer(t) for w in fine_cut(m.group()) if len(w) >= 3}
    return protect(found | {t for g in aliases for t in g if HAN_RUN.fullmatch(t)})


def _plain(text: str) -> str:
    return ZERO_WIDTH.sub("", text)


def name_cuts(text: str, cuts: tuple[int, ...], names: Iterable[str]) -> tuple[int, ...]:
    """The cuts, and the edges of every name of names.toml where a word jieba made holds or crosses it, so the
    name a reader types in Latin letters finds it (Alvi → 阿尔维 in 同阿尔维 and 阿尔维于, Lahore → 拉合尔 in
    拉合尔市, Jammu → 查谟 in 就查/谟, CPC → 中国共产党 in 中国/共产/党中央/委员会). Not where that would break a word:
    a name inside a word but not at its start or end (中国 in 发展中国家), or a name's edge inside a dictionary
    word whose part outside the name is no word (巴中 in 在巴/中方, 阿人 in 阿/人民). Decided on the cuts given,
    so a name is cut alike wherever its words are."""
    edges = (0, *cuts, len(text))
    at_edge = set(edges)
    added: set[int] = set()
    for name in names:
        a = text.find(name)
        while a >= 0:
            b = a + len(name)
            if _may_cut(text, edges, at_edge, a, b):
                added |= {a, b}
            a = text.find(name, a + 1)
    return tuple(sorted(c for c in at_edge | added if 0 < c < len(text)))


def _may_cut(text: str, edges: tuple[int, ...], at_edge: set[int], a: int, b: int) -> bool:
    for x in (a, b):
        if x in at_edge:
            continue
        i = bisect.bisect_left(edges, x)
        start, end = edges[i - 1], edges[i]  # the word that holds position x
        if start <= a and b <= end:  # the word holds the whole name: only as its start or its end
            if start != a and end != b:
                return False
        elif segment.frequency(text[start:end]):  # a dictionary word across the name's edge: only if what stays
            rest = text[start:a] if start < a else text[b:end]  # outside the name is a word too (党中央 → 中央)
            if len(rest) < 2 or not segment.frequency(rest):
                return False
    return True


def source_docs(statements: list[Statement], aliases: tuple[tuple[str, ...], ...],
                names: tuple[str, ...] = ()) -> list[tuple[str, tuple[int, ...]]]:
    """(text, cuts) of every clause of the source edition, in document order; `names` (names.toml's zh) cut out
    of the words that hold them (name_cuts)."""
    texts = [_plain(c.text) for s in statements for c in s.clauses]

    def cut() -> list[tuple[str, tuple[int, ...]]]:
        protected = protected_phrases(texts, aliases)
        return [(t, name_cuts(t, cached_cuts(t, protected), [n for n in names if n in t])) for t in texts]
    # kept on disk by content hash (cache.py): with it, a build of an unchanged corpus never loads jieba's dictionary
    return memo("search.source_docs", [texts, aliases, names], cut, lambda docs: [[t, list(c)] for t, c in docs],
                lambda kept: [(t, tuple(c)) for t, c in kept])


def source_morphs(source: list[tuple[str, tuple[int, ...]]]) -> list[tuple[int, ...]]:
    """morpheme_starts of every source doc: every edition aligned with the source takes them (kept, as source_docs)."""
    return memo("search.source_morphs", [[t, list(c)] for t, c in source],
                lambda: [morpheme_starts(t, c) for t, c in source], lambda ms: [list(m) for m in ms],
                lambda kept: [tuple(m) for m in kept])


def jieba_words(texts: list[str]) -> list[str]:
    """Every word jieba cuts the Han runs of texts into, as it cuts them (HMM on): sorted, kept as source_docs."""
    return memo("search.jieba_words", texts,
                lambda: sorted({w for t in texts for m in HAN_RUN.finditer(t) for w in jieba_cut(m.group())}),
                list, list)


def edition_index(lang: str, source: list[tuple[str, tuple[int, ...]]], statements: list[Statement],
                  aliases: tuple[tuple[str, ...], ...], query_map: dict[str, str],
                  morphs_of_source: list[tuple[int, ...]] | None = None) -> SearchIndex:
    """The edition's index: its own text and labels, the source's cuts (and morphs_of_source: source_morphs) where
    the text is aligned."""
    infos, docs = [], []
    clauses = [(i, c) for i, s in enumerate(statements) for c in s.clauses]
    if morphs_of_source is None:
        morphs_of_source = source_morphs(source)
    for (i, clause), (source_text, cuts), morphs in zip(clauses, source, morphs_of_source, strict=True):
        text = _plain(clause.text)
        if len(text) != len(source_text):  # not character-aligned: cut the edition's own text
            cuts = consistent_cuts(text, ())
            morphs = morpheme_starts(text, cuts)
        docs.append(SearchDoc(i, clause.anchor, clause.label, text, cuts, morphs))
    for s in statements:
        infos.append(StatementInfo(s.slug, f"{s.date.year}年{s.date.month}月{s.date.day}日", s.place, s.title))
    return SearchIndex(lang, tuple(infos), tuple(docs), aliases, query_map)


def build_indexes(editions: dict[str, list[Statement]], aliases: tuple[tuple[str, ...], ...],
                  converts: dict[str, Callable[[str], str]], query_maps: dict[str, dict[str, str]],
                  names: tuple[Name, ...] = (), topics: tuple[Topic, ...] = (),
                  synonyms: tuple[tuple[str, str], ...] = ()) -> list[SearchIndex]:
    """One index per edition; the first edition is the source script whose cuts every other takes."""
    langs = list(editions)
    # a name, and each part of a person's (夏巴兹 of 夏巴兹·谢里夫: the text says 夏巴兹总理 too), cut out where it stands
    parts = {p for n in names for p in n.zh.split("·") if len(p) >= 2}
    source = source_docs(editions[langs[0]], aliases, tuple(sorted({n.zh for n in names} | parts)))
    texts = [text for text, _ in source]
    vocabulary = {w for text, cuts in source for w in words_of(text, cuts)} | set(jieba_words(texts))
    jieba_cut.cache_clear()  # served fine_cut and the vocabulary
    if fine_cut.cache_info().currsize > KEEP_CUTS:
        fine_cut.cache_clear()  # a large corpus's runs: more memory than a rebuild in `make serve` would save
    morphs = source_morphs(source)
    out = []
    for lang in langs:
        convert = converts[lang]
        index = edition_index(lang, source, editions[lang], tuple(tuple(map(convert, g)) for g in aliases),
                              query_maps[lang], morphs)
        printed = search_terms.as_printed(texts, [d.text for d in index.docs], convert)
        out.append(dataclasses.replace(index, regional=search_terms.regional(vocabulary, printed, "\n".join(texts)),
                                       latin=search_terms.latin(names, aliases, printed),
                                       topics=tuple(search_terms.topics(topics, texts, convert)),
                                       synonyms=search_terms.synonyms(synonyms, printed),
                                       sounds=search_sounds.sounds(),
                                       names=tuple(search_terms.name_words(vocabulary, names, printed)),
                                       persons=search_terms.persons(names, printed)))
    return out


def index_script(index: SearchIndex) -> str:
    """The index as a script that defines it: loadable with a <script> element from file:// as from a server."""
    data = {
        "lang": index.lang,
        "statements": [[s.slug, s.date, s.place, s.title] for s in index.statements],
        "docs": [[d.statement, d.anchor, d.label, d.text, _deltas(d.cuts), _deltas(d.morphs)] for d in index.docs],
        "words": index.words,
        "aliases": [list(g) for g in index.aliases],
        "map": index.query_map,
        "regional": index.regional,
        "latin": index.latin,
        "topics": list(index.topics),
        "synonyms": index.synonyms,
        "sounds": index.sounds,
        "names": list(index.names),
        "persons": index.persons,
    }
    body = escape.script_json(data)  # source text in a JS file: no markup, even read as HTML (escape.py)
    return ("// generated by build_scripts/search/index.py from the parsed statements: do not edit\n"
            f"window.__siteSearchIndex = {body};\n")


def _deltas(cuts: tuple[int, ...]) -> list[int]:
    """Word boundaries as the gaps between them (small numbers: a smaller index)."""
    return [b - a for a, b in itertools.pairwise((0, *cuts))]


def read_index_script(text: str) -> dict:
    """The data of an index script written by index_script (for the tests and for tools)."""
    head = "window.__siteSearchIndex = "
    body = text[text.index(head) + len(head):].rstrip().removesuffix(";")
    return json.loads(body)
