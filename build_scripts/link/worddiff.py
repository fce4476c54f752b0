"""Differences between two clauses, for the compare view: every wording they share, then the words around it.

A character diff of Chinese text matches single characters across unrelated phrases (意, 共, 识, 以), which reads as
noise; a word diff tidied by diff-match-patch's semantic cleanup (as this was until issue 22) throws away short
equalities between long edits — the very phrases a reader came for: 2015 第一条's see-also entry quoted 相同措辞
"访问期间，习近平主席会见" and its compare view struck the whole clause through. So the alignment is built from the
shared wording outwards, in four passes, each only inside the stretches the one before left unaligned:

1. Pinned phrases (`keep`): what the see-also entries of a pair quote (render/view.py quoted: the linker's longest shared
   text, cut to whole words as the entries cut it) is an equal run first, at its first place in both texts, widened
   at either end to a word boundary of both texts where they agree that far (never narrowed). What the list quotes
   the view shows unchanged, by construction: a see-also list and its compare view cannot contradict each other.
2. Shared sentences: the sentences (ending in 。；！？) that each stretch holds once, in the same order in both (the
   longest such chain: patience diff), are equal runs.
3. Shared runs of whole words: the longest text both stretches share that starts and ends on a boundary between
   jieba's words in both texts, if it has at least MIN_RUN characters, is an equal run, and the stretches on either
   side are searched again (Ratcliff and Obershelp's recursion; the search is difflib's find_longest_match walk, with
   its choice among equally long runs: the earliest in the earlier text, then in the later one). When it ends, no two
   facing stretches share a run of whole words that long: every such run is an equal run or crosses one (it stands
   in another order in the other text). Whole words, because 总统 against 总理 shares a 总 but no wording.
4. Words: what is left between equal runs is cut into jieba's words (cut in the whole text, so a word is the same
   word whatever run it is next to), each word coded as one character (diff-match-patch's lines-to-chars trick),
   diffed, and tidied with diff-match-patch's semantic cleanup — which now only sees these leftovers, where no
   shared run of words is as long as MIN_RUN: it drops a 的 or 和 between edits, never a phrase.

MIN_RUN is 4 characters: two words, or a four-character phrase. On the corpus's 40 linked pairs 3 adds single words
and a word with its punctuation mark (领导人, 联合国, 。双方, 改革，), and 5 leaves 双方同意, 领土完整, 多边主义 and
交换意见 struck through (`python -m bench.compare_pairs` gives the figures of every linked pair). The diff is then laid
out in rows, one sentence per row, so the two versions can stand side by side.

Bounded (issue 20): the Myers search costs time proportional to the length times the number of edits, so two
near-duplicate clauses of 20,000 characters took 15 s, 40,000 took 48 s, and 500,000 (the line limit) would take
hours. Four things bound it, none by the clock (diff-match-patch's Diff_Timeout stays 0: the build must be the
same on every machine and every run), and none can make the diff wrong — it always rebuilds both texts exactly:

1. The passes above: a near duplicate is diffed word by word only where it changed. A stretch wider than
   Limits.wide characters (both texts; a pair of the corpus has under 700) is first split where the word diff (2.
   and 3. below, without its cleanup) finds equal runs of MIN_RUN characters: in two long near duplicates that
   repeat themselves, the longest shared run can pair one copy of a passage with another and misalign the rest,
   which the word diff, the shortest edit, does not. The stretches between are then searched for shared runs as
   above; one still wider (nothing long shared) is left to the word diff.
2. A cost bound on each Myers bisection of more than Limits.exact words (Limits.cost; GNU diff's "too expensive"
   heuristic): a search that has gone that many edits deep from both ends without meeting stops, and the texts
   are split at the furthest point each end reached; the stretches up to them, which cost fewer edits than the
   bound, are diffed exactly, the rest is searched again. The diff stays near the shortest one (two near-duplicate
   clauses keep as much in common as without the bound), in time linear in the length.
3. A step budget for the whole diff (Limits.steps, plus Limits.steps_per_word per word of both texts), counted
   in steps of the search and checked before each round of it: spent, every stretch still to diff is shown as
   replaced whole. The shared-run search has its own, in pairs of equal characters visited (Limits.scan, plus
   Limits.scan_per_char per character of both texts), counted before each stretch is searched, widest first: a
   stretch it cannot pay for is left to the word diff. Pinned phrases and shared sentences cost one pass over the
   texts and have no budget.
4. The semantic cleanup runs on one stretch at a time, on at most Limits.window operations at once (its cost grows
   with the square of the operations).

Today's corpus is far inside every limit (its longest clause has 321 characters): no bound bites on it
(tests/test_speed.py), so its diffs are the unbounded alignment's, byte for byte (tests/golden/compare).
`make bench-diff` measures the growth.
"""

from __future__ import annotations

import heapq
import itertools
import re
from bisect import bisect_left, bisect_right
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from diff_match_patch import diff_match_patch

from ..cache import memo
from ..text import segment
from .snippet import is_punct

SENTENCE_END = re.compile(r"(?<=[。；！？])")
ENDS = frozenset("。；！？")  # jieba makes each of these a word of its own: a sentence is a run of words
EQUAL, DELETE, INSERT = 0, -1, 1
OPS = {EQUAL: "equal", DELETE: "delete", INSERT: "insert"}


@dataclass(frozen=True)
class Limits:
    """How much work one diff may do (see the module's docstring); counted in steps, never in seconds."""

    exact: int = 1000  # words (of both texts) up to which a Myers bisection is never cut short …
    cost: int = 64  # … and the edits a longer one explores from each end before it splits at its furthest point
    steps: int = 1_000_000  # steps of the search every diff may take (a clause of the corpus takes under 50,000) …
    steps_per_word: int = 64  # … and this many more per word of the two texts
    window: int = 256  # diff operations the semantic cleanup sees at once (a clause of the corpus makes under 60)
    scan: int = 1_000_000  # pairs of equal characters the shared-run search may visit (a pair of the corpus: under 1,000) …
    scan_per_char: int = 16  # … and this many more per character of the two texts
    wide: int = 4000  # characters (both texts) of a stretch above which the word diff splits it before that search


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
    return tuple(segment.cut(text, hmm=False))


@dataclass(frozen=True)
class WordDiff:
    segments: tuple[Segment, ...]
    steps: int  # steps of the Myers search it took
    bounded: bool  # a limit bit (search cut short, cleanup in windows, a stretch too wide): exact, maybe not the best
    scanned: int = 0  # pairs of equal characters the shared-run search visited


MIN_RUN = 4  # characters: a shared run of whole words this long is an equal run unless it crosses one (docstring)


@lru_cache(maxsize=1 << 14)
def word_diff(earlier: str, later: str, keep: tuple[str, ...] = ()) -> tuple[Segment, ...]:
    """The compare view's diff: `keep`'s phrases, shared sentences and shared runs equal, the rest by words. Kept on
    disk by content hash (build_scripts/cache.py): the diffs are most of a large corpus's rendering."""
    return memo("word_diff", [earlier, later, list(keep)], lambda: diff(earlier, later, keep=keep).segments,
                      lambda segments: [[s.op, s.text] for s in segments],
                      lambda kept: tuple(Segment(op, text) for op, text in kept))


Span = tuple[int, int, int, int]  # (i1, i2, j1, j2): earlier[i1:i2] against later[j1:j2]


def diff(earlier: str, later: str, limits: Limits = LIMITS, keep: tuple[str, ...] = (),
         min_run: int = MIN_RUN) -> WordDiff:
    """The diff of two texts within `limits` (the module's docstring): `keep`'s phrases pinned first, then shared
    sentences and shared runs of at least `min_run` characters as equal runs, the stretches between them diffed word by
    word and cleaned up."""
    codes: dict[str, str] = {}
    cuts_a, cuts_b = _word_cuts(earlier), _word_cuts(later)
    at_a, at_b = frozenset(cuts_a), frozenset(cuts_b)
    dmp = _Bounded(limits, len(cuts_a) + len(cuts_b) - 2)
    equal = _pins(earlier, later, keep, at_a, at_b)
    runs: list[Span] = []
    wide = False  # a stretch too wide for the shared-run search: a limit bit
    for i1, i2, j1, j2 in _between(equal, len(earlier), len(later)):
        sentences = [(i1 + x1, i1 + x2, j1 + y1, j1 + y2)
                     for x1, x2, y1, y2 in _shared_sentences(earlier[i1:i2], later[j1:j2], ENDS)]
        equal += sentences
        for stretch in _between(sentences, i2, j2, i1, j1):
            if _width(stretch) <= limits.wide:
                runs.append(stretch)
                continue
            # too wide for the shared-run search: split first where the word diff finds shared runs
            wide = True
            split = _word_runs(earlier, later, stretch, cuts_a, cuts_b, codes, dmp, min_run)
            equal += split
            runs += [s for s in _between(split, stretch[1], stretch[3], stretch[0], stretch[2]) if _width(s) <= limits.wide]
    found, scanned, scan_bounded = _shared_runs(earlier, later, runs, limits, min_run, at_a, at_b)
    equal = sorted(equal + found)
    diffs: list[tuple[int, str]] = []
    i = j = 0
    for x1, x2, y1, y2 in [*equal, (len(earlier), len(earlier), len(later), len(later))]:
        if x1 > i or y1 > j:  # the stretch before this equal run, by words
            a = "".join(_coded(earlier, i, x1, cuts_a, codes))
            b = "".join(_coded(later, j, y1, cuts_b, codes))
            diffs += dmp.cleanup(dmp.diff_main(a, b, False), limits.window)
        if x2 > x1:  # the equal run, coded as one word of its own
            diffs.append((EQUAL, _code_of(earlier[x1:x2], codes)))
        i, j = x2, y2
    decode = {c: w for w, c in codes.items()}
    out: list[Segment] = []
    for op, coded in diffs:
        text = "".join(decode[c] for c in coded)
        if out and out[-1].op == OPS[op]:
            out[-1] = Segment(OPS[op], out[-1].text + text)
        elif text:
            out.append(Segment(OPS[op], text))
    return WordDiff(tuple(out), dmp.steps, dmp.bounded or scan_bounded or wide, scanned)


def _pins(a: str, b: str, keep: tuple[str, ...], cuts_a: frozenset[int], cuts_b: frozenset[int]) -> list[Span]:
    """Each phrase of `keep`, in order, as an equal run: its first place in both texts within one stretch the phrases
    before it left (a phrase that fits in none, or is empty, is skipped), widened at either end to the nearest place
    that is a word boundary in both texts where the texts agree that far (a pin is widened, never narrowed)."""
    pinned: list[Span] = []
    for phrase in keep:
        for i1, i2, j1, j2 in _between(pinned, len(a), len(b)):
            i, j = a.find(phrase, i1, i2), b.find(phrase, j1, j2)
            if phrase and i >= 0 and j >= 0:
                n = len(phrase)
                k = 0  # widened to the left …
                while (i - k not in cuts_a or j - k not in cuts_b) and i - k > i1 and j - k > j1 \
                        and a[i - k - 1] == b[j - k - 1]:
                    k += 1
                if i - k in cuts_a and j - k in cuts_b:
                    i, j, n = i - k, j - k, n + k
                k = 0  # … and to the right
                while (i + n + k not in cuts_a or j + n + k not in cuts_b) and i + n + k < i2 and j + n + k < j2 \
                        and a[i + n + k] == b[j + n + k]:
                    k += 1
                if i + n + k in cuts_a and j + n + k in cuts_b:
                    n += k
                pinned = sorted([*pinned, (i, i + n, j, j + n)])
                break
    return pinned


def _between(equal: list[Span], n: int, m: int, i0: int = 0, j0: int = 0) -> list[Span]:
    """The stretches before, between and after the sorted, non-overlapping equal runs `equal`, within [i0, n) and
    [j0, m); a stretch empty on both sides is left out."""
    out, i, j = [], i0, j0
    for x1, x2, y1, y2 in [*equal, (n, n, m, m)]:
        if x1 > i or y1 > j:
            out.append((i, x1, j, y1))
        i, j = x2, y2
    return out


def _width(stretch: Span) -> int:
    return stretch[1] - stretch[0] + stretch[3] - stretch[2]


def _word_runs(a: str, b: str, stretch: Span, cuts_a: list[int], cuts_b: list[int], codes: dict[str, str],
               dmp: _Bounded, min_run: int) -> list[Span]:
    """The equal runs of at least `min_run` characters of the word diff of a stretch, uncleaned: where a stretch too
    wide for the shared-run search splits (in two near duplicates, around each change)."""
    i, i2, j, j2 = stretch
    coded_a = _coded(a, i, i2, cuts_a, codes)
    coded_b = _coded(b, j, j2, cuts_b, codes)
    size = {c: len(w) for w, c in codes.items()}
    out: list[Span] = []
    for op, text in dmp.diff_main("".join(coded_a), "".join(coded_b), False):
        n = sum(size[c] for c in text)
        if op == EQUAL and n >= min_run:
            out.append((i, i + n, j, j + n))
        i += n if op != INSERT else 0
        j += n if op != DELETE else 0
    return out


def _shared_runs(a: str, b: str, stretches: list[Span], limits: Limits, min_run: int,
                 cuts_a: frozenset[int], cuts_b: frozenset[int]) -> tuple[list[Span], int, bool]:
    """The shared runs of whole words of at least `min_run` characters in the facing stretches (the module's
    docstring, pass 3): the equal runs, the pairs of equal characters visited, and whether the budget left a stretch
    unsearched."""
    budget = limits.scan + limits.scan_per_char * (len(a) + len(b))
    todo = [(-_width(s), *s) for s in stretches]
    heapq.heapify(todo)  # widest first: when the budget ends, what is left is the narrow stretches
    found: list[Span] = []
    scanned, bounded = 0, False
    while todo:
        _, i1, i2, j1, j2 = heapq.heappop(todo)
        if i2 - i1 < min_run or j2 - j1 < min_run:
            continue
        b2j = _positions(b, j1, j2)
        cells = sum(len(b2j.get(ch, ())) for ch in a[i1:i2])
        if scanned + cells > budget:
            bounded = True
            continue
        scanned += cells
        i, j, n = _longest(a, i1, i2, b2j, cuts_a, cuts_b)
        if n < min_run:
            continue
        found.append((i, i + n, j, j + n))
        for stretch in ((i1, i, j1, j), (i + n, i2, j + n, j2)):
            heapq.heappush(todo, (-_width(stretch), *stretch))
    return found, scanned, bounded


def longest_shared(a: str, i1: int, i2: int, b: str, j1: int, j2: int, cuts_a: frozenset[int] | None = None,
                   cuts_b: frozenset[int] | None = None) -> tuple[int, int, int]:
    """(i, j, n): the longest text both a[i1:i2] and b[j1:j2] hold, at a[i:i + n] and b[j:j + n], the earliest in a,
    then the earliest in b (difflib.SequenceMatcher.find_longest_match's choice); n is 0 for none. With word
    boundaries (offsets: compare._word_cuts), the longest that starts and ends on a boundary of both texts."""
    every = _Every()
    return _longest(a, i1, i2, _positions(b, j1, j2), cuts_a or every, cuts_b or every)


class _Every(frozenset):
    def __contains__(self, item: object) -> bool:
        return True


def _positions(b: str, j1: int, j2: int) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for j in range(j1, j2):
        out.setdefault(b[j], []).append(j)
    return out


def _longest(a: str, i1: int, i2: int, b2j: dict[str, list[int]], cuts_a: frozenset[int], cuts_b: frozenset[int]
             ) -> tuple[int, int, int]:
    """longest_shared's search, difflib's find_longest_match walk (each pair of equal characters once, the runs of
    equal characters ending at them carried from one character of a to the next), keeping in each run its first
    place that is a boundary of both texts: a run ending on such a place is a candidate from that one on."""
    best = (i1, 0, 0)
    runs: dict[int, int] = {}  # j → the first common boundary (in a) of the run of equal characters ending at a[i - 1], b[j]
    for i in range(i1, i2):
        at_a, ended_a = i in cuts_a, i + 1 in cuts_a
        following: dict[int, int] = {}
        for j in b2j.get(a[i], ()):
            first = runs.get(j - 1, -1)
            if first < 0 and at_a and j in cuts_b:
                first = i
            following[j] = first
            if first >= 0 and ended_a and j + 1 in cuts_b and i + 1 - first > best[2]:
                best = (first, j + 1 - (i + 1 - first), i + 1 - first)
        runs = following
    return best


def _word_cuts(text: str) -> list[int]:
    """The offsets between jieba's words of the whole text, 0 and its length included."""
    return list(itertools.accumulate(map(len, tokens(text)), initial=0))


def _coded(text: str, start: int, end: int, cuts: list[int], codes: dict[str, str]) -> list[str]:
    """text[start:end] as word codes: jieba's words of the whole text, a word the stretch's ends cut split there."""
    at = [start, *cuts[bisect_right(cuts, start):bisect_left(cuts, end)], end]
    return [_code_of(text[x:y], codes) for x, y in itertools.pairwise(at) if y > x]


def _code_of(word: str, codes: dict[str, str]) -> str:
    if word not in codes:
        codes[word] = _code(len(codes))
    return codes[word]


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
    """Counts for the one-line summary, all from the diff the view draws: changed places; characters deleted,
    inserted and shared (equal), punctuation not counted; and the shared characters as a share of each clause's
    characters, the earlier (kept_earlier) and the later (kept), in whole per cent."""
    count = {op: sum(chars(s.text) for s in diff if s.op == op) for op in OPS.values()}
    same = count["equal"]
    changed_places = sum(1 for i, s in enumerate(diff) if s.op != "equal" and (i == 0 or diff[i - 1].op == "equal"))
    return {"places": changed_places, "deleted": count["delete"], "inserted": count["insert"], "same": same,
            "kept_earlier": _percent(same, same + count["delete"]), "kept": _percent(same, same + count["insert"])}


def chars(text: str) -> int:
    """The characters of a text that the summary counts: all but punctuation and spaces."""
    return len(text) - sum(map(is_punct, text))


def _percent(part: int, whole: int) -> int:
    return round(100 * part / whole) if whole else 100


def earlier_side(diff: tuple[Segment, ...]) -> str:
    return "".join(s.text for s in diff if s.op != "insert")


def later_side(diff: tuple[Segment, ...]) -> str:
    return "".join(s.text for s in diff if s.op != "delete")
