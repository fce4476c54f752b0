"""Every name the statements print stands in a name table: the check that keeps source/names.toml and
source/aliases.toml complete as the corpus grows.

jieba's part-of-speech tagger (jieba.posseg) marks the words it takes for names: nr a person (nrt, nrfg …),
ns a place, nt an organisation, nz another proper noun. Each such word of two characters or more must be
covered, where it stands, by terms of the tables: the `zh` of names.toml and the Han terms of aliases.toml
(瓜达尔 inside 瓜达尔港; 巴兹, the tagger's piece of 夏巴兹, inside 夏巴兹; 中华人民共和国国务院 by 中华人民共和国 and
国务院). A word that is no name is listed once, with why, in source/names-not-entities.tsv:

    巴方	side        (the Pakistani side)
    大力支持	common      (a common word the tagger took for a name)
    拉合尔市	generic     (拉合尔 of names.toml and a common noun: Lahore finds it)

A new statement that names what no table holds shows up here: `build` and `check` print the words (a stage
line "names"), and tests/test_search.py fails until each has an entry or a reviewed line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from ..errors import SourceError, SourceErrors
from ..lazy import jieba_posseg as posseg
from .names import Name

NOT_NAMES = "names-not-entities.tsv"
TAGS = ("nr", "ns", "nt", "nz")  # a flag's first two letters: nrt (a transliterated name) and nrfg count as nr
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
LINE = re.compile(r"(\S+)\t+(\S.*?)\s*")


@dataclass(frozen=True)
class Tagged:
    word: str
    flag: str  # jieba's part of speech
    clauses: int  # how many clauses print it as a name no table covers


@cache
def tag(text: str) -> tuple[tuple[str, str, int], ...]:
    """(word, flag, start) of every word jieba.posseg marks as a name, two characters or more."""
    out, at = [], 0

    for word, flag in posseg.cut(text):
        if len(word) >= 2 and flag[:2] in TAGS:
            out.append((word, flag, at))
        at += len(word)
    return tuple(out)


def _spans(text: str, terms: Iterable[str]) -> list[tuple[int, int]]:
    spans = []
    for term in terms:
        at = text.find(term)
        while at >= 0:
            spans.append((at, at + len(term)))
            at = text.find(term, at + 1)
    return spans


def uncovered(texts: Iterable[str], terms: Iterable[str], excluded: Iterable[str] = ()) -> list[Tagged]:
    """The words tagged as names that no term covers where they stand, and no reviewed line excludes."""
    terms, skip = tuple(set(terms)), set(excluded)
    found: dict[str, Tagged] = {}
    for text in texts:
        text = ZERO_WIDTH.sub("", text)
        named = bytearray(len(text))  # 1 where a term of the tables stands
        for a, b in _spans(text, (t for t in terms if t in text)):
            named[a:b] = b"\1" * (b - a)
        seen = set()
        for word, flag, start in tag(text):
            if word in skip or word in seen or all(named[start:start + len(word)]):
                continue
            seen.add(word)
            had = found.get(word)
            found[word] = Tagged(word, had.flag if had else flag, (had.clauses if had else 0) + 1)
    return sorted(found.values(), key=lambda t: (-t.clauses, t.word))


def table_terms(names: Iterable[Name], aliases: Iterable[tuple[str, ...]]) -> set[str]:
    """The Han terms of names.toml (zh) and aliases.toml, as the statements print them."""
    return {n.zh for n in names} | {t for group in aliases for t in group if not t.isascii()}


def parse_not_names(text: str, path: str = NOT_NAMES) -> dict[str, str]:
    """word → reason of every line; `#` starts a comment."""
    out, errors = {}, []
    for number, line in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        line = line.split("#", 1)[0].rstrip()
        if not line:
            continue
        match = LINE.fullmatch(line)
        if not match:
            errors.append(SourceError(path, number, 1, f"{line!r}: expected a word, a tab and why it is no name "
                                                       "(巴方<TAB>side)"))
        elif match.group(1) in out:
            errors.append(SourceError(path, number, 1, f"{match.group(1)!r} is listed twice"))
        else:
            out[match.group(1)] = match.group(2)
    if errors:
        raise SourceErrors(errors)
    return out


def load_not_names(text: str | None) -> dict[str, str]:
    """source/names-not-entities.tsv, from its text as read (read/source.py); none without the file."""
    try:
        return {} if text is None else parse_not_names(text)
    except SourceError as e:
        raise SourceErrors([e]) from None


def summary(missing: list[Tagged], shown: int = 12) -> str:
    """The progress line of `build` and `check`."""
    if not missing:
        return "every word tagged as a name stands in names.toml or aliases.toml"
    words = ", ".join(f"{t.word} ({t.flag})" for t in missing[:shown]) + (" …" if len(missing) > shown else "")
    return (f"{len(missing)} words tagged as names stand in no entry of names.toml or aliases.toml nor in "
            f"{NOT_NAMES}: {words}")
