"""Precision and recall of the see-also links against hand-labelled pairs, and the threshold search.

    python -m build_scripts.link.evaluate evaluate   # the figures for source/topics.toml's thresholds, and topic tagging's
    python -m build_scripts.link.evaluate tune       # search the thresholds; prints the best and a 2-fold check

A pair is labelled link=true when a reader would clearly want the two clauses
linked, link=false when they must not be; borderline pairs are left out of the
set. Precision = linked true pairs / all linked labelled pairs; recall =
linked true pairs / all true pairs.

Topic tagging (linker.clause_topics) is measured the same way on tests/topic_eval.json: clause/topic pairs judged
by reading the clause, on=true when the clause is about the topic; precision = tagged pairs judged on / all
tagged judged pairs, recall = tagged pairs judged on / all pairs judged on.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from ..model import LinkParams, Ref
from ..read.parse import parse_corpus
from ..read.topics import load_topics
from .linker import Linking, Scored, score, select

ROOT = Path(__file__).resolve().parents[2]  # the repository: build_scripts/<stage>/ is two folders down
EVAL = ROOT / "tests" / "see_also_eval.json"
TOPIC_EVAL = ROOT / "tests" / "topic_eval.json"
GRID: dict[str, list] = {  # the settings `make tune-links` tries, every combination
    "topic_threshold": [round(0.01 * k, 2) for k in range(31)],
    "wording_threshold": [round(0.20 + 0.05 * k, 2) for k in range(9)],
    "salience": [0.0, 0.25, 0.5, 0.75, 1.0],
    "max_per_statement": [1, 2, 3, 4],
    "max_links": [4, 6, 8, 10],
}
MIN_PRECISION = 0.9


@dataclass(frozen=True)
class Figures:
    true_pos: int
    false_pos: int
    false_neg: int

    @property
    def precision(self) -> float:
        return self.true_pos / (self.true_pos + self.false_pos) if self.true_pos + self.false_pos else 1.0

    @property
    def recall(self) -> float:
        return self.true_pos / (self.true_pos + self.false_neg) if self.true_pos + self.false_neg else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _ref(text: str) -> Ref:
    statement, anchor = text.split("#")
    return Ref(statement, anchor)


def load_pairs(path: Path = EVAL) -> list[tuple[Ref, Ref, bool]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(_ref(p["a"]), _ref(p["b"]), bool(p["link"])) for p in data["pairs"]]


def load_topic_pairs(path: Path = TOPIC_EVAL) -> list[tuple[Ref, str, bool]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [(_ref(p["clause"]), p["topic"], bool(p["on"])) for p in data["pairs"]]


def measure_topics(on: dict[Ref, tuple[str, ...]], pairs: list[tuple[Ref, str, bool]]) -> Figures:
    """Topic tagging against the judged clause/topic pairs."""
    tagged = [(topic in on[ref], want) for ref, topic, want in pairs]
    return Figures(sum(t and w for t, w in tagged), sum(t and not w for t, w in tagged),
                   sum(w and not t for t, w in tagged))


def measure(linking: Linking, pairs: list[tuple[Ref, Ref, bool]]) -> Figures:
    linked = {(str(a), str(link.target)) for a, links in linking.links.items() for link in links}
    tp = sum(1 for a, b, want in pairs if want and (str(a), str(b)) in linked)
    fp = sum(1 for a, b, want in pairs if not want and (str(a), str(b)) in linked)
    fn = sum(1 for a, b, want in pairs if want and (str(a), str(b)) not in linked)
    return Figures(tp, fp, fn)


def search(scored: Scored, pairs: list[tuple[Ref, Ref, bool]], base: LinkParams) -> tuple[LinkParams, Figures]:
    """Best F1 among settings with precision ≥ 0.9; ties go to the shorter list, then the stricter thresholds."""
    best: tuple[tuple, LinkParams, Figures] | None = None
    for t, w, sal, k, cap in itertools.product(*GRID.values()):
        params = LinkParams(t, w, sal, k, base.compare_overlap, cap)
        fig = measure(select(scored, params), pairs)
        key = (fig.precision >= MIN_PRECISION, round(fig.f1, 6), -cap, t, w, sal, -k)
        if best is None or key > best[0]:
            best = (key, params, fig)
    assert best is not None
    return best[1], best[2]


def write_params(path: Path, params: LinkParams) -> None:
    """Replace the values under [linking] in place, keeping the file's comments."""
    text = path.read_text(encoding="utf-8")
    for name, value in vars(params).items():
        text = re.sub(rf"(?m)^{name} = .*$", f"{name} = {value}", text)
    path.write_text(text, encoding="utf-8")


def _report(name: str, fig: Figures, pairs: list) -> str:
    positives = sum(1 for *_, want in pairs if want)
    return (f"{name}: precision {fig.precision:.3f}, recall {fig.recall:.3f} "
            f"(TP {fig.true_pos}, FP {fig.false_pos}, FN {fig.false_neg}; "
            f"{len(pairs)} labelled pairs: {positives} link, {len(pairs) - positives} no link)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts.link.evaluate", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", choices=["evaluate", "tune"])
    parser.add_argument("--write", action="store_true", help="tune: record the chosen thresholds in topics.toml")
    parser.add_argument("--source", type=Path, default=ROOT / "source")
    args = parser.parse_args(argv)
    _, statements = parse_corpus(args.source)
    topics, params = load_topics(args.source / "topics.toml")
    pairs = load_pairs()
    scored = score(statements, topics)
    if args.command == "evaluate":
        print(_report("see also", measure(select(scored, params), pairs), pairs))
        judged = load_topic_pairs()
        fig = measure_topics(scored.on, judged)
        print(f"topics: precision {fig.precision:.3f}, recall {fig.recall:.3f} (TP {fig.true_pos}, FP {fig.false_pos}, "
              f"FN {fig.false_neg}; {len(judged)} judged clause/topic pairs in {TOPIC_EVAL.relative_to(ROOT)})")
        return 0
    best, fig = search(scored, pairs, params)
    print(_report(f"best {best}", fig, pairs))
    if args.write:
        write_params(args.source / "topics.toml", best)
    halves = (pairs[0::2], pairs[1::2])  # 2-fold check: tune on one half, measure on the other
    for k, (fit, held) in enumerate((halves, halves[::-1]), start=1):
        chosen, _ = search(scored, fit, params)
        print(_report(f"fold {k}: tuned on {len(fit)} pairs to {chosen}; held-out", measure(select(scored, chosen), held), held))
    return 0


if __name__ == "__main__":
    sys.exit(main())
