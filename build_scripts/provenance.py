"""Where each statement's text comes from, and what the site says about itself in its footer.

Provenance is what source/manifest.toml records (official page addresses, the
publisher, the posting date) completed by what the raw text itself proves: the
publication stamp its page carried (`2015-04-21`) is a posting date, and a
news-agency note (`（新华社北京11月2日电）`) names a publisher. Nothing is guessed:
a field nobody recorded stays empty and the page says so.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from . import settings
from .manifest import read_manifest
from .model import ManifestEntry, Statement

AGENCY = re.compile(r"^[（(]\s*(\S+?社)")  # （新华社北京11月2日电） → 新华社
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
    posted_from: str  # "manifest", "page" (the publication stamp in the raw text) or ""
    publisher_from: str  # "manifest", "note" (the news-agency note in the raw text) or ""

    def record(self) -> dict:
        """The JSON form, for clauses.json and the citation files."""
        return {"source_urls": list(self.source_urls), "publisher": self.publisher or None,
                "posted": self.posted.isoformat() if self.posted else None}


def provenance(statement: Statement, entry: ManifestEntry | None) -> Provenance:
    posted, posted_from = (entry.posted, "manifest") if entry and entry.posted else _stamp(statement)
    if entry and entry.publisher:
        publisher, publisher_from = entry.publisher, "manifest"
    else:
        m = AGENCY.match(statement.source_note)
        publisher, publisher_from = (m.group(1), "note") if m else ("", "")
    return Provenance(entry.source_urls if entry else (), publisher, posted, posted_from, publisher_from)


def _stamp(statement: Statement) -> tuple[dt.date | None, str]:
    for piece in statement.pieces:
        if piece.kind == "publication-stamp":
            try:
                return dt.date.fromisoformat(piece.text), "page"
            except ValueError:
                return None, ""
    return None, ""


def corpus_provenance(source: Path, statements: list[Statement]) -> dict[str, Provenance]:
    """Provenance per statement slug, from the manifest beside the raw files."""
    entries = read_manifest(source / "manifest.toml").entries
    return {s.slug: provenance(s, entries.get((s.source, s.line))) for s in statements}


def site_url() -> str:
    """The published address (SITE_URL, set by the Pages workflow), with one trailing slash; "" for local builds.
    Checked and escaped by settings.py, as every deploy setting is."""
    return settings.site_url()


def footer(statements: list[Statement], convert) -> dict:
    """What every page's footer says, in the edition's script; the date is the latest statement's, never the clock's."""
    latest = max(s.date for s in statements)
    repo = settings.repo_url()  # an http(s) address, checked and escaped (settings.py): never a javascript: link
    return {
        "collection": convert(f"收录 {len(statements)} 份联合声明，最新一份发表于 {latest.year}年{latest.month}月{latest.day}日。"),
        "sources": convert("文本来源：两国政府发表的联合声明原文，各声明页的“来源”一栏注明发布机构、发布日期和网页地址。"),
        "licence": convert(f"代码采用 {LICENCE['code']} 许可；整理的数据采用 {LICENCE['data']}；{LICENCE['texts']}。"),
        "report": convert("发现错字、漏字或转换错误？"),
        "report_link": convert("请在本项目的代码仓库提交问题报告") if not repo else convert("提交问题报告"),
        "report_url": f"{repo}/issues" if repo else "",
        "latest": latest.isoformat(),
    }


def converted(prov: Provenance, convert) -> Provenance:
    """The provenance in an edition's script (a publisher's name is text a reader sees; URLs are not)."""
    return Provenance(prov.source_urls, convert(prov.publisher) if prov.publisher else "", prov.posted,
                      prov.posted_from, prov.publisher_from)


def add_to_records(records: list[dict], by_slug: dict[str, Provenance]) -> None:
    """clauses.json: each clause says where its statement's text comes from."""
    for r in records:
        r["source"] = by_slug[r["statement"]].record()
