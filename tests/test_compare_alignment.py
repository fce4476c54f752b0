"""The compare view's alignment on texts written for this test, not taken from the corpus (issue 22): pairs of Chinese
sentences with shared phrases in other orders, repeated phrases, other punctuation. Whatever the pair:

- the text is sacred: the equal and deleted segments are the earlier text, the equal and inserted ones the later
  text, character for character;
- a pinned phrase (the see-also list's shared wording) is inside one equal segment;
- every shared run of whole words (starting and ending on jieba's word boundaries of both texts) of worddiff.MIN_RUN
  characters is an equal run or crosses one: between two equal segments, what is deleted and what is inserted
  share no such run (found here by brute force, not by worddiff.py's search);
- the summary's figures are the diff's own.
"""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.link import worddiff
from build_scripts.link.linker import longest_shared as linker_longest
from build_scripts.link.snippet import boundaries, is_punct, trim_wording
from build_scripts.link.worddiff import Segment, earlier_side, later_side
from build_scripts.render import view

# phrases of joint-statement Chinese, and punctuation, from which the texts are made
PHRASES = ["双方同意", "进一步", "加强", "中巴经济走廊", "建设", "访问期间", "习近平主席", "会见了", "巴基斯坦", "总统",
           "总理", "全天候战略合作伙伴关系", "的", "和", "在", "中方", "巴方", "重申", "支持", "和平", "稳定", "发展",
           "联合国宪章", "宗旨和原则", "地区", "国际", "合作", "共同", "利益", "中巴友谊", "2015年", "4月20日"]
PUNCT = ["，", "。", "、", "；", "：", "！", "（", "）", "《", "》", " "]
PIECES = st.sampled_from(PHRASES + PUNCT)
MIN_RUN = 4  # the shortest shared run the view must show (worddiff.MIN_RUN, as worddiff.py's docstring chose it)


def test_the_minimum_run_is_the_one_these_tests_hold_it_to():
    assert worddiff.MIN_RUN == MIN_RUN


def check(a: str, b: str, keep: tuple[str, ...] = ()) -> tuple[Segment, ...]:
    """The diff of a and b, after asserting every property of the module's docstring."""
    segments = worddiff.diff(a, b, keep=keep).segments
    assert earlier_side(segments) == a and later_side(segments) == b  # the text is sacred
    assert all(s.text for s in segments)
    assert all(x.op != y.op for x, y in itertools.pairwise(segments))  # one segment per run
    for phrase in keep:
        if phrase and phrase in a and phrase in b and len(keep) == 1:
            assert any(s.op == "equal" and phrase in s.text for s in segments), (phrase, segments)
    for span in facing(segments):
        assert whole_word_run(a, b, *span) < MIN_RUN, (a[span[0]:span[1]], b[span[2]:span[3]], segments)
    counts = worddiff.summary(segments)
    assert counts["same"] == sum(worddiff.chars(s.text) for s in segments if s.op == "equal")
    later = sum(1 for ch in b if not is_punct(ch))
    assert counts["same"] + counts["inserted"] == later
    assert counts["kept"] == (round(100 * counts["same"] / later) if later else 100)
    return segments


def facing(segments: tuple[Segment, ...]) -> list[tuple[int, int, int, int]]:
    """(i1, i2, j1, j2): what is deleted (a[i1:i2]) and inserted (b[j1:j2]) between two equal segments, before the
    first and after the last."""
    out, i, j, i1, j1 = [], 0, 0, 0, 0
    for s in (*segments, Segment("equal", "")):
        if s.op == "equal":
            out.append((i1, i, j1, j))
            i, j = i + len(s.text), j + len(s.text)
            i1, j1 = i, j
        elif s.op == "delete":
            i += len(s.text)
        else:
            j += len(s.text)
    return out


def whole_word_run(a: str, b: str, i1: int, i2: int, j1: int, j2: int) -> int:
    """The longest text a[i1:i2] and b[j1:j2] share that starts and ends on word boundaries of both texts."""
    cuts_a, cuts_b = frozenset(boundaries(a)), frozenset(boundaries(b))
    best = 0
    for p in range(i1, i2):
        for q in range(j1, j2):
            if p in cuts_a and q in cuts_b:
                k = 0
                while p + k < i2 and q + k < j2 and a[p + k] == b[q + k]:
                    k += 1
                    if p + k in cuts_a and q + k in cuts_b:
                        best = max(best, k)
    return best


def equal_runs(segments: tuple[Segment, ...]) -> list[str]:
    return [s.text for s in segments if s.op == "equal"]


# --- written pairs ------------------------------------------------------------------------------------------------

def test_the_issue_s_pair_shows_the_quoted_wording_unchanged():
    """2015 第一条 against 2022 第二条 (issue 22): the see-also list quoted 访问期间，习近平主席会见; the diff as it
    was struck the whole earlier clause through and underlined the whole later one."""
    a = ("一、应巴基斯坦伊斯兰共和国总统马姆努恩·侯赛因和总理穆罕默德·纳瓦兹·谢里夫邀请，中华人民共和国主席习近平于2015年4月"
         "20日至21日对巴基斯坦进行国事访问。访问期间，习近平主席会见了侯赛因总统、谢里夫总理以及巴基斯坦议会、军队和政党领导人，"
         "同巴各界人士进行了广泛接触。")
    b = "二、访问期间，习近平主席会见夏巴兹总理。李克强总理同夏巴兹总理举行会谈。"
    wording = linker_longest(a, b)
    assert wording == "访问期间，习近平主席会见"
    segments = check(a, b, (wording,))
    assert "访问期间，习近平主席会见" in equal_runs(segments)


def test_phrases_in_another_order_keep_the_longer_and_the_later_one_in_order():
    a = "双方同意加强中巴经济走廊建设。访问期间，习近平主席会见了巴基斯坦总统。"
    b = "访问期间，习近平主席会见了巴基斯坦总理。双方同意加强中巴经济走廊建设，推进瓜达尔港项目。"
    segments = check(a, b)
    runs = equal_runs(segments)
    # the longest shared run of whole words (总统 and 总理 are other words: their 总 is not shared wording)
    assert "访问期间，习近平主席会见了巴基斯坦" in runs
    # the other phrase stands before it in one text and after it in the other: it cannot be equal too
    assert not any("双方同意加强" in r for r in runs)
    # pinned, the shorter one wins instead
    pinned = check(a, b, ("双方同意加强中巴经济走廊建设",))
    assert "双方同意加强中巴经济走廊建设" in equal_runs(pinned)
    assert not any("习近平主席会见" in r for r in equal_runs(pinned))


def test_a_repeated_phrase_is_matched_once_for_each_time_both_texts_hold_it():
    a = "中巴友谊历久弥坚。中巴友谊是两国人民的共同财富，中巴友谊万古长青。"
    b = "双方一致认为，中巴友谊是两国人民的共同财富。中巴友谊万古长青。"
    runs = equal_runs(check(a, b))
    assert "中巴友谊是两国人民的共同财富" in runs and "中巴友谊万古长青。" in runs
    assert sum(r.count("中巴友谊") for r in runs) == 2  # b holds it twice: two of a's three are shared


def test_other_punctuation_between_shared_phrases_is_all_that_changes():
    a = "双方同意，进一步加强在联合国等多边机制中的协调与配合；共同维护地区和平与稳定。"
    b = "双方同意：进一步加强在联合国等多边机制中的协调与配合，共同维护地区和平与稳定！"
    segments = check(a, b)
    changed = "".join(s.text for s in segments if s.op != "equal")
    assert all(is_punct(ch) for ch in changed), segments
    assert worddiff.summary(segments) == {"places": 3, "deleted": 0, "inserted": 0, "same": 36,
                                         "kept_earlier": 100, "kept": 100}


def test_a_run_shorter_than_the_minimum_is_left_to_the_word_diff():
    a = "中方高度赞赏巴方为此作出的重要贡献。"
    b = "巴方积极评价中方对地区和平的建设性作用。"
    segments = check(a, b)
    assert max((len(r) for r in equal_runs(segments)), default=0) < MIN_RUN  # 中方 and 巴方: no run of 4


def test_identical_and_empty_texts():
    text = "双方同意加强中巴经济走廊建设。"
    assert check(text, text) == (Segment("equal", text),)
    assert check("", text) == (Segment("insert", text),)
    assert check(text, "") == (Segment("delete", text),)
    assert check("", "") == ()
    assert worddiff.summary(()) == {"places": 0, "deleted": 0, "inserted": 0, "same": 0, "kept_earlier": 100, "kept": 100}


def test_a_pinned_phrase_that_cannot_be_placed_is_skipped():
    a, b = "双方同意加强合作。", "双方同意深化合作。"
    for keep in (("",), ("走廊",), ("双方同意", "同意加强")):  # empty; in neither; the second overlaps the first
        check(a, b, keep)
    assert "双方同意" in equal_runs(check(a, b, ("双方同意", "同意加强")))


def test_the_shared_run_search_is_difflib_s_longest_match():
    import difflib
    import random

    rng = random.Random(22)
    for _ in range(3000):
        a = "".join(rng.choice("中巴双方合作，") for _ in range(rng.randrange(0, 14)))
        b = "".join(rng.choice("中巴双方合作，") for _ in range(rng.randrange(0, 14)))
        i1, j1 = rng.randrange(len(a) + 1), rng.randrange(len(b) + 1)
        i2, j2 = rng.randrange(i1, len(a) + 1), rng.randrange(j1, len(b) + 1)
        m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(i1, i2, j1, j2)
        got = worddiff.longest_shared(a, i1, i2, b, j1, j2)
        assert got[2] == m.size and (m.size == 0 or got[:2] == (m.a, m.b))


# --- any pair -----------------------------------------------------------------------------------------------------

@st.composite
def related_texts(draw):
    """Two texts made of the same phrases: the later one takes runs of the earlier one's pieces, in another order,
    repeats some and mixes in pieces of its own."""
    earlier = draw(st.lists(PIECES, max_size=40))
    later: list[str] = []
    for _ in range(draw(st.integers(0, 6))):
        if earlier and draw(st.booleans()):
            start = draw(st.integers(0, len(earlier) - 1))
            later += earlier[start:start + draw(st.integers(1, 12))]
        else:
            later += draw(st.lists(PIECES, max_size=6))
    return "".join(earlier), "".join(later)


@given(related_texts())
@settings(max_examples=400, deadline=None)
@pytest.mark.slow
def test_any_pair_keeps_every_property(texts):
    a, b = texts
    check(a, b)


@given(related_texts(), st.data())
@settings(max_examples=300, deadline=None)
def test_the_linker_s_wording_is_one_equal_run_and_so_is_what_the_list_quotes(texts, data):
    """What link/linker.py records for a pair (the longest text both share) is pinned, whole or as render/view.py pins it (the
    stretch the entries under both clauses quote); what either entry quotes (snippet.trim_wording: cut to whole
    words of the clause it links to, no punctuation at either end) is inside one equal run."""
    a, b = texts
    wording = linker_longest(a, b)
    quotes = [q for q in (trim_wording(b, b, wording), trim_wording(a, a, wording)) if q] if wording else []
    for keep in ((wording,), view.quoted(wording, a, b)):
        segments = check(a, b, keep)
        for q in quotes:
            assert any(s.op == "equal" and q in s.text for s in segments), (q, keep, segments)
    # any text both hold, pinned, is one equal run too
    if a:
        i = data.draw(st.integers(0, len(a) - 1))
        piece = a[i:i + data.draw(st.integers(1, 12))]
        if piece in b:
            assert any(s.op == "equal" and piece in s.text for s in check(a, b, (piece,)))


@pytest.mark.parametrize("min_run", [2, 3, 6])
def test_the_properties_hold_for_other_minimum_runs(min_run):
    a = "双方同意加强中巴经济走廊建设，推进瓜达尔港项目。访问期间，习近平主席会见了巴基斯坦总统。"
    b = "访问期间，习近平主席会见了巴基斯坦总理。双方同意加强瓜达尔港建设，推进中巴经济走廊项目。"
    segments = worddiff.diff(a, b, min_run=min_run).segments
    assert earlier_side(segments) == a and later_side(segments) == b
    for span in facing(segments):
        assert whole_word_run(a, b, *span) < min_run


@given(st.text(alphabet="中巴双方同意合作，。", max_size=14), st.text(alphabet="中巴双方同意合作，。", max_size=14))
@settings(max_examples=300, deadline=None)
def test_the_whole_word_search_finds_the_longest_run_of_whole_words(a, b):
    cuts_a, cuts_b = frozenset(boundaries(a)), frozenset(boundaries(b))
    i, j, n = worddiff.longest_shared(a, 0, len(a), b, 0, len(b), cuts_a, cuts_b)
    assert n == whole_word_run(a, b, 0, len(a), 0, len(b))
    if n:
        assert a[i:i + n] == b[j:j + n] and {i, i + n} <= cuts_a and {j, j + n} <= cuts_b
