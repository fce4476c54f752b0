"""Raw statement text → Statement.

A raw file holds one statement per line. Each line is cut into pieces — title,
dateline, lead, clauses, headings, signature, source note, and the page
furniture listed in model.FURNITURE_KINDS — and the pieces must tile the line
exactly, so no character is lost or invented.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from .errors import SourceError, SourceErrors
from .manifest import load_manifest
from .model import Block, Clause, Corpus, Heading, ManifestEntry, Piece, Statement
from .numerals import NUMERAL_CHARS, parse_numeral, to_numeral

SEPARATOR = re.compile("\u3000{2,}")
# Page furniture that may follow the title, in the order web pages print it.
AFTER_TITLE = (
    ("full-text-marker", re.compile("（全文）")),
    ("publication-stamp", re.compile(r"\d{4}-\d{2}-\d{2}")),
    ("font-size-widget", re.compile(r"\[字体：大 中 小\]")),
    ("print-link", re.compile(r"\s*打印本页")),
)
DATELINE = re.compile(r"（(\d{4})年(\d{1,2})月(\d{1,2})日，([^（）\s]{1,20})）")
LEAD_END = "全文如下："
SOURCE_NOTE = re.compile(r"（[^（）]{1,40}电）")
NUMBERED = re.compile(f"([{NUMERAL_CHARS}]+)、")
HEADING_MAX = 40  # a numbered paragraph this short with no sentence punctuation is a heading
SENTENCE_PUNCTUATION = re.compile("[。，；：！？]")
DATELINE_EXAMPLE = "（2015年4月20日，伊斯兰堡）"


@dataclass
class _Cursor:
    """Walks one raw line, recording a piece for everything it consumes."""

    path: str
    lineno: int
    line: str
    pos: int = 0
    pieces: list[Piece] = field(default_factory=list)

    def take(self, kind: str, pattern: re.Pattern[str], end: int | None = None) -> re.Match[str] | None:
        m = pattern.match(self.line, self.pos, len(self.line) if end is None else end)
        if m and m.end() > m.start():
            self.add(kind, m.start(), m.end())
            return m
        return None

    def add(self, kind: str, start: int, end: int) -> None:
        self.pieces.append(Piece(kind, self.line[start:end], start))
        self.pos = end

    def error(self, at: int, message: str) -> SourceError:
        return SourceError(self.path, self.lineno, at + 1, message)


def parse_corpus(source_dir: Path) -> tuple[Corpus, list[Statement]]:
    """Every statement of every raw file in source_dir, or every error found."""
    corpus, entries = load_manifest(source_dir / "manifest.toml")
    statements: list[Statement] = []
    errors: list[SourceError] = []
    for path in sorted(source_dir.glob("*.txt")):
        try:
            statements += parse_file(path, path.name, corpus, entries)
        except SourceErrors as e:
            errors += e.errors
    if errors:
        raise SourceErrors(errors)
    return corpus, sorted(statements, key=lambda s: s.slug)


def parse_file(path: Path, name: str, corpus: Corpus, entries: dict[tuple[str, int], ManifestEntry]) -> list[Statement]:
    text = path.read_bytes().decode("utf-8-sig")
    statements, errors = [], []
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            statements.append(parse_statement(line, name, lineno, corpus, entries.get((name, lineno))))
        except SourceError as e:
            errors.append(e)
    if errors:
        raise SourceErrors(errors)
    return statements


def parse_statement(line: str, path: str, lineno: int, corpus: Corpus, entry: ManifestEntry | None) -> Statement:
    cur = _Cursor(path, lineno, line)
    signature = _signature(line, corpus)
    end = signature.start() if signature else len(line)
    title, dateline = _header(cur, corpus, entry)
    paragraphs = _paragraphs(cur, end)
    lead = ""
    if paragraphs and LEAD_END in paragraphs[0][1]:
        lead, more_dateline = _lead(cur, paragraphs.pop(0), title)
        dateline = dateline or more_dateline
    source_note = ""
    if paragraphs and SOURCE_NOTE.fullmatch(paragraphs[-1][1]):
        start, source_note = paragraphs.pop()
        cur.add("source-note", start, start + len(source_note))
    blocks = _blocks(cur, paragraphs)
    if signature:
        cur.add("signature", signature.start(), signature.end())
    date, place = _date_place(cur, dateline, entry)
    pieces = sorted(cur.pieces, key=lambda p: p.start)
    check_accounting(path, lineno, line, pieces)
    return Statement(
        slug=date.isoformat(),
        title=title,
        date=date,
        place=place,
        dateline=dateline,
        lead=lead,
        signature=signature.group() if signature else "",
        source_note=source_note,
        blocks=blocks,
        source=path,
        line=lineno,
        pieces=tuple(pieces),
    )


def _title_pattern(corpus: Corpus) -> re.Pattern[str]:
    parties = "|".join(re.escape(p) for p in corpus.parties)
    return re.compile(rf"(?:{parties})[^\s（）]*?{re.escape(corpus.document_type)}")


def _signature(line: str, corpus: Corpus) -> re.Match[str] | None:
    """A signature block glued after the last sentence: party names and 代表 titles."""
    parties = "|".join(re.escape(p) for p in corpus.parties)
    m = re.search(rf"(?<=。)(?:{parties}|政府代表|全权代表|代表|[ \u3000])+$", line)
    if m and "代表" in m.group() and any(p in m.group() for p in corpus.parties):
        return m
    return None


def _header(cur: _Cursor, corpus: Corpus, entry: ManifestEntry | None) -> tuple[str, str]:
    first = SEPARATOR.search(cur.line)
    first_end = first.start() if first else len(cur.line)
    m = _title_pattern(corpus).search(cur.line, 0, first_end)
    if not m:
        if entry and entry.title:
            return entry.title, ""
        raise cur.error(0, f"no title: expected the first paragraph to hold a title such as "
                        f"{corpus.parties[0]}和…{corpus.document_type}, or a manifest entry with title for line {cur.lineno}")
    if m.start() > 0:
        if not cur.line[m.start() - 1].isspace():
            raise cur.error(0, f"unexpected text {cur.line[:m.start()]!r} before the title: expected the title "
                            f"or a category prefix followed by a space")
        cur.add("category", 0, m.start())
    cur.add("title", m.start(), m.end())
    for kind, pattern in AFTER_TITLE:
        cur.take(kind, pattern, first_end)
    dateline = cur.take("dateline", DATELINE, first_end)
    if cur.pos != first_end:
        raise cur.error(cur.pos, f"unexpected text {cur.line[cur.pos:first_end][:30]!r} after the title: expected "
                        f"（全文）, a publication date, [字体：大 中 小], 打印本页, a dateline such as "
                        f"{DATELINE_EXAMPLE}, or the end of the paragraph")
    return entry.title if entry and entry.title else m.group(), dateline.group() if dateline else ""


def _paragraphs(cur: _Cursor, end: int) -> list[tuple[int, str]]:
    """Split the rest of the line at separators; record the separators as furniture."""
    out: list[tuple[int, str]] = []
    pos = cur.pos
    while pos < end:
        sep = SEPARATOR.match(cur.line, pos, end)
        if sep:
            cur.pieces.append(Piece("separator", sep.group(), pos))
            pos = sep.end()
            continue
        nxt = SEPARATOR.search(cur.line, pos, end)
        stop = nxt.start() if nxt else end
        out.append((pos, cur.line[pos:stop]))
        pos = stop
    cur.pos = end
    return out


def _lead(cur: _Cursor, paragraph: tuple[int, str], title: str) -> tuple[str, str]:
    """`…全文如下：` then the title again and perhaps its dateline, all in one paragraph."""
    start, text = paragraph
    lead_end = start + text.index(LEAD_END) + len(LEAD_END)
    cur.add("lead", start, lead_end)
    para_end = start + len(text)
    if not cur.line.startswith(title, lead_end):
        raise cur.error(lead_end, f"expected the title {title[:20]!r}… again after {LEAD_END!r}, "
                        f"found {cur.line[lead_end:lead_end + 20]!r}")
    cur.add("repeated-title", lead_end, lead_end + len(title))
    dateline = cur.take("dateline", DATELINE, para_end)
    if cur.pos != para_end:
        raise cur.error(cur.pos, f"unexpected text {cur.line[cur.pos:para_end][:30]!r} after the repeated title: "
                        f"expected a dateline such as {DATELINE_EXAMPLE} or two full-width spaces")
    return cur.line[start:lead_end], dateline.group() if dateline else ""


def _date_place(cur: _Cursor, dateline: str, entry: ManifestEntry | None) -> tuple[dt.date, str]:
    date = entry.date if entry else None
    place = entry.place if entry else None
    m = DATELINE.fullmatch(dateline) if dateline else None
    if m:
        try:
            date = date or dt.date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise cur.error(0, f"impossible date in dateline {dateline!r}") from None
        place = place or m[4]
    if date is None or place is None:
        raise cur.error(0, f"no date or place: expected a dateline such as {DATELINE_EXAMPLE} or an entry in "
                        f"source/manifest.toml with file = {cur.path!r}, line = {cur.lineno}, date and place")
    return date, place


def _blocks(cur: _Cursor, paragraphs: list[tuple[int, str]]) -> tuple[Block, ...]:
    if not paragraphs:
        raise cur.error(cur.pos, "no clauses: expected paragraphs separated by two full-width spaces (U+3000 U+3000)")
    classified = [_classify(cur, start, text) for start, text in paragraphs]
    kinds = {kind for kind, *_ in classified}
    if "heading" in kinds and "numbered" in kinds:
        _, start, _, number_text, body = next(c for c in classified if c[0] == "numbered")
        raise cur.error(start, f"numbered clause {(number_text + body)[:20]!r} in a statement organised by numbered headings: "
                        f"expected a short heading without sentence punctuation, or an unnumbered paragraph")
    _check_numbering(cur, classified)
    blocks: list[Block] = []
    section, section_label, para = 0, "", 0
    for kind, start, number, number_text, body in classified:
        line, col = cur.lineno, start + 1
        end = start + len(number_text) + len(body)
        if kind == "heading":
            section, section_label, para = number, f"第{number_text[:-1]}部分", 0
            blocks.append(Heading(f"s{number}", section_label, number_text, body, line, col))
            cur.add("heading", start, end)
            continue
        if kind == "numbered":
            anchor, label = f"c{number}", f"第{number_text[:-1]}条"
        else:
            para += 1
            anchor = f"s{section}-p{para}" if section else f"p{para}"
            label = f"{section_label}第{para}段"
        blocks.append(Clause(anchor, label, number_text, body, line, col))
        cur.add("clause", start, end)
    return tuple(blocks)


def _classify(cur: _Cursor, start: int, text: str) -> tuple[str, int, int, str, str]:
    m = NUMBERED.match(text)
    if not m:
        return ("paragraph", start, 0, "", text)
    try:
        number = parse_numeral(m[1])
    except ValueError:
        raise cur.error(start, f"malformed clause number {m[1]!r}: expected a numeral such as 十二 or 四十七") from None
    body = text[m.end():]
    is_heading = len(body) <= HEADING_MAX and not SENTENCE_PUNCTUATION.search(body)
    return ("heading" if is_heading else "numbered", start, number, m.group(), body)


def _check_numbering(cur: _Cursor, classified: list[tuple[str, int, int, str, str]]) -> None:
    expected, previous = 1, "（开头）"
    for kind, start, number, number_text, _ in classified:
        if kind == "paragraph":
            continue
        if number != expected:
            what = "repeats" if number < expected else "jumps"
            noun = "heading" if kind == "heading" else "clause"
            raise cur.error(start, f"{noun} numbering {what}: {number_text!r} follows {previous!r}; "
                            f"expected {to_numeral(expected)}、")
        expected, previous = expected + 1, number_text


def check_accounting(path: str, lineno: int, line: str, pieces: list[Piece]) -> None:
    """Fail loudly unless the pieces tile the line: every character in exactly one piece."""
    pos = 0
    for piece in pieces:
        if piece.start != pos:
            what = "unaccounted" if piece.start > pos else "counted twice"
            raise SourceError(path, lineno, pos + 1, f"characters {what}: {line[pos:piece.start][:30]!r} "
                              f"(parser bug: every character must land in a clause, heading, metadata or furniture)")
        if line[piece.start:piece.start + len(piece.text)] != piece.text:
            raise SourceError(path, lineno, pos + 1, f"piece {piece.kind} does not match the source text")
        pos += len(piece.text)
    if pos != len(line):
        raise SourceError(path, lineno, pos + 1, f"characters unaccounted at the end: {line[pos:][:30]!r}")
