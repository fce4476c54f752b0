"""source/published.urls: URLs the site has published and must keep serving, which the raw text cannot tell.

Readers cite compare views by URL. The view moved from one page per pair (`<edition>/compare/<a>--<b>/`) to one
page per edition (`<edition>/compare/#<a>--<b>`), and the linker may stop linking a pair when the corpus grows;
a published URL must still open its pair. So every compare URL ever published is listed here, one per line,
relative to the site's root:

    # comment
    zh-Hans/compare/2015-04-20-c1--2020-03-17-p1/

For each the build writes a redirect page to the view and keeps the pair's data even if no see-also link
leads to it any more. A URL the build can no longer serve (an edition that is gone, a clause that no longer
exists) stops the build with its line: a published URL is never dropped silently.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..errors import SourceError, SourceErrors
from ..model import Ref, Statement, parse_pair
from ..text import characters
from .encoding import split_lines

FILE = "published.urls"
COMPARE_URL = re.compile(r"([A-Za-z][A-Za-z0-9-]*)/compare/([^/#?\s]+)/")
BLANK = " \t\u3000"  # what may stand around a URL; any other character is the line's, and checked
FORM = "<edition>/compare/<date>-<anchor>--<date>-<anchor>/, e.g. zh-Hans/compare/2015-04-20-c1--2020-03-17-p1/"


@dataclass(frozen=True)
class PublishedPair:
    lang: str
    slug: str
    earlier: Ref
    later: Ref
    line: int = field(compare=False, default=0)


def read_published(text: str | None, langs: list[str], statements: list[Statement]) -> tuple[PublishedPair, ...]:
    """The published compare URLs of the file's text (None: no file), each checked against the corpus; every bad line
    in one SourceErrors."""
    if text is None:
        return ()
    pairs, errors = parse_published(text, langs, statements)
    if errors:
        raise SourceErrors(errors)
    return pairs


def parse_published(text: str, langs: list[str], statements: list[Statement]
                    ) -> tuple[tuple[PublishedPair, ...], list[SourceError]]:
    anchors = {s.slug: {c.anchor for c in s.clauses} for s in statements}
    pairs: list[PublishedPair] = []
    errors: list[SourceError] = []
    seen: dict[str, int] = {}
    for number, raw in enumerate(split_lines(text), 1):  # lines as an editor counts them: LF, CRLF or CR ends one
        line = raw.strip(BLANK)
        if not line or line.startswith("#"):
            continue
        column = raw.index(line[0]) + 1

        def error(what: str, line_no: int = number, col: int = column) -> None:
            errors.append(SourceError(FILE, line_no, col, what))

        at = characters.unfit(line)
        if at is not None:
            error(f"{line!r} holds {characters.describe(line[at])}: expected {FORM}", col=column + at)
            continue

        m = COMPARE_URL.fullmatch(line)
        if not m:
            error(f"{line!r} is not a compare URL: expected {FORM} (relative to the site's root, ending in /)")
            continue
        lang, slug = m[1], m[2]
        if lang not in langs:
            error(f"{line!r}: the site has no edition {lang!r} (it has {', '.join(langs)}): "
                  "expected a published edition, which must stay (a published URL is never removed)")
            continue
        refs = parse_pair(slug)
        if refs is None:
            error(f"{line!r}: {slug!r} is not a pair of clauses: expected {FORM}")
            continue
        earlier, later = refs
        if (earlier.statement, earlier.anchor) >= (later.statement, later.anchor):
            error(f"{line!r}: the clauses are not in order: expected the earlier first, "
                  f"{lang}/compare/{later.statement}-{later.anchor}--{earlier.statement}-{earlier.anchor}/")
            continue
        missing = [f"{r.statement}#{r.anchor}" for r in refs if r.anchor not in anchors.get(r.statement, ())]
        if missing:
            error(f"{line!r} can no longer be served: no clause {' or '.join(missing)} in source/; expected both "
                  "clauses of a published pair to exist (restore the statement or clause: a published URL is never removed)")
            continue
        if line in seen:
            error(f"{line!r} is listed twice (first on line {seen[line]}): expected each URL once")
            continue
        seen[line] = number
        pairs.append(PublishedPair(lang, slug, earlier, later, number))
    return tuple(pairs), errors
