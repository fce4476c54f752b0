"""How the see-also linker's cost grows with the corpus: python -m bench.link_scale [multipliers…].

A benchmark, not a test: it prints seconds per stage and the ratio of times
against the ratio of clauses. Linear growth means the time ratio stays near the
clause ratio; quadratic growth would multiply it by the clause ratio again.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from build_scripts.link.linker import score, select
from build_scripts.read.parse import parse_corpus
from build_scripts.read.topics import load_topics

from .synth import write_corpus

ROOT = Path(__file__).resolve().parent.parent


def measure(multiplier: int, work: Path) -> dict[str, float]:
    source = work / f"x{multiplier}"
    clauses = write_corpus(ROOT / "source", source, multiplier)
    _, statements = parse_corpus(source)
    topics, params = load_topics(source / "topics.toml")
    t0 = time.perf_counter()
    scored = score(statements, topics)
    t1 = time.perf_counter()
    linking = select(scored, params)
    t2 = time.perf_counter()
    links = sum(len(v) for v in linking.links.values())
    return {"clauses": clauses, "pairs scored": len(scored.pairs), "links": links, "score s": t1 - t0, "select s": t2 - t1}


def main(argv: list[str]) -> int:
    multipliers = [int(a) for a in argv] or [1, 10, 100]
    with tempfile.TemporaryDirectory() as tmp:
        rows = [measure(m, Path(tmp)) for m in multipliers]
    print("| × | clauses | pairs scored | links | score (s) | select (s) | total (s) | time ratio / clause ratio |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for m, r in zip(multipliers, rows, strict=True):
        total = r["score s"] + r["select s"]
        base = rows[0]
        ratio = (total / (base["score s"] + base["select s"])) / (r["clauses"] / base["clauses"])
        print(f"| {m} | {r['clauses']} | {r['pairs scored']} | {r['links']} | {r['score s']:.2f} | {r['select s']:.2f} "
              f"| {total:.2f} | {ratio:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
