"""Synthetic corpora of N times the real one, written as raw source files.

Copy 0 is the real corpus itself: its raw files and manifest.toml copied byte
for byte, so 1× *is* the real corpus. Each further copy of a real statement gets
a new date (so a new slug) and clause texts derived from the real ones: about
one Han character in eight replaced by another character of the corpus, and the
sentences of a clause rotated. The result parses, converts and links like real
text — numbering, dates and punctuation intact — without being N identical
copies that would make linking trivially easy or pathologically dense.

New dates lie before the latest real one (copy k is moved k × 30 days back,
then a day further back while the date is taken), so every slug is unique and
the build's SOURCE_DATE_EPOCH — the latest statement's date — is the real
corpus's at every size. (Moving copies forward by years overflowed the 32-bit
gzip timestamps MkDocs writes once the latest date passed 2106.)
"""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from pathlib import Path

from build_scripts.model import Heading, Statement
from build_scripts.read.parse import parse_corpus

HAN = re.compile(r"[\u4e00-\u9fff]")
SENTENCE = re.compile(r"(?<=。)")
MUTATION_RATE = 1 / 8
DAYS_PER_COPY = 30


def _mutate(body: str, rng: random.Random, alphabet: list[str]) -> str:
    sentences = [s for s in SENTENCE.split(body) if s]
    if len(sentences) > 1:
        k = rng.randrange(len(sentences))
        sentences = sentences[k:] + sentences[:k]
    chars = list("".join(sentences))
    for i, ch in enumerate(chars[:-1]):  # the final 。 stays: clauses stay terminated
        if HAN.match(ch) and rng.random() < MUTATION_RATE:
            chars[i] = rng.choice(alphabet)
    return "".join(chars)


def _new_date(s: Statement, copy: int, taken: set[dt.date]) -> dt.date:
    date = s.date - dt.timedelta(days=DAYS_PER_COPY * copy)
    while date in taken:
        date -= dt.timedelta(days=1)
    taken.add(date)
    return date


def _line(s: Statement, date: dt.date, rng: random.Random, alphabet: list[str]) -> str:
    dateline = f"（{date.year}年{date.month}月{date.day}日，{s.place}）"
    parts = [b.text if isinstance(b, Heading) else b.number_text + _mutate(b.body, rng, alphabet) for b in s.blocks]
    return s.title + dateline + "\u3000\u3000" + "\u3000\u3000".join(parts)


SOURCE_FILES = ("manifest.toml", "topics.toml", "aliases.toml", "names.toml", "names-not-entities.tsv", "synonyms.tsv",
                "published.urls")


def write_corpus(source: Path, out: Path, multiplier: int, seed: int = 0) -> int:
    """Write the real corpus in source/ plus `multiplier - 1` synthetic copies to out/; return the number of clauses."""
    _, statements = parse_corpus(source)
    alphabet = sorted({ch for s in statements for c in s.clauses for ch in c.body if HAN.match(ch)})
    rng = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    # the real files keep their manifest entries; the search's tables (aliases, names, synonyms) and the published
    # addresses come along, so ×1 builds exactly what `make site` builds
    for name in SOURCE_FILES:
        if (source / name).is_file():
            shutil.copy(source / name, out / name)
    for raw in sorted({s.source for s in statements}):
        shutil.copy(source / raw, out / raw)
    taken = {s.date for s in statements}
    for copy in range(1, multiplier):
        lines = [_line(s, _new_date(s, copy, taken), rng, alphabet) for s in statements]
        (out / f"synthetic_{copy:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return multiplier * sum(len(s.clauses) for s in statements)
