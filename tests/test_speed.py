"""Speed-ups that must not change a byte: each fast path against the plain one it replaced."""

from __future__ import annotations

import re
import string
from collections import Counter

import numpy as np
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy import sparse

from bench.diff_scale import plain_word_diff
from build_scripts.build import generate
from build_scripts.link import linker, worddiff
from build_scripts.read.parse import parse_corpus
from build_scripts.render import view
from build_scripts.text import escape

from .conftest import ROOT, tmp_paths

_MD_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f\x85\u2028\u2029]")


def _markdown_per_character(text: str) -> str:
    """escape.markdown as it was written first: a character at a time."""
    return "".join(f"&#{ord(ch)};" if ch in string.punctuation or _MD_CONTROL.match(ch) else ch for ch in text)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200)
       | st.text(alphabet=string.printable + "\x00\x7f\x85\u2028\u2029\u3000，。《》中", max_size=200))
def test_markdown_escaping_is_the_per_character_rule(text):
    assert escape.markdown(text) == _markdown_per_character(text)


def test_markdown_escaping_covers_every_control_the_rule_names():
    every = "".join(map(chr, range(0x3000))) + "\u2028\u2029"
    assert escape.markdown(every) == _markdown_per_character(every)


def _tfidf_with_a_dict(texts: list[str]) -> sparse.csr_matrix:
    """linker.tfidf as it was first written: the vocabulary a dict of every n-gram."""
    counts = [Counter(linker.features(t)) for t in texts]
    vocab = {f: i for i, f in enumerate(sorted(set().union(*counts)))}
    rows = np.repeat(np.arange(len(texts)), [len(c) for c in counts])
    cols = np.fromiter((vocab[f] for c in counts for f in c), dtype=np.int64, count=len(rows))
    vals = np.fromiter((n for c in counts for n in c.values()), dtype=np.float64, count=len(rows))
    x = sparse.csr_matrix((vals, (rows, cols)), shape=(len(texts), len(vocab)))
    df = np.bincount(x.indices, minlength=len(vocab))
    x = x @ sparse.diags(np.log((1 + len(texts)) / (1 + df)) + 1)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(1 / np.where(norms == 0, 1, norms)) @ x)


def _same_matrix(a: sparse.csr_matrix, b: sparse.csr_matrix) -> bool:
    return a.shape == b.shape and all(np.array_equal(getattr(a, k), getattr(b, k)) for k in ("indptr", "indices", "data"))


def test_tfidf_is_the_dict_based_one_bit_for_bit():
    _, statements = parse_corpus(ROOT / "source")
    texts = [c.body for s in statements for c in s.clauses] + ["", "ab 12 abc", "中国 China 2015年", "巴基斯坦"]
    assert _same_matrix(linker.tfidf(texts), _tfidf_with_a_dict(texts))


@given(st.lists(st.text(alphabet="中巴国友好ab12 ", max_size=30), min_size=1, max_size=12))
def test_tfidf_is_the_dict_based_one_on_any_texts(texts):
    assert _same_matrix(linker.tfidf(texts), _tfidf_with_a_dict(texts))


@given(st.integers(0, 2**32 - 1), st.integers(1, 6))
def test_top_per_row_breaks_ties_by_column(seed, k):
    """Each row's k largest entries, ties by the lower column: as a three-key sort would choose them."""
    rng = np.random.default_rng(seed)
    dense = rng.integers(0, 4, size=(7, 9)).astype(float)  # few values: many ties
    dense[rng.random(dense.shape) < 0.3] = 0
    x = sparse.csr_matrix(dense)
    x.sort_indices()
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    order = np.lexsort((x.indices, -x.data, rows))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - x.indptr[rows[order]]
    keep = rank < k
    expected = sparse.csr_matrix((x.data[keep], (rows[keep], x.indices[keep])), shape=x.shape)
    assert _same_matrix(linker._top_per_row(x, k), expected)


# --- the diff of the compare view: bounded (issue 20), and the unbounded one wherever the bound does not bite ------

_DIFF_TEXT = st.text(alphabet="中巴双方同意合作经济走廊建设发展ab1 ，、。；！？\n", max_size=120)
# every limit out of reach: the alignment as worddiff.py's docstring describes it, with nothing cut short
UNBOUNDED = worddiff.Limits(exact=10**9, cost=10**9, steps=10**12, window=10**9, scan=10**12, wide=10**9)


def _sentences(text: str) -> set[str]:
    return {s for s in re.split(r"(?<=[。；！？])", text) if s}


@given(_DIFF_TEXT, _DIFF_TEXT)
@settings(deadline=None)
def test_the_word_pass_is_the_plain_word_diff_where_nothing_else_is_shared(a, b):
    """Issue 22 put pinned phrases, shared sentences and shared runs before the word diff; where there are none (no
    sentence shared, shared runs not searched), what is left is diff-match-patch's own search and cleanup, as before."""
    assume(not _sentences(a) & _sentences(b))
    result = worddiff.diff(a, b, min_run=10**9)
    assert not result.bounded and result.segments == plain_word_diff(a, b)


@given(_DIFF_TEXT, _DIFF_TEXT)
@settings(deadline=None)
def test_the_bounded_diff_is_the_unbounded_one_on_short_texts(a, b):
    result = worddiff.diff(a, b)
    assert not result.bounded and result.segments == worddiff.diff(a, b, UNBOUNDED).segments


def test_the_bounded_diff_is_the_unbounded_one_on_every_pair_the_build_compares(tmp_path, monkeypatch):
    """Every diff a real build makes, in both editions (the Simplified source or an edition's own text), against the
    unbounded one: no limit bites on the corpus; tests/golden/compare holds the data files they give, byte for byte."""
    seen: list[tuple[str, str]] = []

    def checked(a: str, b: str, keep: tuple[str, ...] = ()) -> tuple[worddiff.Segment, ...]:
        result = worddiff.diff(a, b, keep=keep)
        assert not result.bounded and result.segments == worddiff.diff(a, b, UNBOUNDED, keep).segments, (a, b)
        seen.append((a, b))
        return worddiff.word_diff(a, b, keep)

    monkeypatch.setattr(view, "word_diff", checked)
    generate(tmp_paths(tmp_path))
    assert len(seen) >= 80  # 40 linked pairs per edition
