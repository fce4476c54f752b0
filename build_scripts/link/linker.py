"""See also: which clauses of other statements a reader of this clause should see, and why.

The method, in full:

1. Every clause is a TF-IDF vector of its character 2- and 3-grams (Chinese has
   no spaces; n-grams catch shared wording such as 克什米尔问题是历史遗留下来的争议).
2. Every clause is on the topics of source/topics.toml whose terms carry weight
   in it (clause_topics: a term named in passing, as one item of a long list or
   inside another topic's longer term, does not).
   A topic is *salient* in a clause when its terms cover at least `salience`
   times as many characters as the clause's best-covered topic: the Kashmir
   clause cites the UN Charter, but it is about Kashmir.
3. Two clauses of different statements are linked when their cosine similarity
   is at least `wording_threshold`, or when a topic is salient in both and their
   similarity is at least `topic_threshold`; of those, each clause keeps at most
   `max_links` in all — the best across the whole corpus, so a clause's list
   stays the same length however many statements there are — and, among them,
   at most `max_per_statement` from any one other statement (formulaic wording
   recurs, so one statement's near-copies would otherwise fill the list). A link
   stands only if both ends keep it, so every link shows in both directions.
   Links a clause does not keep stay reachable through the topic pages, which
   list every clause on a topic.
4. A link records why: the shared topics and the longest shared wording. Pairs
   sharing at least `compare_overlap` consecutive characters get a compare view.

The thresholds live in source/topics.toml and are chosen on the labelled pairs
of tests/see_also_eval.json (`make tune-links`).

Cost stays linear in the number of clauses: candidate pairs come from a sparse
product in which each clause keeps only its most specific n-grams and each
n-gram only its strongest clauses, so no clause is compared with every other.
"""

from __future__ import annotations

import difflib
import functools
import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from ..cache import memo
from ..lazy import numpy as np
from ..lazy import scipy_sparse as sparse
from ..model import LinkParams, Ref, Statement, Topic

TOKEN_RUN = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]+")
NGRAMS = (2, 3)
FEATURES_PER_CLAUSE = 48  # a clause's most specific n-grams used to find candidates
CLAUSES_PER_FEATURE = 64  # an n-gram's strongest clauses used to find candidates
CANDIDATES_PER_CLAUSE = 40  # best-ranked other clauses that get an exact similarity
MIN_WORDING = 6  # shorter shared strings are not worth quoting as a reason


@dataclass(frozen=True)
class Link:
    target: Ref
    score: float
    topics: tuple[str, ...]  # slugs of the topics both clauses are on
    wording: str  # the longest text both share, if long enough to say something
    compare: bool  # overlap large enough for a compare view


@dataclass(frozen=True)
class Linking:
    topics: dict[Ref, tuple[str, ...]]
    links: dict[Ref, tuple[Link, ...]] = field(default_factory=dict)


# Topic tagging (clause_topics). A phrase runs between the clause's commas and stops; a list is a phrase whose
# items are joined by 、 and a conjunction (A、B和C): 和 not of 和平/和谐/和解/和睦, 及 not of 涉及/普及/危及/提及/
# 及时/及其. LIST_ITEMS is chosen on the corpus: the five bodies Xi met (侯赛因总统、谢里夫总理以及巴基斯坦议会、
# 军队和政党领导人) are named in passing, the four focuses of the 1+4 layout (以瓜达尔港、能源、交通基础设施和产业
# 合作为重点) are not; tests/topic_eval.json measures it.
PHRASE = re.compile(r"[^，。；：！？,;:!?]+")
CONJUNCTION = re.compile(r"以及|(?<![涉普危提以])及(?![时其])|和(?![平谐解睦])")
LIST_ITEMS = 5  # a list of this many items or more names its items in passing


@dataclass(frozen=True)
class _Found:
    slug: str
    start: int
    end: int


def clause_topics(text: str, topics: tuple[Topic, ...]) -> tuple[str, ...]:
    """The topics a clause is about: those whose terms carry weight in it, in topics.toml's order.

    A term's occurrence carries no weight when
    - it stands inside a longer term of another topic, which names the thing (南亚 in 南亚区域合作联盟 is a forum),
    - it stands inside one of its topic's `not_within` words (经贸联委会 is not the CPEC's joint committee),
    - it is one item of a list of LIST_ITEMS items or more, of which the topic's terms name fewer than half: the
      people met, the fields a technology serves, the sectors of an agreement (议会、军队和政党领导人 is no
      defence clause; 珠海市和瓜达尔市、克拉玛依市和瓜达尔市…结为友好城市 is not about Gwadar port).
    A topic is the clause's when one of its occurrences carries weight, or its terms stand in two or more
    phrases (repetition is weight: a long project list that names Gwadar twice is about Gwadar). A clause that is
    nothing but such a list (加强在应对气候变化、荒漠化防治、海水淡化…领域的合作) is about what it lists: when no
    topic carries weight, every topic named in passing stays.
    """
    found = [_Found(slug, at, at + len(term)) for slug, term in _terms(topics) if term in text for at in _find(text, term)]
    if not found:
        return ()
    found = [f for f in found if not any(g.slug != f.slug and g.start <= f.start and f.end <= g.end
                                         and g.end - g.start > f.end - f.start for g in found)]
    phrases = [(m.start(), m.end()) for m in PHRASE.finditer(text)]
    weighty, passing = [], []
    for topic in topics:
        mine = [f for f in found if f.slug == topic.slug and not _within(text, f, topic.not_within)]
        if not mine:
            continue
        spans = {next((p for p in phrases if p[0] <= f.start < p[1]), (f.start, f.end)) for f in mine}
        if len(spans) >= 2 or any(_weighs(text, span, [f for f in mine if span[0] <= f.start < span[1]])
                                  for span in spans):
            weighty.append(topic.slug)
        else:
            passing.append(topic.slug)
    return tuple(weighty) if weighty else tuple(passing)


@functools.lru_cache(maxsize=16)
def _terms(topics: tuple[Topic, ...]) -> tuple[tuple[str, str], ...]:
    """(slug, term) of every topic's every term, in order."""
    return tuple((t.slug, term) for t in topics for term in t.terms if term)


def _find(text: str, term: str) -> list[int]:
    """Where the term starts in the text, overlaps included."""
    out, at = [], text.find(term)
    while at >= 0:
        out.append(at)
        at = text.find(term, at + 1)
    return out


def _within(text: str, found: _Found, words: tuple[str, ...]) -> bool:
    """Whether the occurrence stands inside one of the words."""
    return any(m.start() <= found.start and found.end <= m.end() for w in words for m in re.finditer(re.escape(w), text))


def _weighs(text: str, span: tuple[int, int], mine: list[_Found]) -> bool:
    """Whether a topic's occurrences in one phrase carry weight: not items of a long list of other things."""
    items, start = [], span[0]
    for m in re.finditer(r"、|" + CONJUNCTION.pattern, text[span[0]:span[1]]):
        items.append((start, span[0] + m.start()))
        start = span[0] + m.end()
    items.append((start, span[1]))
    if "、" not in text[span[0]:span[1]] or len(items) < LIST_ITEMS:
        return True
    own = sum(1 for a, b in items if any(a <= f.start < b for f in mine))
    return own * 2 >= len(items)


def coverage(text: str, topic: Topic) -> int:
    """How many characters of the text the topic's terms cover (overlaps counted once)."""
    covered: set[int] = set()
    for term in topic.terms:
        for m in re.finditer(re.escape(term), text):
            covered.update(range(m.start(), m.end()))
    return len(covered)


def salient_topics(cover: dict[str, int], salience: float) -> frozenset[str]:
    """Topics covering at least `salience` times what the clause's best-covered topic covers."""
    top = max(cover.values(), default=0)
    return frozenset(slug for slug, n in cover.items() if n and n >= salience * top)


def features(text: str) -> list[str]:
    """Character n-grams within runs of letters, digits and Han characters."""
    out = []
    for run in TOKEN_RUN.findall(text):
        for n in NGRAMS:
            out += [run[i:i + n] for i in range(len(run) - n + 1)]
    return out


def tfidf(texts: list[str]) -> sparse.csr_matrix:
    """Rows are clauses, L2-normalised TF-IDF over n-grams (smoothed idf, as in scikit-learn)."""
    counts = [Counter(features(t)) for t in texts]
    rows = np.repeat(np.arange(len(texts)), [len(c) for c in counts])
    # The vocabulary in sorted order and each feature's column, sorted in C (a dict of every n-gram took ≈2 s at ×100)
    vocab, cols = np.unique(np.array(list(itertools.chain.from_iterable(counts)), dtype=str), return_inverse=True)
    vals = np.fromiter(itertools.chain.from_iterable(c.values() for c in counts), dtype=np.float64, count=len(rows))
    x = sparse.csr_matrix((vals, (rows, cols.astype(np.int64))), shape=(len(texts), len(vocab)))
    df = np.bincount(x.indices, minlength=len(vocab))
    x = x @ sparse.diags(np.log((1 + len(texts)) / (1 + df)) + 1)
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    return sparse.csr_matrix(sparse.diags(1 / np.where(norms == 0, 1, norms)) @ x)


def _top_per_row(x: sparse.csr_matrix, k: int) -> sparse.csr_matrix:
    """Keep each row's k largest entries (ties broken by column, for determinism)."""
    x = x.tocsr()
    x.sort_indices()
    rows = np.repeat(np.arange(x.shape[0]), np.diff(x.indptr))
    # By row, then largest first, then column: lexsort is stable and sort_indices left each row's columns ascending
    order = np.lexsort((-x.data, rows))
    rank = np.empty(len(order), dtype=np.int64)
    rank[order] = np.arange(len(order)) - x.indptr[rows[order]]
    keep = rank < k
    return sparse.csr_matrix((x.data[keep], (rows[keep], x.indices[keep])), shape=x.shape)


def candidate_pairs(x: sparse.csr_matrix, groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Pairs (i < j, different groups) worth an exact score, found in time linear in the rows.

    A partial dot product over each clause's most specific n-grams (query side)
    against every clause holding them, up to CLAUSES_PER_FEATURE per n-gram
    (index side), ranks the other clauses; each keeps its best
    CANDIDATES_PER_CLAUSE. Work per clause is bounded by constants, so 100
    times the clauses costs about 100 times the time.
    """
    query = _top_per_row(x, FEATURES_PER_CLAUSE)
    index = _top_per_row(x.T.tocsr(), CLAUSES_PER_FEATURE).T.tocsr()
    approx = (query @ index.T).tocoo()
    approx = sparse.coo_matrix((np.concatenate([approx.data, approx.data]),
                                (np.concatenate([approx.row, approx.col]), np.concatenate([approx.col, approx.row]))),
                               shape=approx.shape).tocsr()  # found from either side; duplicates add up
    approx = approx.tocoo()
    other = groups[approx.row] != groups[approx.col]
    approx = sparse.csr_matrix((approx.data[other], (approx.row[other], approx.col[other])), shape=approx.shape)
    best = _top_per_row(approx, CANDIDATES_PER_CLAUSE).tocoo()
    lo, hi = np.minimum(best.row, best.col), np.maximum(best.row, best.col)
    pairs = np.unique(lo.astype(np.int64) * x.shape[0] + hi)
    return pairs // x.shape[0], pairs % x.shape[0]


def cosine(x: sparse.csr_matrix, i: np.ndarray, j: np.ndarray, chunk: int = 20000) -> np.ndarray:
    out = [np.asarray(x[i[k:k + chunk]].multiply(x[j[k:k + chunk]]).sum(axis=1)).ravel() for k in range(0, len(i), chunk)]
    return np.concatenate(out) if out else np.zeros(0)


def longest_shared(a: str, b: str) -> str:
    m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
    return a[m.a:m.a + m.size]


@dataclass(frozen=True)
class Scored:
    """Every candidate pair with its similarity: computed once, then selected under any parameters."""

    refs: list[Ref]
    texts: list[str]
    on: dict[Ref, tuple[str, ...]]
    cover: list[dict[str, int]]  # per clause: characters covered by each topic's terms
    groups: np.ndarray
    pairs: list[tuple[int, int, float]]
    shared: dict[tuple[int, int], str] = field(default_factory=dict)  # memo: longest shared text of a pair


def score(statements: list[Statement], topics: tuple[Topic, ...]) -> Scored:
    refs = [Ref(s.slug, c.anchor) for s in statements for c in s.clauses]
    texts = [c.body for s in statements for c in s.clauses]
    on = {r: clause_topics(t, topics) for r, t in zip(refs, texts, strict=True)}
    cover = [{topic.slug: coverage(t, topic) for topic in topics if topic.slug in on[r]}
             for r, t in zip(refs, texts, strict=True)]
    groups = np.array([r.statement for r in refs])
    if len(refs) < 2:
        return Scored(refs, texts, on, cover, groups, [])
    x = tfidf(texts)
    i, j = candidate_pairs(x, groups)
    return Scored(refs, texts, on, cover, groups, list(zip(i.tolist(), j.tolist(), cosine(x, i, j).tolist(), strict=True)))


def select(scored: Scored, params: LinkParams) -> Linking:
    refs, on = scored.refs, scored.on
    salient = [salient_topics(c, params.salience) for c in scored.cover]
    kept: dict[int, list[tuple[float, int]]] = {}
    for a, b, s in scored.pairs:
        shared = salient[a] & salient[b]
        if s >= params.wording_threshold or (shared and s >= params.topic_threshold):
            kept.setdefault(a, []).append((s, b))
            kept.setdefault(b, []).append((s, a))
    best = {a: _best(cands, scored.groups, params) for a, cands in kept.items()}
    links: dict[Ref, list[Link]] = {}
    for a, targets in best.items():
        for s, b in targets:
            if any(a == back for _, back in best.get(b, ())):  # both ends keep it
                links.setdefault(refs[a], []).append(_explain(a, b, s, scored, params))
    ordered = {r: tuple(sorted(ls, key=lambda k: (k.target.statement, -k.score))) for r, ls in sorted(links.items())}
    return Linking(on, ordered)


def link(statements: list[Statement], topics: tuple[Topic, ...], params: LinkParams) -> Linking:
    """select(score(...)): kept on disk by content hash (cache.py), the statements, topics and thresholds its key."""
    return memo("link", [repr(statements), repr(topics), repr(params)], lambda: select(score(statements, topics), params),
                _encode, _decode)


def _encode(linking: Linking) -> dict:
    return {"topics": [[r.statement, r.anchor, list(slugs)] for r, slugs in linking.topics.items()],
            "links": [[r.statement, r.anchor, [[k.target.statement, k.target.anchor, k.score, list(k.topics), k.wording,
                                                k.compare] for k in ls]] for r, ls in linking.links.items()]}


def _decode(kept: dict) -> Linking:
    return Linking({Ref(s, a): tuple(slugs) for s, a, slugs in kept["topics"]},
                   {Ref(s, a): tuple(Link(Ref(ts, ta), score, tuple(on), wording, compare)
                                     for ts, ta, score, on, wording, compare in ls) for s, a, ls in kept["links"]})


def _best(cands: list[tuple[float, int]], groups: np.ndarray, params: LinkParams) -> list[tuple[float, int]]:
    """The best-scoring candidates, at most max_links in all and max_per_statement from any one statement."""
    out: list[tuple[float, int]] = []
    per: Counter[int] = Counter()
    for s, b in sorted(cands, key=lambda c: (-c[0], c[1])):
        if len(out) == params.max_links:
            break
        if per[groups[b]] < params.max_per_statement:
            per[groups[b]] += 1
            out.append((s, b))
    return out


def _explain(a: int, b: int, score: float, scored: Scored, params: LinkParams) -> Link:
    ta, tb = scored.on[scored.refs[a]], scored.on[scored.refs[b]]
    key = (min(a, b), max(a, b))
    if key not in scored.shared:
        scored.shared[key] = longest_shared(scored.texts[key[0]], scored.texts[key[1]])
    shared = scored.shared[key]
    return Link(target=scored.refs[b], score=round(score, 4), topics=tuple(t for t in ta if t in tb),
                wording=shared if len(shared) >= MIN_WORDING else "", compare=len(shared) >= params.compare_overlap)
