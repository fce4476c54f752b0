"""source/names.toml: the Latin-script names readers type for what the statements print in Chinese.

    [[name]]
    zh = "瓜达尔"
    latin = ["Gwadar"]

    [[name]]
    zh = "习近平"
    pinyin = true      # a Chinese name: readers type its pinyin (Xi Jinping), which pypinyin gives

Every `zh` must stand in the corpus — the table holds what the statements name, not a gazetteer — and the build
says aliases-style where it does not (names.toml:LINE:COL). A Latin form is letters, digits, spaces, hyphens,
apostrophes and dots; the search client compares it without case, spaces or punctuation (Imran Khan, imrankhan,
the same typed in full-width letters are one name).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass

from ..cache import memo
from ..errors import SourceError, SourceErrors
from ..lazy import pypinyin

NAME = "names.toml"
LATIN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 .'\-]*")
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff][\u3400-\u4dbf\u4e00-\u9fff·\-]*")
EXAMPLE = '[[name]] zh = "瓜达尔" latin = ["Gwadar"]  (or pinyin = true for a Chinese name)'


@dataclass(frozen=True)
class Name:
    zh: str  # as the statements print it, Simplified
    latin: tuple[str, ...]  # what readers type, pinyin included
    line: int = 0


def key(latin: str) -> str:
    """A Latin form as the client compares it: lower case, letters and digits only."""
    return re.sub(r"[^a-z0-9]", "", latin.lower())


def parse_names(text: str, path: str = NAME) -> tuple[Name, ...]:
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as e:
        raise SourceErrors([SourceError(path, 1, 1, f"not valid TOML: {e}; expected e.g. {EXAMPLE}")]) from None
    entries = data.get("name", [])
    if set(data) - {"name"} or not isinstance(entries, list):
        raise SourceErrors([SourceError(path, 1, 1, f"expected [[name]] tables only, found {sorted(data)!r}; "
                                                    f"e.g. {EXAMPLE}")])
    lines = _table_lines(text)
    errors, names = [], []
    for i, entry in enumerate(entries):
        line = lines[i] if i < len(lines) else 1
        zh, latin, pinyin = entry.get("zh"), entry.get("latin", []), entry.get("pinyin", False)
        unknown = sorted(set(entry) - {"zh", "latin", "pinyin"})
        if unknown:
            errors.append(SourceError(path, line, 1, f"unknown key {unknown[0]!r}: expected zh, latin, pinyin"))
            continue
        if not isinstance(zh, str) or not HAN.fullmatch(zh):
            errors.append(SourceError(path, line, 1, f"zh = {zh!r}: expected the name as the statements print it, "
                                                     f"in Han characters (伊姆兰·汗)"))
            continue
        if not isinstance(latin, list) or not all(isinstance(t, str) and LATIN.fullmatch(t) for t in latin):
            errors.append(SourceError(path, line, 1, f"latin = {latin!r} for {zh}: expected a list of names in Latin "
                                                     f"letters, digits, spaces, hyphens, apostrophes or dots"))
            continue
        if not isinstance(pinyin, bool) or not (latin or pinyin):
            errors.append(SourceError(path, line, 1, f"{zh}: expected latin = [...] or pinyin = true"))
            continue
        forms = list(latin) + ([_pinyin(zh)] if pinyin else [])
        names.append(Name(zh, tuple(forms), line))
    if errors:
        raise SourceErrors(errors)
    return tuple(names)


def _pinyin(zh: str) -> str:
    """A Chinese name in toneless pinyin, run together (伊姆兰 → yimulan); kept on disk (cache.py): pypinyin's import
    alone is ≈0.25 s, and a build of an unchanged corpus needs it for nothing else."""
    return memo("search.pinyin", [zh], lambda: "".join(pypinyin.lazy_pinyin(zh.replace("·", ""))), str, str)


def _table_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.split("\n"), start=1) if re.match(r"\s*\[\[\s*name\s*\]\]", line)]


def load_names(text: str | None, corpus_text: str) -> tuple[Name, ...]:
    """The table of source/names.toml, from its text as read (read/source.py; none without the file), every name
    checked against the corpus."""
    if text is None:
        return ()
    try:
        names = parse_names(text)
    except SourceError as e:
        raise SourceErrors([e]) from None
    stale = [SourceError(NAME, n.line, 1, f"zh = {n.zh!r} stands in no clause: expected a name the statements "
                                          f"print (remove the entry, or correct it)")
             for n in names if n.zh not in corpus_text]
    if stale:
        raise SourceErrors(stale)
    return names
