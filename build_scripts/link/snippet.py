"""Excerpts and quoted wording cut where a reader expects: between words, never before punctuation.

Cuts are chosen on the Simplified source text, whose words jieba knows, and
applied at the same offsets to an edition's text when the conversion kept the
length (OpenCC s2tw converts character for character on this corpus); otherwise
the edition's own text is cut.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from ..cache import memo
from ..text import segment


@cache  # one character at a time, millions of calls at ×100: a dictionary look-up after the first
def is_punct(ch: str) -> bool:
    return unicodedata.category(ch)[0] in "PZ" or ch.isspace()


@lru_cache(maxsize=1 << 15)  # every clause a see-also entry or a compare view quotes, in every edition
def boundaries(text: str) -> tuple[int, ...]:
    """Offsets between jieba's words (0 and len(text) included), in order; kept on disk by content hash (cache.py).
    A tuple, not a set: one for every clause at ×100, where a set of each took 20 MB more."""
    def cut() -> list[int]:
        out, pos = [0], 0
        for token in segment.cut(text, hmm=False):
            pos += len(token)
            out.append(pos)
        return out
    return tuple(memo("snippet.boundaries", text, cut, lambda b: b, list))


def excerpt_end(source: str, limit: int) -> int:
    """Where to end an excerpt of at most `limit` characters: the last word boundary, trailing punctuation kept out."""
    if len(source) <= limit:
        return len(source)
    cuts = [b for b in boundaries(source) if 0 < b <= limit]
    end = max(cuts) if cuts else limit
    while end > 1 and is_punct(source[end - 1]):
        end -= 1
    return end


def excerpt(source: str, text: str, limit: int) -> str:
    """`text` (the edition's form of `source`) cut to about `limit` characters at a word boundary, with …… if cut."""
    base = source if len(source) == len(text) else text
    end = excerpt_end(base, limit)
    return text if end >= len(text) else text[:end] + "……"


SENTENCE_ENDS = frozenset("。！？；!?;")
OPENING, CLOSING = frozenset({"Ps", "Pi"}), frozenset({"Pe", "Pf"})  # brackets and quote marks, by Unicode category


def wording_span(source: str, wording: str) -> tuple[int, int] | None:
    """The span of shared wording in `source`, shrunk to whole words with no punctuation at either end, and to a
    phrase that reads as one in quotes: the longest stretch of it that holds no sentence's end and no bracket or
    quote mark without its partner (the longest shared text of two clauses runs wherever they agree: through 。双方
    into the next sentence, or from inside 《联合国宪章》 to past its end)."""
    start = source.find(wording)
    if start < 0 or not wording:
        return None
    cuts = boundaries(source)
    span = _whole_words(source, cuts, start, start + len(wording))
    if span is None:
        return None
    bars = _barriers(source, *span)
    if bars:
        edges = [span[0] - 1, *bars, span[1]]
        longest = max(range(len(edges) - 1), key=lambda k: edges[k + 1] - edges[k] - 1)  # the first of equals
        span = _whole_words(source, cuts, edges[longest] + 1, edges[longest + 1])
    return span


def _whole_words(source: str, cuts: tuple[int, ...], start: int, end: int) -> tuple[int, int] | None:
    while start < end and (start not in cuts or is_punct(source[start])):
        start += 1
    while end > start and (end not in cuts or is_punct(source[end - 1])):
        end -= 1
    return (start, end) if end > start else None


def _barriers(text: str, start: int, end: int) -> list[int]:
    """Offsets in text[start:end] a quoted phrase may not hold: sentence ends, and brackets or quote marks whose
    partner the stretch does not hold (each closing one pairs with the last one opened; an apostrophe between two
    letters, as in an English name, is none)."""
    out, opened = [], []
    for at in range(start, end):
        ch = text[at]
        kind = unicodedata.category(ch)
        if ch in SENTENCE_ENDS:
            out.append(at)
        elif kind in OPENING:
            opened.append(at)
        elif kind in CLOSING and not (ch == "\u2019" and _latin(text, at - 1) and _latin(text, at + 1)):
            if opened:
                opened.pop()
            else:
                out.append(at)
    return sorted(out + opened)


def _latin(text: str, at: int) -> bool:
    return 0 <= at < len(text) and text[at].isascii() and text[at].isalpha()


def trim_wording(source: str, text: str, wording: str) -> str:
    """Shared wording as shown: whole words of the edition's text, or the wording as is if it cannot be placed."""
    span = wording_span(source, wording)
    if span is None:
        return wording.strip("".join(ch for ch in wording if is_punct(ch)))
    if len(source) != len(text):
        return source[span[0]:span[1]]
    return text[span[0]:span[1]]
