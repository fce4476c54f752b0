"""Paragraphs → clauses and headings, and the checks a statement's structure must pass.

Where the line between a heading and a clause cut short lies:

- A paragraph that begins with a numeral and 、 (一、 … 四十七、) is numbered.
  A numbered paragraph with at most HEADING_MAX characters after its number and
  none of 。，；：！？ is a heading; any other is a clause.
- Every clause and unnumbered paragraph ends a sentence: its last character is
  。, ！ or ？ (or ASCII ! ?), possibly followed by closing quotes or brackets.
  One that does not is unterminated — typically the file was cut short. A
  numbered clause cut short before its first punctuation reads as a heading.

A statement has one shape, set by most of its numbered paragraphs (the first
one on a tie):

- numbered clauses, each of one or more paragraphs: an unnumbered paragraph
  after 一、… belongs to clause 一 until 二、 (anchor c1-p2, label 第一条第2段);
  unnumbered paragraphs before 一、 are a preamble (p1, p2 — 第1段);
- numbered headings, each over unnumbered paragraphs (s3-p2 — 第三部分第2段),
  unnumbered paragraphs before the first heading being a preamble (p1 …);
- unnumbered paragraphs only (p1 …).

What stays an error, because no reading of it is safe: a heading among
clauses or a clause among headings (which is it? a clause cut short before its
first comma reads as a heading), a numbering gap or a repeated number (a lost
or doubled clause: every later anchor would shift), numbering that does not
start at 一, an unterminated paragraph (the file is probably cut short), and
a statement of headings only (no text to read or cite).
Within a statement the first problem is reported.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from typing import NamedTuple

from .errors import SourceError
from .model import Block, Clause, Heading, Piece
from .numerals import NUMERAL_CHARS, parse_numeral, to_numeral

NUMBERED = re.compile(f"([{NUMERAL_CHARS}]+)、")
HEADING_MAX = 40  # a numbered paragraph this short with no sentence punctuation is a heading
SENTENCE_PUNCTUATION = re.compile("[。，；：！？]")
TERMINATED = re.compile("[。！？!?][\u201d\u2019」』）)]*$")  # closing quotes and brackets may follow

Fail = Callable[[int, str], SourceError]  # (offset in the line, message) → the error to raise


class _Para(NamedTuple):
    """A paragraph and what it reads as: a numbered clause or heading, or an unnumbered paragraph."""

    kind: str  # numbered | heading | paragraph
    start: int
    number: int
    number_text: str
    body: str

    @property
    def text(self) -> str:
        return self.number_text + self.body

    @property
    def end(self) -> int:
        return self.start + len(self.text)


def _quote(text: str, limit: int = 20) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def read_blocks(paragraphs: list[tuple[int, str]], lineno: int, fail: Fail) -> tuple[tuple[Block, ...], list[Piece]]:
    """The clauses and headings of (start, text) paragraphs, with their pieces; fail(...) raised at the first problem."""
    classified = [_classify(start, text, fail) for start, text in paragraphs]
    _check(classified, _shape(classified), fail)
    if all(p.kind == "heading" for p in classified):
        first = classified[0]
        raise fail(first.start, f"only headings, no clause: {_quote(first.text)} and {len(classified) - 1} more "
                   f"numbered paragraphs without sentence punctuation; expected paragraphs ending in 。 under the "
                   f"headings, or numbered clauses (is the text cut short, or are the clauses missing?)")
    blocks: list[Block] = []
    pieces: list[Piece] = []
    section, section_label, para = "", "", 0
    for p in classified:
        if p.kind == "heading":
            section, section_label, para = f"s{p.number}", f"第{p.number_text[:-1]}部分", 0
            blocks.append(Heading(section, section_label, p.number_text, p.body, lineno, p.start + 1))
            pieces.append(Piece("heading", p.text, p.start))
            continue
        if p.kind == "numbered":  # a clause's first paragraph; its further paragraphs count on from 2
            anchor, label = f"c{p.number}", f"第{p.number_text[:-1]}条"
            section, section_label, para = anchor, label, 1
        else:
            para += 1
            anchor = f"{section}-p{para}" if section else f"p{para}"
            label = f"{section_label}第{para}段"
        blocks.append(Clause(anchor, label, p.number_text, p.body, lineno, p.start + 1))
        pieces.append(Piece("clause", p.text, p.start))
    return tuple(blocks), pieces


def _classify(start: int, text: str, fail: Fail) -> _Para:
    m = NUMBERED.match(text)
    if not m:
        return _Para("paragraph", start, 0, "", text)
    try:
        number = parse_numeral(m[1])
    except ValueError:
        raise fail(start, f"malformed clause number {m[1]!r}: expected a numeral such as 十二 or 四十七") from None
    body = text[m.end():]
    is_heading = len(body) <= HEADING_MAX and not SENTENCE_PUNCTUATION.search(body)
    return _Para("heading" if is_heading else "numbered", start, number, m.group(), body)


def _shape(classified: list[_Para]) -> str:
    """numbered | heading | paragraph: what most numbered paragraphs are, the first one on a tie."""
    kinds = [p.kind for p in classified if p.kind != "paragraph"]
    if not kinds:
        return "paragraph"
    counts = Counter(kinds)
    return kinds[0] if counts["numbered"] == counts["heading"] else counts.most_common(1)[0][0]


def _check(classified: list[_Para], shape: str, fail: Fail) -> None:
    """The first paragraph out of place, out of sequence or unterminated is an error."""
    expected, previous = 1, ""
    for p in classified:
        _check_place(p, shape, expected, fail)
        if p.kind != "paragraph":
            _check_number(p, expected, previous, fail)
            expected, previous = expected + 1, p.number_text
        if p.kind != "heading" and not TERMINATED.search(p.text):
            noun = "clause" if p.kind == "numbered" else "paragraph"
            tail = p.number_text + "…" + p.text[-12:] if len(p.text) > 12 + len(p.number_text) else p.text
            raise fail(p.end, f"unterminated {noun} {tail!r}: expected it to end a sentence with 。, ！ or ？ "
                       f"(is the text cut short?)")


def _check_place(p: _Para, shape: str, expected: int, fail: Fail) -> None:
    if shape == "numbered" and p.kind == "heading":
        raise fail(p.start, f"numbered heading {_quote(p.text)} in a statement of numbered clauses: expected a "
                   f"clause, ending a sentence with 。 (a short numbered paragraph without 。，；：！？ reads as a "
                   f"heading: is the clause cut short?); a statement is numbered clauses, or numbered headings "
                   f"over unnumbered paragraphs, not both")
    if shape == "heading" and p.kind == "numbered":
        raise fail(p.start, f"numbered clause {_quote(p.text)} in a statement organised by numbered headings: "
                   f"expected a short heading without sentence punctuation, or an unnumbered paragraph; a statement is "
                   f"numbered headings over unnumbered paragraphs, or numbered clauses, not both")


def _check_number(p: _Para, expected: int, previous: str, fail: Fail) -> None:
    if p.number == expected:
        return
    noun = "heading" if p.kind == "heading" else "clause"
    if not previous:
        raise fail(p.start, f"{noun} numbering starts at {p.number_text!r}: expected 一、 (numbered {noun}s count "
                   f"from 一 without a gap)")
    what = "repeats" if p.number < expected else "jumps"
    raise fail(p.start, f"{noun} numbering {what}: {p.number_text!r} follows {previous!r}; expected {_numeral(expected)}、 "
               f"(numbered {noun}s count on by one; a paragraph of a clause carries no number)")


def _numeral(value: int) -> str:
    return to_numeral(value) if value < 1000 else str(value)
