"""How the compare view's word diff grows with the length of a clause: python -m bench.diff_scale [chars…] [--plain].

A benchmark, not a test (tests/test_compare.py asserts the work bound in Myers steps, not seconds). Two
near-duplicate versions of one long clause — the real corpus's clauses run together, then a copy with about one Han
character in 8 changed (as bench/synth.py mutates its copies), one sentence in 25 dropped and one in 25 added — are
diffed by worddiff.diff; it prints CPU seconds, Myers steps and the share of the later text kept, and the time ratio
of each length against the first. Linear growth keeps the time ratio near the length ratio; the unbounded diff it
replaced (--plain: the word diff as it was before issue 20) grew with its square.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from build_scripts.link import worddiff
from build_scripts.read.parse import parse_corpus

from .synth import HAN, MUTATION_RATE, SENTENCE

ROOT = Path(__file__).resolve().parent.parent
CHANGED_HAN = MUTATION_RATE  # a Han character replaced by another of the corpus, as in the synthetic corpora
SENTENCE_EDIT = 1 / 25  # a sentence dropped from the later version, and (independently) a new one added


def near_duplicates(chars: int, seed: int = 0) -> tuple[str, str]:
    """An earlier and a later version of one clause of `chars` characters, near duplicates of each other."""
    _, statements = parse_corpus(ROOT / "source")
    corpus = "".join(c.text for s in statements for c in s.clauses)
    earlier = (corpus * (chars // len(corpus) + 1))[:chars]
    alphabet = sorted({ch for ch in corpus if HAN.match(ch)})
    rng = random.Random(seed)
    later: list[str] = []
    for sentence in (s for s in SENTENCE.split(earlier) if s):
        if rng.random() < SENTENCE_EDIT:
            continue
        later += [rng.choice(alphabet) if HAN.match(ch) and rng.random() < CHANGED_HAN else ch for ch in sentence]
        if rng.random() < SENTENCE_EDIT:
            later += [*(rng.choice(alphabet) for _ in range(rng.randrange(8, 40))), "。"]
    return earlier, "".join(later)


def plain_word_diff(earlier: str, later: str) -> tuple[worddiff.Segment, ...]:
    """The word diff as it was before its bound (issue 20): diff-match-patch's Myers search over the whole texts, no
    limit but the clock (and no clock), then its semantic cleanup over the whole diff. Quadratic in the worst case."""
    from diff_match_patch import diff_match_patch

    codes: dict[str, str] = {}
    words: list[str] = []

    def encode(text: str) -> str:
        out = []
        for w in worddiff.tokens(text):
            if w not in codes:
                codes[w] = chr(0xE000 + len(words)) if len(words) < 6400 else chr(0xF0000 + len(words))
                words.append(w)
            out.append(codes[w])
        return "".join(out)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0
    a, b = encode(earlier), encode(later)
    decode = {c: w for w, c in codes.items()}
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    ops = {0: "equal", -1: "delete", 1: "insert"}
    out: list[worddiff.Segment] = []
    for op, coded in diffs:
        text = "".join(decode[c] for c in coded)
        if out and out[-1].op == ops[op]:
            out[-1] = worddiff.Segment(ops[op], out[-1].text + text)
        elif text:
            out.append(worddiff.Segment(ops[op], text))
    return tuple(out)


def measure(chars: int, plain: bool = False, repeat: int = 3) -> dict[str, float]:
    """CPU seconds of the diff alone (the least of `repeat` runs: the machine is shared), its steps and what it kept."""
    earlier, later = near_duplicates(chars)
    words = len(worddiff.tokens(earlier)) + len(worddiff.tokens(later))  # jieba's cut is not the diff: cached first
    times = []
    for _ in range(repeat):
        t0 = time.process_time()
        if plain:
            segments, steps = plain_word_diff(earlier, later), -1
        else:
            result = worddiff.diff(earlier, later)
            segments, steps = result.segments, result.steps
        times.append(time.process_time() - t0)
    seconds = min(times)
    assert worddiff.earlier_side(segments) == earlier and worddiff.later_side(segments) == later
    return {"chars": chars, "words": words, "seconds": seconds, "steps": steps,
            "kept": worddiff.summary(segments)["kept"]}


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.diff_scale")
    p.add_argument("chars", nargs="*", type=int, default=[20_000, 40_000, 100_000, 500_000])
    p.add_argument("--plain", action="store_true", help="time the unbounded diff it replaced (quadratic: minutes from 40,000)")
    p.add_argument("--repeat", type=int, default=3, help="runs per length; the least CPU time is reported")
    a = p.parse_args(argv)
    rows = [measure(n, a.plain, a.repeat) for n in a.chars]
    print(f"| characters | words (both) | {'plain' if a.plain else 'bounded'} diff (CPU s) | Myers steps | kept | "
          "time ratio | length ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    base = rows[0]
    for r in rows:
        steps = f"{int(r['steps']):,}" if r["steps"] >= 0 else "n/a"
        print(f"| {int(r['chars']):,} | {int(r['words']):,} | {r['seconds']:.2f} | {steps} | {int(r['kept'])}% "
              f"| {r['seconds'] / base['seconds']:.2f} | {r['chars'] / base['chars']:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
