"""Search across scripts: what the generator writes for the site's own search client.

`search_files` gives each edition's docs/ its index (build_scripts/search/index.py),
so MkDocs copies it into the site and the offline zip like any other file. The
client (overrides/assets/javascripts/search-client.js) maps a query into the
edition's script with `query_map` (瓜达尔港 typed on the 繁體 site finds 瓜達爾港),
expands it with the aliases of source/aliases.toml (build_scripts/search/aliases.py),
and finds clauses holding it.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable, Sequence

from ..cache import memo
from ..model import Statement, Topic
from ..text.script import spellings, to_simplified
from .index import HAN_RUN, INDEX_FILE, SearchIndex, build_indexes, index_script
from .names import Name
from .terms import as_printed


def _aligned(source: list[Statement], edition: list[Statement]) -> list[tuple[str, str]]:
    pairs = []
    for s, t in zip(source, edition, strict=True):
        pairs.append((s.title, t.title))
        pairs += [(a.text, b.text) for a, b in zip(s.blocks, t.blocks, strict=True)]
    return [(a, b) for a, b in pairs if len(a) == len(b)]


def query_map(source: list[Statement], editions: dict[str, list[Statement]], lang: str,
              extra: dict[str, list[tuple[str, str]]] | None = None,
              typed: Sequence[tuple[str, str]] = ()) -> dict[str, str]:
    """Characters of the other editions' scripts → this edition's, the most frequent pairing in the corpus
    (and in `extra`: aligned strings per edition beyond the statements, e.g. the alias terms; in `typed`: a word as
    a reader may type it → as this edition writes it)."""
    extra = extra or {}
    mine = editions[lang]
    pairs: list[tuple[str, str]] = [(a, b) for a, b in typed if len(a) == len(b)]
    for other, statements in editions.items():
        if other == lang:
            continue
        pairs += _aligned(statements, mine)
        theirs_extra, ours_extra = extra.get(other, []), extra.get(lang, [])
        if len(theirs_extra) == len(ours_extra):
            pairs += [(a[1], b[1]) for a, b in zip(theirs_extra, ours_extra, strict=True) if len(a[1]) == len(b[1])]
    # a count over every character of the corpus: kept on disk by the texts it counts (cache.py)
    return memo("search.query_map", pairs, lambda: _most_common(pairs), dict, dict)


def _most_common(pairs: list[tuple[str, str]]) -> dict[str, str]:
    """Each character → its most frequent pairing, unless pairs write it as it is as often (標準 as typed in 繁體 is
    標準, though 準入 is printed 准入); and where a character is written two ways (获: 獲得, 收穫; 里: 裡, and 里 of
    謝里夫), each pair of characters holding it that the pairs write otherwise than character by character, mostly →
    how they write it (收获 → 收穫), which the client tries first."""
    counts: dict[str, Counter[str]] = {}
    kept: Counter[str] = Counter()  # characters some pair writes as they are: a word typed as the edition prints it too
    for theirs, ours in pairs:
        for a, b in zip(theirs, ours, strict=True):
            if a != b:
                counts.setdefault(a, Counter())[b] += 1
            else:
                kept[a] += 1
    chars = {a: b for a, c in sorted(counts.items()) for b, n in c.most_common(1) if n > kept[a]}
    ambiguous = {a for a, c in counts.items() if len(c) > 1 or kept[a]}
    twos: dict[str, Counter[str]] = {}
    for theirs, ours in pairs:
        for i, a in enumerate(theirs):
            if a in ambiguous:  # every pair of characters around it votes, the usual spelling too (一个: 一個)
                for k in (i - 1, i):
                    if 0 <= k and k + 2 <= len(theirs):
                        twos.setdefault(theirs[k:k + 2], Counter())[ours[k:k + 2]] += 1
    by_char = {t: "".join(chars.get(x, x) for x in t) for t in twos}
    return chars | {t: w for t, c in sorted(twos.items()) if (w := c.most_common(1)[0][0]) != by_char[t]}


def search_files(editions: dict[str, list[Statement]], converts: dict[str, Callable[[str], str]],
                 aliases: tuple[tuple[str, ...], ...], names: tuple[Name, ...] = (),
                 topics: tuple[Topic, ...] = (), synonyms: tuple[tuple[str, str], ...] = (),
                 spell: dict[str, Callable[[str], str]] | None = None) -> dict[str, str]:
    """{"<lang>/search/index.js": script} for every edition; the first edition is the source script."""
    source = next(iter(editions.values()))
    terms = [t for g in aliases for t in g]
    extra = {lang: [(t, convert(t)) for t in terms] for lang, convert in converts.items()}
    # the map is made once the tables it learns from are: the indexes hold it, nothing in them reads it
    indexes = build_indexes(editions, aliases, converts, {lang: {} for lang in editions}, names, topics, synonyms)
    # A query reaches a word only once every character of it is in the edition's script. Readers type a word in
    # whatever standard their software spells (爲 衞 峯 裏 are Hong Kong's and OpenCC's own 繁體, 為 衛 峰 裡 Taiwan's),
    # and the tables' words hold characters the statements never print (訊 of 資訊): the map learns, for every word
    # of the corpus and of the tables written in the source script (not 合作專案, 美利堅合衆國 or 峯会: a word in the
    # other script or a variant spelling teaches a pairing that is no conversion), each of its spellings
    # (script.spellings) → the edition's form: as the edition prints it where the statements hold it, else as
    # OpenCC's own config of the edition spells it (`spell`), never through the edition's converter, whose every
    # conversion the audit reviews as shown to readers: these are shown to none.
    spell = spell or converts
    words = sorted(w for w in _han_strings([indexes[0].words, *_tables(indexes[0])]) if to_simplified(w) == w)
    source_texts = [d.text for d in indexes[0].docs]
    spelt = {ix.lang: as_printed(source_texts, [d.text for d in ix.docs], spell[ix.lang], words) for ix in indexes}
    variants = {w: sorted(spellings(w)) for w in words}  # the same whatever the edition
    typed = {lang: [(v, spelt[lang](w)) for w in words for v in variants[w]] for lang in editions}
    maps = {lang: query_map(source, editions, lang, extra, typed[lang]) for lang in editions}
    return {f"{ix.lang}/{INDEX_FILE}": index_script(dataclasses.replace(ix, query_map=maps[ix.lang])) for ix in indexes}


def _tables(index: SearchIndex) -> list[object]:
    """What a query is compared with beyond the statements (the sounds table is characters, not words)."""
    return [index.regional, index.latin, index.topics, index.synonyms, index.names, index.persons]


def _han_strings(value: object) -> set[str]:
    """Every string holding a Han character in a table of the index, keys and values, however nested."""
    if isinstance(value, str):
        return {value} if HAN_RUN.search(value) else set()
    if isinstance(value, dict):
        return set().union(*(_han_strings(k) | _han_strings(v) for k, v in value.items()))
    if isinstance(value, (list, tuple)):
        return set().union(*(_han_strings(v) for v in value))
    return set()


UI_STRINGS = {  # the search dialog's own words, beside Material's (config.extra.theme_strings); see partials/search.html
    "title": "搜索条款",
    "close": "关闭",
    "more": "显示更多结果",
    "hint": "按 / 键打开搜索，Esc 关闭；↑↓ 在结果间移动",
    "loose": "没有完全相符的条款。以下条款含有查询的部分字词，是较宽松的匹配：",
    "related": "话题“#”的其他条款",
    "context": "以下条款不含查询的全部字词，所缺的字词见于同一份声明的其他条款：",
}


def ui_strings(convert: Callable[[str], str]) -> dict[str, str]:
    return {key: convert(value) for key, value in UI_STRINGS.items()}
