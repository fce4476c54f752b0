"""What a reader types beside the words the statements print, for the search index: each table computed from the
corpus at build time, so it holds only what this corpus needs.

- regional: a word as Taiwan prints it where the mainland text says it otherwise (网络 → 網路, 视频 → 影片,
  数据库 → 資料庫): for every word of the corpus, OpenCC's phrase-level Taiwan conversion (s2twp), when it differs
  from the word's plain conversion. A query holding the regional word finds the corpus's.
- latin: a name in Latin letters → the names as printed: source/names.toml (checked against the corpus, pinyin
  for Chinese names) and the Latin terms of source/aliases.toml (CPEC, SCO …), keyed without case, spaces or
  punctuation.
- topics: each topic of topics.toml with its name, terms and the clauses on it, for the "related" block.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache

import opencc

from .link import Topic, clause_topics
from .names import Name, key
from .script import to_simplified

Convert = Callable[[str], str]


@cache
def _taiwan_phrases() -> opencc.OpenCC:
    return opencc.OpenCC("s2twp")


def regional(words: Iterable[str], convert: Convert) -> dict[str, str]:
    """Regional spelling → the edition's spelling of the corpus word, for words of two characters or more whose
    Taiwan phrase differs from their plain conversion (the char map covers the rest)."""
    out: dict[str, str] = {}
    words = set(words)
    printed = {convert(w) for w in words} | words
    for word in sorted(words):
        if len(word) < 2:
            continue
        taiwan = _taiwan_phrases().convert(word)
        if to_simplified(taiwan) == word:
            continue  # only characters differ: the query's character map already meets the text
        target = convert(word)
        for form in (taiwan, to_simplified(taiwan), convert(to_simplified(taiwan))):
            if form != target and form not in printed:  # 程序 is Taiwan's 进程, and a word of this corpus: kept
                out.setdefault(form, target)
    return dict(sorted(out.items()))


def latin(names: Iterable[Name], aliases: Iterable[tuple[str, ...]], convert: Convert) -> dict[str, list[str]]:
    """A Latin form's key → the names it stands for, in the edition's script."""
    out: dict[str, list[str]] = {}
    for name in names:
        for form in name.latin:
            out.setdefault(key(form), []).append(convert(name.zh))
    for group in aliases:
        han = [convert(t) for t in group if not t.isascii()]
        for term in group:
            if term.isascii() and han:
                out.setdefault(key(term), []).extend(han)
    return {k: sorted(set(v)) for k, v in sorted(out.items()) if k}


def topics(topic_list: Iterable[Topic], source_texts: list[str], convert: Convert) -> list[list]:
    """[name, [terms], [clause positions]] of every topic, in the edition's script; clauses by their position in
    the index (the source's texts decide, as the topic pages do)."""
    on = [clause_topics(text, tuple(topic_list)) for text in source_texts]
    return [[convert(t.name), [convert(term) for term in t.terms], [i for i, slugs in enumerate(on) if t.slug in slugs]]
            for t in topic_list]
