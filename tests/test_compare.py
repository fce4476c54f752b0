"""The compare view's word diff (worddiff.py): exact whatever its bound, bounded in work, shared sentences kept.

The work is counted in steps of the Myers search (worddiff.WordDiff.steps), never in seconds: the bound must give
the same diff on every machine and every run. Timed figures are the benchmark's (python -m bench.diff_scale).
"""

from __future__ import annotations

import functools
import re
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.diff_scale import near_duplicates
from build_scripts.link import worddiff
from build_scripts.link.worddiff import Limits, earlier_side, later_side

# limits small enough that a few sentences meet every one of them: a bisection stopped at its furthest point, the
# step budget spent (the rest a replacement), the semantic cleanup in windows of 4 operations, the shared-run search
# out of budget and stretches too wide for it
TINY = Limits(exact=4, cost=3, steps=40, steps_per_word=1, window=4, scan=20, scan_per_char=0, wide=12)
ENDS = "。；！？"
WORDS = st.text(alphabet="中巴双方同意合作经济走廊建设发展ab1 ，、", min_size=1, max_size=12)
SENTENCE = st.builds(lambda body, end: body + end, WORDS, st.sampled_from(ENDS))
TEXT = st.text(alphabet="中巴双方同意合作经济走廊建设发展ab1 ，、。；！？\n" + string.ascii_letters, max_size=80)


@functools.cache
def scaled(chars: int) -> tuple[str, str, worddiff.WordDiff, int]:
    """Near-duplicate clauses of `chars` characters (bench/diff_scale.py), their diff and their words (both texts)."""
    earlier, later = near_duplicates(chars)
    return earlier, later, worddiff.diff(earlier, later), len(worddiff.tokens(earlier)) + len(worddiff.tokens(later))


def rebuilds(result: worddiff.WordDiff, earlier: str, later: str) -> bool:
    s = result.segments
    return earlier_side(s) == earlier and later_side(s) == later and all(seg.text for seg in s)


def equal_map(segments: tuple[worddiff.Segment, ...]) -> dict[int, int]:
    """Earlier position → later position of every character inside an equal segment."""
    out, i, j = {}, 0, 0
    for seg in segments:
        n = len(seg.text)
        if seg.op == "equal":
            out.update({i + k: j + k for k in range(n)})
        i += n if seg.op != "insert" else 0
        j += n if seg.op != "delete" else 0
    return out


# --- bounded ------------------------------------------------------------------------------------------------------

@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
@pytest.mark.parametrize("chars", [20_000, 100_000])
def test_near_duplicate_long_clauses_are_diffed_within_the_step_bound(chars):
    """Issue 20: two near-duplicate clauses of 20,000 characters took 15 s and 40,000 took 48 s (quadratic). The
    bound is linear in the words of both texts, and the diff still shows the near duplicate as one."""
    earlier, later, result, words = scaled(chars)
    limit = worddiff.LIMITS.steps + worddiff.LIMITS.steps_per_word * words
    assert result.steps <= limit
    assert result.steps <= 40 * words  # well inside it: the near duplicate needs no cut to the budget
    assert rebuilds(result, earlier, later)
    assert worddiff.summary(result.segments)["kept"] >= 55  # what the unbounded diff keeps of it at 20,000: 60 %


@pytest.mark.slow
def test_the_work_grows_linearly_with_the_length():
    steps = {n: scaled(n)[2].steps for n in (20_000, 40_000, 100_000)}
    assert steps[40_000] / steps[20_000] < 2.4 and steps[100_000] / steps[20_000] < 6  # quadratic: 4 and 25


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_unrelated_long_texts_stop_at_the_step_budget_and_still_rebuild():
    """The worst case of the search (nothing in common but the vocabulary): the budget ends it, not the clock."""
    earlier, _ = near_duplicates(30_000)
    later = earlier[15_000:] + earlier[:15_000]  # the same words, the halves swapped: no long common run but one
    result = worddiff.diff(earlier, later)
    words = len(worddiff.tokens(earlier)) + len(worddiff.tokens(later))
    one_round = 2 * (worddiff.LIMITS.cost + 1) * 10  # the budget is checked before each round (as below)
    assert result.bounded and result.steps <= worddiff.LIMITS.steps + worddiff.LIMITS.steps_per_word * words + one_round
    assert rebuilds(result, earlier, later)


def test_a_spent_budget_replaces_the_rest_and_the_diff_still_rebuilds():
    """The budget is checked before each round of the search: spent, the stretch being searched and every one after
    it are shown as replaced, so the steps never pass the budget by more than one round."""
    earlier, later, _, _ = scaled(20_000)
    limits = Limits(steps=50_000, steps_per_word=0)
    result = worddiff.diff(earlier, later, limits)
    one_round = 2 * (limits.cost + 1) * 10  # the diagonals of one round, each with its snake (a few words here)
    assert result.bounded and 50_000 < result.steps <= 50_000 + one_round
    assert rebuilds(result, earlier, later)
    replaced = max((s for s in result.segments if s.op == "delete"), key=lambda s: len(s.text))
    assert len(replaced.text) > 5_000  # the rest of the clause, in one piece


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_more_distinct_words_than_the_private_use_area_holds_are_diffed():
    """Each word is coded as one character. The diff as it was stopped with a traceback (chr() arg not in range) past
    131,072 distinct words; the codes now go on past the private use area (137,468) into unassigned planes."""
    earlier = "，".join(f"w{i}" for i in range(69_000)) + "。"
    later = earlier + "，".join(f"v{i}" for i in range(69_000)) + "。"  # 138,002 distinct words in all
    result = worddiff.diff(earlier, later)
    assert result.segments == (worddiff.Segment("equal", earlier), worddiff.Segment("insert", later[len(earlier):]))


def test_the_word_codes_are_distinct_and_neither_letter_nor_space():
    codes = "".join(map(worddiff._code, range(worddiff.CODES)))
    assert len(set(codes)) == worddiff.CODES > 650_000  # more words than two lines of 500,000 characters can hold
    assert not re.search(r"[\w\s]", codes)  # the semantic cleanup scores them all alike, as it did the first 6,400
    assert codes[:6400] == "".join(chr(0xE000 + i) for i in range(6400))
    with pytest.raises(ValueError):
        worddiff._code(worddiff.CODES)


# --- exact ---------------------------------------------------------------------------------------------------------

@given(TEXT, TEXT)
@settings(deadline=None)
def test_any_pair_of_texts_rebuilds_both_texts(a, b):
    assert rebuilds(worddiff.diff(a, b), a, b)
    assert rebuilds(worddiff.diff(a, b, TINY), a, b)


ANY_LIMITS = st.builds(Limits, exact=st.integers(0, 40), cost=st.integers(0, 12), steps=st.integers(0, 400),
                       steps_per_word=st.integers(0, 4), window=st.integers(0, 12), scan=st.integers(0, 400),
                       scan_per_char=st.integers(0, 4), wide=st.integers(0, 80))


@given(st.lists(SENTENCE, max_size=12), st.lists(SENTENCE, max_size=12), st.integers(0, 2**16), ANY_LIMITS)
@settings(max_examples=300, deadline=None)
@pytest.mark.slow
def test_any_pair_of_sentence_texts_rebuilds_under_any_limits(xs, ys, seed, limits):
    a, b = "".join(xs), "".join(ys[seed % 3:] + xs[seed % 5:])  # much in common, moved about
    result = worddiff.diff(a, b, limits)
    assert rebuilds(result, a, b)
    assert result.bounded or result.segments == worddiff.diff(a, b).segments  # a limit that never bit changes nothing


@st.composite
def shared_sentences(draw):
    """Two texts with sentences in common, in the same order, among sentences each text has alone (marked 甲 and 乙
    so no sentence of one text alone is in the other); either text may end without a full stop."""
    shared = draw(st.lists(SENTENCE, min_size=1, max_size=8, unique=True))
    own = {side: [draw(st.lists(st.builds(lambda s, side=side: side + s, SENTENCE), max_size=3))
                  for _ in range(len(shared) + 1)] for side in "甲乙"}
    texts, spans = {}, {}
    for side in "甲乙":
        parts, at = [], []
        for k, s in enumerate(shared):
            parts += own[side][k]
            at.append(sum(map(len, parts)))
            parts.append(s)
        parts += own[side][-1] + [side + draw(WORDS)] * draw(st.booleans())
        texts[side], spans[side] = "".join(parts), at
    return texts["甲"], texts["乙"], [(spans["甲"][k], spans["乙"][k], len(s)) for k, s in enumerate(shared)]


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
@given(shared_sentences(), ANY_LIMITS)
@settings(max_examples=150, deadline=None)
def test_every_shared_sentence_is_an_equal_run_at_its_place_whatever_the_limits(case, limits):
    """A sentence both texts hold once, in the order of the others, is unchanged in the diff: the semantic cleanup
    never folds it into the edits around it (issue 22: the view must show the wording the see-also list named).
    The diff as it was (bench/diff_scale.py: plain_word_diff) fails this: 'a。甲1。' against '乙1。a。' gave
    'a。甲1' deleted, '乙1。a' inserted."""
    a, b, shared = case
    for lim in (worddiff.LIMITS, TINY, limits):
        result = worddiff.diff(a, b, lim)
        assert rebuilds(result, a, b)
        same = equal_map(result.segments)
        for i, j, n in shared:
            assert all(same.get(i + k) == j + k for k in range(n)), (a[i:i + n], result.segments)


def test_a_sentence_shared_between_rewritten_ones_stays():
    result = worddiff.diff("a。甲1。", "乙1。a。")
    assert result.segments == (worddiff.Segment("insert", "乙1。"), worddiff.Segment("equal", "a。"),
                               worddiff.Segment("delete", "甲1。"))
