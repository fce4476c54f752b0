"""jieba's cuts of a text, from only the part of jieba's dictionary that the text can reach.

jieba loads its whole dictionary before its first cut: 349,047 words and their 498,113 prefixes, 0.7 s of CPU
even from its own marshal cache, as much as a stock MkDocs build of one edition. A cut never needs most of it.
jieba reads the dictionary only at fragments of the text it cuts: get_DAG extends a fragment from each character
while the fragment is a word or a word's prefix, calc and the HMM pass ask the frequency of fragments the DAG
holds. So a dictionary holding, for every character and every pair of characters in a row that the text holds,
the entries jieba would hold for it gives the same cuts: a character's own entry (its frequency, or 0 when it only
begins longer words), and every word that begins with the pair, with its prefixes. The total of all frequencies,
which calc divides by, is the whole file's.

The words are found by binary search in the dictionary's lines, sorted once (nearly in order already: 9 ms), and
added as texts ask for them (`_Dictionary.reach`); jieba's own Tokenizer cuts with them. tests/test_segment.py
checks the cuts, DAGs and frequencies against jieba with its whole dictionary, on the corpus and on random text.
"""

from __future__ import annotations

import bisect
import re
import threading
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from ..lazy import jieba


def dictionary_path() -> Path:
    """jieba's default dictionary, the file its own Tokenizer reads."""
    return Path(jieba.__file__).parent / "dict.txt"


class _Dictionary:
    """jieba's default dictionary, its entries made as texts reach them."""

    def __init__(self, path: Path) -> None:
        self.text = path.read_text(encoding="utf-8")
        self.lines = sorted(line for line in map(str.strip, self.text.split("\n")) if line)  # as jieba strips them
        self.freq: dict[str, int] = {}
        self.seen: set[str] = set()  # the characters and pairs whose entries are made
        self.reached: set[str] = set()  # the texts whose every entry is made
        self.lock = threading.Lock()  # the build's threads cut at once
        self.total = sum(int(f) for f in re.findall(r"^\S+ (\d+)", self.text, re.MULTILINE))

    def reach(self, text: str) -> None:
        """Make the entries every fragment of `text` can meet: its characters', and its pairs' words."""
        if text in self.reached:  # the search index asks about the same words again and again
            return
        keys = set(text) | {text[i:i + 2] for i in range(len(text) - 1)}
        new = keys - self.seen
        if new:
            with self.lock:
                for key in sorted(new - self.seen):
                    self._add(key)
                    self.seen.add(key)
        self.reached.add(text)

    def _add(self, key: str) -> None:
        lines = self.lines
        if len(key) == 1:  # its own line sorts first among those it begins (a space before any other character)
            at = bisect.bisect_left(lines, key)
            if at < len(lines) and lines[at].startswith(key + " "):
                self.freq[key] = self._frequency(key, lines, at)
            elif at < len(lines) and lines[at].startswith(key):  # only longer words begin with it
                self.freq.setdefault(key, 0)
            return
        start = bisect.bisect_left(lines, key)
        end = bisect.bisect_left(lines, key[0] + chr(min(ord(key[1]) + 1, 0x10FFFF)), start)
        words = [lines[i].partition(" ")[0] for i in range(start, end)]
        for i, word in enumerate(words):
            self.freq[word] = self._frequency(word, lines, start + i)
        for word in words:  # a prefix that is no word counts 0, as jieba's gen_pfdict makes it
            for cut in range(1, len(word)):
                self.freq.setdefault(word[:cut], 0)

    def _frequency(self, word: str, lines: list[str], at: int) -> int:
        return int(self._line(word, lines, at).split(" ")[1])

    def _line(self, word: str, lines: list[str], at: int) -> str:
        """The word's line: line `at` of the sorted lines, or, when the file gives the word twice (B超), its last
        line in the file's order, which is the one jieba keeps."""
        twice = any(0 <= j < len(lines) and lines[j].partition(" ")[0] == word for j in (at - 1, at + 1))
        return self.text[self.text.rfind(f"\n{word} ") + 1:].partition("\n")[0] if twice else lines[at]

    def tag(self, word: str) -> str | None:
        at = bisect.bisect_left(self.lines, word + " ")
        if at == len(self.lines) or not self.lines[at].startswith(word + " "):
            return None
        return self._line(word, self.lines, at).partition(" ")[2].rpartition(" ")[2]


_MAKING = threading.Lock()  # the build's threads may ask for it at once: one dictionary, read once


def _tokenizer() -> tuple[Any, _Dictionary]:
    with _MAKING:
        return _made()


@cache
def _made() -> tuple[Any, _Dictionary]:
    tokenizer = jieba.Tokenizer()
    dictionary = _Dictionary(dictionary_path())
    tokenizer.FREQ, tokenizer.total, tokenizer.initialized = dictionary.freq, dictionary.total, True
    return tokenizer, dictionary


def release() -> None:
    """Let go of the dictionary (40 MB: its sorted lines and text, and the entries made): a one-shot build cuts
    nothing once its Site is made. A later cut reads the dictionary again."""
    with _MAKING:
        _made.cache_clear()


def tokenizer(text: str) -> Any:
    """jieba's Tokenizer, its dictionary holding every entry a cut of `text` (or of a part of it) can meet."""
    tok, dictionary = _tokenizer()
    dictionary.reach(text)
    return tok


def cut(text: str, hmm: bool) -> Iterator[str]:
    """jieba.cut(text, HMM=hmm), the same words."""
    return tokenizer(text).cut(text, HMM=hmm)


def frequency(word: str) -> int:
    """jieba.get_FREQ(word) or 0: how often jieba's dictionary says the word is used, 0 if it is no word."""
    return tokenizer(word).FREQ.get(word) or 0


def tag(word: str) -> str | None:
    """The part of speech jieba's dictionary gives the word (n, v, nr, ns …), None if it is no word of it."""
    return _tokenizer()[1].tag(word)
