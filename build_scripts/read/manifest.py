"""source/manifest.toml: corpus facts and per-statement metadata the raw text lacks.

Every problem names the line and column of the key as written: tomllib keeps
no positions, so a key is looked up again among the lines of its table (a
table written inline points at its table, or at 1:1). A manifest without a
usable [corpus] stops the run, since no statement can be read without the
parties' names. A wrong [[statement]] entry is reported and its statement left
unparsed until the entry is fixed, so a typo gives one error, not a second
"no date" for the statement it describes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import SourceError
from ..model import Corpus, ManifestEntry
from ..text import characters
from .encoding import split_lines
from .files import present, read_source_text, toml_error_at

ENTRY_KEYS = {"file", "line", "date", "place", "title", "visiting", "receiving", "headline",
              "source_urls", "publisher", "posted", "source_kind", "evidence",  # provenance (see _provenance)
              "starts", "ends", "outside", "clause_numbers", "overrides"}  # quotes of the raw text (see _quotes)
QUOTE_KEYS = ("starts", "ends")
QUOTE_LIST_KEYS = ("outside", "clause_numbers")
OVERRIDABLE = ("date", "place")
# [corpus]'s optional names (naming.py derives what is not given), with an example of each
CORPUS_TEXTS = {"name": "中法联合声明", "description": "中华人民共和国和法兰西共和国联合声明全文。",
                "english_name": "China-France joint statements"}
CORPUS_KEYS = {"parties", "document_type", *CORPUS_TEXTS, "english_parties", "id"}
CORPUS_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.-]*")
ENTRY_FORM = '[[statement]] file = "x.txt" line = 1 date = 2010-03-21 place = "北京"'
CORPUS_FORM = '[corpus] with parties = ["…", "…"] (and optionally document_type = "联合声明")'
EXAMPLE = f"expected e.g. {ENTRY_FORM}"
CORPUS_EXAMPLE = f"expected {CORPUS_FORM}"
DATE_EXAMPLE = "expected a real date, written as a TOML date without quotes: date = 2010-03-21"
MANIFEST = "manifest.toml"
DATE_LINE = re.compile(r"(\s*date\s*=\s*)(.*?)\s*(?:#.*)?$")


@dataclass(frozen=True)
class Manifest:
    corpus: Corpus
    entries: dict[tuple[str, int], ManifestEntry]
    broken: frozenset[tuple[str, int]]  # (file, line) of statements whose entry is wrong: not parsed until it is fixed
    errors: tuple[SourceError, ...]
    # where each entry's `file` and `line` keys are written (line, column): for an entry that matches no statement
    written: dict[tuple[str, int], dict[str, tuple[int, int]]] = field(default_factory=dict)


def load_manifest(path: Path) -> tuple[Corpus, dict[tuple[str, int], ManifestEntry]]:
    """The corpus and the entries; the first problem as a SourceError."""
    manifest = read_manifest(path)
    if manifest.errors:
        raise manifest.errors[0]
    return manifest.corpus, manifest.entries


def read_manifest(path: Path) -> Manifest:
    """The manifest and every problem in it; a SourceError if it has no usable [corpus] (or cannot be read)."""
    if not present(path):
        raise SourceError(path.name, 1, 1, f"missing: expected a manifest.toml beside the raw statements, holding "
                                           f"{CORPUS_FORM}")
    text = read_source_text(path, path.parent, path.name)
    where = _Locator(path.name, split_lines(text))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise where.syntax_error(e) from None
    corpus = _corpus(where, data.get("corpus"))
    errors = [where.error(name, 0, None, f"unknown {'table' if isinstance(data[name], dict | list) else 'key'} "
                                         f"{name!r}: expected [corpus] or [[statement]]")
              for name in sorted(set(data) - {"corpus", "statement"})]
    entries: dict[tuple[str, int], ManifestEntry] = {}
    written: dict[tuple[str, int], dict[str, tuple[int, int]]] = {}
    broken: set[tuple[str, int]] = set()
    raws = data.get("statement", [])
    for i, raw in enumerate(raws if isinstance(raws, list) else [raws]):
        try:
            entry = _entry(where, i, raw)
        except SourceError as e:
            errors.append(e)
            if isinstance(raw, dict) and isinstance(raw.get("file"), str) and isinstance(raw.get("line"), int):
                broken.add((raw["file"], raw["line"]))
            continue
        key = (entry.file, entry.line)
        if key in entries:
            errors.append(where.error("statement", i, "line", f"a second entry for {entry.file!r} line {entry.line}: "
                                                                f"expected one [[statement]] per statement"))
            broken.add(key)
        entries[key] = entry
        written[key] = {name: where.at("statement", i, name) for name in ("file", "line")}
    return Manifest(corpus, entries, frozenset(broken), tuple(errors), written)


def unmatched(manifest: Manifest, begins: dict[str, list[int]], unread: set[str]) -> list[SourceError]:
    """An error for every entry that describes no statement: its `file` is no raw file beside the manifest, or no
    statement of that file begins at its `line`. Entries are matched to statements by (file, line) alone, so a typo in
    either would otherwise drop the entry's date, place, title and source from the site unseen. `begins` gives, for
    every file read, the lines its statements begin at; a file in `unread` (refused, or its statements in error) is
    left to its own errors."""
    errors = []
    for file, line in sorted(manifest.entries):
        if (file, line) in manifest.broken or file in unread or line in begins.get(file, ()):
            continue
        at = manifest.written.get((file, line), {})
        if file not in begins:
            near = difflib.get_close_matches(file, sorted({*begins, *unread}), n=1)
            hint = f" (did you mean {near[0]!r}?)" if near else ""
            row, column = at.get("file", (1, 1))
            errors.append(SourceError(MANIFEST, row, column, f"file = {file!r} names no raw statement file beside the "
                                                             f"manifest{hint}: expected the name of one of its .txt files"))
            continue
        starts = begins[file]
        where_they = (f"its statement begins at line {starts[0]}" if len(starts) == 1 else
                      f"its statements begin at lines {', '.join(map(str, starts))}")
        row, column = at.get("line", at.get("file", (1, 1)))
        errors.append(SourceError(MANIFEST, row, column, f"line = {line}: no statement of {file!r} begins there "
                                                         f"({where_they}): expected the line a statement begins at"))
    return errors


def _corpus(where: _Locator, raw: object) -> Corpus:
    if not isinstance(raw, dict):
        raise where.error("corpus", 0, None, f"missing [corpus]: {CORPUS_EXAMPLE}")
    unknown = sorted(set(raw) - CORPUS_KEYS)
    if unknown:
        key = unknown[0]
        raise where.error("corpus", 0, key, f"unknown key {key!r} in [corpus]{_did_you_mean(key, CORPUS_KEYS)}: "
                                            f"expected one of {sorted(CORPUS_KEYS)}")
    parties, document_type = raw.get("parties"), raw.get("document_type")
    if not isinstance(parties, list) or not parties or not all(isinstance(p, str) and p for p in parties):
        raise where.error("corpus", 0, "parties", f"[corpus] parties is {parties!r}: {CORPUS_EXAMPLE}")
    if document_type is not None and (not isinstance(document_type, str) or not document_type):
        raise where.error("corpus", 0, "document_type", f"[corpus] document_type is {document_type!r}: {CORPUS_EXAMPLE}")
    for value in parties:
        _plain_text(where, "corpus", 0, "parties", value)
    _plain_text(where, "corpus", 0, "document_type", document_type or "")
    return Corpus(parties=tuple(parties), document_type=document_type or "", **_corpus_names(where, raw))


def _corpus_names(where: _Locator, raw: dict) -> dict:
    """[corpus] name, description, english_name, english_parties and id: each optional, each checked."""
    out: dict = {}
    for key, example in CORPUS_TEXTS.items():
        value = raw.get(key)
        if value is None:
            continue
        if not isinstance(value, str) or not value.strip():
            raise where.error("corpus", 0, key, f'[corpus] {key} is {value!r}: expected text in quotes, such as '
                                                f'{key} = "{example}" (or no {key}: it is derived from the parties)')
        _plain_text(where, "corpus", 0, key, value)
        out[key] = value
    english = raw.get("english_parties")
    if english is not None:
        if not isinstance(english, list) or not english or not all(isinstance(p, str) and p.strip() for p in english):
            raise where.error("corpus", 0, "english_parties", f"[corpus] english_parties is {english!r}: expected a list "
                                                              f"of the states' names in English, such as english_parties "
                                                              f"""= ["the People's Republic of China", "the French Republic"]""")
        for value in english:
            _plain_text(where, "corpus", 0, "english_parties", value)
        out["english_parties"] = tuple(english)
    ident = raw.get("id")
    if ident is not None:
        if not isinstance(ident, str) or not CORPUS_ID.fullmatch(ident):
            raise where.error("corpus", 0, "id", f'[corpus] id is {ident!r}: expected ASCII letters, digits, dots and '
                                                 f'hyphens, such as id = "cn-fr-joint-statements"')
        out["id"] = ident
    return out


def _entry(where: _Locator, i: int, raw: object) -> ManifestEntry:
    if not isinstance(raw, dict):
        raise where.error("statement", i, None, f"[[statement]] is {raw!r}, not a table: {EXAMPLE}")
    unknown = sorted(set(raw) - ENTRY_KEYS)
    if unknown:
        key = unknown[0]
        raise where.error("statement", i, key, f"unknown key {key!r} in [[statement]]{_did_you_mean(key, ENTRY_KEYS)}: "
                                               f"expected one of {sorted(ENTRY_KEYS)}")
    file, line = raw.get("file"), raw.get("line", 1)  # a page copy holds one statement: line may be left out
    if not isinstance(file, str) or not file:
        found = f"file = {_toml(file)}" if "file" in raw else "no file"
        raise where.error("statement", i, "file", f"[[statement]] with {found}: expected the name of the raw "
                                                  f"statement file it describes, in quotes; {EXAMPLE}")
    if not isinstance(line, int) or isinstance(line, bool) or line < 1:
        raise where.error("statement", i, "line", f"line = {_toml(line)} for {file!r}: expected the line its statement "
                                                  f"begins at, a whole number from 1 (left out: 1); {EXAMPLE}")
    date = raw.get("date")
    if date is not None and (not isinstance(date, dt.date) or isinstance(date, dt.datetime)):
        raise where.error("statement", i, "date", f"malformed date {str(date)!r} for {file} line {line}: {DATE_EXAMPLE}")
    for key in ("place", "title"):
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            raise where.error("statement", i, key, f"{key} {raw[key]!r} for {file} line {line}: expected text in quotes, "
                                                   f'such as place = "北京"')
    texts = {key: raw[key] for key in ("visiting", "receiving", "headline") if key in raw}
    for key, value in texts.items():
        if not isinstance(value, str) or not value.strip():
            raise where.error("statement", i, key, f"{key} = {value!r}: expected a non-empty string")
    for key in ("place", "title", "publisher", "evidence", *texts):
        if isinstance(raw.get(key), str):  # a wrong type is reported by the key's own check
            _plain_text(where, "statement", i, key, raw[key])
    return ManifestEntry(file=file, line=line, date=date, place=raw.get("place"), title=raw.get("title"), **texts,
                         **_provenance(where, i, raw, f"{file} line {line}"), **_quotes(where, i, raw))


def _quotes(where: _Locator, i: int, raw: dict) -> dict:
    """starts, ends, outside, clause_numbers: the raw text as printed, quoted to settle what its evidence cannot
    (never an edit of the raw file); overrides: the keys whose value replaces a different one in the text."""
    out: dict = {}
    for key in QUOTE_KEYS:
        if key in raw:
            if not isinstance(raw[key], str) or not raw[key].strip():
                raise where.error("statement", i, key, f"{key} = {raw[key]!r}: expected the first characters of a "
                                                       f'line as printed, in quotes, such as {key} = "一、双方"')
            out[key] = raw[key]
    for key in QUOTE_LIST_KEYS:
        if key in raw:
            value = raw[key]
            if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
                raise where.error("statement", i, key, f"{key} = {value!r}: expected a list of quotes of the raw text "
                                                       f'as printed, such as {key} = ["三，双方"]')
            out[key] = tuple(value)
    if "overrides" in raw:
        value = raw["overrides"]
        if not isinstance(value, list) or not all(v in OVERRIDABLE and v in raw for v in value):
            raise where.error("statement", i, "overrides", f"overrides = {value!r}: expected a list of keys this entry "
                                                           f"gives, from {list(OVERRIDABLE)}, such as overrides = [\"date\"]")
        out["overrides"] = tuple(value)
    return out


URL = re.compile(r"https?://[^\s<>\"'`{}|\\^]+")
SOURCE_KINDS = ("official", "agency", "newspaper")  # a government's own page, a news agency's release, a newspaper's copy
KINDS_FORM = '"official" (a government\'s own page), "agency" (a news agency\'s release), "newspaper" (a republication)'
EVIDENCE_FORM = 'evidence = "a stored copy of the page found at https://…"'


def _provenance(where: _Locator, i: int, raw: dict, what: str) -> dict:
    """source_urls = ["https://…"], publisher = "…", posted = 2010-03-21, source_kind = "agency", evidence = "…": each
    optional, each checked. An address is recorded only with what it is (source_kind) and how it was established
    (evidence): a reader is shown the one, whoever checks the record next needs the other."""
    out: dict = {}
    urls = raw.get("source_urls", [])
    form = 'http(s) addresses, such as source_urls = ["https://www.fmprc.gov.cn/…"]'
    if isinstance(urls, list):  # an address is shown, linked and cited: a hidden character in one is refused by name
        for url in urls:
            at = characters.unfit(url) if isinstance(url, str) else None
            if at is not None:
                raise where.error("statement", i, "source_urls", f"source_urls {_short(url)!r} for {what} holds "
                                                                 f"{characters.describe(url[at])}: expected {form}, "
                                                                 "without control or invisible format characters")
    if not isinstance(urls, list) or not all(isinstance(u, str) and URL.fullmatch(u) for u in urls):
        raise where.error("statement", i, "source_urls", f"source_urls = {urls!r} for {what}: expected a list of {form}")
    out["source_urls"] = tuple(urls)
    if "publisher" in raw:
        if not isinstance(raw["publisher"], str) or not raw["publisher"].strip():
            raise where.error("statement", i, "publisher", f"publisher = {raw['publisher']!r} for {what}: expected text "
                                                           f'in quotes, such as publisher = "中华人民共和国外交部"')
        out["publisher"] = raw["publisher"]
    posted = raw.get("posted")
    if posted is not None and (not isinstance(posted, dt.date) or isinstance(posted, dt.datetime)):
        raise where.error("statement", i, "posted", f"malformed posted {str(posted)!r} for {what}: {DATE_EXAMPLE}")
    out["posted"] = posted
    kind = raw.get("source_kind")
    if kind is not None and kind not in SOURCE_KINDS:
        raise where.error("statement", i, "source_kind", f"source_kind = {kind!r} for {what}: expected one of "
                                                          f"{KINDS_FORM}")
    given = [key for key in ("source_urls", "publisher", "posted", "source_kind") if raw.get(key)]
    named = [key for key in given if key in ("source_urls", "publisher")]
    if named and kind is None:  # a source is shown as what it is: a government's page, an agency's release, a paper
        raise where.error("statement", i, named[0], f"{named[0]} for {what} without source_kind: expected "
                                                    f"source_kind = one of {KINDS_FORM}")
    evidence = raw.get("evidence")
    if evidence is not None and (not isinstance(evidence, str) or not evidence.strip()):
        raise where.error("statement", i, "evidence", f"evidence = {evidence!r} for {what}: expected text in quotes "
                                                      f"saying how the source was established, such as {EVIDENCE_FORM}")
    if given and evidence is None:
        raise where.error("statement", i, given[0], f"{given[0]} for {what} without evidence: expected evidence = "
                                                    f"\"…\" saying how the source was established, such as {EVIDENCE_FORM}")
    out["source_kind"], out["evidence"] = kind or "", evidence or ""
    return out


def _plain_text(where: _Locator, table: str, i: int, key: str, value: str) -> None:
    """Metadata is shown in page titles, citations, the feed and data files: one line, no control or invisible format
    character, no noncharacter (a newline, a tab, a right-to-left override pasted from a tampered page, a U+FFFE the
    feed cannot hold): text/characters.py's rule for one-line values."""
    at = characters.unfit(value)
    if at is None:
        return
    bad = value[at]
    line, column = where.at(table, i, key)
    text = where.lines[line - 1] if 0 < line <= len(where.lines) else ""
    found = text.find(bad)
    if found >= 0:  # written raw on the key's own line: point at it
        column = found + 1
    raise SourceError(where.path, line, column, f"{key} {_short(value)!r} holds {characters.describe(bad)}: "
                                                f"{characters.LINE_EXPECTED}")


def _toml(value: object) -> str:
    """A value as TOML writes it, for a message quoting what the author wrote (true, not True; a string in quotes)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value, ensure_ascii=False) if isinstance(value, str) else str(value)


def _short(value: str) -> str:
    return value if len(value) <= 30 else value[:30] + "…"


def _did_you_mean(key: str, known: set[str]) -> str:
    close = difflib.get_close_matches(key, sorted(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class _Locator:
    """Finds where a table or key of the manifest is written."""

    path: str
    lines: list[str]

    def error(self, table: str, index: int, key: str | None, message: str) -> SourceError:
        line, column = self.at(table, index, key)
        return SourceError(self.path, line, column, message)

    def at(self, table: str, index: int, key: str | None) -> tuple[int, int]:
        """Line and column of `key` in the index-th [table] or [[table]]; of the table if key is None or not found."""
        name = re.escape(table)
        header = re.compile(rf"\s*\[\[?\s*(?:{name}|\"{name}\")\s*\]\]?\s*(?:#.*)?$")
        starts = [n for n, text in enumerate(self.lines) if header.match(text)]
        if index >= len(starts):
            return self._top_level(table)
        start = starts[index]
        if key is not None:
            found = self._key(key, start + 1)
            if found:
                return found
        return start + 1, _indent(self.lines[start]) + 1

    def _key(self, key: str, first: int) -> tuple[int, int] | None:
        pattern = re.compile(rf"\s*(?:{re.escape(key)}|\"{re.escape(key)}\"|'{re.escape(key)}')\s*=")
        for n in range(first, len(self.lines)):
            if self.lines[n].lstrip().startswith("["):
                return None
            if pattern.match(self.lines[n]):
                return n + 1, _indent(self.lines[n]) + 1
        return None

    def _top_level(self, key: str) -> tuple[int, int]:
        return self._key(key, 0) or (1, 1)

    def syntax_error(self, e: tomllib.TOMLDecodeError) -> SourceError:
        line, column, reason = toml_error_at(e, self.lines)
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        date = DATE_LINE.fullmatch(text)
        if date:
            return SourceError(self.path, line, len(date[1]) + 1, f"malformed date {date[2]!r}: {DATE_EXAMPLE}")
        return SourceError(self.path, line, column, f"not valid TOML ({reason}) in {text.strip()!r}: expected TOML "
                                                    f"such as {ENTRY_FORM}, or {CORPUS_FORM}")


def _indent(text: str) -> int:
    return len(text) - len(text.lstrip())
