"""Chinese search in both scripts.

Material's search plugin cuts Chinese into words with jieba at build time and
marks the cuts with U+200B in the index; in the browser, a query's Han text is
cut against the index's own words. jieba's dictionary is Simplified, so on the
繁體 text it cuts wrongly (中巴關係 → 中巴/關/係) and queries such as 關係 miss.
And a query is cut against the index's words only before its last character
(一个中国 → 一个* 中*, which matches every word starting with 中), its words
OR-ed. The fixes:

* `recut`: the Simplified index is cut again, finer than jieba's default
  (a word of three or more characters that splits exactly into dictionary
  words of two or more is split: 中巴关系 → 中巴/关系), so a query for 关系 finds
  中巴关系.
* `carry_segmentation`: each 繁體 index entry takes the cuts of the Simplified
  entry at the same location. The conversion maps character to character, so
  the same positions are the same words.
* `query_script`: per edition, a character map from the other editions'
  scripts (learned from the aligned corpus) and the index's vocabulary. In the
  browser (overrides/assets/javascripts/search-script.js) a query is mapped
  into the edition's script, cut into the index's words, and every word made
  required, so 一个中国 finds the clauses holding both 一个 and 中国, and 瓜达尔港
  typed on the 繁體 site finds 瓜達爾港.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from functools import cache
from pathlib import Path

import jieba

from .errors import BuildError
from .model import Statement

CUT = "\u200b"
HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
SEPARATOR = re.compile(r"[\s\u200b\u3000\-、。，．？！；]+")  # Material's zh separator
SENTINEL = "\u3007"  # 〇: a Han character outside the vocabulary; see search-script.js
jieba.setLogLevel(logging.WARNING)


@cache
def _split(word: str) -> tuple[str, ...] | None:
    """The word as dictionary words of two or more characters, fewest pieces first; None if it doesn't split."""
    if len(word) < 4:
        return None
    for cut in range(2, len(word) - 1):
        head, tail = word[:cut], word[cut:]
        if not jieba.get_FREQ(head):
            continue
        if jieba.get_FREQ(tail):
            return (head, tail)
        rest = _split(tail)
        if rest:
            return (head, *rest)
    return None


def fine_cut(run: str) -> list[str]:
    """jieba's words of a Han run, long compounds split into the dictionary words they are made of."""
    words: list[str] = []
    for word in jieba.cut(run, HMM=True):
        words += _split(word) or [word]
    return words


def recut(text: str) -> str:
    """Text cut like Material's plugin does it (U+200B around and between words), with `fine_cut`."""
    plain = text.replace(CUT, "")
    return HAN_RUN.sub(lambda m: CUT + CUT.join(fine_cut(m.group())) + CUT, plain).strip(CUT)


def _cuts(text: str) -> tuple[str, list[int]]:
    """The text without cut marks, and the positions (in that text) where marks stood."""
    plain, marks = [], []
    for ch in text:
        if ch == CUT:
            marks.append(len(plain))
        else:
            plain.append(ch)
    return "".join(plain), marks


def _recut(text: str, like: str) -> str:
    plain, _ = _cuts(text)
    source_plain, marks = _cuts(like)
    if len(plain) != len(source_plain):
        return text  # not character-aligned: keep jieba's own cut
    out, last = [], 0
    for pos in marks:
        out += [plain[last:pos], CUT]
        last = pos
    out.append(plain[last:])
    return "".join(out)


def carry_segmentation(source: dict, target: dict) -> tuple[dict, int]:
    """The target index with every entry cut like the source entry at the same location."""
    by_location = {d["location"]: d for d in source["docs"]}
    carried = 0
    docs = []
    for doc in target["docs"]:
        like = by_location.get(doc["location"])
        if like is None:
            docs.append(doc)
            continue
        new = dict(doc, title=_recut(doc["title"], like["title"]), text=_recut(doc["text"], like["text"]))
        carried += new != doc
        docs.append(new)
    return dict(target, docs=docs), carried


def _read_index(site_dir: Path) -> dict:
    return json.loads((site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))


def _write_index(site_dir: Path, index: dict) -> None:
    """The index, and the offline plugin's inlined copy of it if there is one."""
    path = site_dir / "search" / "search_index.json"
    data = json.dumps(index, ensure_ascii=False, separators=(",", ":"))
    path.write_text(data, encoding="utf-8")
    if path.with_name("search_index.js").exists():
        path.with_name("search_index.js").write_text(f"var __index = {data}", encoding="utf-8")


def vocabulary(index: dict) -> list[str]:
    words = {w for d in index["docs"] for field in ("title", "text") for w in SEPARATOR.split(d[field]) if HAN_RUN.fullmatch(w)}
    if any(SENTINEL in w for w in words):
        raise BuildError(f"the search sentinel {SENTINEL!r} occurs in the index: choose another in build_scripts/search.py")
    return sorted(words)


def recut_site_indexes(source_dir: Path, others: list[Path]) -> dict[Path, list[str]]:
    """Cut the source edition's index finely, carry its cuts to the others; each edition's vocabulary."""
    source = _read_index(source_dir)
    source = dict(source, docs=[dict(d, title=recut(d["title"]), text=recut(d["text"])) for d in source["docs"]])
    _write_index(source_dir, source)
    vocab = {source_dir: vocabulary(source)}
    for other in others:
        index, _ = carry_segmentation(source, _read_index(other))
        _write_index(other, index)
        vocab[other] = vocabulary(index)
    return vocab


def _aligned(source: list[Statement], edition: list[Statement]) -> list[tuple[str, str]]:
    pairs = []
    for s, t in zip(source, edition, strict=True):
        pairs.append((s.title, t.title))
        pairs += [(a.text, b.text) for a, b in zip(s.blocks, t.blocks, strict=True)]
    return [(a, b) for a, b in pairs if len(a) == len(b)]


def query_map(source: list[Statement], editions: dict[str, list[Statement]], lang: str) -> dict[str, str]:
    """Characters of the other editions' scripts → this edition's, the most frequent pairing in the corpus."""
    counts: dict[str, Counter[str]] = {}
    mine = editions[lang]
    for other, statements in editions.items():
        if other == lang:
            continue
        for theirs, ours in _aligned(statements, mine):
            for a, b in zip(theirs, ours, strict=True):
                if a != b:
                    counts.setdefault(a, Counter())[b] += 1
    return {a: c.most_common(1)[0][0] for a, c in sorted(counts.items())}


def query_script(mapping: dict[str, str], words: list[str]) -> str:
    data = {"map": mapping, "words": words, "sentinel": SENTINEL}
    return ("// generated by build_scripts/search.py: the other editions' characters → this edition's, and the\n"
            "// search index's words, for search-script.js\n"
            f"window.__searchQuery = {json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(',', ':'))};\n")
