"""Where each statement's text comes from, and what the site says about itself in its footer.

Provenance is what source/manifest.toml records (the addresses of the pages holding the text, what they are —
a government's own page, a news agency's release, a newspaper's republication —, the publisher, the posting
date) completed by what the raw text itself proves: the publication stamp its page carried (`2015-04-21`) is a
posting date, and a news-agency note (`（新华社北京11月2日电）`) names a publisher, a news agency, and its date.
Nothing is guessed: a field nobody recorded stays empty and the page says it could not be established.

The citation publisher (`citation_publisher`, the CSL, RIS and BibTeX publisher, `DC.publisher`, the JSON-LD
publisher) follows one rule, `citation_publisher`: the publisher of the recorded source, else the site's name.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ..model import ManifestEntry, Statement
from ..text.numerals import cn_date, parse_numeral

AGENCY = re.compile(r"^[（(]?\s*(\S+?社)")  # （新华社北京11月2日电）, 新华社北京11月4日电 → 新华社
_DAY = "[0-9]{1,2}|[一二三四五六七八九十]{1,3}"
NOTE_DATE = re.compile(rf"(?:([0-9]{{4}})年)?({_DAY})月({_DAY})日[电電讯訊]")  # …11月2日电 → 11-02
# What a source is, as the statement page names it (in the edition's script once converted).
KINDS = {"official": "官方网页", "agency": "通讯社", "newspaper": "报刊转载"}
# What the footer says the 来源 line gives; source_line gives exactly that on every statement page.
FOOTER_SOURCES = ("文本来源：两国政府发表的联合声明。各声明页的“来源”一栏列出文本的发布者及其性质（官方网页、通讯社或报刊转载）、"
                  "发布日期和网址，注明据原文推知的项目所据；未能确定或未能核实的项目照实注明。")
# The licences and the address for reports. The code's licence is the repository's; the statements are
# official documents of state organs, which the Copyright Law of the PRC (art. 5) leaves unprotected.
LICENCE = {
    "code": "MIT",
    "data": "CC0 1.0",
    "texts": "联合声明文本为两国政府发表的官方文件（《中华人民共和国著作权法》第五条：不适用于该法）",
}


@dataclass(frozen=True)
class Provenance:
    source_urls: tuple[str, ...]
    publisher: str
    posted: dt.date | None
    posted_from: str  # "manifest", "page" (the publication stamp in the raw text), "note" (its agency note) or ""
    publisher_from: str  # "manifest", "note" (the news-agency note in the raw text) or ""
    kind: str = ""  # what the source is: "official", "agency", "newspaper", or "" when nothing is known

    def record(self) -> dict:
        """The JSON form, for clauses.json and the citation files."""
        return {"source_urls": list(self.source_urls), "publisher": self.publisher or None,
                "posted": self.posted.isoformat() if self.posted else None, "kind": self.kind or None}


def provenance(statement: Statement, entry: ManifestEntry | None) -> Provenance:
    """The manifest's record, completed by the raw text: its agency note (publisher and date), its page's stamp."""
    note = statement.source_note or statement.agency_line
    agency = AGENCY.match(note)
    if entry and entry.publisher:
        publisher, publisher_from = entry.publisher, "manifest"
    else:
        publisher, publisher_from = (agency.group(1), "note") if agency else ("", "")
    kind = entry.source_kind if entry and entry.source_kind else "agency" if publisher_from == "note" else ""
    dispatched = _note_date(note, statement.date) if publisher_from == "note" else None
    posted: dt.date | None
    if entry and entry.posted:
        posted, posted_from = entry.posted, "manifest"
    elif dispatched:  # the agency's own date, rather than that of the page the text was copied from
        posted, posted_from = dispatched, "note"
    else:
        posted, posted_from = _stamp(statement)
    return Provenance(entry.source_urls if entry else (), publisher, posted, posted_from, publisher_from, kind)


def _note_date(note: str, issued: dt.date) -> dt.date | None:
    """The date of an agency note (…11月2日电): its year is the statement's, or the next when the note's month and day
    come before the statement's (a note of 1月3日 for a statement of 12月30日)."""
    m = NOTE_DATE.search(note)
    if not m:
        return None
    try:
        month, day = (int(x) if x.isdigit() else parse_numeral(x) for x in m.group(2, 3))
        if m.group(1):
            return dt.date(int(m.group(1)), month, day)
        found = dt.date(issued.year, month, day)
        return found if found >= issued else dt.date(issued.year + 1, month, day)
    except ValueError:
        return None


def _stamp(statement: Statement) -> tuple[dt.date | None, str]:
    for piece in statement.pieces:
        if piece.kind == "publication-stamp":
            try:
                return dt.date.fromisoformat(piece.text), "page"
            except ValueError:
                return None, ""
    return None, ""


def citation_publisher(prov: Provenance, site_name: str) -> str:
    """The one publisher every citation format gives: the publisher of the recorded source (the manifest's, else
    the news agency the raw text's own note names), else the site's name, the publisher of this edition."""
    return prov.publisher or site_name


def source_line(prov: Provenance | None, convert) -> tuple[tuple[str, str], ...]:
    """The statement page's 来源: (text, address) pieces, an address "" for plain text. Three items, each given or
    said to be unknown — the publisher and what it is, the posting date, the address — each with what it rests on
    when the raw text is the evidence. The footer says so (`footer`): a test holds every page to it."""
    p = prov or Provenance((), "", None, "", "")
    how = {"note": "据文末电头", "page": "据原网页日期"}
    if p.publisher:
        marks = "，".join(x for x in (KINDS.get(p.kind, ""), how.get(p.publisher_from, "")) if x)
        who = f"{p.publisher}（{convert(marks)}）" if marks else p.publisher
    else:
        who = convert("发布者未能确定")
    when = (convert(f"{cn_date(p.posted)}发布") + (convert(f"（{how[p.posted_from]}）") if p.posted_from in how else "")
            if p.posted else convert("发布日期未能确定"))
    pieces: list[tuple[str, str]] = [(f"{who}；{when}；", "")]
    if p.source_urls:
        for i, url in enumerate(p.source_urls):
            pieces += [("、", "")] * bool(i) + [(url, url)]
    else:
        pieces.append((convert("网址未能核实"), ""))
    return tuple(pieces)


def corpus_provenance(entries: dict[tuple[str, int], ManifestEntry], statements: list[Statement]
                      ) -> dict[str, Provenance]:
    """Provenance per statement slug, from the manifest's entries (by raw file and line)."""
    return {s.slug: provenance(s, entries.get((s.source, s.line))) for s in statements}


def footer(statements: list[Statement], convert, repo: str) -> dict:
    """What every page's footer says, in the edition's script; the date is the latest statement's, never the clock's.
    repo is REPO_URL as the Settings hold it: an http(s) address, checked and escaped, never a javascript: link."""
    latest = max(s.date for s in statements)
    return {
        "collection": convert(f"收录 {len(statements)} 份联合声明，最新一份发表于 {latest.year}年{latest.month}月{latest.day}日。"),
        "sources": convert(FOOTER_SOURCES),
        "licence": convert(f"代码采用 {LICENCE['code']} 许可；整理的数据采用 {LICENCE['data']}；{LICENCE['texts']}。"),
        "report": convert("发现错字、漏字或转换错误？"),
        "report_link": convert("请在本项目的代码仓库提交问题报告") if not repo else convert("提交问题报告"),
        "report_url": f"{repo}/issues" if repo else "",
        "latest": latest.isoformat(),
    }


def converted(prov: Provenance, convert) -> Provenance:
    """The provenance in an edition's script (a publisher's name is text a reader sees; URLs are not)."""
    return Provenance(prov.source_urls, convert(prov.publisher) if prov.publisher else "", prov.posted,
                      prov.posted_from, prov.publisher_from, prov.kind)


def add_to_records(records: list[dict], by_slug: dict[str, Provenance]) -> None:
    """clauses.json: each clause says where its statement's text comes from."""
    for r in records:
        r["source"] = by_slug[r["statement"]].record()
