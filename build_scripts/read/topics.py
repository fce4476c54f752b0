"""source/topics.toml: the topics and the see-also thresholds, checked like the raw text.

Every problem is reported as topics.toml:line:column with the offending value
quoted and the expected form, all of them in one run (and, through
source.read_inputs, together with the statements' errors). Names and terms are
shown on every page and in the navigation: control characters and line breaks,
which would end a heading, a table row or a YAML value, invisible format
characters and noncharacters are refused here (text/characters.py, the rule every
one-line value follows); markup is harmless since every output escapes it
(text/escape.py).

A source folder without topics.toml has no topics and links with DEFAULT_PARAMS.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from ..errors import SourceError
from ..model import LinkParams, Topic
from ..text import characters
from .encoding import split_lines
from .files import present, read_source_text, toml_error_at

NAME = "topics.toml"
TOPIC_KEYS = ("slug", "name", "terms")
# not_within: longer words holding a term that name something else (link.clause_topics); readers: the words readers
# search the topic by that no clause prints (an indexer's "see" entries: the search's related block, never tagging)
OPTIONAL_KEYS = ("not_within", "readers")
SLUG = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")
TOPIC_FORM = '[[topic]] with slug = "kashmir", name = "克什米尔", terms = ["克什米尔", "查谟"]'
# (type, lowest, highest) per [linking] key; the values `make tune-links` chose for source/ are the defaults.
LINKING = {"topic_threshold": (float, 0.0, 1.0), "wording_threshold": (float, 0.0, 1.0), "salience": (float, 0.0, 1.0),
           "max_per_statement": (int, 1, 1000), "compare_overlap": (int, 1, 10_000), "max_links": (int, 1, 1000)}
DEFAULT_PARAMS = LinkParams(topic_threshold=0.05, wording_threshold=0.25, salience=0.25, max_per_statement=3,
                            compare_overlap=12, max_links=8)


@dataclass(frozen=True)
class Topics:
    topics: tuple[Topic, ...]
    params: LinkParams
    errors: tuple[SourceError, ...]


class _Where:
    """Line and column of a table header or a key, found in the text (tomllib does not keep positions)."""

    def __init__(self, lines: list[str]):
        self.lines = lines
        self.tables: list[tuple[str, int]] = []  # (header name, line index) in order
        for i, line in enumerate(lines):
            m = re.match(r"\s*\[\[?\s*([A-Za-z0-9_-]+)\s*\]\]?", line)
            if m:
                self.tables.append((m[1], i))

    def error(self, table: str | None, index: int, key: str | None, message: str) -> SourceError:
        start, end = 0, len(self.lines)
        if table is not None:
            headers = [i for name, i in self.tables if name == table]
            if index < len(headers):
                start = headers[index]
                end = next((i for _, i in self.tables if i > start), len(self.lines))
        if key is not None:
            for i in range(start, end):
                m = re.match(rf"(\s*)(?:{re.escape(key)}|\"{re.escape(key)}\")\s*=", self.lines[i])
                if m:
                    return SourceError(NAME, i + 1, len(m[1]) + 1, message)
        return SourceError(NAME, start + 1, 1, message)


def read_topics(path: Path) -> Topics:
    """The topics and parameters, and every problem found; a missing file means no topics and DEFAULT_PARAMS."""
    if not present(path):
        return Topics((), DEFAULT_PARAMS, ())
    try:
        text = read_source_text(path, path.parent, NAME)  # the one reader of every input (files.py)
    except SourceError as e:
        return Topics((), DEFAULT_PARAMS, (e,))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        line, col, reason = toml_error_at(e, split_lines(text))
        return Topics((), DEFAULT_PARAMS, (SourceError(NAME, line, col, f"not valid TOML: {reason} "
                                                                          f"(at line {line}, column {col})"),))
    where = _Where(split_lines(text))
    errors = [where.error(key, 0, None if isinstance(data[key], dict | list) else key,
                          f"unknown {'table' if isinstance(data[key], dict | list) else 'key'} {key!r}: "
                          "expected [[topic]] tables and one [linking] table")
              for key in data if key not in ("topic", "linking")]
    topics = _topics(where, data.get("topic", []), errors)
    params = _params(where, data.get("linking"), errors)
    errors.sort(key=lambda e: (e.line, e.column))
    return Topics(tuple(topics), params, tuple(errors))


def load_topics(path: Path) -> tuple[tuple[Topic, ...], LinkParams]:
    """The topics and parameters; the first problem as a SourceError (read_topics gives them all)."""
    found = read_topics(path)
    if found.errors:
        raise found.errors[0]
    return found.topics, found.params


def _topics(where: _Where, raw: object, errors: list[SourceError]) -> list[Topic]:
    if not isinstance(raw, list):
        errors.append(where.error(None, 0, "topic", f"topic is {raw!r}: expected {TOPIC_FORM}"))
        return []
    topics: list[Topic] = []
    seen: dict[str, int] = {}
    for i, table in enumerate(raw):
        topic = _topic(where, i, table, errors)
        if topic is None:
            continue
        if topic.slug in seen:
            errors.append(where.error("topic", i, "slug", f"duplicate topic slug {topic.slug!r}: topic {seen[topic.slug]} "
                                                          "has it too; every topic needs its own"))
            continue
        seen[topic.slug] = i + 1
        topics.append(topic)
    return topics


def _topic(where: _Where, i: int, raw: object, errors: list[SourceError]) -> Topic | None:
    if not isinstance(raw, dict):
        errors.append(where.error("topic", i, None, f"topic {i + 1} is {raw!r}: expected {TOPIC_FORM}"))
        return None
    before = len(errors)
    for key in sorted(set(raw) - set(TOPIC_KEYS) - set(OPTIONAL_KEYS)):
        errors.append(where.error("topic", i, key, f"unknown key {key!r} in topic {i + 1}: expected {TOPIC_FORM}"))
    for key in TOPIC_KEYS:
        if key not in raw:
            errors.append(where.error("topic", i, None, f"topic {i + 1} has no {key}: expected {TOPIC_FORM}"))
    slug, name, terms = raw.get("slug"), raw.get("name"), raw.get("terms")
    if "slug" in raw and not (isinstance(slug, str) and SLUG.fullmatch(slug)):
        errors.append(where.error("topic", i, "slug", f"topic slug {slug!r}: expected lower-case ASCII words joined "
                                                      "by '-', such as \"cpec-committee\" (the page's address)"))
    if "name" in raw:
        _text(where, i, "name", name, errors)
    if "terms" in raw:
        if not isinstance(terms, list) or not terms:
            errors.append(where.error("topic", i, "terms", f"terms is {terms!r}: expected a list of one or more "
                                                           "words, such as [\"克什米尔\", \"查谟\"]"))
        else:
            for term in terms:
                _text(where, i, "terms", term, errors)
    within = _words(where, i, raw, "not_within", "words that hold one of the topic's terms, such as [\"经贸联委会\"]",
                    errors)
    for word in within:
        if isinstance(terms, list) and not any(
                isinstance(term, str) and term in word for term in terms):
            errors.append(where.error("topic", i, "not_within", f"not_within {word!r} holds none of the topic's "
                                                                "terms: it would never apply"))
    readers = _words(where, i, raw, "readers", "words readers search the topic by, such as [\"克什米尔问题\"]", errors)
    if len(errors) > before:
        return None
    assert isinstance(slug, str) and isinstance(name, str) and isinstance(terms, list)  # checked above
    return Topic(slug, name, tuple(terms), tuple(within), tuple(readers))


def _words(where: _Where, i: int, raw: dict, key: str, expected: str, errors: list[SourceError]) -> list:
    """An optional list of words (not_within, readers): its fit words (all of them when it has no problem), each
    problem recorded."""
    words = raw.get(key, [])
    if not isinstance(words, list):
        errors.append(where.error("topic", i, key, f"{key} is {words!r}: expected a list of {expected}"))
        return []
    return [word for word in words if _text(where, i, key, word, errors)]


def _text(where: _Where, i: int, key: str, value: object, errors: list[SourceError]) -> bool:
    """Whether the value is fit text; the problem recorded if not."""
    if not isinstance(value, str) or not value.strip():
        errors.append(where.error("topic", i, key, f"{key} holds {value!r}: expected non-empty text"))
        return False
    at = characters.unfit(value)
    if at is not None:
        errors.append(where.error("topic", i, key, f"{key} {value[:30]!r} holds {characters.describe(value[at])} at "
                                                   f"{at + 1}: {characters.LINE_EXPECTED}"))
        return False
    return True


def _params(where: _Where, raw: object, errors: list[SourceError]) -> LinkParams:
    form = ", ".join(f"{k} = {getattr(DEFAULT_PARAMS, k)}" for k in LINKING)
    if not isinstance(raw, dict):
        message = f"no [linking] table: expected [linking] with {form}"
        errors.append(SourceError(NAME, len(where.lines), 1, message) if raw is None  # at the end: where to add it
                      else where.error(None, 0, "linking", message))
        return DEFAULT_PARAMS
    values = {}
    for key in sorted(set(raw) - set(LINKING)):
        errors.append(where.error("linking", 0, key, f"unknown key {key!r} in [linking]: expected {form}"))
    for key, (kind, low, high) in LINKING.items():
        value = raw.get(key)
        ok = isinstance(value, int | float) and not isinstance(value, bool) and (kind is float or isinstance(value, int))
        if key not in raw:
            errors.append(where.error("linking", 0, None, f"[linking] has no {key}: expected {form}"))
        elif not ok or not low <= value <= high:  # type: ignore[operator]  # ok: a number
            what = "a number" if kind is float else "a whole number"
            errors.append(where.error("linking", 0, key, f"{key} = {value!r}: expected {what} from {low} to {high}"))
        else:
            values[key] = kind(value)
    return LinkParams(**values) if len(values) == len(LINKING) else DEFAULT_PARAMS
