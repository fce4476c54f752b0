"""Word-level differences between two clauses, for the compare view.

A character diff of Chinese text matches single characters across unrelated
phrases (意, 共, 识, 以), which reads as noise. Here both texts are cut into
jieba's words, each word is coded as one character (diff-match-patch's
lines-to-chars trick), diffed, and tidied with diff-match-patch's semantic
cleanup; then the result is laid out in rows, one sentence per row, so the
two versions can stand side by side.

Bounded (issue 20): the Myers search costs time proportional to the length times the number of edits, so two
near-duplicate clauses of 20,000 characters took 15 s, 40,000 took 48 s, and 500,000 (the line limit) would take
hours. Three things bound it, none by the clock (diff-match-patch's Diff_Timeout stays 0: the build must be the
same on every machine and every run), and none can make the diff wrong — it always rebuilds both texts exactly:

1. A sentence pass: the sentences (ending in 。；！？) that each text holds once, in the same order in both
   (the longest such chain: patience diff), are equal runs; only the stretches between them are diffed word by
   word. A near duplicate is then diffed where it changed, and no cleanup can fold a shared sentence into the
   edits around it: the compare view shows every sentence the two clauses share.
2. A cost bound on each Myers bisection of more than Limits.exact words (Limits.cost; GNU diff's "too expensive"
   heuristic): a search that has gone that many edits deep from both ends without meeting stops, and the texts
   are split at the furthest point each end reached; the stretches up to them, which cost fewer edits than the
   bound, are diffed exactly, the rest is searched again. The diff stays near the shortest one (two near-duplicate
   clauses keep as much in common as without the bound), in time linear in the length.
3. A step budget for the whole diff (Limits.steps, plus Limits.steps_per_word per word of both texts), counted
   in steps of the search and checked before each round of it: spent, every stretch still to diff is shown as
   replaced whole.

The semantic cleanup runs on one stretch at a time, on at most Limits.window operations at once (its cost grows
with the square of the operations). Today's corpus is far inside every limit (its longest clause has 321
characters; no two clauses share a sentence), so its diffs are diff-match-patch's own, byte for byte
(tests/golden/compare, tests/test_speed.py). `make bench-diff` measures the growth.
"""

from __future__ import annotations

import difflib
import re
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import jieba
from diff_match_patch import diff_match_patch

from .snippet import is_punct

SENTENCE_END = re.compile(r"(?<=[。；！？])")
ENDS = frozenset("。；！？")  # jieba makes each of these a word of its own: a sentence is a run of words
EQUAL, DELETE, INSERT = 0, -1, 1
OPS = {EQUAL: "equal", DELETE: "delete", INSERT: "insert"}


@dataclass(frozen=True)
class Limits:
    """How much work one word diff may do (see the module's docstring); counted in steps, never in seconds."""

    exact: int = 1000  # words (of both texts) up to which a Myers bisection is never cut short …
    cost: int = 64  # … and the edits a longer one explores from each end before it splits at its furthest point
    steps: int = 1_000_000  # steps of the search every diff may take (a clause of the corpus takes under 50,000) …
    steps_per_word: int = 64  # … and this many more per word of the two texts
    window: int = 256  # diff operations the semantic cleanup sees at once (a clause of the corpus makes under 60)


LIMITS = Limits()


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


@dataclass(frozen=True)
class WordDiff:
    segments: tuple[Segment, ...]
    steps: int  # steps of the Myers search it took
    bounded: bool  # a limit bit (search cut short, cleanup in windows): the diff is exact, maybe not the shortest


@lru_cache(maxsize=1 << 14)
def word_diff(earlier: str, later: str) -> tuple[Segment, ...]:
    """Opcodes of a word diff after semantic cleanup; a replacement is a deletion then an insertion."""
    return diff(earlier, later).segments


def diff(earlier: str, later: str, limits: Limits = LIMITS) -> WordDiff:
    """The word diff of two texts within `limits`: shared sentences as equal runs, the stretches between them
    diffed word by word and cleaned up."""
    ta, tb = tokens(earlier), tokens(later)
    codes: dict[str, str] = {}
    for w in (*ta, *tb):
        if w not in codes:
            codes[w] = _code(len(codes))
    a, b = "".join(codes[w] for w in ta), "".join(codes[w] for w in tb)
    dmp = _Bounded(limits, len(ta) + len(tb))
    diffs: list[tuple[int, str]] = []
    i = j = 0
    ends = frozenset(codes[w] for w in ENDS if w in codes)
    for i1, i2, j1, j2 in [*_shared_sentences(a, b, ends), (len(a), len(a), len(b), len(b))]:
        if i1 > i or j1 > j:
            stretch = dmp.diff_main(a[i:i1], b[j:j1], False)
            diffs += dmp.cleanup(stretch, limits.window)
        if i2 > i1:
            diffs.append((EQUAL, a[i1:i2]))
        i, j = i2, j2
    decode = {c: w for w, c in codes.items()}
    out: list[Segment] = []
    for op, coded in diffs:
        text = "".join(decode[c] for c in coded)
        if out and out[-1].op == OPS[op]:
            out[-1] = Segment(OPS[op], out[-1].text + text)
        elif text:
            out.append(Segment(OPS[op], text))
    return WordDiff(tuple(out), dmp.steps, dmp.bounded)


# Each word is coded as one character that diff-match-patch's semantic cleanup scores as neither letter nor space (it
# only looks at those classes): private use first, as before, then the unassigned planes 4 to 13, so two clauses of more
# distinct words than the private use area holds (137,468; 500,000 characters may hold more) are diffed too.
_CODE_RANGES = ((0xE000, 0xF900), (0xF0000, 0xFFFFE), (0x100000, 0x10FFFE), (0x40000, 0xE0000))
CODES = sum(hi - lo for lo, hi in _CODE_RANGES)


def _code(n: int) -> str:
    for lo, hi in _CODE_RANGES:
        if n < hi - lo:
            return chr(lo + n)
        n -= hi - lo
    # 792,828 codes: more words than two lines of 500,000 characters can hold (650,000: a word of one character is
    # one of about 150,000 assigned characters, any other takes two or more)
    raise ValueError("more distinct words than codes")


def _sentences(coded: str, ends: frozenset[str]) -> list[tuple[int, int]]:
    """(start, end) of each sentence of a coded text: up to and including a sentence end, or to the text's end."""
    out, start = [], 0
    for k, c in enumerate(coded):
        if c in ends:
            out.append((start, k + 1))
            start = k + 1
    if start < len(coded):
        out.append((start, len(coded)))
    return out


def _shared_sentences(a: str, b: str, ends: frozenset[str]) -> list[tuple[int, int, int, int]]:
    """(i1, i2, j1, j2) in order: the sentences each coded text holds once, the longest chain of them in the same
    order in both (patience diff: a longest increasing subsequence, the first found of equal length)."""
    sa, sb = _sentences(a, ends), _sentences(b, ends)
    ka, kb = [a[x:y] for x, y in sa], [b[x:y] for x, y in sb]
    once_a, once_b = Counter(ka), Counter(kb)
    in_b = {k: n for n, k in enumerate(kb) if once_b[k] == 1}
    pairs = [(n, in_b[k]) for n, k in enumerate(ka) if once_a[k] == 1 and k in in_b]
    tail_j: list[int] = []  # tail_j[L]: the smallest later position that ends a chain of L + 1 pairs …
    tail_p: list[int] = []  # … and that pair's index
    before: list[int] = []  # the pair before each pair in its chain
    for p, (_, j) in enumerate(pairs):
        at = bisect_left(tail_j, j)
        before.append(tail_p[at - 1] if at else -1)
        tail_j[at:at + 1], tail_p[at:at + 1] = [j], [p]
    chain, p = [], tail_p[-1] if tail_p else -1
    while p >= 0:
        chain.append(pairs[p])
        p = before[p]
    return [(*sa[n], *sb[m]) for n, m in reversed(chain)]


class _Bounded(diff_match_patch):
    """diff-match-patch with its Myers bisection bounded in steps instead of seconds (Diff_Timeout 0, so its
    half-match speed-up, which can miss the shortest diff, stays off as before)."""

    def __init__(self, limits: Limits, words: int):
        super().__init__()
        self.Diff_Timeout = 0
        self.exact = limits.exact
        self.cost = limits.cost
        self.budget = limits.steps + limits.steps_per_word * words
        self.steps = 0
        self.bounded = False

    def cleanup(self, diffs: list[tuple[int, str]], window: int) -> list[tuple[int, str]]:
        """The semantic cleanup over windows of at most `window` operations, each window starting at an equality:
        one call when the stretch is short (every clause of the corpus), linear time when it is not."""
        if len(diffs) <= window:
            self.diff_cleanupSemantic(diffs)
            return diffs
        self.bounded = True
        out: list[tuple[int, str]] = []
        start = 0
        while start < len(diffs):
            cut = min(start + max(window, 1), len(diffs))
            if cut < len(diffs):
                back = cut
                while back > start + 1 and diffs[back][0] != EQUAL:
                    back -= 1
                cut = back if diffs[back][0] == EQUAL and back > start else cut
            part = diffs[start:cut]
            self.diff_cleanupSemantic(part)
            out += part
            start = cut
        return out

    def diff_bisect(self, text1: str, text2: str, deadline: float) -> list[tuple[int, str]]:
        """diff-match-patch's bisection; when it stops at the cost bound, the stretches from either end to the
        furthest points reached are diffed (each costs less than the bound) and the rest is searched again, in this
        loop (a recursion would be as deep as the text is long); when the budget is spent, the rest is replaced."""
        head: list[tuple[int, str]] = []
        tail: list[list[tuple[int, str]]] = []
        while True:
            found = self._search(text1, text2)
            if found is None:
                head += [(DELETE, text1), (INSERT, text2)]
                break
            if isinstance(found, tuple):  # the middle snake: diff-match-patch's own split
                head += self.diff_bisectSplit(text1, text2, *found, deadline)
                break
            (x1, y1), (x2, y2) = found
            head += self.diff_main(text1[:x1], text2[:y1], False, deadline)
            tail.append(self.diff_main(text1[x2:], text2[y2:], False, deadline))
            text1, text2 = text1[x1:x2], text2[y1:y2]
            # what diff_main does before it bisects, on the rest
            if text1 == text2:
                head += [(EQUAL, text1)] if text1 else []
                break
            n = self.diff_commonPrefix(text1, text2)
            if n:
                head.append((EQUAL, text1[:n]))
                text1, text2 = text1[n:], text2[n:]
            n = self.diff_commonSuffix(text1, text2)
            if n:
                tail.append([(EQUAL, text1[-n:])])
                text1, text2 = text1[:-n], text2[:-n]
            shorter, longer = sorted((text1, text2), key=len)
            if len(shorter) <= 1 or shorter in longer:  # diff_compute's cases that need no bisection
                head += self.diff_compute(text1, text2, False, deadline)
                break
        return head + [op for part in reversed(tail) for op in part]

    def _search(self, text1: str, text2: str) -> tuple[int, int] | list[tuple[int, int]] | None:
        """diff_match_patch.diff_bisect's search, line for line, counting its steps and stopping at the limits.
        Returns the middle snake's (x, y) as diff_bisect splits there; at the cost bound, [(x, y) the furthest
        point from the start, (x, y) the furthest from the end] (either may be an end: nothing there); None when
        the budget is spent or nothing is in common."""
        text1_length = len(text1)
        text2_length = len(text2)
        max_d = (text1_length + text2_length + 1) // 2
        cost = self.cost if text1_length + text2_length > self.exact and self.cost < max_d else max_d
        # a search cut at `cost` visits diagonals -cost..cost only: arrays that long, not as long as the texts (an
        # index outside them is a diagonal never visited, which the full arrays would hold as -1)
        v_offset = cost + 2 if cost < max_d else max_d
        v_length = 2 * v_offset
        v1 = [-1] * v_length
        v1[v_offset + 1] = 0
        v2 = v1[:]
        delta = text1_length - text2_length
        front = delta % 2 != 0
        k1start = k1end = k2start = k2end = 0
        steps = 0
        for d in range(max_d):
            if d >= cost or self.steps + steps > self.budget:
                self.steps += steps
                self.bounded = True
                if self.steps > self.budget:
                    return None
                return _furthest(v1, v2, v_offset, d, text1_length, text2_length)

            for k1 in range(-d + k1start, d + 1 - k1end, 2):
                k1_offset = v_offset + k1
                if k1 == -d or (k1 != d and v1[k1_offset - 1] < v1[k1_offset + 1]):
                    x1 = v1[k1_offset + 1]
                else:
                    x1 = v1[k1_offset - 1] + 1
                y1 = x1 - k1
                x0 = x1
                while x1 < text1_length and y1 < text2_length and text1[x1] == text2[y1]:
                    x1 += 1
                    y1 += 1
                steps += 1 + x1 - x0
                v1[k1_offset] = x1
                if x1 > text1_length:
                    k1end += 2
                elif y1 > text2_length:
                    k1start += 2
                elif front:
                    k2_offset = v_offset + delta - k1
                    if k2_offset >= 0 and k2_offset < v_length and v2[k2_offset] != -1:
                        x2 = text1_length - v2[k2_offset]
                        if x1 >= x2:
                            self.steps += steps
                            return x1, y1

            for k2 in range(-d + k2start, d + 1 - k2end, 2):
                k2_offset = v_offset + k2
                if k2 == -d or (k2 != d and v2[k2_offset - 1] < v2[k2_offset + 1]):
                    x2 = v2[k2_offset + 1]
                else:
                    x2 = v2[k2_offset - 1] + 1
                y2 = x2 - k2
                x0 = x2
                while x2 < text1_length and y2 < text2_length and text1[-x2 - 1] == text2[-y2 - 1]:
                    x2 += 1
                    y2 += 1
                steps += 1 + x2 - x0
                v2[k2_offset] = x2
                if x2 > text1_length:
                    k2end += 2
                elif y2 > text2_length:
                    k2start += 2
                elif not front:
                    k1_offset = v_offset + delta - k2
                    if k1_offset >= 0 and k1_offset < v_length and v1[k1_offset] != -1:
                        x1 = v1[k1_offset]
                        y1 = v_offset + x1 - k1_offset
                        x2 = text1_length - x2
                        if x1 >= x2:
                            self.steps += steps
                            return x1, y1
        self.steps += steps
        return None  # nothing in common


def _furthest(v1: list[int], v2: list[int], v_offset: int, d: int, n: int, m: int) -> list[tuple[int, int]] | None:
    """Where a bisection stopped at its cost bound splits: [the furthest point the search from the start reached, the
    furthest the search from the end reached], in the texts' coordinates (x + y largest; of equally far points the
    nearest to the straight line between the ends, so neither search drifts to one text's words). When they
    crossed, only the one that went further; None when neither went anywhere."""

    def best(v: list[int]) -> tuple[int, int]:
        key, point = (0, 0), (0, 0)
        for k in range(-d, d + 1):
            x = v[v_offset + k] if 0 <= v_offset + k < len(v) else -1
            y = x - k
            if 0 <= x <= n and 0 <= y <= m and (x + y, -abs(x * m - y * n)) > key:
                key, point = (x + y, -abs(x * m - y * n)), (x, y)
        return point

    (x1, y1), (x2, y2) = best(v1), best(v2)
    if x1 + y1 + x2 + y2 == 0:
        return None
    if x1 > n - x2 or y1 > m - y2:  # crossed: keep the one that went further
        return [(x1, y1), (n, m)] if x1 + y1 >= x2 + y2 else [(0, 0), (n - x2, m - y2)]
    return [(x1, y1), (n - x2, m - y2)]


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
