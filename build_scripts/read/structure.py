"""Paragraphs → clauses and headings, and the checks a statement's structure must pass.

Numbers. A paragraph is numbered when it begins with a number in one of the forms of number_forms.py (一、
（一） (1) 1. 1． 1、 ① ⑴ 第一条 …). A form's style is its brackets, kind of numeral and delimiter; the numbers of
one style are a level.

- A style is numbering when two paragraphs use it or it counts a 1. A lone number in any other style that neither
  starts a list nor is the next number of one is text (5、6月份，双方…).
- The first numbered paragraph sets the top level's style. A number of another style that is a 1 opens a child
  level under the last numbered paragraph (三、 holding （一） （二）, （一） holding 1. 2.); one in an open level's
  style closes the levels below it and counts on in its own.
- Each level counts from 1 without a gap or a repeat: a lost or doubled number would shift every later anchor. A
  list under a later parent may instead go on counting the list of its style before it, as some statements number
  items through their sections (一、 （一） （二） 二、 （三）: s2-3); any other number continues no list: an error.

Anchors and labels. A top-level clause is c7 第七条, a heading s3 第三部分 (the numeral as the document writes it:
七 for 七、 （七） 第七条, 7 for 7. (7) ⑦); a child adds its number: c3-1 第三条第一项, c3-1-2, s2-1. Unnumbered
paragraphs after a numbered clause are further paragraphs of it, the clause being p1 (c1-p2 第一条第2段); after a
heading they count from p1 (s3-p1 第三部分第1段); before any number they are a preamble (p1 第1段).

Headings. A numbered paragraph with at most HEADING_MAX characters after its number and none of 。，；：！？ is a
heading; any other is a clause. A level is numbered clauses or numbered headings, not both (which is it? a clause
cut short before its first comma reads as a heading): the kind most of its paragraphs are (the first one's on a
tie) is the level's, and the others are errors. A heading level over clause levels is fine; a statement of
headings only is not (no text to read or cite).

Terminated. Every clause and unnumbered paragraph ends in 。 ！ ？ ! ? — or in ： : ； ; where it introduces what
follows (双方商定如下：, ——items ending in ；) — possibly followed by closing quotes or brackets. One that does not is
unterminated: the file is probably cut short. A numbered clause cut short before its first punctuation reads as a
heading, and is caught as a heading among clauses.

English. A paragraph whose letters are mostly Latin is the English text of the clause before it (a bilingual copy):
it joins that Clause's english, as a piece of its own. One with no clause before it is an error.

Near misses. A number printed a little off (三， 三､ 三． 3、 a full-width 3、, 三 and a zero-width character, ⼆ the
Kangxi radical for 二) must not read as text — it would become a further paragraph of the clause before, c2-p2
where c3 was meant — nor open a level of its own. Wherever it stands (first, middle or last, at any level): a
paragraph whose number, as printed or normalised (number_forms.near_number), is the next number of an open level
(or of a list it may go on counting, or a 1 that would open one) but is printed otherwise than that level's style
is an error (of several levels expecting it, the one printed most like it: 四， after （三） misprints 四、, not
（四））. The error quotes the number with repr, says what was expected, and gives the manifest entry that
settles it when the text is right as printed: clause_numbers = ["<the paragraph's first characters>"]
(read_blocks' accept), with which the reader takes that paragraph's number for the expected one. When a level's
first number is the odd one (1、甲 二、乙 三、丙), the reader also tries the level in the style of the numbers it
refused, and keeps the reading with fewer problems, so that the error names the misprint and not its neighbours
(of two numbers in two styles, the later is named).

Every problem of a statement is reported at once (SourceErrors), in the order of the text.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from ..errors import SourceError, SourceErrors
from ..model import Block, Clause, Heading, Piece
from ..text.script import is_english
from .number_forms import ALL_FORMS, Number, Style, near_number, number, odd, toml_string

HEADING_MAX = 40  # a numbered paragraph this short with no sentence punctuation is a heading
SENTENCE_PUNCTUATION = re.compile("[。，；：！？]")
TERMINATED = re.compile("[。！？!?：:；;][\u201d\u2019」』）)]*$")  # closing quotes and brackets may follow
MAX_TRIES = 8  # other readings tried, each with one level's first number taken as the misprint
QUOTE_MIN = 4  # characters after the number in a clause_numbers quote (more while another paragraph starts alike)

Fail = Callable[[int, str], SourceError]  # (offset in the line, message) → the error to report
Problem = tuple[int, str]  # (offset in the line, message)


class _Para(NamedTuple):
    start: int
    text: str
    english: bool
    number: Number | None  # in one of the forms
    near: Number | None  # when in none: what its start reads as normalised


class _Num(NamedTuple):
    """A numbered paragraph as read."""

    value: int
    style: Style  # its level's (a misprint's too)
    parent: int | None  # the numbered paragraph it hangs under
    text: str  # its number as printed


@dataclass(eq=False)
class _Level:
    style: Style
    last: int  # the last number read
    last_text: str  # … as printed
    parent: int | None  # the numbered paragraph it hangs under
    opener: int  # the paragraph that opened it


def read_blocks(paragraphs: list[Problem], lineno: int, fail: Fail,
                accept: frozenset[str] = frozenset()) -> tuple[tuple[Block, ...], list[Piece]]:
    """The clauses and headings of (start, text) paragraphs, and their pieces; SourceErrors with every problem.

    accept: quoted paragraph starts (a manifest entry's clause_numbers) whose number is taken for the expected one."""
    paras, problems = _classify(paragraphs)
    walk = _best_reading(paras, accept)
    kinds = _kinds(paras, walk)
    blocks, pieces, orphans = _build(paras, walk, kinds, lineno)
    problems += walk.problems + _misplaced(paras, walk, kinds) + _unterminated(paras, walk, kinds)
    problems += _only_headings(paras, kinds) + orphans
    if problems:
        raise SourceErrors([fail(at, message) for at, message in sorted(problems, key=lambda p: p[0])])
    return blocks, pieces


def _classify(paragraphs: list[Problem]) -> tuple[list[_Para], list[Problem]]:
    paras, problems = [], []
    for start, text in paragraphs:
        if is_english(text):
            paras.append(_Para(start, text, True, None, None))
            continue
        try:
            found = number(text)
        except ValueError as e:
            problems.append((start, f"malformed clause number {e.args[0]!r}: expected a numeral such as 十二 or 四十七"))
            found = None
        paras.append(_Para(start, text, False, found, None if found else near_number(text)))
    return paras, problems


@dataclass
class _Walk:
    """One reading of the paragraphs' numbers: the level each joins, and the problems found on the way."""

    paras: list[_Para]
    accept: frozenset[str]
    overrides: dict[int, Style] = field(default_factory=dict)  # a level's first paragraph → the style it misprints
    known: set[Style] = field(default_factory=set)  # the styles that are numbering, not a lone number in the text
    first_style: Style | None = None  # the top level's, from the first numbered paragraph in a known style
    starts: list[str] = field(default_factory=list)  # the paragraphs' texts, sorted: which share a quoted start
    levels: list[_Level] = field(default_factory=list)  # the open levels, top first
    numbered: dict[int, _Num] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    suspects: list[tuple[int, Style]] = field(default_factory=list)  # (opener, style): other readings to try
    last: int | None = None  # the last numbered paragraph
    used: set[str] = field(default_factory=set)  # accept quotes that matched
    reached: dict[Style, int] = field(default_factory=dict)  # the last number read in each style
    accepted: bool = False  # the current paragraph's start is quoted in accept

    def run(self) -> _Walk:
        styles = Counter(p.number.style for p in self.paras if p.number)
        self.known = {s for s, n in styles.items() if n > 1} | {p.number.style for p in self.paras
                                                                if p.number and p.number.value == 1}
        first = next(((i, p.number) for i, p in enumerate(self.paras) if p.number and p.number.style in self.known), None)
        self.first_style = self.overrides.get(first[0], first[1].style) if first else None
        self.starts = sorted(p.text for p in self.paras)
        for i, p in enumerate(self.paras):
            if not p.english:
                self._step(i, p)
        at = self.paras[0].start if self.paras else 0
        for quote in sorted(self.accept - self.used):
            self.problems.append((at, f"clause_numbers entry {toml_string(quote)} matches no paragraph of this statement: "
                                      f"expected the first characters of a paragraph as printed, number included"))
        return self

    def _step(self, i: int, p: _Para) -> None:
        quote = next((q for q in sorted(self.accept) if p.text.startswith(q)), None)
        self.accepted = quote is not None
        self.used |= {quote} if quote else set()
        n = p.number
        if n and (n.style in self.known or self._expecting(n)):
            self._printed(i, p, n)
        elif p.near and (self._expecting(p.near) or p.near.value == 1 or self._going_on(p.near)):
            self._near(i, p, p.near)
        elif quote:
            self.problems.append((p.start, f"clause_numbers entry {toml_string(quote)} matches {_quote(p.text)}, which reads "
                                  f"as no number: expected a paragraph whose number is {self._next_numbers()}"))

    def _printed(self, i: int, p: _Para, n: Number) -> None:
        """A number in one of the forms: counts on in its style's level, opens a level, or misprints an open one's."""
        style = self.overrides.get(i, n.style)
        if level := self._level(style):
            self._close_to(level)
            self._count(i, p, n, level)
        elif not self.levels or n.value == 1 or n.value == self.reached.get(style, 0) + 1:
            self._open(i, p, n, style)  # a 1, or the count of the style's list under an earlier parent going on
        elif target := self._expecting(n):
            self._misprint(i, p, n, target)
        else:
            go_on = f", {style.render(self.reached[style] + 1)} to go on counting the list before it" \
                if style in self.reached else ""
            self.problems.append((p.start, f"{_noun(p, n)} number {n.text!r} continues no open list: expected "
                                  f"{style.render(1)} to open a list{self._under(self.last)}{go_on}, or "
                                  f"{self._next_numbers()}"))

    def _near(self, i: int, p: _Para, n: Number) -> None:
        """A number printed off every form: a misprint of the next number of an open level, of a 1 opening one, or
        of the next number of a list under an earlier parent."""
        style = self.overrides.get(i, n.style if self.levels or not self.first_style else self.first_style)
        target, going_on = self._expecting(n), self._going_on(n)
        if going_on and (not target or _likeness(going_on, n) > _likeness(target.style, n)):
            self._open(i, p, n, going_on)
        elif target:
            self._misprint(i, p, n, target)
        elif level := self._level(style):  # a 1 that reads as an open level's: a repeat, printed off besides
            self._close_to(level)
            self._count(i, p, n, level)
        else:
            self._open(i, p, n, style)

    def _open(self, i: int, p: _Para, n: Number, style: Style) -> None:
        parent = self.last if self.levels else None
        if p.number is None or style != n.style:
            noun = _noun(p, n)
            series = (f"the {noun}s are numbered {style.series()}" if parent is None
                      else f"a list{self._under(parent)} opens with 1 in one of the forms {ALL_FORMS}" if n.value == 1
                      else f"the list{self._under(parent)} goes on from {style.render(n.value - 1)}")
            self._report_misprint(p, n, style.render(n.value), series)
        elif parent is None and n.value != 1:
            noun = _noun(p, n)
            self.problems.append((p.start, f"{noun} numbering starts at {n.text!r}: expected {style.render(1)} "
                                  f"(numbered {noun}s count from {style.numeral(1)} without a gap)"))
        self.levels.append(_Level(style, n.value, n.text, parent, i))
        self._record(i, _Num(n.value, style, parent, n.text))

    def _count(self, i: int, p: _Para, n: Number, level: _Level) -> None:
        if n.value != level.last + 1:
            noun, what = _noun(p, n), "repeats" if n.value <= level.last else "jumps"
            self.problems.append((p.start, f"{noun} numbering {what}: {n.text!r} follows {level.last_text!r}"
                                  f"{self._under(level.parent)}; expected {level.style.render(level.last + 1)} "
                                  f"(numbered {noun}s count on by one; a paragraph of a clause carries no number)"))
        level.last, level.last_text = n.value, n.text
        self._record(i, _Num(n.value, level.style, level.parent, n.text))

    def _misprint(self, i: int, p: _Para, n: Number, level: _Level) -> None:
        self._close_to(level)
        series = f"the {_noun(p, n)}s{self._under(level.parent)} are numbered {level.style.series()}"
        self._report_misprint(p, n, level.style.render(n.value), series)
        if p.number and level.opener not in self.overrides:  # or was the level's first number the misprint?
            self.suspects.append((level.opener, p.number.style))
        level.last, level.last_text = n.value, n.text
        self._record(i, _Num(n.value, level.style, level.parent, n.text))

    def _report_misprint(self, p: _Para, n: Number, expected: str, series: str) -> None:
        if self.accepted:
            return
        quote = p.text[:len(n.text) + QUOTE_MIN]
        while len(quote) < len(p.text) and self._sharing(quote) > 1:  # long enough to match this paragraph only
            quote = p.text[:len(quote) + 1]
        self.problems.append((p.start, f"{_noun(p, n)} number {n.text!r} is printed unlike the numbering around it: "
                              f"expected {expected} ({series}{_odd_notes(n.text)}); if it is right as printed, add "
                              f"clause_numbers = [{toml_string(quote)}] to the [[statement]] entry for this file and line in "
                              f"manifest.toml"))

    def _expecting(self, n: Number) -> _Level | None:
        """The open level whose next number n's value is; of several, the one printed most like n (the same style as
        n read normalised, the same shape, the same kind of numeral), then the innermost."""
        fits = [lv for lv in reversed(self.levels) if lv.last + 1 == n.value]
        return max(fits, default=None, key=lambda lv: _likeness(lv.style, n))

    def _going_on(self, n: Number) -> Style | None:
        """The style of a closed list whose count n would go on, printed most like n."""
        fits = [s for s, last in self.reached.items() if last + 1 == n.value and not self._level(s)]
        return max(fits, default=None, key=lambda s: _likeness(s, n))

    def _sharing(self, quote: str) -> int:
        """How many paragraphs start with quote."""
        return bisect.bisect_left(self.starts, quote + "\U0010ffff") - bisect.bisect_left(self.starts, quote)

    def _level(self, style: Style) -> _Level | None:
        return next((lv for lv in self.levels if lv.style == style), None)

    def _close_to(self, level: _Level) -> None:
        while self.levels[-1] is not level:
            self.levels.pop()

    def _record(self, i: int, num: _Num) -> None:
        self.numbered[i] = num
        self.last = i
        self.reached[num.style] = num.value

    def _under(self, parent: int | None) -> str:
        return "" if parent is None else f" under {self.numbered[parent].text!r}"

    def _next_numbers(self) -> str:
        if not self.levels:
            return self.first_style.render(1) if self.first_style else "1 in one of the forms " + ALL_FORMS
        return " or ".join(lv.style.render(lv.last + 1) for lv in reversed(self.levels))


def _likeness(style: Style, n: Number) -> tuple[bool, bool, bool]:
    """How like a style a number is printed: the same style (as read normalised), shape, kind of numeral."""
    return style == n.style, style.shape == n.style.shape, style.chinese == n.style.chinese


def _best_reading(paras: list[_Para], accept: frozenset[str]) -> _Walk:
    """The reading with the fewest problems: as printed, or with a level's first number taken as a misprint of the
    style of the numbers after it that the first reading refused (see the module's Near misses)."""
    best = _Walk(paras, accept).run()
    tried: set[tuple[int, Style]] = set()
    queue = list(best.suspects)
    while queue and len(tried) < MAX_TRIES:
        opener, style = queue.pop(0)
        if opener in best.overrides or (opener, style) in tried:
            continue
        tried.add((opener, style))
        trial = _Walk(paras, accept, {**best.overrides, opener: style}).run()
        if len(trial.problems) < len(best.problems):
            best, queue = trial, list(trial.suspects)
    return best


def _noun(p: _Para, n: Number) -> str:
    return "heading" if _is_heading(p.text[len(n.text):]) else "clause"


def _is_heading(body: str) -> bool:
    return len(body) <= HEADING_MAX and not SENTENCE_PUNCTUATION.search(body)


def _kinds(paras: list[_Para], walk: _Walk) -> dict[int, str]:
    """heading | clause for each numbered paragraph, paragraph for the others (English left out)."""
    return {i: ("heading" if _is_heading(p.text[len(walk.numbered[i].text):]) else "clause") if i in walk.numbered
            else "paragraph" for i, p in enumerate(paras) if not p.english}


def _misplaced(paras: list[_Para], walk: _Walk, kinds: dict[int, str]) -> list[Problem]:
    """In each level (the numbers of one style) the kind most of its paragraphs are, the first one's on a tie;
    the others are errors."""
    levels: dict[Style, list[int]] = {}
    for i, num in walk.numbered.items():
        levels.setdefault(num.style, []).append(i)
    problems = []
    for style, members in levels.items():
        counts = Counter(kinds[i] for i in members)
        level_kind = kinds[members[0]] if counts["clause"] == counts["heading"] else counts.most_common(1)[0][0]
        top = any(walk.numbered[i].parent is None for i in members)
        problems += [(paras[i].start, _misplaced_message(kinds[i], _quote(paras[i].text), top, style))
                     for i in members if kinds[i] != level_kind]
    return problems


def _misplaced_message(kind: str, quoted: str, top: bool, style: Style) -> str:
    if kind == "heading":
        where = "in a statement of numbered clauses" if top else f"among numbered clauses {style.series()}"
        rule = ("a statement is numbered clauses, or numbered headings over unnumbered paragraphs, not both" if top
                else "a level of numbering is clauses or headings, not both")
        return (f"numbered heading {quoted} {where}: expected a clause, ending a sentence with 。 (a short numbered "
                f"paragraph without 。，；：！？ reads as a heading: is the clause cut short?); {rule}")
    where = "in a statement organised by numbered headings" if top else f"among numbered headings {style.series()}"
    rule = ("a statement is numbered headings over unnumbered paragraphs, or numbered clauses, not both" if top
            else "a level of numbering is clauses or headings, not both")
    return (f"numbered clause {quoted} {where}: expected a short heading without sentence punctuation, or an "
            f"unnumbered paragraph; {rule}")


def _unterminated(paras: list[_Para], walk: _Walk, kinds: dict[int, str]) -> list[Problem]:
    problems = []
    for i, kind in kinds.items():
        text = paras[i].text
        if kind == "heading" or TERMINATED.search(text):
            continue
        number = walk.numbered[i].text if i in walk.numbered else ""
        tail = number + "…" + text[-12:] if len(text) > 12 + len(number) else text
        noun = "clause" if number else "paragraph"
        problems.append((paras[i].start + len(text), f"unterminated {noun} {tail!r}: expected it to end a sentence "
                         f"with 。, ！ or ？, or with ： or ； before what it introduces (is the text cut short?)"))
    return problems


def _only_headings(paras: list[_Para], kinds: dict[int, str]) -> list[Problem]:
    if not kinds or any(k != "heading" for k in kinds.values()):
        return []
    first = paras[min(kinds)]
    return [(first.start, f"only headings, no clause: {_quote(first.text)} and {len(kinds) - 1} more numbered paragraphs "
             f"without sentence punctuation; expected paragraphs ending in 。 under the headings, or numbered clauses "
             f"(is the text cut short, or are the clauses missing?)")]


@dataclass
class _Row:
    """A block before it is frozen: English paragraphs may still join it."""

    kind: str  # clause | heading
    anchor: str
    label: str
    number_text: str
    body: str
    start: int
    english: list[str] = field(default_factory=list)

    def block(self, lineno: int) -> Block:
        if self.kind == "heading":
            return Heading(self.anchor, self.label, self.number_text, self.body, lineno, self.start + 1)
        return Clause(self.anchor, self.label, self.number_text, self.body, lineno, self.start + 1, "\n".join(self.english))


def _build(paras: list[_Para], walk: _Walk, kinds: dict[int, str],
           lineno: int) -> tuple[tuple[Block, ...], list[Piece], list[Problem]]:
    """The blocks with their anchors and labels, English joined to the clause before it, and the pieces."""
    named: dict[int, _Row] = {}  # numbered paragraph → its row
    rows: list[_Row] = []
    pieces, problems = [], []
    owner, k = None, 0  # the last numbered paragraph's row, and the count of paragraphs under it
    for i, p in enumerate(paras):
        if p.english:
            if rows and rows[-1].kind == "clause":
                rows[-1].english.append(p.text)
            else:
                problems.append((p.start, f"English paragraph {_quote(p.text)} with no clause before it: expected it "
                                 f"after the Chinese clause it translates (a bilingual copy gives each clause, then its "
                                 f"English)"))
            pieces.append(Piece("english", p.text, p.start))
            continue
        if i in walk.numbered:
            num = walk.numbered[i]
            owner = named[i] = _numbered_row(num, kinds[i], p, named.get(num.parent) if num.parent is not None else None)
            rows.append(owner)
            k = 1 if owner.kind == "clause" else 0  # a clause is its own first paragraph; a heading is none
        else:
            k += 1
            rows.append(_Row("clause", f"{owner.anchor}-p{k}" if owner else f"p{k}",
                             f"{owner.label if owner else ''}第{k}段", "", p.text, p.start))
        pieces.append(Piece(rows[-1].kind, p.text, p.start))
    return tuple(row.block(lineno) for row in rows), pieces, problems


def _numbered_row(num: _Num, kind: str, p: _Para, parent: _Row | None) -> _Row:
    """c7 第七条 and s3 第三部分 at the top level; under a parent, its anchor and label and the number: c3-1 第三条第一项."""
    numeral = num.style.label(num.value)
    if parent is None:
        clause = kind == "clause"
        anchor, label = f"{'c' if clause else 's'}{num.value}", f"第{numeral}{'条' if clause else '部分'}"
    else:
        anchor, label = f"{parent.anchor}-{num.value}", f"{parent.label}第{numeral}项"
    return _Row(kind, anchor, label, num.text, p.text[len(num.text):], p.start)


def _quote(text: str, limit: int = 20) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _odd_notes(text: str) -> str:
    return "".join(f"; {note}" for note in map(odd, dict.fromkeys(text)) if note)
