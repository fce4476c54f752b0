"""著 or 着 in the Simplified edition of a statement received in Traditional characters: t2s entries from jieba.

    python -m build_scripts.convert.particle [--write]

Traditional text writes one character, 著, for what Simplified writes two ways:
zhù 著 (著名 famous, 顯著 notable, 著作 works, 卓著, 著稱, 土著 …) and the
aspect particle, or the verb zhuó/zháo, 着 (保持著 → 保持着, 隨著 → 随着, 著眼 →
着眼). Stock OpenCC t2s keeps 著. The entries here decide by class, not word by
word, from jieba's dictionary (jieba is pinned in requirements.txt), which is
written in Simplified, so already tells the two apart, and gives each word a
frequency and a part of speech:

- verb: 著 right after a verb is the particle. A word jieba tags v, vn, vd, vi
  or a (adjectives are stative verbs: 充满着, 红着脸), then 著, converts to the
  word and 着: for the most frequent, which make up 95% of the occurrences of
  those tags in jieba's counts, for every such word jieba cuts in source/ (the
  statements' own vocabulary), and for every word jieba itself lists before 着
  (肩负 is tagged n, but jieba has 肩负着). All of them would be 3× the entries
  (19,716 verbs, 760 KB, 50 ms to load against 17) for the last 5% of
  occurrences, mostly rare compounds;
- word: a word jieba writes with 着 (随着, 本着, 意味着, 着眼, 着陆 …);
- kept: a word jieba writes with 著 keeps it (显著, 卓著, 土著, 名著, 著作权 …),
  also where a verb entry would make it (显 is a verb, yet 顯著 stays 显著);
- head: a kept word that begins with 著 and is as common as the verbs (著名, 著作,
  著称, 著述, 著录).

Words jieba lists at its floor count, 2 or 3 (57% of its dictionary, with
misspellings such as 标志著 and 信誉卓着), are left out.

OpenCC matches phrases by maximum forward matching: at each position the
longest entry starting there wins, whatever starts later. So a verb entry would
take the 著 of a head after it (是著 would make 是著名 是着名): the heads are
segmentation units. t2s's config gets a segmentation with them
(convert.write_config), which cuts the text before and after each head, and the
phrase dictionaries then convert the pieces; a verb before a head keeps stock
OpenCC's 著 (翻譯著作 stays 翻译著作, and so does the rare 起著作用). Kept words
need no cut: a kept word is entered whole, so it wins over a word entry that
begins with its 著 (顯著地 is 显著 地, not 顯 著地), and a longer verb entry that
holds it is meant to win (結合著 holds 合著: 结合着).

Every entry converts the rest of its phrase exactly as stock OpenCC does. The
file is generated: change the rules here, never the file, and review the diff.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import opencc

from ..errors import BuildError
from ..lazy import jieba
from ..read.parse import parse_corpus
from ..text import segment
from .converter import TO_SIMPLIFIED, generated_path

ROOT = Path(__file__).resolve().parents[2]  # the repository: build_scripts/<stage>/ is two folders down
OUTPUT = generated_path(TO_SIMPLIFIED)
DICTIONARY = segment.dictionary_path()
VERB_TAGS = ("v", "vn", "vd", "vi", "a")  # a: adjectives are stative verbs, and take 着 too (充满着, 红着脸)
NAME_TAGS = ("nr", "nrt", "nrfg", "ns", "nt", "nz")  # X著 after a name is "by X", 著 zhù
COVERAGE = 0.95  # the verbs making up this share of jieba's verb occurrences, most frequent first
ZHU, ZHE = "著", "着"  # zhù as Simplified writes it, and the particle; Traditional writes both 著
TRADITIONAL_FORMS = ("s2t", "s2tw")  # OpenCC's standard (爲, 着) and Taiwan's (為, 著): keys in both
# The kinds of entry, in file order; heads are segmentation units (convert.UNIT_KINDS).
KINDS = ("verb", "word", "kept", "head")
DOMINANT = 10  # how much commoner a verb must be than the zhù word its 著 would also make
MIN_FREQ = 3  # jieba lists 57% of its words at 2 or 3, its floor: no count, and misspellings such as 标志著 and 信誉卓着



@dataclass(frozen=True)
class Word:
    text: str
    freq: int
    tag: str


@dataclass(frozen=True)
class Entry:
    """One line: Traditional → Simplified, its kind and why."""

    source: str
    converted: str
    kind: str
    reason: str

    @property
    def line(self) -> str:
        return f"{self.source}\t{self.converted}\t{self.kind}: {self.reason}"


@cache
def _opencc(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def stock(text: str) -> str:
    return _opencc(TO_SIMPLIFIED).convert(text)


def read_dictionary(path: Path = DICTIONARY) -> list[Word]:
    """jieba's dictionary: `word freq tag` lines."""
    words = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text, freq, tag = line.split(" ")
        words.append(Word(text, int(freq), tag))
    return words


def traditional_forms(simplified: str) -> list[str]:
    """How Traditional text writes a Simplified word: each of OpenCC's Traditional standards, 着 written 著."""
    forms = (_opencc(config).convert(simplified).replace(ZHE, ZHU) for config in TRADITIONAL_FORMS)
    return list(dict.fromkeys(forms))


def frequency_floor(verbs: list[Word], coverage: float = COVERAGE) -> int:
    """The lowest frequency among the most frequent verbs that together make `coverage` of all verb occurrences."""
    ranked = sorted((w.freq for w in verbs), reverse=True)
    total, running = sum(ranked), 0
    for freq in ranked:
        running += freq
        if running >= coverage * total:
            return freq
    return ranked[-1] if ranked else 0


def corpus_words(source: Path) -> set[str]:
    """The words jieba cuts in the statements of source/ (their text only: dictionary words, no guessed ones)."""

    _, statements = parse_corpus(source)
    texts = [s.title for s in statements] + [s.lead for s in statements] + [b.text for s in statements for b in s.blocks]
    return {w for text in texts for w in jieba.cut(text, HMM=False)}


@dataclass
class Lexicon:
    """jieba's words split into the two readings of 著, with conflicts settled by frequency."""

    zhu: dict[str, Word]  # Simplified writes 著: zhù
    zhe: dict[str, Word]  # Simplified writes 着: the particle, zhuó, zháo
    settled: dict[str, Word]  # the winner's text → the loser (执着 218 over 执著 149)


def split_lexicon(words: Iterable[Word]) -> Lexicon:
    zhu = {w.text: w for w in words if ZHU in w.text and len(w.text) > 1}
    zhe = {w.text: w for w in words if ZHE in w.text and len(w.text) > 1}
    settled = {}
    for text, word in list(zhu.items()):
        rival = zhe.get(text.replace(ZHU, ZHE))
        if rival is not None:  # one Traditional spelling, two Simplified ones: the more frequent is the word
            loser, winner = (word, rival) if rival.freq >= word.freq else (rival, word)
            del (zhu if loser is word else zhe)[loser.text]
            settled[winner.text] = loser
    return Lexicon(zhu, zhe, settled)


def _why(word: Word, lexicon: Lexicon) -> str:
    loser = lexicon.settled.get(word.text)
    return f"{word.text} {word.tag} {word.freq}" + (f", over {loser.text} {loser.freq}" if loser else "")


def verbs_of(words: Iterable[Word]) -> list[Word]:
    """jieba's verbs above its floor count, but those written with 著 or 着 (words of their own)."""
    return [w for w in words if w.freq > MIN_FREQ and w.tag in VERB_TAGS and ZHU not in w.text and ZHE not in w.text]


def attested(words: Iterable[Word]) -> dict[str, Word]:
    """Words jieba lists with the particle after them, at any count: 肩负 (肩负着 3), 标志 (misspelt 标志著 3).

    jieba tags some verbs by their noun use only (标志 n), so its own words witness what its tags miss: a word
    of two characters or more before 着, or before 著 in a floor-count word (a misspelling: kept words are above
    the floor). A single character is no witness: jieba's 所着 (3) is a misspelling of 所著 (by, of an author).
    """
    texts = {w.text for w in words}
    found: dict[str, Word] = {}
    for word in words:
        stem, last = word.text[:-1], word.text[-1:]
        if len(stem) > 1 and stem in texts and ZHU not in stem and ZHE not in stem and word.tag not in NAME_TAGS and (
                last == ZHE or (last == ZHU and word.freq <= MIN_FREQ)):
            found.setdefault(stem, word)
    return found


def generate(words: list[Word], corpus: set[str]) -> list[Entry]:
    """Every entry, in file order."""
    witnesses = attested(words)
    words = [w for w in words if w.freq > MIN_FREQ]
    lexicon = split_lexicon(words)
    verbs = verbs_of(words)
    floor = frequency_floor(verbs)
    chosen = {w.text: (w, "") for w in verbs if w.freq >= floor}
    chosen |= {w.text: (w, ", in source/") for w in verbs if w.text in corpus and w.text not in chosen}
    chosen |= {w.text: (w, f", before the particle in {witnesses[w.text].text} {witnesses[w.text].freq}") for w in words
               if w.text in witnesses and w.text not in chosen and w.tag not in (*NAME_TAGS, "m")}

    # kept: zhù words, 著 stays; a common one that begins with 著 is a head, a segmentation unit.
    kept: dict[str, Entry] = {}
    kept_freq: dict[str, int] = {}
    for word in lexicon.zhu.values():
        kind = "head" if word.text.startswith(ZHU) and word.freq >= floor else "kept"
        for key in traditional_forms(word.text):
            if stock(key) == word.text:
                kept[key] = Entry(key, word.text, kind, _why(word, lexicon))
                kept_freq[key] = word.freq

    # word: jieba's words written with 着; verb: a verb and 著. The first candidate for a key wins.
    candidates: dict[str, Entry] = {}
    for word in lexicon.zhe.values():
        for key in traditional_forms(word.text):
            if stock(key) == word.text.replace(ZHE, ZHU):
                candidates.setdefault(key, Entry(key, word.text, "word", _why(word, lexicon)))
    for word, note in chosen.values():
        for form in traditional_forms(word.text):
            key = form + ZHU
            if stock(form) == word.text and stock(key) == word.text + ZHU:
                candidates.setdefault(key, Entry(key, word.text + ZHE, "verb", f"{word.text} {word.tag} {word.freq}{note}"))
    for key, entry in candidates.items():
        if key in kept:  # the verb's 著 makes a zhù word: 显 is a verb, 显著 is a word
            kept[key] = dataclasses.replace(kept[key], reason=f"{kept[key].reason}; not {entry.kind} {entry.reason}")
    # a verb whose last characters and 著 make a zhù word could be read either way: the verb wins only where it is
    # far commoner (结合 8462 against 合著 176: 结合着); else 著 stays, as stock t2s leaves it (为名 681 against
    # 名著 327: 为名著) — a particle missed rather than a zhù word turned into a particle.
    verb_freq = {key: w.freq for w, _ in chosen.values() for key in (f + ZHU for f in traditional_forms(w.text))}
    overlapping = {k for k, e in candidates.items() if e.kind == "verb" and any(
        k[i:] in kept and kept_freq[k[i:]] * DOMINANT > verb_freq.get(k, 0) for i in range(1, len(k) - 1))}
    entries = [e for k, e in candidates.items() if k not in kept and k not in overlapping] + list(kept.values())
    return sorted(entries, key=lambda e: (KINDS.index(e.kind), e.converted, e.source))


def render(entries: list[Entry], floor: int) -> str:
    lines = [
        "# Generated by `python -m build_scripts.convert.particle --write` (`make audit-conversion`); do not edit: change the",
        "# rules in build_scripts/convert/particle.py and review the diff. 著 → 着 in the Simplified edition of a statement",
        "# received in Traditional characters, from jieba's dictionary: its word, tag and frequency in each reason.",
        "# Format: traditional<TAB>simplified<TAB>kind: reason. Kinds:",
        f"#   verb     a verb and the particle: tagged v/vn/vd/vi/a with frequency >= {floor} (95% of their occurrences),",
        "#            or cut in source/, or before the particle in a word of jieba's (肩负 n: 肩负着)",
        "#   word     a word jieba writes with 着",
        "#   kept     a word jieba writes with 著: zhù, 著 stays",
        f"#   head     a kept word that begins with 著, frequency >= {floor}",
        f"# Heads are segmentation units (convert.write_config). Words of frequency <= {MIN_FREQ} are left out.",
        "# " + summary("\n".join(e.line for e in entries)),
        *(e.line for e in entries),
        "",
    ]
    return "\n".join(lines)


def summary(text: str) -> str:
    """How many entries of each kind a generated file holds."""
    kinds = [line.split("\t")[2].split(":")[0] for line in text.splitlines() if line and not line.startswith("#")]
    return ", ".join(f"{kind} {kinds.count(kind)}" for kind in KINDS)


def build(source: Path = ROOT / "source") -> str:
    words = read_dictionary()
    return render(generate(words, corpus_words(source)), frequency_floor(verbs_of(words)))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts.convert.particle", description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help=f"write {OUTPUT.relative_to(ROOT)} (default: check it is current)")
    args = parser.parse_args(argv)
    try:
        text = build()
    except BuildError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    current = OUTPUT.exists() and OUTPUT.read_text(encoding="utf-8") == text
    if args.write:
        OUTPUT.write_text(text, encoding="utf-8")
    elif not current:
        print(f"{OUTPUT.relative_to(ROOT)} is out of date: run `python -m build_scripts.convert.particle --write`", file=sys.stderr)
        return 1
    print(f"{OUTPUT.relative_to(ROOT)}: {summary(text)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
