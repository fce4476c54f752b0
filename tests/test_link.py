"""See also: measured against the hand-labelled pairs, symmetric, explained, and bounded in work."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from build_scripts.compare import char_diff, earlier_side, later_side
from build_scripts.errors import SourceError
from build_scripts.link import CANDIDATES_PER_CLAUSE, _top_per_row, candidate_pairs, link, load_topics, score, select, tfidf
from build_scripts.linkeval import load_pairs, measure
from build_scripts.parse import parse_corpus

from .conftest import ROOT


@pytest.fixture(scope="module")
def corpus():
    _, statements = parse_corpus(ROOT / "source")
    topics, params = load_topics(ROOT / "source" / "topics.toml")
    return statements, topics, params, link(statements, topics, params)


def test_precision_and_recall_on_the_labelled_pairs(corpus):
    pairs = load_pairs()
    assert len(pairs) >= 200 and sum(w for *_, w in pairs) >= 100 and sum(not w for *_, w in pairs) >= 100
    figures = measure(corpus[3], pairs)
    assert figures.precision >= 0.9, figures
    assert figures.recall >= 0.8, figures


def test_labelled_pairs_name_real_clauses_of_different_statements(corpus):
    refs = {(s.slug, c.anchor) for s in corpus[0] for c in s.clauses}
    for a, b, _ in load_pairs():
        assert (a.statement, a.anchor) in refs and (b.statement, b.anchor) in refs
        assert a.statement < b.statement


def test_links_go_both_ways_say_why_and_respect_the_cap(corpus):
    _, _, params, linking = corpus
    assert sum(len(v) for v in linking.links.values()) > 200
    for ref, links in linking.links.items():
        per = Counter(x.target.statement for x in links)
        assert max(per.values()) <= params.max_per_statement
        assert len(links) <= params.max_links
        for x in links:
            assert x.target.statement != ref.statement
            assert x.topics or x.wording, (ref, x)
            assert any(back.target == ref for back in linking.links[x.target]), (ref, x.target)


def test_the_kashmir_clauses_are_linked_with_a_compare_view(corpus):
    links = {str(link.target): link for link in corpus[3].links[next(r for r in corpus[3].links if str(r) == "2020-03-17#p14")]}
    kashmir = links["2022-11-02#c34"]
    assert "kashmir" in kashmir.topics and kashmir.compare
    assert "克什米尔问题是历史遗留下来的争议" in kashmir.wording


def test_every_topic_has_clauses(corpus):
    _statements, topics, _, linking = corpus
    on = Counter(slug for slugs in linking.topics.values() for slug in slugs)
    assert [t.slug for t in topics if not on[t.slug]] == []


def test_topic_file_errors_point_at_the_file(tmp_path: Path):
    path = tmp_path / "topics.toml"
    path.write_text('[[topic]]\nslug = "Kashmir"\nname = "克什米尔"\nterms = ["克什米尔"]\n', encoding="utf-8")
    with pytest.raises(SourceError, match="topic slug 'Kashmir': expected lower-case ASCII"):
        load_topics(path)


def test_a_clause_keeps_the_best_few_across_a_grown_corpus(tmp_path: Path):
    """Six times the corpus (near-copies of every statement): each list is capped globally, not per statement,
    so the link count grows with the clauses, not with clauses × statements; the kept links are the best."""
    from bench.synth import write_corpus

    write_corpus(ROOT / "source", tmp_path, 6)
    _, statements = parse_corpus(tmp_path)
    topics, params = load_topics(tmp_path / "topics.toml")
    scored = score(statements, topics)
    linking = select(scored, params)
    lengths = [len(v) for v in linking.links.values()]
    assert max(lengths) == params.max_links  # the cap binds: many clauses have more candidates than that
    assert sum(lengths) <= params.max_links * sum(len(s.clauses) for s in statements)
    wide = select(scored, dataclasses.replace(params, max_links=10 ** 6))
    ref = max(linking.links, key=lambda r: len(wide.links[r]))
    kept = [x.score for x in linking.links[ref]]
    dropped = [x.score for x in wide.links[ref] if x.target not in {k.target for k in linking.links[ref]}]
    assert len(wide.links[ref]) > params.max_links and dropped and min(kept) >= max(dropped) - 1e-9


def test_candidate_work_is_bounded_per_clause():
    """Not a timing: the number of exactly scored pairs grows linearly with the clauses."""
    rng = np.random.default_rng(0)
    alphabet = list("中巴双方同意加强合作经济走廊发展和平稳定地区国际安全贸易")
    for n in (50, 500):
        texts = ["".join(rng.choice(alphabet, 60)) for _ in range(n)]
        x = tfidf(texts)
        i, _ = candidate_pairs(x, np.arange(n) % 7)
        assert len(i) <= n * CANDIDATES_PER_CLAUSE
        assert np.diff(_top_per_row(x, 5).indptr).max() <= 5


@given(st.text(alphabet="甲乙丙丁。，", max_size=30), st.text(alphabet="甲乙丙丁。，", max_size=30))
def test_char_diff_rebuilds_both_texts(a, b):
    diff = char_diff(a, b)
    assert earlier_side(diff) == a and later_side(diff) == b
