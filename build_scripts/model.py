"""What a statement is once read, and the values every stage passes on: frozen, and they remember where they came from.

The types a lower stage and a higher one both name live here, so that neither imports the other for them: a topic
and the see-also thresholds (read from topics.toml, used by the linker, the pages and the search), a clause's address
and a pair's (the linker's links, the compare view, the published URLs), and a converter's type.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field

Convert = Callable[[str], str]  # text into an edition's script (convert/converter.py makes them)

# Kinds of piece a raw line is cut into. Every character of a raw statement
# lands in exactly one piece; the furniture kinds are what the site drops.
CONTENT_KINDS = ("clause", "heading")
METADATA_KINDS = ("title", "dateline", "lead", "signature", "source-note", "agency-line", "english-title",
                  "english")  # a bilingual copy's English paragraph: its clause's English text
FURNITURE_KINDS = (
    "category",  # a category prefix before the title, e.g. 2015全天候战略合作伙伴关系
    "full-text-marker",  # （全文） after the title
    "publication-stamp",  # the web page's publication date, e.g. 2015-04-21
    "font-size-widget",  # [字体：大 中 小]
    "print-link",  # 打印本页 and the spaces before it
    "publisher-line",  # 来源：新华网
    "editor-line",  # 责任编辑：…
    "print-widget",  # 【打印】
    "close-widget",  # 【关闭】
    "share-widget",  # 分享到：
    "repeated-title",  # the title again: after the lead's 全文如下：, or a page's headline
    "end-mark",  # （完） after a news-agency text
    "news-tag",  # 【本报讯】 before a newspaper's lead
    "footnote-mark",  # ① or [1] after a title, an editor's note in a collection
    "page-furniture",  # a page's metadata between the title and the body: 发布时间：… 浏览次数：…
    "outside",  # a line of a page copy before or after the document: menus, breadcrumbs, footers
    "separator",  # the full-width spaces that separate paragraphs
    "line-end",  # the newline between statements, and blank lines
)


@dataclass(frozen=True)
class Piece:
    """A slice of a raw line and what it became."""

    kind: str
    text: str
    start: int  # character offset in the line


@dataclass(frozen=True)
class Clause:
    """The unit of reading and citing."""

    anchor: str  # c7 | s3-p2 | p5 — ASCII, from the document's own structure
    label: str  # 第七条 | 第三部分第2段 | 第5段, in the edition's script
    number_text: str  # the clause's own numbering as printed, e.g. 七、 (or empty)
    body: str
    line: int = field(compare=False, repr=False, default=0)
    column: int = field(compare=False, repr=False, default=0)
    english: str = ""  # a bilingual copy's English text of the clause, its paragraphs joined with "\n"

    @property
    def text(self) -> str:
        return self.number_text + self.body


@dataclass(frozen=True)
class Heading:
    """A numbered section heading such as 一、政治关系与战略沟通."""

    anchor: str  # s1
    label: str  # 第一部分
    number_text: str  # 一、
    title: str
    line: int = field(compare=False, repr=False, default=0)
    column: int = field(compare=False, repr=False, default=0)

    @property
    def text(self) -> str:
        return self.number_text + self.title


Block = Heading | Clause


@dataclass(frozen=True)
class Statement:
    slug: str  # the date, e.g. 2010-03-21: the page's URL, never changed once published
    title: str
    date: dt.date
    place: str
    dateline: str  # as printed, e.g. （2010年3月21日，北京）; empty if the raw text has none
    lead: str  # e.g. 2010年3月21日，…发表《…》。全文如下：
    signature: str  # the signature block glued onto the last clause, as printed
    source_note: str  # e.g. （新华社北京11月2日电）
    blocks: tuple[Block, ...]
    source: str  # raw file, relative to source/
    line: int  # line of the raw file: one statement per line
    pieces: tuple[Piece, ...] = field(compare=False, repr=False, default=())
    visiting: str = ""  # from the manifest, for the timeline: the raw text does not state these as data
    receiving: str = ""
    headline: str = ""
    document_type: str = ""  # from the title: 联合声明, 联合公报, 行动计划 …
    agency_line: str = ""  # a news-agency line in the head, e.g. 新华社北京11月4日电
    script: str = "zh-Hans"  # the script the statement was received in: zh-Hans or zh-Hant
    title_from: str = field(default="text", compare=False)  # text | manifest: where each came from, for `explain`
    date_from: str = field(default="text", compare=False)
    place_from: str = field(default="text", compare=False)
    title_en: str = ""  # a bilingual page's English title, as printed
    start_rule: str = field(default="", compare=False)  # for a page copy: which evidence decided where the document
    end_rule: str = field(default="", compare=False)  # starts and ends (`explain` shows it)

    @property
    def clauses(self) -> tuple[Clause, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Clause))

    @property
    def headings(self) -> tuple[Heading, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Heading))


@dataclass(frozen=True)
class Corpus:
    """Facts about the whole collection that the raw text takes for granted."""

    parties: tuple[str, ...]
    document_type: str = ""  # a further word a title may end in, beside head.DOCUMENT_TYPES (optional)
    # What the corpus calls itself (read/naming.py derives what is not given): the site name and description in
    # Chinese, the states' names in English, the English site name, and an ASCII id for the feed's URNs.
    name: str = ""
    description: str = ""
    english_name: str = ""
    english_parties: tuple[str, ...] = ()
    id: str = ""


@dataclass(frozen=True)
class ManifestEntry:
    file: str
    line: int
    date: dt.date | None = None
    place: str | None = None
    title: str | None = None
    visiting: str = ""  # for the timeline page: who made the visit
    receiving: str = ""  # who received the visitor
    headline: str = ""  # what the visit is remembered for
    # Provenance: where the text was published. Optional; see source/manifest.toml.
    source_urls: tuple[str, ...] = ()  # the page(s) holding the text, each verified
    publisher: str = ""  # who published it, e.g. 中华人民共和国外交部, 新华社
    posted: dt.date | None = None  # when the page was posted, where known
    source_kind: str = ""  # what the source is: official (a government's page), agency (a news agency), newspaper
    evidence: str = ""  # how the source was established (a stored copy found at …), for whoever checks it next
    # What the text's own evidence cannot settle, settled by quoting the raw text (read/page_copy.py, read/structure.py).
    starts: str = ""  # the first characters of the document's first line in a page copy
    ends: str = ""  # … of its last paragraph of text
    outside: tuple[str, ...] = ()  # … of lines that are the page's, not the document's
    clause_numbers: tuple[str, ...] = ()  # … of paragraphs whose near-miss number is the clause number it looks like
    overrides: tuple[str, ...] = ()  # date, place: the entry's value replaces a different one in the text


@dataclass(frozen=True)
class Topic:
    slug: str  # ASCII, the page's URL: never renamed once published
    name: str
    terms: tuple[str, ...]
    not_within: tuple[str, ...] = ()  # longer words holding a term that name something else (经贸联委会 is not the CPEC's)
    readers: tuple[str, ...] = ()  # words readers search the topic by that no clause prints (search only, never tagging)


@dataclass(frozen=True)
class LinkParams:
    """The see-also thresholds of topics.toml's [linking] table (link/linker.py says what each means)."""

    topic_threshold: float
    wording_threshold: float
    salience: float
    max_per_statement: int
    compare_overlap: int
    max_links: int  # per clause, across the whole corpus: the list a reader sees does not grow with the corpus


@dataclass(frozen=True, order=True)
class Ref:
    """A clause's address: statement slug and anchor."""

    statement: str
    anchor: str

    def __str__(self) -> str:
        return f"{self.statement}#{self.anchor}"


# A pair slug names two clauses, the earlier first, each as <statement slug>-<anchor>: the compare view's fragment
# (compare/#<slug>) and the address a published compare URL keeps. Statement slugs are dates (read/parse.py), anchors
# c7, p3, s2-p4, c1-p2 (read/structure.py); compare-view.js parses it the same way.
PAIR = re.compile(r"(\d{4}-\d{2}-\d{2})-([a-z][a-z0-9-]*?)--(\d{4}-\d{2}-\d{2})-([a-z][a-z0-9-]*)")


def compare_slug(a: Ref, b: Ref) -> str:
    first, second = sorted((a, b))
    return f"{first.statement}-{first.anchor}--{second.statement}-{second.anchor}"


def parse_pair(slug: str) -> tuple[Ref, Ref] | None:
    """The two clauses a pair slug names, or None if it is not one."""
    m = PAIR.fullmatch(slug)
    return (Ref(m[1], m[2]), Ref(m[3], m[4])) if m else None
