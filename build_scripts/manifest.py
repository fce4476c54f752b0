"""source/manifest.toml: corpus facts and per-statement metadata the raw text lacks."""

from __future__ import annotations

import datetime as dt
import tomllib
from pathlib import Path

from .errors import SourceError
from .model import Corpus, ManifestEntry

ENTRY_KEYS = {"file", "line", "date", "place", "title"}
CORPUS_KEYS = {"parties", "document_type"}
EXAMPLE = 'expected e.g. [[statement]] file = "x.txt" line = 1 date = 2022-11-02 place = "北京"'


def load_manifest(path: Path) -> tuple[Corpus, dict[tuple[str, int], ManifestEntry]]:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
    except tomllib.TOMLDecodeError as e:
        raise SourceError(path, getattr(e, "lineno", 1), getattr(e, "colno", 1), f"not valid TOML: {e}") from None
    corpus = _corpus(path, data.get("corpus"))
    entries: dict[tuple[str, int], ManifestEntry] = {}
    for raw in data.get("statement", []):
        entry = _entry(path, raw)
        entries[(entry.file, entry.line)] = entry
    unknown = set(data) - {"corpus", "statement"}
    if unknown:
        raise SourceError(path, 1, 1, f"unknown table {sorted(unknown)[0]!r}: expected [corpus] or [[statement]]")
    return corpus, entries


def _corpus(path: Path, raw: object) -> Corpus:
    if not isinstance(raw, dict) or not raw.get("parties") or not raw.get("document_type"):
        raise SourceError(path, 1, 1, 'missing [corpus]: expected parties = ["…", "…"] and document_type = "联合声明"')
    unknown = set(raw) - CORPUS_KEYS
    if unknown:
        raise SourceError(path, 1, 1, f"unknown key {sorted(unknown)[0]!r} in [corpus]: expected one of {sorted(CORPUS_KEYS)}")
    return Corpus(parties=tuple(raw["parties"]), document_type=str(raw["document_type"]))


def _entry(path: Path, raw: dict) -> ManifestEntry:
    unknown = set(raw) - ENTRY_KEYS
    if unknown:
        key = sorted(unknown)[0]
        raise SourceError(path, 1, 1, f"unknown key {key!r} in [[statement]]: expected one of {sorted(ENTRY_KEYS)}")
    if not isinstance(raw.get("file"), str) or not isinstance(raw.get("line"), int):
        raise SourceError(path, 1, 1, f"[[statement]] without file and line: {EXAMPLE}")
    date = raw.get("date")
    if date is not None and not isinstance(date, dt.date):
        raise SourceError(path, 1, 1, f"malformed date {date!r} for {raw['file']}: expected a TOML date such as 2022-11-02")
    return ManifestEntry(file=raw["file"], line=raw["line"], date=date, place=raw.get("place"), title=raw.get("title"))
