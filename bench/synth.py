"""Synthetic corpora of N times the real one, written as raw source files.

Each copy of a real statement gets a new date (so a new slug) and clause texts
derived from the real ones: about one Han character in eight replaced by
another character of the corpus, and the sentences of a clause rotated. The
result parses, converts and links like real text — numbering, dates and
punctuation intact — without being 100 identical copies that would make
linking trivially easy or pathologically dense.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

from build_scripts.manifest import load_manifest
from build_scripts.model import Heading, Statement
from build_scripts.parse import parse_corpus

HAN = re.compile(r"[\u4e00-\u9fff]")
SENTENCE = re.compile(r"(?<=。)")
MUTATION_RATE = 1 / 8


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


def _line(s: Statement, copy: int, rng: random.Random, alphabet: list[str]) -> str:
    date = s.date.replace(year=s.date.year + 10 * copy)
    dateline = f"（{date.year}年{date.month}月{date.day}日，{s.place}）"
    parts = []
    for b in s.blocks:
        if isinstance(b, Heading) or copy == 0:
            parts.append(b.text)
        else:
            parts.append(b.number_text + _mutate(b.body, rng, alphabet))
    return s.title + dateline + "\u3000\u3000" + "\u3000\u3000".join(parts)


def write_corpus(source: Path, out: Path, multiplier: int, seed: int = 0) -> int:
    """Write `multiplier` copies of the corpus in source/ to out/; return the number of clauses."""
    _, statements = parse_corpus(source)
    alphabet = sorted({ch for s in statements for c in s.clauses for ch in c.body if HAN.match(ch)})
    rng = random.Random(seed)
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    corpus, _ = load_manifest(source / "manifest.toml")
    parties = ", ".join(f'"{p}"' for p in corpus.parties)
    (out / "manifest.toml").write_text(f'[corpus]\nparties = [{parties}]\ndocument_type = "{corpus.document_type}"\n',
                                       encoding="utf-8")  # every synthetic statement has its own dateline
    shutil.copy(source / "topics.toml", out / "topics.toml")
    for copy in range(multiplier):
        lines = [_line(s, copy, rng, alphabet) for s in statements]
        (out / f"synthetic_{copy:04d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return multiplier * sum(len(s.clauses) for s in statements)
