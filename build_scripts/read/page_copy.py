"""A page copy → where the one statement inside it stands, and what the page printed around it.

A user who selects a whole web page and pastes it gets the document and the
page: breadcrumbs, a site header, a headline, metadata lines, a licence
footer, related links. The document is found from its own evidence, never from
a list of furniture:

- A title is a line (or up to three short lines: a title the page broke) that
  begins with a party's name, names every party of the corpus (either script,
  however joined: 和, 与, 、, a space, a line break), ends in a document type,
  and is followed only by head items (（全文）, a dateline …). A sentence
  holding a title (a lead, …发表联合公报，全文如下：) is never one.
- The body begins at the first paragraph after a title that reads as text: a
  numbered paragraph, or one ending a sentence (。！？, or ：；, which open and
  continue lists). The head is the run of titles, head items, leads and page
  metadata just before it; of several titles there (a page headline, the title
  again after a lead) the one nearest the body is the title, the others are
  repeats. Everything before the run's first piece of evidence (a title, a
  lead, a news-agency line or a dateline) is outside.
- The body ends at the first paragraph that is not text (a link, a menu, a
  signature line); a tail follows: signature block, closing date line,
  news-agency note, end mark. Where no tail stands, trailing paragraphs that
  stop sharing the document's wording are the page's (a site blurb ending in
  。); one too close to call is refused, naming it. Numbering that resumes after
  the end means furniture inside the document: refused, naming it.
- What evidence cannot settle, the user settles in the statement's manifest
  entry by quoting the raw text: starts, ends, outside = [...].

The result is a Layout: the role of every line. parse.py turns it into pieces
(every character of the page lands in one) and reads the body like any other
statement's.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from ..errors import SourceError
from ..model import Corpus, ManifestEntry
from ..text.numerals import parse_numeral
from ..text.script import is_english, to_simplified
from . import head
from .cursor import LINE_BREAK

EDGE = "\u3000 \t\u00a0\ufeff"
LINE = re.compile(r"[^\r\n]+")
PARAGRAPH = re.compile(f"[^{EDGE}\r\n](?:[{EDGE}]?[^{EDGE}\r\n])*")
SENTENCE_END = re.compile(r"[。！？：；!?:;][\u201d\u2019」』）)\]】]*$")
INNER_PUNCTUATION = re.compile(r"[。，；！？]")
_NUMERAL = "一二三四五六七八九十百〇零两"
NUMBER = re.compile(  # after NFKC: a clause number in any form statements print it, near misses included
    rf"\(\s*(?P<a>[{_NUMERAL}]+|\d{{1,3}})\s*\)|(?P<b>[{_NUMERAL}]+)\s*[、,.:､\s]"
    rf"|(?P<c>\d{{1,3}})\s*(?:[、,､:]|\.(?!\d))|第(?P<d>[{_NUMERAL}]+|\d{{1,3}})[条條]")
CIRCLED = re.compile("[\u2460-\u2473\u2776-\u277f\u2780-\u2793]")
# a signer's title or a signing mark (（签字）, …签字 at the line's end), not a word about signing (签字仪式)
SIGNATURE_WORDS = re.compile("代表|全权|全權|[（(](?:签字|簽字|签名|簽名|签署|簽署)[）)]|(?:签字|簽字|签名|簽名)$")
NAME_LINE = re.compile("[\u3400-\u9fffA-Za-z\\s\u3000·・•‧（）()'.,-]+")  # names, titles, For the Government of …
METADATA = re.compile("(?:^|[\\s|\uff5c])[^\\s：:|\uff5c]{1,8}[：:]")  # label：value, as pages print metadata
NAVIGATION = re.compile("[>»\u203a|\uff5c/·•]")
_ARROWS = "<>«»\u2039\u203a\u2190-\u21ff\u25b2-\u25c5"
ARROW = re.compile(f"^[{_ARROWS}]|[{_ARROWS}]$")  # ← 上一篇, 下一页 >: a link
TAG = re.compile("[【\\[\u3014\uff3b(（][^】\\]\u3015\uff3d)）]{1,8}[】\\]\u3015\uff3d)）]")  # [转贴], 【全文】 before a title
LABEL = re.compile("[^\\s：:。，]{1,8}[：:]")
STAMP = re.compile(r"\d{4}[-/.年]\d{1,2}")
TITLE_LINES = 3  # a title broken by the page spans at most this many lines …
TITLE_LINE_MAX = 60  # … each this short
SIGNATURE_LINE_MAX = 60
SIGNATURE_LINES = 12
LEAD_REACH = 3  # a lead stands at most this many lines before its title
# A trailing paragraph with no tail after it: the share of its character pairs joint statements use.
NEAR_COPY = 0.5  # share of two paragraphs' tokens in common above which one is a copy of the other
IN_REGISTER = 0.45  # at least this: the document's own text
OUT_OF_REGISTER = 0.15  # below this: the page's (a site blurb); between the two: the user says which
REGISTER_FILE = Path(__file__).parent / "register.txt"

Fail = Callable[[int, str], SourceError]


@dataclass(frozen=True)
class Para:
    """A non-blank line of the page, without the whitespace at its edges."""

    start: int
    text: str
    line: int = 0  # the line of the text it stands on, from 0

    @property
    def end(self) -> int:
        return self.start + len(self.text)


@dataclass(frozen=True)
class Title:
    first: int  # index of its first line
    last: int  # index of its last line
    start: int  # offset where it begins (it may cross line breaks)
    end: int


@dataclass(frozen=True)
class Layout:
    """The role of each line of the page, and which evidence decided the document's boundaries."""

    roles: tuple[str, ...]  # per Para: outside | lead | title | repeated-title | english-title | head | page-furniture
    # | body | tail
    title: Title | None
    start_rule: str
    end_rule: str


def paragraphs(text: str) -> list[Para]:
    """Lines, and within a line the parts two or more spaces apart (as in one-statement-per-line text)."""
    out, line, pos = [], 0, 0
    for m in PARAGRAPH.finditer(text):
        line += text.count("\n", pos, m.start())
        pos = m.start()
        out.append(Para(m.start(), m.group(), line))
    return out


def is_page_copy(text: str) -> bool:
    """Several lines, some of them single paragraphs: a page as copied, not one statement per line."""
    lines = [line.strip(EDGE) for line in LINE.findall(text)]
    lines = [line for line in lines if line]
    return len(lines) > 1 and any(not re.search(f"[{EDGE}]{{2,}}", line) for line in lines)


def number_of(text: str) -> int | None:
    """The value of the clause number a paragraph opens with, well formed or a near miss; None if it has none."""
    circled = CIRCLED.match(text)
    if circled:
        return unicodedata.numeric(circled.group()).__int__()
    start = "".join(ch for ch in unicodedata.normalize("NFKC", text[:16]) if unicodedata.category(ch) != "Cf")
    m = NUMBER.match(start)
    if not m:
        return None
    token = next(g for g in m.groups() if g)
    if token.isdigit():
        return int(token)
    try:
        return parse_numeral(token.replace("两", "二"))
    except ValueError:
        return None


def is_sentence(text: str) -> bool:
    """Ends a sentence, or opens a list with ： — but a bare label (作者：, 分享到：) is the page's."""
    return bool(SENTENCE_END.search(text)) and not LABEL.fullmatch(text)


def is_text(text: str) -> bool:
    """A paragraph of a document's body: numbered, or a Chinese sentence."""
    return not is_english(text) and (number_of(text) is not None or is_sentence(text))


def reads_as_text(paras: list[Para], k: int) -> bool:
    """Text, or a short line ending in ： that text follows: a list's intro (双方商定如下：), not a bare label (作者：)."""
    text = paras[k].text
    return is_text(text) or (bool(LABEL.fullmatch(text)) and k + 1 < len(paras) and is_text(paras[k + 1].text))


def looks_like_metadata(text: str) -> bool:
    """Page furniture by its shape: label：value, a time stamp, a chain of links, widgets in brackets, a word."""
    if is_sentence(text) and not text.endswith((":", "：")):
        return False
    bare = re.sub(r"[【\[].{0,12}?[】\]]", "", text).strip(EDGE)
    return (bool(METADATA.search(text)) or bool(STAMP.search(text)) or len(NAVIGATION.findall(text)) >= 2 or not bare
            or bool(ARROW.search(text)))


def is_link(text: str) -> bool:
    """A page's navigation by its shape, whatever it names: an arrow at an end (← 上一篇), a chain of links."""
    return not is_sentence(text) and (bool(ARROW.search(text)) or len(NAVIGATION.findall(text)) >= 2)


def _flat(text: str) -> str:
    return re.sub(r"\s", "", text)


def party_forms(corpus: Corpus) -> list[set[str]]:
    """Each party's name as written in either script."""
    return [head._scripts(p) for p in corpus.parties]


def named(text: str, corpus: Corpus) -> int:
    """How many parties the text names (spaces between characters ignored: 中 华 人 民 共 和 国)."""
    flat = _flat(text)
    return sum(1 for forms in party_forms(corpus) if any(f in flat for f in forms))


def names_every_party(text: str, corpus: Corpus) -> bool:
    """A corpus may list a party's former names too (尼泊尔王国, 尼泊尔联邦民主共和国): two named suffice."""
    return named(text, corpus) >= min(2, len(corpus.parties))


# Titles.

def _type_end(text: str, words: head.TitleWords) -> int | None:
    """Where a title in `text` ends: after the document type that only head items follow."""
    for t in words.types.finditer(text):
        if not text[t.end():].strip(EDGE) or head.tile(text, t.end(), len(text), head.AFTER_TITLE) is not None:
            return t.end()
    return None


def _title_at(paras: list[Para], i: int, corpus: Corpus, enough: int = 0) -> Title | None:
    """The title whose last line is paragraph i, if there is one: naming every party, or `enough` of them."""
    words = head.title_words(corpus)
    names_every_party = (lambda text, corpus: named(text, corpus) >= enough) if enough else globals()["names_every_party"]
    text = paras[i].text
    end = _type_end(text, words)
    if end is None or INNER_PUNCTUATION.search(text, 0, end):
        return None
    party = words.parties.search(text, 0, end)
    if party and names_every_party(text[party.start():end], corpus):
        prefix = text[:party.start()]  # none, or a category the page printed before the title: 2015热点 中华…
        if not prefix or head.tile(text, 0, party.start(), head.BEFORE_TITLE) is not None or (
                (prefix[-1].isspace() or TAG.fullmatch(prefix)) and not named(prefix, corpus)
                and not is_sentence(prefix.strip())):
            return Title(i, i, paras[i].start + party.start(), paras[i].start + end)
    # a title the page broke over short lines: the first begins with a party's name
    for first in range(i - 1, max(-1, i - TITLE_LINES), -1):
        lines = paras[first:i]
        if any(len(q.text) > TITLE_LINE_MAX or INNER_PUNCTUATION.search(q.text) or is_sentence(q.text) for q in lines):
            return None
        joined = "".join(q.text for q in lines) + text[:end]
        if words.parties.match(paras[first].text) and names_every_party(joined, corpus):
            return Title(first, i, paras[first].start, paras[i].start + end)
    return None


def titles(paras: list[Para], corpus: Corpus) -> list[Title]:
    found = (_title_at(paras, i, corpus) for i in range(len(paras)))
    return [t for t in found if t]


# The layout.

def _quoted(paras: list[Para], quote: str) -> int | None:
    return next((i for i, p in enumerate(paras) if p.text.startswith(quote.strip(EDGE))), None)


def _is_lead(paras: list[Para], i: int, cands: list[Title], corpus: Corpus) -> bool:
    """A sentence shortly before a title that announces it: …发表联合公报，全文如下："""
    p = paras[i]
    if not is_sentence(p.text) or number_of(p.text) is not None:
        return False
    if not any(0 < t.first - i <= LEAD_REACH for t in cands):
        return False
    return bool(head.title_words(corpus).types.search(p.text)) or p.text.endswith(("如下：", "如下:", "全文："))


def agency_lead_start(text: str) -> int:
    """Where a paragraph's text begins after a paper's tag and a news-agency line opening it (0: none opens it)."""
    tag = TAG.match(text)
    pos = tag.end() if tag else 0
    agency = head.match_item(text, pos, len(text), ("agency-line",))
    if not agency:
        return 0
    space = re.compile(f"[{EDGE}]*").match(text, agency[1].end())
    return space.end() if space else agency[1].end()


def announces(text: str, corpus: Corpus) -> bool:
    """A sentence that names the kind of document: an agency's lead (…今天在北京发表联合公报。)."""
    return is_sentence(text) and bool(head.title_words(corpus).types.search(text))


def _agency_lead(text: str) -> bool:
    """Does a lead open (after a paper's tag such as 【本报讯】) with a news-agency line: the release's own words?"""
    tag = TAG.match(text)
    return head.match_item(text, tag.end() if tag else 0, len(text), ("agency-line",)) is not None


def _evidence(p: Para, text: str) -> bool:
    """A head piece that belongs to a document: a news-agency line or a dateline."""
    items = head.tile(text, p.start, p.end, head.AFTER_TITLE) or []
    return any(kind in ("agency-line", "dateline", "date-line") for kind, _, _ in items)


def tokens(text: str) -> set[str]:
    """What two texts share when they speak of the same thing: CJK character pairs and Latin words."""
    cjk = re.findall(r"[\u3400-\u9fff]+", text)
    pairs = {run[k:k + 2] for run in cjk for k in range(len(run) - 1)}
    return pairs | {w.lower() for w in re.findall(r"[A-Za-z]{3,}", text)}


@cache
def _profile() -> frozenset[str]:
    return frozenset(REGISTER_FILE.read_text(encoding="utf-8").split())


def _near_copy(a: str, b: str) -> bool:
    x, y = tokens(to_simplified(a)), tokens(to_simplified(b))
    return bool(x | y) and len(x & y) > NEAR_COPY * len(x | y)


def register(text: str, others: list[str]) -> float:
    """The share of a paragraph's tokens (in Simplified) that joint statements use: the rest of this document,
    or the corpus's profile (tools/register_profile.py)."""
    mine = tokens(to_simplified(text))
    if not mine:
        return 0.0
    # a page repeats its blurbs, a document does not print a paragraph twice: a near copy vouches for nothing
    theirs: set[str] = set()
    for other in others:
        words = tokens(to_simplified(other))
        if len(words & mine) <= NEAR_COPY * len(words | mine):
            theirs |= words
    return len(mine & (theirs | _profile())) / len(mine)


def _signature_line(text: str, corpus: Corpus, started: bool) -> bool:
    """A line of a signature block as printed: a party or a signing word, then names, titles, English lines."""
    if len(text) > SIGNATURE_LINE_MAX or is_sentence(text) or INNER_PUNCTUATION.search(text):
        return False
    if named(text, corpus) or SIGNATURE_WORDS.search(text):
        return not METADATA.search(text)
    return started and bool(NAME_LINE.fullmatch(text))


DOCUMENT_TAIL = ("source-note", "end-mark", "agency-line", "date-line", "dateline")  # the page's editor lines are not


def _tail_item(p: Para, text: str) -> bool:
    return head.tile(text, p.start, p.end, DOCUMENT_TAIL) is not None


def layout(text: str, paras: list[Para], corpus: Corpus, entry: ManifestEntry | None, fail: Fail) -> Layout:
    """The role of each line of the page; SourceErrors for what the evidence leaves open."""
    n = len(paras)
    roles = ["outside"] * n
    forced_out = set()
    for q in (entry.outside if entry else ()):
        found = _quoted(paras, q)
        if found is None:
            raise fail(0, f"outside = [{q!r}] in manifest.toml names no line of this file: expected the first "
                          f"characters of a line as printed")
        forced_out.add(found)
    starts = _quoted(paras, entry.starts) if entry and entry.starts else None
    if entry and entry.starts and starts is None:
        raise fail(0, f"starts = {entry.starts!r} in manifest.toml names no line of this file: expected the first "
                      f"characters of the document's first line as printed")
    cands = titles(paras, corpus)
    title_lines = {k: t for t in cands for k in range(t.first, t.last + 1)}
    first_title = min((t.first for t in cands), default=None)
    if first_title is None and starts is None:
        raise fail(paras[0].start if paras else 0, no_title(corpus))
    # The body: the longest run of text after a title (or the text after `starts`).
    if starts is not None:  # the user's word: the first text from there on, past titles and head items
        body = next((i for i in range(starts, n) if i not in title_lines and i not in forced_out
                     and not head_item(paras[i], text) and not _is_lead(paras, i, cands, corpus)
                     and reads_as_text(paras, i)), None)
    else:
        runs = {t.last: _text_after(paras, t.last + 1, title_lines, forced_out, cands, corpus, text) for t in cands}
        best = max(runs, key=lambda last: (runs[last][1], -last))
        body = runs[best][0]
        rivals = [t for t in cands if runs[t.last][1] >= 2 and t.last != best
                  and one_line(text[t.start:t.end]) != one_line(text[cands_by_last(cands)[best].start:
                                                                       cands_by_last(cands)[best].end])]
        if rivals and runs[best][1] >= 2:
            a, b = sorted([rivals[0], cands_by_last(cands)[best]], key=lambda t: t.start)
            raise fail(b.start, f"two documents in this copy: {quote_text(one_line(text[a.start:a.end]))} and "
                                f"{quote_text(one_line(text[b.start:b.end]))}, each followed by text; expected one "
                                f"statement per page copy: say which in this statement's entry in manifest.toml, "
                                f"starts = {toml_quote(paras[b.first].text)} (and ends = \"<its last "
                                f"paragraph's first characters>\" if the other follows it)")
        _check_other_documents(paras, cands, body, corpus, text, fail)
    if body is None:
        at = paras[starts if starts is not None else first_title or 0].start
        raise fail(at, "a title but no text after it: expected numbered clauses or paragraphs ending in 。 after the "
                       "title (is the page cut short, or is this a list of links to the statement?)")
    title = max((t for t in cands if t.last < body), key=lambda t: t.last, default=None)
    # The head: back from the body over titles, head items, leads and page metadata to the first evidence.
    run = body
    while run > (starts if starts is not None else 0):
        k = run - 1
        p = paras[k]
        if not (k in title_lines or head_item(p, text) or _is_lead(paras, k, cands, corpus) or k in forced_out
                or not is_text(p.text)):
            break
        run = k
    if starts is not None:
        head_start, start_rule = starts, f"manifest.toml starts = {quote_text(paras[starts].text)}"
    else:
        evidence = [k for k in range(run, body) if k in title_lines or _is_lead(paras, k, cands, corpus)
                    or _evidence(paras[k], text)]
        head_start = evidence[0]
        what = ("a title" if head_start in title_lines else "a lead before the title"
                if _is_lead(paras, head_start, cands, corpus) else "a news-agency line or dateline before the title")
        start_rule = f"line {_line(text, paras[head_start])}: {what}"
    for k in range(head_start, body):
        p = paras[k]
        if k in forced_out:
            continue
        if title and title.first <= k <= title.last:
            roles[k] = "title"
        elif k in title_lines:
            roles[k] = "repeated-title"
        elif _is_lead(paras, k, cands, corpus):  # the agency's own release lead is the document's; a page's framing
            roles[k] = "lead" if _agency_lead(p.text) else "outside"  # of it (据新华社报道…全文如下：) is not
        elif head_item(p, text):
            roles[k] = "head"
        elif is_english(p.text) and title and all(roles[j] in ("title", "head") for j in range(title.last + 1, k)):
            roles[k] = "english-title"  # a bilingual page's title in English, just under the Chinese one
        elif (not is_text(p.text) and not named(p.text, corpus)) or LABEL.match(p.text) or is_link(p.text) or (
                looks_like_metadata(p.text) and not names_every_party(p.text, corpus)):
            roles[k] = "page-furniture"  # a link, a widget, metadata: nothing a document prints between title and text
        else:
            raise fail(p.start, f"unexpected text {quote_text(p.text)} between the title and the body: expected a "
                                f"dateline, a lead ending in 全文如下：, or page metadata (label：value, a date, links); "
                                f"if it is the page's, add outside = [{toml_quote(p.text)}] to this statement's "
                                f"entry in manifest.toml")
    # A footnote to the title (its mark, ① or [1], opening a later line) is the editor's: the document ends before it.
    mark = _footnote_mark(paras[title.last].text) if title else ""
    if mark:
        n = next((k for k in range(body + 1, n) if paras[k].text.startswith(mark)), n)
    # The body runs while paragraphs read as text (English ones too, in a bilingual copy).
    bilingual = sum(1 for k in range(body + 1, n) if is_english(paras[k].text) and is_text(paras[k - 1].text)) >= 2
    end = body
    ends = _quoted(paras, entry.ends) if entry and entry.ends else None
    if entry and entry.ends and (ends is None or ends < body):
        raise fail(0, f"ends = {entry.ends!r} in manifest.toml names no line of the document's body: expected the "
                      f"first characters of its last paragraph as printed")
    if ends is not None:
        end = ends + 1
    breaks = _page_breaks(paras)
    while ends is None and end < n and (end in forced_out or reads_as_text(paras, end)
                                        or (bilingual and is_english(paras[end].text))
                                        or (end in breaks and _text_after_breaks(paras, body, end, breaks, n))):
        if end in breaks:
            forced_out.add(end)  # a printed page's number or running head between two paragraphs of text
        end += 1
    for k in range(body, end):
        roles[k] = "outside" if k in forced_out else "body"
    # The tail: a signature block, a closing date line, a news-agency note, an end mark.
    tail_end, signing = end, False
    while tail_end < n and paras[tail_end].line - paras[end - 1].line <= SIGNATURE_LINES:
        p = paras[tail_end]
        if _tail_item(p, text):
            signing = False  # a date line or note closes a signature block
        elif _signature_line(p.text, corpus, signing):
            signing = True
        else:
            break
        roles[tail_end] = "tail"
        tail_end += 1
    if ends is not None:
        end_rule = f"manifest.toml ends = {quote_text(paras[ends].text)}"
    elif tail_end > end:
        end_rule = f"line {_line(text, paras[tail_end - 1])}: the document's tail (signature, date line or note)"
    else:
        end = _trailing(paras, roles, body, end, fail)
        end_rule = (f"line {_line(text, paras[end - 1])}: its last paragraph of text"
                    + (f"; line {_line(text, paras[end])} is the page's" if end < n else ""))
    last = max((k for k in range(body, max(end, tail_end)) if roles[k] == "body"), default=body)
    _check_resumed(paras, roles, last, fail)
    return Layout(tuple(roles), title, start_rule, end_rule)


def _check_other_documents(paras: list[Para], cands: list[Title], body: int | None, corpus: Corpus, text: str,
                           fail: Fail) -> None:
    """A second title of a document between the parties, however it names them (斐济政府 for 斐济共和国), with text
    of its own under it: the copy holds two documents, and which one is meant is the user's to say."""
    title_lines = {k for t in cands for k in range(t.first, t.last + 1)}
    for i in range(len(paras)):
        other = None if i in title_lines else _title_at(paras, i, corpus, enough=1)
        if other is None or body is None or other.last + 1 == body:
            continue
        start, run = _text_after(paras, other.last + 1, {}, set(), cands, corpus, text)
        if start is not None and run >= 2 and start != body:
            mine = max((t for t in cands if t.last < body), key=lambda t: t.last, default=None)
            named_mine = quote_text(one_line(text[mine.start:mine.end])) if mine else "the statement"
            first = toml_quote(paras[mine.first].text) if mine else '"<the first characters of its first line>"'
            raise fail(other.start, f"two documents in this copy: {quote_text(one_line(text[other.start:other.end]))}"
                                    f" has text of its own under it, beside {named_mine} at line "
                                    f"{paras[body].line + 1}; expected one statement per page copy: say which in this "
                                    f"statement's entry in manifest.toml: starts = {first} for {named_mine} (or the "
                                    f"first characters of the other's first line, and ends = those of its last "
                                    f"paragraph)")


PAGE_NUMBER = re.compile("[-—\\u2013\\s]*(?:第\\s*)?[0-9]{1,4}\\s*(?:页|頁)?[-—\\u2013\\s]*|\\f")


def _page_breaks(paras: list[Para]) -> set[int]:
    """Lines a printed book puts between pages: a page number (— 112 —, 第12页), or a running head — a line that is
    not text and stands more than once in the copy."""
    seen: dict[str, int] = {}
    for p in paras:
        seen[p.text] = seen.get(p.text, 0) + 1
    return {k for k, p in enumerate(paras) if not is_sentence(p.text)
            and (PAGE_NUMBER.fullmatch(p.text) or (seen[p.text] > 1 and number_of(p.text) is None))}


def _text_after_breaks(paras: list[Para], body: int, k: int, breaks: set[int], n: int) -> bool:
    """Does the document's text go on after the page break at k: text that speaks like what came before it?"""
    before = [p.text for p in paras[body:k]]
    while k < n and k in breaks:
        k += 1
    return k < n and is_text(paras[k].text) and register(paras[k].text, before) >= IN_REGISTER


def _footnote_mark(text: str) -> str:
    """The footnote mark a title line ends with (联合公报①), if any."""
    m = re.search(f"(?:{head.KINDS['footnote-mark'].pattern})$", text)
    return m.group() if m else ""


def cands_by_last(cands: list[Title]) -> dict[int, Title]:
    return {t.last: t for t in cands}


def one_line(text: str) -> str:
    """A title the page broke over lines, as one line: Chinese joins its lines without a space."""
    return re.sub(r"\s*[\r\n]+\s*", "", text)


def _text_after(paras: list[Para], k: int, title_lines: dict[int, Title], forced_out: set[int], cands: list[Title],
                corpus: Corpus, text: str) -> tuple[int | None, int]:
    """The first paragraph of text from k on (past head items, leads, page furniture), and how many paragraphs of
    text run from there before a title or a paragraph that is not text."""
    first = None
    while k < len(paras):
        if k in forced_out or head_item(paras[k], text) or _is_lead(paras, k, cands, corpus):
            k += 1
            continue
        if k in title_lines or not reads_as_text(paras, k):
            if first is not None:
                break
            if k in title_lines:
                return None, 0
            k += 1
            continue
        first = k if first is None else first
        k += 1
    return first, (k - first if first is not None else 0)


def _trailing(paras: list[Para], roles: list[str], body: int, end: int, fail: Fail) -> int:
    """Where the text ends when no tail marks it: unnumbered paragraphs after the last numbered one that the rest
    of the document does not speak like are the page's."""
    numbered_at = [k for k in range(body, end) if roles[k] == "body" and number_of(paras[k].text) is not None]
    floor = numbered_at[-1] + 1 if numbered_at else body + 1
    while floor > body + 1 and any(_near_copy(paras[floor - 1].text, paras[k].text) for k in range(floor, end)):
        floor -= 1  # a page repeats its blurbs; a document does not print a paragraph twice: a copy is a candidate
    # weighed against the text before any candidate, so two blurbs never vouch for each other
    others = [paras[j].text for j in range(body, floor) if roles[j] == "body"]
    k = end - 1
    while k >= floor:
        if roles[k] != "body":
            k -= 1
            continue
        score = register(paras[k].text, others)
        if score >= IN_REGISTER:
            break
        if score >= OUT_OF_REGISTER:
            p = paras[k]
            raise fail(p.start, f"cannot tell whether {quote_text(p.text)} ends the document or is the page's "
                                f"({score:.0%} of its wording is the document's): say which in this statement's entry "
                                f"in manifest.toml, ends = {toml_quote(p.text)} if it is the document's last "
                                f"paragraph, or outside = [{toml_quote(p.text)}] if it is the page's")
        roles[k] = "outside"
        end = k
        k -= 1
    return end


def _check_resumed(paras: list[Para], roles: list[str], last: int, fail: Fail) -> None:
    """Numbering that goes on after the document's end — the next number in the form of the document's first, or
    a first number under text that speaks like the document's — means page furniture cut the document in two."""
    body = [paras[k].text for k in range(last + 1) if roles[k] == "body"]
    numbered = [(form_of(t), v) for t in body if (v := number_of(t)) is not None]
    for k in range(last + 1, len(paras)):
        p = paras[k]
        if roles[k] != "outside" or not is_text(p.text) or number_of(p.text) is None:
            continue
        if numbered:
            top = numbered[0][0]
            expected = max(v for f, v in numbered if f == top) + 1
            resumes = form_of(p.text) == top and number_of(p.text) == expected
        else:
            resumes = number_of(p.text) == 1 and register(p.text, body) >= IN_REGISTER
        if resumes:
            stop = paras[last + 1]
            raise fail(stop.start, f"the document seems to go on after {quote_text(stop.text)}: "
                                   f"{quote_text(p.text)} further down continues its numbering; if "
                                   f"{quote_text(stop.text)} is the page's, add outside = "
                                   f"[{toml_quote(stop.text)}] to this statement's entry in manifest.toml, or "
                                   f"ends = {toml_quote(paras[last].text)} if the document ends before it")


def form_of(text: str) -> str:
    """The form of a paragraph's number, coarsely: bracketed, circled, 第…条, a Chinese numeral or digits."""
    if CIRCLED.match(text):
        return "circled"
    start = unicodedata.normalize("NFKC", text[:16])
    m = NUMBER.match(start)
    if not m:
        return ""
    return "bracket" if m["a"] else "article" if m["d"] else "chinese" if m["b"] else "digits"


def no_title(corpus: Corpus) -> str:
    parties = "和".join(corpus.parties[:2])
    return (f"no title naming the parties in this page: expected a line such as {parties}"
            f"{corpus.document_type or '联合声明'} (the parties joined by 和, 与, 、, a space or a line break); if the "
            f"text prints none, give title = \"…\" and starts = \"<the first characters of the document's first line>\" "
            f"in this statement's entry in manifest.toml")


def head_item(p: Para, text: str) -> bool:
    return head.tile(text, p.start, p.end, head.AFTER_TITLE) is not None


def toml_quote(text: str, length: int = 12) -> str:
    """The first characters of a line as advice quotes them: a TOML string to paste into manifest.toml as is."""
    return json.dumps(text[:length], ensure_ascii=False)


def quote_text(text: str, limit: int = 24) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _line(text: str, p: Para) -> int:
    """The file line a paragraph begins on, as an editor counts it (CR, LF and CRLF each end a line, as in Cursor)."""
    return len(LINE_BREAK.findall(text, 0, p.start)) + 1
