"""What the compare view shows of every linked pair, before issue 22 and now: python -m bench.compare_pairs.

For every pair a see-also list links to a compare view, in both editions: how many characters the view shows as
shared (its equal runs, punctuation not counted, as its summary counts them: worddiff.chars), how many pairs show 5
or fewer and how many none, the median per pair and its median share of the later clause, and how many see-also
entries' 相同措辞 the view shows as one equal run. "Before" is the diff as it was: diff-match-patch's word diff and
semantic cleanup over the whole clauses (bench.diff_scale.plain_word_diff; the sentence pass and the bounds of issue
20 changed nothing on this corpus, where no linked pair shares a sentence), laid onto each edition's text as the
build lays its diff; "now" is the diff the build computes (render/view.py EditionView.comparisons).

MAINTAINERS.md's compare section quotes the table this prints; tests/test_compare_view.py checks that it does.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from build_scripts.build import render
from build_scripts.link import worddiff
from build_scripts.link.worddiff import Segment
from build_scripts.model import Ref
from build_scripts.settings import Paths

from .diff_scale import plain_word_diff

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Figures:
    pairs: int
    quoted: int  # see-also entries that link to a compare view and quote shared wording …
    quoted_equal: int  # … of which the view shows that wording as one equal run
    few: int  # pairs showing 5 shared characters or fewer …
    none: int  # … and none
    median_chars: float
    median_share: float  # of the later clause, in per cent (the summary's `kept`)


def figures(rendering) -> dict[str, tuple[Figures, Figures]]:
    """(before, now) per edition of the rendered corpus (build.render: each edition with its view)."""
    out: dict[str, tuple[Figures, Figures]] = {}
    for o in rendering.editions:
        ed = o.view
        now = {c.slug: c.diff for c in ed.comparisons()}
        before = {c.slug: _before(ed, c) for c in ed.comparisons()}
        entries = [e for ref in ed.linking.links for e in ed.see_also(ref) if e.compare]
        out[o.edition.lang] = (_figures(before, entries), _figures(now, entries))
    return out


def _before(ed, c) -> tuple[Segment, ...]:
    """The diff as it was, laid onto the edition's texts as EditionView._comparison (render/view.py) lays the diff."""
    (sa, ca), (sb, cb) = c.earlier, c.later
    a, b = ed._source_text(Ref(sa.slug, ca.anchor), ca.text), ed._source_text(Ref(sb.slug, cb.anchor), cb.text)
    if len(a) == len(ca.text) and len(b) == len(cb.text):
        return worddiff.project(plain_word_diff(a, b), ca.text, cb.text)
    return plain_word_diff(ca.text, cb.text)


def _figures(diffs: dict[str, tuple[Segment, ...]], entries: list) -> Figures:
    linked = sorted({e.compare for e in entries})
    shared = [sum(worddiff.chars(s.text) for s in diffs[slug] if s.op == "equal") for slug in linked]
    share = [worddiff.summary(diffs[slug])["kept"] for slug in linked]
    quoted = [e for e in entries if e.link.wording]
    shown = [e for e in quoted if any(s.op == "equal" and e.link.wording in s.text for s in diffs[e.compare])]
    return Figures(len(linked), len(quoted), len(shown), sum(n <= 5 for n in shared), sum(n == 0 for n in shared),
                   statistics.median(shared), statistics.median(share))


def table(figs: dict[str, tuple[Figures, Figures]]) -> str:
    langs = list(figs)
    head = "| every linked pair | " + " | ".join(f"{lang} before | {lang} now" for lang in langs) + " |"
    rows = [head, "|---|" + "---:|" * (2 * len(langs))]

    def row(label: str, value) -> None:
        rows.append(f"| {label} | " + " | ".join(f"{value(f)}" for lang in langs for f in figs[lang]) + " |")

    row("pairs", lambda f: f.pairs)
    row("see-also entries whose 相同措辞 is one equal run", lambda f: f"{f.quoted_equal} of {f.quoted}")
    row("pairs showing 5 shared characters or fewer", lambda f: f.few)
    row("pairs showing no shared character", lambda f: f.none)
    row("shared characters shown, median", lambda f: f"{f.median_chars:g}")
    row("share of the later clause, median", lambda f: f"{f.median_share:g} %")
    return "\n".join(rows) + "\n"


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        rendering = render(Paths(ROOT / "mkdocs.yml", ROOT / "source", base / "site", base / "docs", base / "work"))
        print(table(figures(rendering)), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
