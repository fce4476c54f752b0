"""Where the start tags of a page are, as html.parser finds them: (start, end, name, attributes) of each, in order.

The offline copy rewrites links in start tags only (offline.py), so it must find them exactly where an HTML parser
does: never in a comment, a script or a style. html.parser finds them exactly, and slowly: it goes over every
character of the text in Python, about 14 s of CPU for the ×100 corpus's pages. The pages the engine writes hold few
shapes of markup: start and end tags, comments, a doctype, scripts and styles. `start_tags` reads those shapes with
html.parser's own patterns (a start tag and its attributes tokenise as the parser tokenises them), passing over text,
end tags and start tags of no interest in one regex search; at any other shape (a processing instruction, a marked
section, a bogus comment, a tag cut short, a comment or a script left open) it hands the whole page to html.parser.
tests/test_starttags.py and tests/test_escaping.py require both to agree on every page of the real site, of the
hostile inputs' site and on random markup.
"""

from __future__ import annotations

import html.parser
import re
from html import unescape

Tag = tuple[int, int, str, dict[str, str | None]]

# html.parser's own patterns; without them (another Python's html.parser) every page goes to the parser itself
_TAG_END = getattr(html.parser, "locatestarttagend_tolerant", None)
_TAG_NAME = getattr(html.parser, "tagfind_tolerant", None)
_ATTR = getattr(html.parser, "attrfind_tolerant", None)
_COMMENT_CLOSE = getattr(html.parser, "commentclose", None)
_RAW_TEXT = html.parser.HTMLParser.CDATA_CONTENT_ELEMENTS  # script, style: their text holds no tags
_RAW_END = {name: re.compile(r"</\s*" + name + r"\s*>", re.I) for name in _RAW_TEXT}  # as set_cdata_mode


class _Parser(html.parser.HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.lines = [0, *(m.end() for m in re.finditer("\n", text))]  # the offset each line starts at
        self.tags: list[Tag] = []
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line, column = self.getpos()
        start = self.lines[line - 1] + column
        self.tags.append((start, start + len(self.get_starttag_text() or ""), tag, dict(attrs)))

    handle_startendtag = handle_starttag


def parsed(text: str) -> list[Tag]:
    """The start tags html.parser reports, where it reports them."""
    return _Parser(text).tags


def start_tags(text: str, names: tuple[str, ...]) -> list[Tag]:
    """The start tags of a page holding an attribute of one of `names`, as `parsed` gives them."""
    fast = scanned(text, names)
    if fast is None:
        return [t for t in parsed(text) if any(n in t[3] for n in names)]
    return fast


_ATTR_NAME = r"""(?<=['"\s/])[^\s/>][^\s/=>]*"""  # an attribute's name, in html.parser's start tag pattern


def _token_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """One token where the scan stops, after the text, end tags and start tags of no interest it passes over: a
    comment, a doctype, a start tag (html.parser's pattern, atomic as its match is, then > or />) that is a script,
    a style or may have an attribute of `names`, or any other `<` that markup opens with (a letter, !, / or ?):
    `odd`, which the parser reads otherwise and which sends the page to it. A start tag is passed over when the same
    pattern, with no attribute name of `names` allowed, matches it whole: at such a name it stops short, and the tag
    is a token."""
    if not (_TAG_END and _TAG_NAME and _ATTR and _COMMENT_CLOSE) or _ATTR_NAME not in _TAG_END.pattern:
        return None
    barred = "|".join(map(re.escape, names))
    plain = _TAG_END.pattern.replace(_ATTR_NAME, r"(?!(?i:" + barred + r")(?![^\s/=>]))" + _ATTR_NAME)
    raw = "|".join(sorted(_RAW_TEXT))
    return re.compile(r"(?:[^<]++|</[a-zA-Z][^>]*+>"  # text and end tags, passed over
                      r"|(?!<(?i:" + raw + r")(?![^\t\n\r\f />\x00]))(?>" + plain + r")/?>"  # and tags of no interest
                      + r"|<(?![a-zA-Z!/?]|\Z))*+"
                      r"(?:(?P<comment><!--(?s:.*?)" + _COMMENT_CLOSE.pattern + ")"
                      r"|(?P<doctype><![dD][oO][cC][tT][yY][pP][eE][^>]*>)"
                      r"|(?P<start>(?>" + _TAG_END.pattern + r")/?>)"
                      r"|(?P<odd><))?", re.VERBOSE)  # nothing at the end of the text only


_TOKENS: dict[tuple[str, ...], re.Pattern[str] | None] = {}


def scanned(text: str, names: tuple[str, ...]) -> list[Tag] | None:
    """start_tags for a page of the shapes the engine writes; None for any other shape."""
    if names not in _TOKENS:
        _TOKENS[names] = _token_pattern(names)
    token = _TOKENS[names]
    if token is None:
        return None
    tags: list[Tag] = []
    at, search = 0, token.search
    while (m := search(text, at)) is not None and m.lastgroup:
        kind, at = m.lastgroup, m.end()
        if kind == "odd":
            return None
        if kind != "start":
            continue
        start, end = m.span("start")
        parsed_tag = _start_tag(text, start, end)
        if parsed_tag is None:
            return None
        tag, closed = parsed_tag
        if any(n in tag[3] for n in names):
            tags.append(tag)
        if tag[2] in _RAW_TEXT and not closed:  # a script's or a style's text, to its end tag
            close = _RAW_END[tag[2]].search(text, end)
            if not close:
                return None
            at = close.start()
    return tags


def _start_tag(text: str, at: int, end: int) -> tuple[Tag, bool] | None:
    """The start tag text[at:end], tokenised as html.parser's parse_starttag does, and whether it closes itself (/>);
    None where the parser reports no tag."""
    name = _TAG_NAME.match(text, at + 1)  # type: ignore[union-attr]  # checked by _token_pattern
    if not name:
        return None
    k, attrs = name.end(), []
    while k < end:
        a = _ATTR.match(text, k)  # type: ignore[union-attr]
        if not a:
            break
        key, rest, value = a.group(1, 2, 3)
        if not rest:
            value = None
        elif value[:1] == "'" == value[-1:] or value[:1] == '"' == value[-1:]:
            value = value[1:-1]
        if value:
            value = unescape(value)
        attrs.append((key.lower(), value))
        k = a.end()
    tail = text[k:end].strip()
    if tail not in (">", "/>"):
        return None
    return (at, end, name.group(1).lower(), dict(attrs)), tail == "/>"
