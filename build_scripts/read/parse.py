"""Raw statement text → Statement.

A raw file holds one statement per line. Each line is cut into pieces — title,
dateline, lead, clauses, headings, signature, source note, and the page
furniture listed in model.FURNITURE_KINDS — and the pieces must tile the line
exactly, so no character is lost or invented.

Whitespace, so that text copied through other tools parses like the original
(the dataclasses compare equal; only positions differ):

- A file may begin with a UTF-8 byte-order mark and its lines may end in LF,
  CRLF or CR (encoding.py). Lines holding only whitespace are skipped.
- Paragraphs are separated by two or more whitespace characters in a row, in any
  mix of full-width spaces (U+3000, as published), ASCII spaces, tabs and
  no-break spaces (U+00A0). A single space is text: `[字体：大 中 小]`, or the
  space after a category prefix. Whitespace at either edge of a paragraph
  belongs to the separator, so no paragraph (the title's included) begins or
  ends with a space.
- The title's paragraph ends at the first separator its furniture does not
  take: the spaces before 打印本页 belong to the print link.
- ASCII spaces, tabs and no-break spaces at the end of a line are line-end
  furniture. Full-width spaces there belong to what they follow: a separator,
  or a signature block.
- A signature block keeps its whitespace as printed: it is a table flattened
  into one line, which the site shows as one row per signer whatever the
  spacing (render/pages.py signature_rows).

What the paragraphs read as — clauses, headings — and the checks on a
statement's structure are in structure.py.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import SourceError, SourceErrors
from ..model import CONTENT_KINDS, METADATA_KINDS, Corpus, ManifestEntry, Statement
from ..text import characters
from ..text.script import script_of
from . import head, page_copy
from .cursor import DATELINE_EXAMPLE, Cursor, check_accounting, date_place, dates, quote
from .encoding import decode, split_lines
from .files import read_source_text, source_files
from .manifest import Manifest, read_manifest, unmatched
from .structure import read_blocks

SPACE = "\u3000 \t\u00a0"  # what may separate paragraphs: full-width, ASCII and no-break spaces, tabs
SEPARATOR = re.compile(f"[{SPACE}]{{2,}}")
PARAGRAPH = re.compile(f"[^{SPACE}](?:[{SPACE}]?[^{SPACE}])*")  # no separator inside, no space at either edge
SPACE_RUN = re.compile(f"[{SPACE}]+")
LINE_END = re.compile("[ \t\u00a0]+\\Z")
# Page furniture that may follow the title, in the order web pages print it.
LEAD_END = "全文如下："
MAX_LINE = 500_000  # characters: a statement of 47 clauses is 12,000; anything near this is not one statement
STATEMENT_EXAMPLE = "a title such as 中华人民共和国和…联合声明, a dateline such as （2010年3月21日，北京）, then paragraphs"


def parse_corpus(source_dir: Path) -> tuple[Corpus, list[Statement]]:
    """Every statement of every raw file in source_dir, or every error found (SourceErrors)."""
    manifest, statements = parse_statements(source_dir)
    return manifest.corpus, statements


def parse_statements(source_dir: Path) -> tuple[Manifest, list[Statement]]:
    """The manifest and every statement of every raw file in source_dir, or every error found (SourceErrors)."""
    try:
        manifest = read_manifest(source_dir / "manifest.toml")
    except SourceError as e:
        raise SourceErrors([e]) from None
    errors = list(manifest.errors)
    statements: list[Statement] = []
    files, refused = source_files(source_dir)  # regular files inside source_dir only (files.py)
    errors += refused
    if not files and not refused:
        errors.append(SourceError("*.txt", 1, 1, "no raw statements: expected one or more .txt files beside manifest.toml"))
    begins: dict[str, list[int]] = {}  # the lines each file's statements begin at, for the manifest's entries
    unread = {str(e.path) for e in refused}
    for path in files:
        try:
            found = parse_file(path, path.name, manifest.corpus, manifest.entries, manifest.broken)
        except SourceErrors as e:
            errors += e.errors
            unread.add(path.name)
            continue
        statements += found
        begins[path.name] = sorted(s.line for s in found)
    at = len(manifest.errors)  # an entry's own errors first, then the files'
    errors[at:at] = unmatched(manifest, begins, unread)
    errors += _duplicate_slugs(statements)
    if errors:
        raise SourceErrors(errors)
    return manifest, sorted(statements, key=lambda s: s.slug)


def parse_file(path: Path, name: str, corpus: Corpus, entries: dict[tuple[str, int], ManifestEntry],
               skip: frozenset[tuple[str, int]] = frozenset()) -> list[Statement]:
    """Every statement of one raw file, or all its errors (SourceErrors); read by the one reader of every input
    (files.read_source_text: a regular file inside its folder, in UTF-8)."""
    try:
        text = read_source_text(path, path.parent, name)
    except SourceError as e:
        raise SourceErrors([e]) from None
    return parse_text(text, name, corpus, entries, skip)


def parse_source(data: bytes, name: str, corpus: Corpus, entries: dict[tuple[str, int], ManifestEntry],
                 skip: frozenset[tuple[str, int]] = frozenset()) -> list[Statement]:
    """Every statement of a raw file's bytes, or all its errors; lines in `skip` (a broken manifest entry) are left out."""
    try:
        text = decode(data, name)
    except SourceError as e:
        raise SourceErrors([e]) from None
    return parse_text(text, name, corpus, entries, skip)


def parse_text(text: str, name: str, corpus: Corpus, entries: dict[tuple[str, int], ManifestEntry],
               skip: frozenset[tuple[str, int]] = frozenset()) -> list[Statement]:
    """Every statement of a raw file's text, or all its errors; each statement's published text checked by
    unfit_for_output."""
    if not text.strip():
        what = "empty file" if not text else f"no statement, only blank lines: {quote(text)}"
        raise SourceErrors([SourceError(name, 1, 1, f"{what}: expected one statement per line, each {STATEMENT_EXAMPLE}")])
    if page_copy.is_page_copy(text):  # a page as copied: one statement somewhere among the page's lines
        if (name, 1) in skip:
            return []
        statement = parse_page(text, name, 1, corpus, entries.get((name, 1)))
        refused = unfit_for_output(statement)
        if refused:
            raise SourceErrors([refused])
        return [statement]
    statements, errors = [], []
    for lineno, line in enumerate(split_lines(text), start=1):
        if not line.strip() or (name, lineno) in skip:
            continue
        entry = entries.get((name, lineno))
        try:
            statement = parse_statement(line, name, lineno, corpus, entry)
        except (SourceError, SourceErrors) as refused:
            try:  # a page copied onto one line: furniture before the title, a lead before it …
                statement = parse_page(line, name, lineno, corpus, entry)
            except (SourceError, SourceErrors):
                errors += refused.errors if isinstance(refused, SourceErrors) else [refused]
                continue
        unfit = unfit_for_output(statement)
        if unfit:
            errors.append(unfit)
        else:
            statements.append(statement)
    if errors:
        raise SourceErrors(errors)
    return statements


PUBLISHED_KINDS = (*CONTENT_KINDS, *METADATA_KINDS)
WHAT = {"source-note": "news-agency note", "agency-line": "news-agency line", "english-title": "English title",
        "english": "English text"}


def unfit_for_output(s: Statement) -> SourceError | None:
    """An error at the first character of the statement's published text (title, dateline, clauses …: every piece
    that is not dropped furniture) that no page, feed or data file can carry, or None (text/characters.py's rule for raw
    text). Raw text is published as received: it is refused, never altered."""
    for piece in s.pieces:
        if piece.kind not in PUBLISHED_KINDS:
            continue
        at = characters.unfit(piece.text, raw=True)
        if at is not None:
            text = "".join(p.text for p in s.pieces)  # the pieces tile the text their offsets count in
            return Cursor(s.source, s.line, text).error(
                piece.start + at, f"the {WHAT.get(piece.kind, piece.kind)} {quote(piece.text, 20)} holds "
                                  f"{characters.describe(piece.text[at])}, which no page, feed or data file can carry: "
                                  f"{characters.RAW_EXPECTED}")
    return None


def parse_statement(line: str, path: str, lineno: int, corpus: Corpus, entry: ManifestEntry | None) -> Statement:
    if len(line) > MAX_LINE:
        raise SourceError(path, lineno, 1, f"line of {len(line):,} characters {quote(line, 20)}: expected at most "
                          f"{MAX_LINE:,} characters per line, one statement per line (is this a whole file or page "
                          f"on one line?)")
    cur = Cursor(path, lineno, line)
    end = head.take_tail(cur, _line_end(cur))
    signature = _signature(line, end, corpus)
    end = signature.start() if signature else end
    title, doc_type = _header(cur, corpus, entry, end)
    header_end = cur.pos
    paragraphs = _paragraphs(cur, end)
    del paragraphs[:head.take_head_paragraphs(cur, paragraphs)]
    lead = ""
    if paragraphs and LEAD_END in paragraphs[0][1]:
        lead = _lead(cur, paragraphs.pop(0), title)
        del paragraphs[:head.take_head_paragraphs(cur, paragraphs)]
    if signature:
        cur.aside("signature", signature.start(), signature.end())
    if not paragraphs:
        raise cur.error(end, f"no clauses after {quote(line[max(0, end - 20):end])}: expected paragraphs separated by "
                        f"two full-width spaces (U+3000 U+3000) or other whitespace")
    try:
        blocks, pieces = read_blocks(paragraphs, lineno, cur.error, _accepted(entry))
    except SourceErrors as e:  # every problem of the paragraphs; one alone is raised as before
        if len(e.errors) == 1:
            raise e.errors[0] from None
        raise
    cur.pieces += pieces
    found = dates(cur)
    date, place, date_from, place_from = date_place(cur, title, found, entry, header_end)
    pieces = sorted(cur.pieces, key=lambda p: p.start)
    check_accounting(path, lineno, line, pieces)
    text = {p.kind: p.text for p in reversed(pieces)}  # the first piece of each kind
    return Statement(
        slug=date.isoformat(),
        title=title,
        date=date,
        place=place,
        dateline=found[0][1] if found else "",
        lead=lead,
        signature=signature.group() if signature else "",
        source_note=text.get("source-note", ""),
        blocks=blocks,
        source=path,
        line=lineno,
        pieces=tuple(pieces),
        visiting=entry.visiting if entry else "",
        receiving=entry.receiving if entry else "",
        headline=entry.headline if entry else "",
        document_type=doc_type,
        agency_line=text.get("agency-line", ""),
        script=script_of("".join(p.text for p in pieces if p.kind in ("title", "clause", "heading"))),
        title_from="manifest" if entry and entry.title else "text",
        date_from=date_from,
        place_from=place_from,
    )


def _line_end(cur: Cursor) -> int:
    """Trailing spaces are line-end furniture; where the statement's text ends."""
    m = LINE_END.search(cur.line)
    if not m:
        return len(cur.line)
    cur.aside("line-end", m.start(), m.end())
    return m.start()


def _signature(line: str, end: int, corpus: Corpus) -> re.Match[str] | None:
    """A signature block glued after the last sentence: party names and 代表 titles."""
    parties = "|".join(re.escape(p) for p in corpus.parties)
    m = re.compile(rf"(?<=。)(?:{parties}|政府代表|全权代表|代表|[ \u3000])+\Z").search(line, 0, end)
    if m and "代表" in m.group() and any(p in m.group() for p in corpus.parties):
        return m
    return None


def _header(cur: Cursor, corpus: Corpus, entry: ManifestEntry | None, end: int) -> tuple[str, str]:
    """The title (and its document type), with the pieces before and glued after it."""
    indent = SPACE_RUN.match(cur.line, 0, end)
    if indent:  # like any paragraph's edge, the first paragraph's leading whitespace is separator
        cur.aside("separator", 0, indent.end())
        cur.pos = indent.end()
    head.take_items(cur, end, head.BEFORE_TITLE, set())
    space = SPACE_RUN.match(cur.line, cur.pos, end)
    if space and cur.pos > 0:
        cur.add("separator", space.start(), space.end())
    begin = cur.pos
    first = SEPARATOR.search(cur.line, begin, end)
    first_end = first.start() if first else end
    found = head.find_title(cur.line, begin, first_end, head.title_words(corpus))
    if not found:
        if entry and entry.title:
            return entry.title, _document_type(entry.title, corpus)
        raise cur.error(begin, f"no title in the first paragraph {quote(cur.line[begin:first_end])}: expected a title "
                        f"such as {corpus.parties[0]}和…{corpus.document_type or '联合声明'} (or 联合公报, 联合新闻公报, "
                        f"行动计划 …), or a [[statement]] entry in manifest.toml with file = {cur.path!r}, "
                        f"line = {cur.lineno} and a title")
    start, title_end, doc_type = found
    if start > begin:
        if not cur.line[start - 1].isspace():
            raise cur.error(begin, f"unexpected text {quote(cur.line[begin:start])} before the title: expected the "
                            f"title, a news-agency line such as 新华社北京11月4日电, or a category prefix followed by "
                            f"a space")
        cur.add("category", begin, start)
    cur.add("title", start, title_end)
    head.take_items(cur, end, head.AFTER_TITLE, {"dateline", "date-line"})
    if cur.pos < end and not SEPARATOR.match(cur.line, cur.pos, end):
        stop = SEPARATOR.search(cur.line, cur.pos, end)
        raise cur.error(cur.pos, f"unexpected text {quote(cur.line[cur.pos:stop.start() if stop else end])} after the "
                        f"title: expected （全文）, a publication date, [字体：大 中 小], 打印本页, a dateline such as "
                        f"{DATELINE_EXAMPLE}, a news-agency line, or the end of the paragraph")
    title = cur.line[start:title_end]
    return (entry.title, _document_type(entry.title, corpus)) if entry and entry.title else (title, doc_type)


def _document_type(title: str, corpus: Corpus) -> str:
    found = head.find_title(title, 0, len(title), head.title_words(corpus))
    return found[2] if found else corpus.document_type


def _paragraphs(cur: Cursor, end: int) -> list[tuple[int, str]]:
    """Split the rest of the line into paragraphs; record the whitespace between them as separators."""
    out: list[tuple[int, str]] = []
    pos = cur.pos
    for m in PARAGRAPH.finditer(cur.line, cur.pos, end):
        if m.start() > pos:
            cur.aside("separator", pos, m.start())
        out.append((m.start(), m.group()))
        pos = m.end()
    if pos < end:
        cur.aside("separator", pos, end)
    cur.pos = end
    return out


def _lead(cur: Cursor, paragraph: tuple[int, str], title: str) -> str:
    """`…全文如下：` then the title again and perhaps its dateline, all in one paragraph."""
    start, text = paragraph
    lead_end = start + text.index(LEAD_END) + len(LEAD_END)
    cur.add("lead", start, lead_end)
    para_end = start + len(text)
    if not cur.line.startswith(title, lead_end):
        raise cur.error(lead_end, f"expected the title {title[:20]!r}… again after {LEAD_END!r}, "
                        f"found {cur.line[lead_end:lead_end + 20]!r}")
    cur.add("repeated-title", lead_end, lead_end + len(title))
    head.take_items(cur, para_end, ("dateline",), {"dateline"})
    if cur.pos != para_end:
        raise cur.error(cur.pos, f"unexpected text {cur.line[cur.pos:para_end][:30]!r} after the repeated title: "
                        f"expected a dateline such as {DATELINE_EXAMPLE} or two full-width spaces")
    return cur.line[start:lead_end]


def _duplicate_slugs(statements: list[Statement]) -> list[SourceError]:
    """A statement's slug is its date: two statements of one date would share a page."""
    first: dict[str, Statement] = {}
    errors = []
    for s in statements:
        if s.slug not in first:
            first[s.slug] = s
            continue
        other = first[s.slug]
        dateline = next((p for p in s.pieces if p.kind == "dateline"), None)
        errors.append(SourceError(s.source, s.line, dateline.start + 1 if dateline else 1,
                                  f"duplicate slug {s.slug!r}: this statement ({quote(s.dateline or s.title, 20)}) and "
                                  f"the one at {other.source}:{other.line} are both dated {s.slug}; expected one statement "
                                  f"per date: correct the dateline, or the date in manifest.toml"))
    return errors


def parse_page(text: str, path: str, lineno: int, corpus: Corpus, entry: ManifestEntry | None) -> Statement:
    """The statement inside a page copy (page_copy.py finds it), every problem of it at once (SourceErrors)."""
    cur = Cursor(path, lineno, text)
    long = [m for m in page_copy.LINE.finditer(text) if len(m.group()) > MAX_LINE]
    if long:
        raise SourceErrors([cur.error(m.start(), f"line of {len(m.group()):,} characters {quote(m.group(), 20)}: "
                                                 f"expected at most {MAX_LINE:,} characters per line (is this a whole "
                                                 f"file or page on one line?)") for m in long])
    paras = page_copy.paragraphs(text)
    try:
        found = page_copy.layout(text, paras, corpus, entry, cur.error)
    except SourceError as e:
        raise SourceErrors([e]) from None
    body: list[tuple[int, str]] = []
    lead, signature, title_en = "", "", ""
    pos, k = 0, 0
    while k < len(paras):
        p, role = paras[k], found.roles[k]
        if p.start > pos:
            cur.aside("separator", pos, p.start)
        if role == "title" and found.title and k == found.title.first:
            k, pos = _title_pieces(cur, paras, found.title), paras[found.title.last].end
            continue
        if role == "tail" and _signs(p.text):
            last = k
            while last + 1 < len(paras) and found.roles[last + 1] == "tail" and _signs(paras[last + 1].text):
                last += 1
            cur.aside("signature", p.start, paras[last].end)
            signature = signature or text[p.start:paras[last].end]
            k, pos = last + 1, paras[last].end
            continue
        if role in ("head", "tail"):
            for kind, a, b in head.tile(text, p.start, p.end, head.AFTER_TITLE if role == "head" else head.TAIL) or []:
                cur.aside(head.piece_kind(kind), a, b)
        elif role == "body" and not body and page_copy.agency_lead_start(p.text):
            # the first text opens with a news-agency line: the agency's lead (…发表联合公报。) when it names the
            # document's kind, else the body's first paragraph after the agency's line
            rest = p.start + page_copy.agency_lead_start(p.text)
            _lead_pieces(cur, page_copy.Para(p.start, text[p.start:rest]), lead_kind=None)
            if page_copy.announces(text[rest:p.end], corpus):
                cur.aside("lead", rest, p.end)
                lead = lead or text[rest:p.end]
            else:
                body.append((rest, text[rest:p.end]))
        elif role == "body":
            widget = EDIT_LINK.search(p.text)  # a wiki's [编辑] after a heading is the page's
            if widget and not page_copy.is_sentence(p.text[:widget.start()]):
                body.append((p.start, p.text[:widget.start()]))
                cur.aside("page-furniture", p.start + widget.start(), p.end)
            else:
                body.append((p.start, p.text))
        elif role == "lead":
            lead = lead or _lead_pieces(cur, p)
        else:
            cur.aside(role, p.start, p.end)
            title_en = title_en or (p.text if role == "english-title" else "")
        k, pos = k + 1, p.end
    if pos < len(text):
        cur.aside("separator", pos, len(text))
    errors: list[SourceError] = []
    blocks: tuple = ()
    try:
        blocks, pieces = read_blocks(body, lineno, cur.error, _accepted(entry))
        cur.pieces += pieces
    except SourceError as e:
        errors.append(e)
    except SourceErrors as e:
        errors += e.errors
    if entry and entry.title:
        title, title_from = entry.title, "manifest"
    elif found.title:
        title, title_from = page_copy.one_line(text[found.title.start:found.title.end]), "text"
    else:
        errors.append(cur.error(paras[0].start, page_copy.no_title(corpus)))
        title, title_from = "", "text"
    try:
        date, place, date_from, place_from = date_place(cur, title, dates(cur), entry, found.title.start if found.title
                                                        else 0)
    except SourceError as e:
        errors.append(e)
    if errors:
        raise SourceErrors(errors)
    pieces = sorted(cur.pieces, key=lambda p: p.start)
    check_accounting(path, lineno, text, pieces)
    kinds = {p.kind: p.text for p in reversed(pieces)}  # the first piece of each kind
    return Statement(
        slug=date.isoformat(), title=title, date=date, place=place, dateline=dates(cur)[0][1] if dates(cur) else "",
        lead=lead, signature=signature, source_note=kinds.get("source-note", ""), blocks=blocks, source=path,
        line=lineno, pieces=tuple(pieces), visiting=entry.visiting if entry else "",
        receiving=entry.receiving if entry else "", headline=entry.headline if entry else "",
        document_type=_document_type(title, corpus), agency_line=kinds.get("agency-line", ""),
        script=script_of("".join(p.text for p in pieces if p.kind in ("title", "clause", "heading"))),
        title_from=title_from, date_from=date_from, place_from=place_from,
        title_en=title_en, start_rule=found.start_rule, end_rule=found.end_rule,
    )


EDIT_LINK = re.compile(r"\s*\[[^\[\]\s]{1,6}\]$")
NEWS_TAG = re.compile(r"【[^【】]{1,12}】")


def _lead_pieces(cur: Cursor, p: page_copy.Para, lead_kind: str | None = "lead") -> str:
    """A lead as printed, but for a paper's tag before it (【本报讯】) and a news-agency line opening it, which are
    the paper's and the agency's, not the announcement's; the lead's text. lead_kind None: the tag and agency line
    alone (the caller places what follows)."""
    pos = p.start
    tag = NEWS_TAG.match(cur.line, pos, p.end)
    if tag:
        cur.aside("news-tag", pos, tag.end())
        pos = tag.end()
    agency = head.match_item(cur.line, pos, p.end, ("agency-line",))
    if agency:
        cur.aside("agency-line", pos, agency[1].end())
        pos = agency[1].end()
    space = SPACE_RUN.match(cur.line, pos, p.end)
    if space:
        cur.aside("separator", pos, space.end())
        pos = space.end()
    if lead_kind and pos < p.end:
        cur.aside(lead_kind, pos, p.end)
    return cur.line[pos:p.end]


def _accepted(entry: ManifestEntry | None) -> frozenset[str]:
    """Paragraph starts whose near-miss clause number the manifest accepts (structure.read_blocks)."""
    return frozenset(entry.clause_numbers) if entry else frozenset()


def _title_pieces(cur: Cursor, paras: list[page_copy.Para], title: page_copy.Title) -> int:
    """The title (across the lines the page broke it over), a category before it, head items after it."""
    first, last = paras[title.first], paras[title.last]
    if title.start > first.start:  # a news-agency line glued before it (新华社…电), or a category the page printed
        items = head.tile(cur.line, first.start, title.start, head.BEFORE_TITLE)
        for kind, a, b in items or [("category", first.start, title.start)]:
            cur.aside(head.piece_kind(kind), a, b)
    cur.aside("title", title.start, title.end)
    for kind, s, e in head.tile(cur.line, title.end, last.end, head.AFTER_TITLE) or []:
        cur.aside(head.piece_kind(kind), s, e)
    return title.last + 1


def _signs(text: str) -> bool:
    """Is this tail line part of the signature block (not a date line or note)?"""
    return head.tile(text, 0, len(text), head.TAIL) is None
