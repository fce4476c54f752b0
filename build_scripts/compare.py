"""Word-level differences between two clauses, for the compare view.

A character diff of Chinese text matches single characters across unrelated
phrases (意, 共, 识, 以), which reads as noise. Here both texts are cut into
jieba's words, each word is coded as one character (diff-match-patch's
lines-to-chars trick), diffed, and tidied with diff-match-patch's semantic
cleanup; then the result is laid out in rows, one sentence per row, so the
two versions can stand side by side.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from functools import lru_cache

import jieba
from diff_match_patch import diff_match_patch

from .snippet import is_punct

SENTENCE_END = re.compile(r"(?<=[。；！？])")


@dataclass(frozen=True)
class Segment:
    op: str  # "equal", "delete" (only in the earlier text) or "insert" (only in the later one)
    text: str


@dataclass(frozen=True)
class Row:
    """One aligned sentence: its segments in the earlier and in the later text."""

    earlier: tuple[Segment, ...]
    later: tuple[Segment, ...]

    @property
    def changed(self) -> bool:
        return any(s.op != "equal" for s in self.earlier + self.later)


def tokens(text: str) -> list[str]:
    return list(_tokens(text))


# A clause is compared with several others, and every edition diffs the same Simplified source texts (then lays
# the diff onto its own text: project), so words and diffs are kept: at ×10 this halves the compare work.
@lru_cache(maxsize=1 << 14)
def _tokens(text: str) -> tuple[str, ...]:
    return tuple(jieba.cut(text, HMM=False))


@lru_cache(maxsize=1 << 14)
def word_diff(earlier: str, later: str) -> tuple[Segment, ...]:
    """Opcodes of a word diff after semantic cleanup; a replacement is a deletion then an insertion."""
    codes: dict[str, str] = {}
    words: list[str] = []

    def encode(text: str) -> str:
        out = []
        for w in tokens(text):
            if w not in codes:
                codes[w] = chr(0xE000 + len(words)) if len(words) < 6400 else chr(0xF0000 + len(words))
                words.append(w)
            out.append(codes[w])
        return "".join(out)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # deterministic: never cut short by the clock
    a, b = encode(earlier), encode(later)
    decode = {c: w for w, c in codes.items()}
    diffs = dmp.diff_main(a, b, False)
    dmp.diff_cleanupSemantic(diffs)
    ops = {0: "equal", -1: "delete", 1: "insert"}
    out: list[Segment] = []
    for op, coded in diffs:
        text = "".join(decode[c] for c in coded)
        if out and out[-1].op == ops[op]:
            out[-1] = Segment(ops[op], out[-1].text + text)
        elif text:
            out.append(Segment(ops[op], text))
    return tuple(out)


def rows(diff: tuple[Segment, ...]) -> list[Row]:
    """The diff in rows that end where both texts end a sentence together (inside an unchanged stretch)."""
    out: list[Row] = []
    left: list[Segment] = []
    right: list[Segment] = []
    for seg in diff:
        if seg.op == "delete":
            left.append(seg)
        elif seg.op == "insert":
            right.append(seg)
        else:
            parts = [p for p in SENTENCE_END.split(seg.text) if p]
            for part in parts:
                left.append(Segment("equal", part))
                right.append(Segment("equal", part))
                if part[-1] in "。；！？":
                    out.append(Row(tuple(left), tuple(right)))
                    left, right = [], []
    if left or right:
        out.append(Row(tuple(left), tuple(right)))
    return out


def project(diff: tuple[Segment, ...], earlier: str, later: str) -> tuple[Segment, ...]:
    """A diff of the source texts laid onto an edition's texts of the same lengths (the words cut in Simplified)."""
    out, i, j = [], 0, 0
    for seg in diff:
        n = len(seg.text)
        if seg.op == "insert":
            out.append(Segment("insert", later[j:j + n]))
            j += n
        else:
            out.append(Segment(seg.op, earlier[i:i + n]))
            i += n
            j += n if seg.op == "equal" else 0
    return tuple(out)


def summary(diff: tuple[Segment, ...]) -> dict[str, int]:
    """Counts for the one-line summary: changed places, words and the share of the later text kept."""
    deleted = [s for s in diff if s.op == "delete"]
    inserted = [s for s in diff if s.op == "insert"]
    same = sum(len(s.text) for s in diff if s.op == "equal")
    later = same + sum(len(s.text) for s in inserted)
    changed_places = sum(1 for i, s in enumerate(diff) if s.op != "equal" and (i == 0 or diff[i - 1].op == "equal"))
    return {"places": changed_places, "deleted": sum(len(s.text) for s in deleted if not _only_punct(s.text)),
            "inserted": sum(len(s.text) for s in inserted if not _only_punct(s.text)),
            "kept": round(100 * same / later) if later else 100}


def _only_punct(text: str) -> bool:
    return all(is_punct(ch) for ch in text)


def char_diff(earlier: str, later: str) -> tuple[Segment, ...]:
    """The former character diff, kept for callers that want it; the compare view uses word_diff."""
    out: list[Segment] = []
    matcher = difflib.SequenceMatcher(None, earlier, later, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag in ("equal", "delete", "replace") and i2 > i1:
            out.append(Segment("equal" if tag == "equal" else "delete", earlier[i1:i2]))
        if tag in ("insert", "replace") and j2 > j1:
            out.append(Segment("insert", later[j1:j2]))
    return tuple(out)


def earlier_side(diff: tuple[Segment, ...]) -> str:
    return "".join(s.text for s in diff if s.op != "insert")


def later_side(diff: tuple[Segment, ...]) -> str:
    return "".join(s.text for s in diff if s.op != "delete")
