"""What publishers print around a statement's body, recognised by name, in one place.

A statement's head is its title and whatever a publisher puts around it: a
news-agency line (新华社北京11月4日电), a dateline （2010年3月21日，北京） or a
bare date line (2010年3月21日, 二〇一〇年三月二十一日于北京), and page furniture
(（全文）, a publication stamp, [字体：大 中 小], 打印本页, 来源：新华网,
责任编辑：…, 【打印】【关闭】, 分享到：). Its tail may hold a news-agency note
（新华社北京11月2日电）, a date line, and the same furniture.

Every kind is one named entry of ITEMS, each a bounded pattern: text that
matches none is never dropped — it is body text, or an error. BEFORE_TITLE,
AFTER_TITLE and TAIL say where each kind may stand, and the take_* functions
walk the parser's cursor over them. Title search and tail search look at each
character a bounded number of times, so a line costs time linear in its length.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from ..model import Corpus, Piece
from ..text.numerals import parse_numeral
from ..text.script import spellings

SPACE = "\u3000 \t\u00a0"
_NUM = "[一二三四五六七八九十]{1,3}"
YEAR = "(?:[0-9\uff10-\uff19]{4}|[〇零0○一二三四五六七八九]{4})"
DATE = rf"(?P<y>{YEAR})年(?P<m>[0-9\uff10-\uff19]{{1,2}}|{_NUM})月(?P<d>[0-9\uff10-\uff19]{{1,2}}|{_NUM})日"
PLACE = r"[^\s（）()，,。：:、；;0-9\uff10-\uff19]{1,20}"
_END_OF_PARAGRAPH = f"(?=[{SPACE}]{{2,}}|$)"
_MONTH_DAY = rf"(?:[0-9\uff10-\uff19]{{1,2}}|{_NUM})月(?:[0-9\uff10-\uff19]{{1,2}}|{_NUM})日"
_NAME = r"[^\s\d（）()【】\[\]：:，。]"

# Every piece of a head or tail, by kind. Order matters only where two could match at one place.
ITEMS: tuple[tuple[str, re.Pattern[str]], ...] = tuple((kind, re.compile(pattern)) for kind, pattern in (
    ("dateline", rf"[（(]{DATE}(?:[，,、]\s?(?P<place>{PLACE}))?[）)]"),  # （2010年3月21日，北京）
    ("date-line", rf"{DATE}(?:(?:[，,]\s?|于|於|\s)(?P<place>{PLACE}))?{_END_OF_PARAGRAPH}"),  # 2010年3月21日，北京
    # 新华社北京11月4日电, 本报北京一九七二年二月二十八日讯, 新华社乌兰巴托十日电: any agency or paper (…社, …报), a
    # place, a date (the day at least), 电 or 讯
    ("agency-line", rf"[\u4e00-\u9fff]{{0,5}}?[社报報][^\s，。：:（）()0-9\uff10-\uff19年月日]{{0,12}}?"
                    rf"(?:(?P<y>{YEAR})年)?(?:(?P<m>[0-9\uff10-\uff19]{{1,2}}|{_NUM})月)?(?P<d>[0-9\uff10-\uff19]{{1,2}}|{_NUM})日"
                    r"[电電讯訊]"),
    ("source-note", r"（[^（）]{1,40}[电電讯訊]）"),  # （新华社北京11月2日电）
    ("end-mark", r"[（(【\[]完[）)】\]]"),  # （完）
    # 联合公报① or [1]: an editor's footnote mark after a title in a collection
    ("footnote-mark", "[\u2460-\u2473]|[\\[\uff3b][0-9]{1,2}[\\]\uff3d]|[\u00b9\u00b2\u00b3\u2070-\u2079]+|[*\uff0a]{1,3}"),
    ("full-text-marker", r"（全文）"),
    ("publication-stamp", r"(?:(?:发布时间|發佈時間|发布日期|發布日期)[：:]\s?)?\d{4}-\d{2}-\d{2}(?: \d{2}:\d{2}(?::\d{2})?)?"),
    ("font-size-widget", r"[\[【]?字[体号體號]\s?[：:]?\s?[\[【]?大[\]】]?\s?[\[【]?中[\]】]?\s?[\[【]?小[\]】]?[\]】]?"),
    ("print-link", rf"[{SPACE}]*打印本页"),
    ("publisher-line", rf"(?:来源|來源|稿源)[：:]\s?(?:(?!责任编辑|責任編輯){_NAME}){{1,20}}"),  # 来源：新华网
    ("editor-line", rf"[（(【\[]?(?:责任编辑|責任編輯)[：:]\s?{_NAME}{{1,12}}[）)】\]]?"),  # 责任编辑：张三
    ("print-widget", r"[【\[](?:打印|列印)(?:本页|本頁|此页)?[】\]]|(?:打印|列印)(?:此页|本頁)"),  # 【打印】
    ("close-widget", r"[【\[](?:关闭|關閉)(?:窗口|視窗|本页)?[】\]]|(?:关闭|關閉)(?:窗口|視窗)"),  # 【关闭】
    ("share-widget", r"分享到[：:]?"),
))
KINDS = dict(ITEMS)
DATE_KINDS = ("dateline", "date-line")
# Where each may stand: before the title, glued after it or in paragraphs after it, at the end of the statement.
BEFORE_TITLE = ("agency-line", "publisher-line", "publication-stamp", "editor-line")
AFTER_TITLE = ("footnote-mark", "full-text-marker", "publication-stamp", "font-size-widget", "print-link", "dateline", "date-line",
               "agency-line", "publisher-line", "editor-line", "print-widget", "close-widget", "share-widget")
TAIL = ("source-note", "end-mark", "agency-line", "date-line", "dateline", "publisher-line", "editor-line", "publication-stamp",
        "print-widget", "close-widget", "share-widget", "font-size-widget")

DOCUMENT_TYPES = ("联合新闻公报", "联合新闻声明", "联合新闻稿", "联合公报", "联合声明", "联合宣言", "联合文件", "行动计划")
SPACE_RUN = re.compile(f"[{SPACE}]+")
TAIL_MAX = 200  # characters a paragraph of tail furniture may have: the look back for one stays bounded
TITLE_MAX = 200  # characters from a party's name to the document type: bounds the title search, so it is linear
DATE_EXAMPLE = "（2010年3月21日，北京）, a line 2010年3月21日 or 二〇一〇年三月二十一日于北京"
_TITLE_STOP = frozenset(f"{SPACE}（）()\n\r")


class Cursor(Protocol):
    """The parser's walk along one raw line (cursor.Cursor): the pieces it recorded, and where it stands."""

    line: str
    pos: int
    pieces: list[Piece]

    def add(self, kind: str, start: int, end: int) -> None: ...

    def aside(self, kind: str, start: int, end: int) -> None: ...


def match_item(line: str, pos: int, end: int, kinds: tuple[str, ...]) -> tuple[str, re.Match[str]] | None:
    """The first of `kinds` that matches at pos (not past end), with its match."""
    for kind in kinds:
        m = KINDS[kind].match(line, pos, end)
        if m and m.end() > pos:
            return kind, m
    return None


def read_date(m: re.Match[str]) -> dt.date:
    """The date of a dateline or date line match; ValueError if it is not a real date."""
    return dt.date(_year(m["y"]), _number(m["m"]), _number(m["d"]))


def _year(text: str) -> int:
    digits = "〇一二三四五六七八九"
    return int("".join(str(digits.index(ch)) if ch in digits else "0" if ch in "零○" else ch for ch in text))


def _number(text: str) -> int:
    return int(text) if text.isdigit() else parse_numeral(text)


@dataclass(frozen=True)
class TitleWords:
    """The words a title is recognised by: party names and document types, in both scripts."""

    parties: re.Pattern[str]
    types: re.Pattern[str]


@cache
def title_words(corpus: Corpus) -> TitleWords:
    types = {*DOCUMENT_TYPES, *([corpus.document_type] if corpus.document_type else [])}
    return TitleWords(_alternatives(corpus.parties), _alternatives(tuple(types)))


def _alternatives(words: tuple[str, ...]) -> re.Pattern[str]:
    forms = {form for w in words for form in _scripts(w)}
    return re.compile("|".join(re.escape(f) for f in sorted(forms, key=lambda f: (-len(f), f))))


def _scripts(word: str) -> set[str]:
    return spellings(word)


def find_title(line: str, begin: int, end: int, words: TitleWords) -> tuple[int, int, str] | None:
    """(start, end, document type) of the first title in line[begin:end]: a party's name, then within TITLE_MAX
    characters and no space or bracket, a document type; extended to the last document type before a space or bracket
    (…关于落实联合声明的行动计划). Each character is looked at a bounded number of times."""
    for t in words.types.finditer(line, begin, end):
        window = max(begin, t.start() - TITLE_MAX)
        stop = max((i for i in range(t.start() - 1, window - 1, -1) if line[i] in _TITLE_STOP), default=window - 1)
        party = words.parties.search(line, stop + 1, t.start())
        if party:
            title_end, doc_type = t.end(), t.group()
            for more in words.types.finditer(line, t.end(), min(end, t.start() + TITLE_MAX)):
                if any(ch in _TITLE_STOP for ch in line[title_end:more.start()]):
                    break
                title_end, doc_type = more.end(), more.group()
            return party.start(), title_end, doc_type
    return None


# Where each kind may stand, walked with the parser's cursor.

def take_tail(cur: Cursor, end: int) -> int:
    """Trailing paragraphs made only of tail pieces (a news-agency note, a date line, publisher furniture);
    where the statement's text ends before them."""
    while True:
        text_end = end
        while text_end > 0 and cur.line[text_end - 1] in SPACE:
            text_end -= 1
        start = _paragraph_start(cur.line, text_end)
        items = tile(cur.line, start, text_end, TAIL)
        if start == 0 or not items:
            return end
        sep = start
        while sep > 0 and cur.line[sep - 1] in SPACE:
            sep -= 1
        cur.aside("separator", sep, start)
        for kind, s, e in items:
            cur.aside(piece_kind(kind), s, e)
        if text_end < end:
            cur.aside("separator", text_end, end)
        end = sep


def _paragraph_start(line: str, end: int) -> int:
    """Where the paragraph ending at `end` begins: after the last run of two or more spaces (a bounded look back)."""
    i = end
    while i > 1 and not (line[i - 1] in SPACE and line[i - 2] in SPACE):
        i -= 1
        if end - i > TAIL_MAX:
            return end  # too long for furniture: nothing to tile
    return i if i > 1 else 0


def tile(line: str, start: int, end: int, kinds: tuple[str, ...]) -> list[tuple[str, int, int]] | None:
    """line[start:end] cut wholly into pieces of `kinds` (single spaces between them count as separators), or None."""
    out, pos = [], start
    while pos < end:
        space = SPACE_RUN.match(line, pos, end)
        if space:
            out.append(("separator", pos, space.end()))
            pos = space.end()
            continue
        found = match_item(line, pos, end, kinds)
        if not found:
            return None
        out.append((found[0], pos, found[1].end()))
        pos = found[1].end()
    return out if any(kind != "separator" for kind, _, _ in out) else None


def take_items(cur: Cursor, end: int, kinds: tuple[str, ...], once: set[str]) -> None:
    """Take pieces of `kinds` at the cursor, with the whitespace between them, while one matches.
    A kind in `once` (a dateline) is taken at most once."""
    dated = any(p.kind == "dateline" for p in cur.pieces)
    while cur.pos < end:
        allowed = tuple(k for k in kinds if k not in once or not dated)
        found = match_item(cur.line, cur.pos, end, allowed)
        space = SPACE_RUN.match(cur.line, cur.pos, end)
        if not found and space:
            found = match_item(cur.line, space.end(), end, allowed)
            if found:
                cur.add("separator", space.start(), space.end())
        if not found:
            return
        cur.add(piece_kind(found[0]), found[1].start(), found[1].end())
        dated = dated or found[0] in DATE_KINDS


def piece_kind(item: str) -> str:
    return "dateline" if item == "date-line" else item


def take_head_paragraphs(cur: Cursor, paragraphs: list[tuple[int, str]]) -> int:
    """How many leading paragraphs are made only of head pieces (a dateline or date line, a news-agency line,
    furniture); their pieces recorded."""
    has_date = any(p.kind == "dateline" for p in cur.pieces)
    taken = 0
    for start, text in paragraphs:
        kinds = tuple(k for k in AFTER_TITLE if not (has_date and k in DATE_KINDS))
        items = tile(cur.line, start, start + len(text), kinds)
        if not items or sum(k in DATE_KINDS for k, _, _ in items) > (0 if has_date else 1):
            break
        taken += 1
        for kind, s, e in items:
            cur.aside(piece_kind(kind), s, e)
            has_date = has_date or kind in DATE_KINDS
    return taken
