"""Citations, provenance and the feed: what reference managers and feed readers get from the built site."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import xml.etree.ElementTree as ET
from html import unescape

import extruct
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.build import build
from build_scripts.model import Clause, Statement
from build_scripts.read import provenance
from build_scripts.read.parse import parse_corpus
from build_scripts.read.provenance import Provenance
from build_scripts.render import cite
from build_scripts.render.compare_page import is_redirect_page
from build_scripts.text import escape

from .conftest import ROOT, tmp_paths

EDITIONS = ("zh-Hans", "zh-Hant")
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '</script><script>alert(1)</script>"><b>{x}%&\\'
XINHUA_2018 = "http://www.xinhuanet.com/politics/2018-11/04/c_1123660432.htm"
SITE_URL = "https://example.org/cpec/"
ZH = {"zh-Hans": {"site": "中巴联合声明", "新华社": "新华社", "genre": "联合声明", "csl": "zh-CN", "accessed": "见于",
                  "and": "和", "source": "来源："},
      "zh-Hant": {"site": "中巴聯合聲明", "新华社": "新華社", "genre": "聯合聲明", "csl": "zh-TW", "accessed": "見於",
                  "and": "及", "source": "來源："}}


def statements(clauses: list[dict]) -> list[str]:
    return sorted({r["statement"] for r in clauses})


def highwire(html: str) -> dict[str, list[str]]:
    meta: dict[str, list[str]] = {}
    for name, content in re.findall(r'<meta name="((?:citation_|DC\.)[A-Za-z_]+)" content="([^"]*)"', html):
        meta.setdefault(name, []).append(content)
    return meta


def zotero_item_type(meta_names: list[str]) -> str:
    """The item type Zotero's Embedded Metadata translator gives a page, from its meta tag names: the switch in init()
    (zotero/translators, Embedded Metadata.js) — citation_journal_title → journalArticle, …_technical_report_institution
    → report, …_conference(_title) → conferencePaper, …_book_title / _inbook_title → bookSection,
    …_dissertation_institution → thesis; citation_title or _series_title alone → a journalArticle guess, citation_isbn
    → book — and `else if (hwType) _itemType = hwType; // hwTypes are generally most accurate`. (With neither, the
    RDF import of the DC./og: tags decides: "webpage" here; our pages always give a type tag.)"""
    hw_type = guess = ""
    for name in meta_names:
        short = name[name.rfind("citation_"):] if "citation_" in name else ""
        hw_type = {"citation_journal_title": "journalArticle", "citation_technical_report_institution": "report",
                   "citation_conference_title": "conferencePaper", "citation_conference": "conferencePaper",
                   "citation_book_title": "bookSection", "citation_inbook_title": "bookSection",
                   "citation_dissertation_institution": "thesis"}.get(short, hw_type)
        if short in ("citation_title", "citation_series_title"):
            guess = guess or "journalArticle"
        elif short == "citation_isbn":
            guess = "book"
    return hw_type or guess or "webpage"


def expected_publisher(clauses: list[dict], lang: str, slug: str) -> str:
    """The rule (provenance.citation_publisher): the recorded source's publisher, else the site's name."""
    publisher = next(r for r in clauses if r["statement"] == slug)["source"]["publisher"]
    return ZH[lang].get(publisher, publisher) if publisher else ZH[lang]["site"]


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory):
    """The real corpus built as the Pages workflow builds it, with SITE_URL: absolute addresses everywhere."""
    paths = tmp_paths(tmp_path_factory.mktemp("published"))
    with pytest.MonkeyPatch.context() as env:
        env.setenv("SITE_URL", SITE_URL)
        build(paths, quiet=True)
    return paths.site


# --- the item: type, publisher, language, in every format --------------------------------------------------------

@pytest.mark.parametrize("lang", EDITIONS)
def test_every_statement_page_has_metadata_a_reference_manager_reads(built, clauses, lang):
    """extruct reads the page as Zotero's and Google Scholar's importers do: Highwire, Dublin Core, JSON-LD. Each says
    the same title, date, authors, language, item type (a report: a government document) and publisher."""
    for slug in statements(clauses):
        html = (built / lang / "statements" / slug / "index.html").read_text(encoding="utf-8")
        data = extruct.extract(html, syntaxes=["json-ld", "dublincore"], uniform=True)
        meta = highwire(html)
        ld = data["json-ld"][0]
        title = re.search(r"<h1[^>]*>(.*?)<", html).group(1)
        assert ld["name"] == meta["citation_title"][0] == title
        assert ld["datePublished"] == slug and meta["citation_publication_date"] == [slug.replace("-", "/")]
        assert len(meta["citation_author"]) == 2 and [a["name"] for a in ld["author"]] == meta["citation_author"]
        dc = {e["URI"].rsplit("/", 1)[1]: e["content"] for e in data["dublincore"][0]["elements"] if e["name"].startswith("DC.")}
        assert dc["title"] == title and dc["date"] == slug
        # the language: the edition's, in all three
        assert ld["inLanguage"] == dc["language"] == ZH[lang]["csl"] and meta["citation_language"] == [ZH[lang]["csl"]]
        # the item type: Zotero files the page as a report, schema.org calls it one; nothing makes it a journal article
        assert zotero_item_type(re.findall(r'<meta name="([^"]+)"', html)) == "report", slug
        assert ld["@type"] == "Report" and ld["genre"] == ZH[lang]["genre"]
        # one publisher, by one rule, in every vocabulary
        publisher = expected_publisher(clauses, lang, slug)
        assert meta["citation_publisher"] == meta["citation_technical_report_institution"] == [publisher], slug
        assert dc["publisher"] == ld["publisher"]["name"] == publisher, slug
        assert ld["isPartOf"]["name"] == ZH[lang]["site"]


def test_the_item_type_test_reads_the_translator_as_zotero_does():
    """The port of Embedded Metadata.js's switch, on pages it files otherwise: a bare citation_title is a journal
    article (what every statement page was), a later type tag wins over an earlier one."""
    assert zotero_item_type(["citation_title", "citation_publisher"]) == "journalArticle"
    assert zotero_item_type(["citation_title", "citation_technical_report_institution"]) == "report"
    assert zotero_item_type(["citation_technical_report_institution", "citation_journal_title"]) == "journalArticle"
    assert zotero_item_type(["DC.title"]) == "webpage"


def test_reference_manager_files_per_statement_and_edition(built, clauses):
    """RIS, BibTeX and CSL-JSON give the same record: a government document (RIS GOVDOC, BibTeX @techreport, CSL report;
    Zotero imports each as a report), the report type, the publisher by the rule, the language, the source in Chinese
    — nothing in English but the formats' own keys and the addresses."""
    for lang in EDITIONS:
        for slug in statements(clauses):
            folder = built / lang / "cite" / slug
            ris = (built / lang / "cite" / f"{slug}.ris").read_text(encoding="utf-8")
            bib = (built / lang / "cite" / f"{slug}.bib").read_text(encoding="utf-8")
            [csl] = json.loads((built / lang / "cite" / f"{slug}.json").read_text(encoding="utf-8"))
            assert not folder.exists()
            publisher, genre = expected_publisher(clauses, lang, slug), ZH[lang]["genre"]
            assert csl["type"] == "report" and csl["genre"] == genre and csl["publisher"] == publisher
            assert csl["language"] == ZH[lang]["csl"] and csl["note"].startswith(ZH[lang]["source"])
            assert ris.startswith("TY  - GOVDOC\n") and ris.endswith("ER  - \n")
            assert f"PB  - {publisher}\n" in ris and f"M3  - {genre}\n" in ris and f"LA  - {csl['language']}\n" in ris
            assert f"N1  - {csl['note']}\n" in ris
            assert bib.startswith(f"@techreport{{cnpk-{slug},") and f"institution = {{{publisher}}}" in bib
            assert f"type = {{{genre}}}" in bib and f"note = {{{escape.bibtex(csl['note'])}}}" in bib
            assert f"date = {{{slug}}}" in bib and csl["issued"]["date-parts"] == [[int(x) for x in slug.split("-")]]
            assert csl["title"] in ris and csl["title"] in bib
            ris_values = "".join(line[6:] for line in ris.splitlines() if line[:2] not in ("TY", "LA", "DA", "PY"))
            bib_values = "".join(re.findall(r"^  (?!langid|author)[a-z]+ = \{(.*)\}", bib, re.M))
            for values in (ris_values, bib_values):
                assert not re.search(r"[A-Za-z]", re.sub(r"https?://[^\s；]+", "", values).replace("\\_", "")), values


@pytest.mark.parametrize("lang", EDITIONS)
def test_citations_are_rendered_by_the_csl_styles_in_the_editions_language(built, clauses, lang):
    """GB/T 7714 and Chicago as the page's copy buttons give them: a report ([R/OL]; the report type 联合声明), its
    publisher by the rule, and every word of the style in the edition's language (the pinned zh-CN / zh-TW locale)."""
    from .test_statement_page import kit_of

    z = ZH[lang]
    label = "第一条" if lang == "zh-Hans" else "第一條"
    authors = "中华人民共和国, 巴基斯坦伊斯兰共和国" if lang == "zh-Hans" else "中華人民共和國, 巴基斯坦伊斯蘭共和國"
    for slug in statements(clauses):
        html = (built / lang / "statements" / slug / "index.html").read_text(encoding="utf-8")
        styles = {key: template.replace(cite.LABEL_SLOT, label) for key, _, template, _ in kit_of(html)["styles"]}
        gbt, chicago = styles["gbt7714"], styles["chicago"]  # one template per style, filled as the page's script does
        publisher, year = expected_publisher(clauses, lang, slug), slug[:4]
        # GB/T 7714-2015, a report: authors. title[R/OL]. publisher, year[access date]. URL.
        assert re.fullmatch(rf"{authors}\. [^\[\]]+，{label}\[R/OL\]\. {publisher}, {year}\[9999-12-31\]\. "
                            r"https://url\.invalid/\.", gbt), gbt
        # Chicago, a report: authors (joined by the locale's "and"). title. report type. publisher, year. accessed date.
        assert chicago.startswith(authors.replace(", ", f", {z['and']} ")), chicago
        assert chicago.endswith(f"{label}. {z['genre']}. {publisher}, {year}. {z['accessed']} 9999年12月31日. "
                                "https://url.invalid/."), chicago
        for text in (gbt.replace("[R/OL]", ""), chicago):
            assert not re.search(r"[A-Za-z]", text.replace(cite.URL_SLOT, "")), text


ENGLISH = re.compile(r"\b(?:and|In|in|Accessed|accessed|et al|edited by|Edited by|translated by|ed|eds|trans|n\.d|no date|"
                     r"Retrieved|retrieved|from|Available|at|Report|report|Originally|published|by|"
                     r"January|February|March|April|May|June|July|August|September|October|November|December|"
                     r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\b")
HAN = st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5)
NAMES = st.text(HAN, min_size=1, max_size=12)


@settings(max_examples=60, deadline=None)
@given(title=NAMES, parties=st.lists(NAMES, min_size=1, max_size=8), date=st.dates(dt.date(1949, 1, 1), dt.date(2100, 12, 31)),
       place=NAMES, publisher=st.one_of(st.just(""), NAMES), site=NAMES, label=NAMES, lang=st.sampled_from(EDITIONS),
       base=st.sampled_from(["", SITE_URL]), key=st.sampled_from(sorted(cite.STYLES)))
def test_no_english_word_in_a_chinese_edition_citation(title, parties, date, place, publisher, site, label, lang, base, key):
    """Whatever the statement — one party or eight (et al.), any date (month names), with or without a publisher or a
    published address — its citation in a zh-CN or zh-TW edition has no English connective, month or term: the
    pinned Chinese locale gives every word, and no English locale stands behind it."""
    s = Statement(slug=date.isoformat(), title=title, date=date, place=place, dateline="", lead="", signature="",
                  source_note="", blocks=(Clause("c1", label, "", "文"),), source="x.txt", line=1)
    prov = Provenance((), publisher, None, "", "manifest" if publisher else "", "official" if publisher else "")
    item = cite.csl_item(s, lang, prov, tuple(parties), site, base, s.clauses[0], note="来源：")
    text = cite.render(item, key)
    words = re.sub(r"https?://\S+", "", text).replace("[R/OL]", "")
    assert not ENGLISH.search(words), text
    assert not re.search(r"[A-Za-z]", words), text


def test_the_chinese_locales_are_pinned_in_the_repository():
    """The zh-CN and zh-TW CSL locales are the files in build_scripts/render/csl/ (CC BY-SA 3.0, as their README says), with
    the SHA-256 the README records, and the styles read them, not citeproc-py's copies."""
    readme = (ROOT / "build_scripts" / "render" / "csl" / "README.md").read_text(encoding="utf-8")
    assert "CC BY-SA 3.0" in readme
    for locale in ("zh-CN", "zh-TW"):
        path = ROOT / "build_scripts" / "render" / "csl" / f"locales-{locale}.xml"
        data = path.read_bytes()
        assert f"`locales-{locale}.xml` {hashlib.sha256(data).hexdigest()}" in readme
        assert b'<rights license="http://creativecommons.org/licenses/by-sa/3.0/">' in data
        for key in cite.STYLES:
            locales = cite._style(key, locale).root.locales
            assert locales[-1].getroottree().docinfo.URL == str(path)
            assert not any((e.getroottree().docinfo.URL or "").endswith("locales-en-US.xml") for e in locales)
    with pytest.raises(ValueError, match="no CSL locale 'en-US'"):
        cite._style("chicago", "en-US")


def test_every_chinese_edition_renders_with_the_locale_of_its_script():
    """An edition mkdocs.yml adds (zh-HK, as tests/test_editions.py builds) is rendered with the pinned locale of its
    script; a language no pinned locale serves is an error, never English."""
    assert [cite.csl_locale(x) for x in ("zh-CN", "zh-TW", "zh-HK", "zh-MO", "zh-Hant-TW", "zh-SG", "zh")] == [
        "zh-CN", "zh-TW", "zh-TW", "zh-TW", "zh-TW", "zh-CN", "zh-CN"]
    with pytest.raises(ValueError, match="no CSL locale for language 'en-US'"):
        cite.csl_locale("en-US")


def test_a_style_printing_the_access_date_otherwise_fails_the_build(monkeypatch):
    """clause-tools.js replaces the access date in the forms cite.ACCESSED_FORMS lists; a style that printed it in
    another form would leave 9999 in every copied citation, so the render refuses it."""
    item = {"id": "x", "type": "report", "title": "题", "author": [{"literal": "甲"}], "publisher": "乙",
            "issued": {"date-parts": [[2020, 1, 2]]}, "language": "zh-CN"}
    cite.render(item, "chicago")
    monkeypatch.setattr(cite, "ACCESSED_FORMS", ("9999-12-31",))
    cite._render.cache_clear()
    with pytest.raises(ValueError, match="printed the access date in a form"):
        cite.render(item, "chicago")
    cite._render.cache_clear()


def test_json_ld_and_meta_tags_cannot_be_broken_out_of():
    s = Statement(slug="2020-01-01", title="标题" + HOSTILE, date=dt.date(2020, 1, 1), place=HOSTILE, dateline="",
                  lead="", signature="", source_note="", blocks=(Clause("p1", "第1段", "", "文"),), source="x", line=1)
    prov = Provenance(("https://example.org/a?b=1&c=2",), "社" + HOSTILE, None, "", "")
    item = cite.csl_item(s, "zh-Hans", prov, (HOSTILE,), "站", "https://example.org/", note=HOSTILE)
    head = cite.head_html(item, s, prov, HOSTILE, "站" + HOSTILE)
    assert "<script>" not in head and "</script><" not in head.replace("</script>", "", head.count("<script") - 1)
    assert head.count("<script") == 1 and head.count("</script>") == 1
    assert all(tag.startswith(("<meta ", "<script ")) for tag in head.split("\n"))
    ld = json.loads(re.search(r"<script[^>]*>(.*)</script>", head).group(1))
    assert ld["name"] == "标题" + HOSTILE and ld["locationCreated"]["name"] == HOSTILE
    assert ld["publisher"]["name"] == "社" + HOSTILE and ld["isPartOf"]["name"] == "站" + HOSTILE
    bib = cite.bibtex(item)
    assert bib.count("{") - bib.count("\\{") == bib.count("}") - bib.count("\\}")  # braces balance: no field escapes
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in cite.ris(item).splitlines())


# --- where each text comes from ----------------------------------------------------------------------------------

def test_provenance_reaches_the_page_the_download_and_the_data(built, clauses):
    by_slug = {r["statement"]: r["source"] for r in clauses}
    assert by_slug["2022-11-02"] == {"source_urls": [], "publisher": "新华社", "posted": "2022-11-02",  # its own note
                                     "kind": "agency"}
    assert by_slug["2015-04-20"] == {"source_urls": [], "publisher": None, "posted": "2015-04-21", "kind": None}  # stamp
    assert by_slug["2020-03-17"] == {"source_urls": [], "publisher": None, "posted": "2020-03-17", "kind": None}
    assert by_slug["2018-11-04"] == {"source_urls": [XINHUA_2018], "publisher": "新华社", "posted": "2018-11-04",
                                     "kind": "agency"}  # recorded in the manifest
    page = (built / "zh-Hant" / "statements" / "2022-11-02" / "index.html").read_text(encoding="utf-8")
    assert "<dt>來源</dt><dd>新華社（通訊社，據文末電頭）；2022年11月2日發布（據文末電頭）；網址未能核實</dd>" in page
    download = (built / "downloads" / "zh-Hans" / "2015-04-20.html").read_text(encoding="utf-8")
    assert "<dt>来源</dt><dd>发布者未能确定；2015年4月21日发布（据原网页日期）；网址未能核实</dd>" in download
    download = (built / "downloads" / "zh-Hant" / "2018-11-04.html").read_text(encoding="utf-8")
    link = f'<a href="{XINHUA_2018}" rel="external">{XINHUA_2018}</a>'
    assert f"<dt>來源</dt><dd>新華社（通訊社）；2018年11月4日發布；{link}</dd>" in download
    page = (built / "zh-Hans" / "statements" / "2018-11-04" / "index.html").read_text(encoding="utf-8")
    assert f'<meta name="DC.source" content="{XINHUA_2018}">' in page and f'"isBasedOn":["{XINHUA_2018}"]' in page
    [csl] = json.loads((built / "zh-Hans" / "cite" / "2018-11-04.json").read_text(encoding="utf-8"))
    assert csl["note"] == f"来源：新华社（通讯社）；2018年11月4日发布；{XINHUA_2018}"


SOURCE_LINE = re.compile(r"<dt>(?:来源|來源)</dt><dd>(.*?)</dd>")


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_footer_says_what_every_source_line_gives(built, clauses, lang):
    """The footer says each 来源 line gives the publisher and what it is, the date and the address, or says which could
    not be established; every statement page and download holds to it, and no page says the old 发布机构未记录."""
    hans = lang == "zh-Hans"
    unknown = (("发布者未能确定", "发布日期未能确定", "网址未能核实") if hans
               else ("發布者未能確定", "發布日期未能確定", "網址未能核實"))
    kinds = list(provenance.KINDS.values()) if hans else ["官方網頁", "通訊社", "報刊轉載"]
    footer = (built / lang / "index.html").read_text(encoding="utf-8").split('class="md-copyright')[1]
    words = (("发布者", "性质", "发布日期", "网址", "未能确定", "未能核实") if hans
             else ("發布者", "性質", "發布日期", "網址", "未能確定", "未能核實"))
    assert all(w in footer for w in (*words, *kinds)), footer
    for slug in statements(clauses):
        for path in (built / lang / "statements" / slug / "index.html", built / "downloads" / lang / f"{slug}.html"):
            html = path.read_text(encoding="utf-8")
            [line] = SOURCE_LINE.findall(html)
            who, when, where = line.split("；")
            assert who == unknown[0] or re.fullmatch(rf"[^（]+（({'|'.join(kinds)})(，[^）]+)?）", who), (path, who)
            assert when == unknown[1] or re.fullmatch(r"\d{4}年\d{1,2}月\d{1,2}日(发布|發布)(（[^）]+）)?", when), (path, when)
            assert where == unknown[2] or re.fullmatch(r'(<a href="[^"]+"[^>]*>[^<]+</a>、?)+', where), (path, where)
            assert not re.search("发布机构未记录|發布機構未記錄|尚未核实|尚未核實", html), path


@pytest.mark.parametrize("entry, message", [
    ('source_urls = "https://a.example/x"', "source_urls = 'https://a.example/x' for x.txt line 1: expected a list of http(s)"),
    ('source_urls = ["www.fmprc.gov.cn/x"]', "expected a list of http(s) addresses"),
    ('publisher = ""', "publisher = '' for x.txt line 1: expected text in quotes"),
    ('posted = "2022-11-02"', "malformed posted '2022-11-02' for x.txt line 1"),
    ('source_url = ["https://a.example/"]', "unknown key 'source_url' in [[statement]] (did you mean 'source_urls'?)"),
    ('source_urls = ["https://a.example/"]', "source_urls for x.txt line 1 without source_kind: expected source_kind = "
                                             'one of "official"'),
    ('publisher = "外交部"', "publisher for x.txt line 1 without source_kind"),
    ('source_kind = "blog"', "source_kind = 'blog' for x.txt line 1: expected one of \"official\""),
    ('source_kind = "official"', "source_kind for x.txt line 1 without evidence: expected evidence = "),
    ('posted = 2022-11-02', "posted for x.txt line 1 without evidence"),
    ('evidence = ""', "evidence = '' for x.txt line 1: expected text in quotes saying how the source was established"),
])
def test_provenance_in_the_manifest_is_checked_and_errors_point_at_the_key(tmp_path, entry, message):
    from build_scripts.read.manifest import read_manifest

    (tmp_path / "manifest.toml").write_text(
        '[corpus]\nparties = ["甲", "乙"]\ndocument_type = "联合声明"\n\n[[statement]]\nfile = "x.txt"\nline = 1\n'
        f"{entry}\n", encoding="utf-8")
    errors = read_manifest(tmp_path / "manifest.toml").errors
    assert len(errors) == 1 and message in str(errors[0]) and str(errors[0]).startswith("manifest.toml:8:1: "), errors


def test_the_real_manifest_records_each_source_as_what_it_is():
    """Every entry giving an address says what the source is and how it was established (read back by the manifest's
    own checks); the one address recorded today is Xinhua's release of 2018-11-04."""
    from build_scripts.read.manifest import read_manifest

    manifest = read_manifest(ROOT / "source" / "manifest.toml")
    assert manifest.errors == ()
    recorded = {e.line: e for e in manifest.entries.values() if e.source_urls}
    assert list(recorded) == [2] and recorded[2].source_urls == (XINHUA_2018,)
    assert recorded[2].source_kind == "agency" and recorded[2].publisher == "新华社"
    assert "http://big5.news.cn/gate/big5/www.xinhuanet.com/politics/2018-11/04/c_1123660432.htm" in recorded[2].evidence


def test_provenance_from_the_manifest_wins_over_what_the_text_implies(tmp_path):
    from build_scripts.read.manifest import read_manifest
    from build_scripts.read.provenance import provenance

    (tmp_path / "manifest.toml").write_text(
        '[corpus]\nparties = ["甲", "乙"]\ndocument_type = "联合声明"\n\n[[statement]]\nfile = "x.txt"\nline = 1\n'
        'source_urls = ["https://www.fmprc.gov.cn/x.shtml"]\nsource_kind = "official"\npublisher = "外交部"\n'
        'posted = 2022-11-03\nevidence = "the page itself"\n', encoding="utf-8")
    entry = read_manifest(tmp_path / "manifest.toml").entries[("x.txt", 1)]
    s = Statement(slug="2022-11-02", title="t", date=dt.date(2022, 11, 2), place="北京", dateline="", lead="",
                  signature="", source_note="（新华社北京11月2日电）", blocks=(), source="x.txt", line=1)
    assert provenance(s, entry) == Provenance(("https://www.fmprc.gov.cn/x.shtml",), "外交部", dt.date(2022, 11, 3),
                                              "manifest", "manifest", "official")
    assert provenance(s, None) == Provenance((), "新华社", dt.date(2022, 11, 2), "note", "note", "agency")


@pytest.mark.parametrize("note, issued, expected", [
    ("（新华社北京11月2日电）", dt.date(2022, 11, 2), dt.date(2022, 11, 2)),
    ("（新华社北京1月3日电）", dt.date(2021, 12, 30), dt.date(2022, 1, 3)),  # the next year's January
    ("新华社北京十一月四日电", dt.date(2018, 11, 4), dt.date(2018, 11, 4)),  # an agency line in the head, Chinese numerals
    ("（新华社北京2018年11月5日电）", dt.date(2018, 11, 4), dt.date(2018, 11, 5)),
    ("（新华社北京2月30日电）", dt.date(2020, 2, 1), None),  # no such day: no date rather than a guess
])
def test_an_agency_notes_date_is_its_own(note, issued, expected):
    from build_scripts.read.provenance import provenance

    s = Statement(slug=issued.isoformat(), title="t", date=issued, place="北京", dateline="", lead="", signature="",
                  source_note=note if note.startswith("（") else "", agency_line="" if note.startswith("（") else note,
                  blocks=(), source="x.txt", line=1)
    prov = provenance(s, None)
    assert prov.publisher == "新华社" and prov.kind == "agency" and prov.posted == expected
    assert prov.posted_from == ("note" if expected else "")


def test_the_publisher_rule():
    """provenance.citation_publisher: the recorded source's publisher, else the site's name; the manifest's header,
    which a maintainer reads first, states the same rule."""
    recorded = Provenance(("https://www.news.cn/x.htm",), "新华社", None, "manifest", "manifest", "agency")
    assert provenance.citation_publisher(recorded, "中巴联合声明") == "新华社"
    assert provenance.citation_publisher(cite.NO_PROVENANCE, "中巴联合声明") == "中巴联合声明"
    header = " ".join((ROOT / "source" / "manifest.toml").read_text(encoding="utf-8").split("\n[corpus]\n")[0].split())
    assert "(provenance.citation_publisher): the publisher of the recorded source" in header.replace("# ", "")
    assert "else the site's name" in header


# --- the how-to-cite page ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", EDITIONS)
def test_the_cite_page_gives_published_addresses_the_copy_buttons_and_the_three_files(published, lang):
    """With SITE_URL set, every address the page shows is absolute; it names the copy buttons as they are labelled
    (the clause kit's words), shows what each gives for a real clause, and links the RIS, BibTeX and CSL-JSON files."""
    from .test_statement_page import kit_of

    html = (published / lang / "cite" / "index.html").read_text(encoding="utf-8")
    codes = re.findall(r"<code>([^<]*)</code>", html)
    addresses = [c for c in codes if "/statements/" in c or "/cite/" in c]
    assert len(addresses) >= 8 and all(c.startswith(SITE_URL) for c in addresses), addresses
    assert f"<code>{SITE_URL}{lang}/statements/YYYY-MM-DD/</code>" in html
    page = (published / lang / "statements" / "2015-04-20" / "index.html").read_text(encoding="utf-8")
    kit = kit_of(page)
    words = kit["words"]
    for button in (words["link"], *(f"{words['cite']} {label}" for _, label, _, _ in kit["styles"])):
        assert f"“{button}”" in html, button
    assert f"一行“{words['copy']}”按钮" in html or f"一行“{words['copy']}”按鈕" in html
    text = unescape(re.sub(r"<[^>]+>", "", html))
    for key, label, template, _ in kit["styles"]:  # the copy button's text for 2015-04-20 #c1, the access date named
        shown = template.replace(cite.LABEL_SLOT, "第一条" if lang == "zh-Hans" else "第一條")
        shown = shown.replace(cite.URL_SLOT, f"{SITE_URL}{lang}/statements/2015-04-20/#c1")
        for form in cite.ACCESSED_FORMS:
            shown = shown.replace(form, "引用日期")
        assert f"{label}：{shown}" in text, (key, shown)
    for ext in ("ris", "bib", "json"):
        assert f'href="2015-04-20.{ext}"' in html and (published / lang / "cite" / f"2015-04-20.{ext}").is_file()
        assert f"<code>{SITE_URL}{lang}/cite/YYYY-MM-DD.{ext}</code>" in html
    assert "GOVDOC" in html and "@techreport" in html and "citation_technical_report_institution" in html


def test_a_local_build_says_its_addresses_start_at_the_sites_root(built):
    html = (built / "zh-Hans" / "cite" / "index.html").read_text(encoding="utf-8")
    assert "<code>zh-Hans/statements/YYYY-MM-DD/</code>" in html and "本次构建未设定站点地址" in html
    assert "https://url.invalid" not in html


# --- the feed and the rest ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", EDITIONS)
def test_feed_parses_with_one_entry_per_statement(built, clauses, lang):
    root = ET.fromstring((built / lang / "feed.xml").read_bytes())
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert len(entries) == len(statements(clauses))
    for entry in entries:
        href = entry.find(f"{ATOM}link").get("href")
        assert (built / lang / href / "index.html").exists(), href
        assert entry.find(f"{ATOM}title").text and entry.find(f"{ATOM}published").text[:10] in href
    updated = root.find(f"{ATOM}updated").text
    assert updated.startswith("2022-11-02")  # the latest statement's date, not the build's clock
    for path in (built / lang).rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        if path.name != "404.html" and not is_redirect_page(html):  # a published compare URL's redirect: no page
            assert re.search(r'<link rel="alternate" type="application/atom\+xml" [^>]*href="(\.\./)*feed\.xml"', html), path


def test_the_root_page_introduces_the_site_in_english(built):
    root = (built / "index.html").read_text(encoding="utf-8")
    assert '<html lang="en">' in root and '<meta name="description" content="The joint statements of' in root
    assert "reading edition of the joint statements" in root


def test_reader_pages_name_no_internal_file(built):
    for lang in EDITIONS:
        for path in (built / lang).rglob("*.html"):
            text = path.read_text(encoding="utf-8")
            assert "manifest.toml" not in text and "topics.toml" not in text, path


def test_escape_contexts_for_reference_files():
    assert escape.bibtex("a{b}%&$#_^~\\ \nc") == "a\\{b\\}\\%\\&\\$\\#\\_\\^{}\\~{}\\textbackslash{} c"
    assert escape.ris("一\n二\r\n三\x00四") == "一 二 三 四"


def test_traditional_interface_speaks_taiwan_usage_but_statement_text_is_only_converted(built, clauses):
    page = (built / "zh-Hant" / "statements" / "2015-04-20" / "index.html").read_text(encoding="utf-8")
    assert 'placeholder="搜尋"' in page and "搜索" not in page
    assert "資料說明" in page and "數據說明" not in page  # navigation section title
    downloads = (built / "zh-Hant" / "downloads" / "index.html").read_text(encoding="utf-8")
    assert "列印" in downloads and "打印" not in downloads and "檔案" in downloads
    texts = " ".join(r["text"]["zh-Hant"] for r in clauses)
    assert "堅定支持" in texts and "堅定支援" not in texts  # 支持 → 支援 is for the interface only
    assert "堅定支持" in page
    hans = (built / "zh-Hans" / "downloads" / "index.html").read_text(encoding="utf-8")
    assert "打印" in hans  # the Simplified edition keeps its own words


def test_clause_citations_rendered_once_per_statement_equal_a_full_render_of_each_clause():
    """The style runs once per statement, for its first clause, whose title and URL become slots for the others';
    the result must be what running it per clause gives (every clause of two statements of the real corpus, with
    and without a published address)."""
    from build_scripts.read.parse import parse_corpus

    _, statements = parse_corpus(ROOT / "source")
    prov = Provenance((), "新华社", None, "", "note")
    for base in ("", "https://example.org/cpec/"):
        for s in statements[:2]:
            items = [cite.csl_item(s, "zh-Hans", prov, ("中华人民共和国", "巴基斯坦伊斯兰共和国"), "中巴联合声明", base, c)
                     for c in s.clauses]
            for key in cite.STYLES:
                assert cite._clause_citations(items, key) == [cite.render(item, key) for item in items]


def _clause_items(base: str = "") -> list[dict]:
    from build_scripts.read.parse import parse_corpus

    _, statements = parse_corpus(ROOT / "source")
    prov = Provenance((), "新华社", None, "", "note")
    return [cite.csl_item(statements[0], "zh-Hans", prov, ("中华人民共和国", "巴基斯坦伊斯兰共和国"), "中巴联合声明",
                          base, c) for c in statements[0].clauses]


@pytest.mark.parametrize("base", ["", "https://example.org/cpec/"])
def test_a_statement_s_clause_citations_cost_one_run_of_the_style(monkeypatch, base):
    """One citeproc run per statement and style, however many clauses (a second run, for a template, doubled the
    citations' share of the build at ×100)."""
    items, runs = _clause_items(base), []
    real = cite.render
    monkeypatch.setattr(cite, "render", lambda item, key: runs.append(item["id"]) or real(item, key))
    for key in cite.STYLES:
        runs.clear()
        assert len(cite._clause_citations(items, key)) == len(items) > 10
        assert runs == [items[0]["id"]]


def test_a_style_that_rewrites_titles_gets_every_clause_rendered(monkeypatch):
    """Where the first clause's title does not stand as given in its citation (a style's text-case, quotes), no
    template is made from it: every clause is rendered, and each text is the style's own."""
    items = _clause_items("https://example.org/cpec/")

    def shouting(item: dict, key: str) -> str:  # a style that prints titles in its own way
        return f"《{item['title'].replace('，', ' · ')}》 {item['URL']}"

    monkeypatch.setattr(cite, "render", shouting)
    assert cite._clause_citations(items, "gbt7714") == [shouting(item, "gbt7714") for item in items]
    monkeypatch.setattr(cite, "render", lambda item, key: f"{item['title']} {item['title']}")  # the title twice
    assert cite._clause_citations(items, "gbt7714") == [f"{i['title']} {i['title']}" for i in items]


@pytest.mark.slow
def test_citeproc_with_each_search_answered_once_gives_citeproc_s_own_text():
    """cite._Kept answers each XPath search and calls_variable of a style once; every style, in both locales, on every
    statement and a clause of it, with and without a published address, must print exactly what citeproc-py's own
    methods print."""
    _, statements = parse_corpus(ROOT / "source")
    prov = Provenance((), "新华社", None, "", "note")
    items = [cite.csl_item(s, lang, prov, ("中华人民共和国", "巴基斯坦伊斯兰共和国"), "中巴联合声明", base, clause)
             for s in statements for lang in EDITIONS for base in ("", SITE_URL) for clause in (None, s.clauses[-1])]
    kept = cite.answers_kept()

    def texts() -> list[str]:
        cite._style.cache_clear()  # styles made afresh: no answer kept from an earlier test's
        return [cite._citeproc(item, key) for item in items for key in cite.STYLES]

    ours = texts()
    assert len(kept) >= 5 and kept[0].answers and any(method.answers for method in kept[1:])
    for method in kept:
        method.remove()
    try:
        assert ours == texts()
    finally:
        for method in kept:
            method.install()
        cite._style.cache_clear()


def test_both_editions_introduce_the_access_date_with_the_same_word():
    """Chicago prints the reader's access date after the locale's `accessed` term: 见于 in 简体, and in 繁體 its own
    form 見於. The pinned zh-TW locale said 引見於 (引見: to present someone to a superior), which no reader of the
    Simplified citation would recognise as the same phrase."""
    from build_scripts.text.script import to_traditional

    _, statements = parse_corpus(ROOT / "source")
    prov = Provenance((), "新华社", None, "", "note")
    before = {}
    for lang in ("zh-Hans", "zh-Hant"):
        item = cite.csl_item(statements[0], lang, prov, ("中华人民共和国", "巴基斯坦伊斯兰共和国"), "中巴联合声明", "",
                             statements[0].clauses[0])
        text = cite.render(item, "chicago")
        date = next(form for form in cite.ACCESSED_FORMS if form in text)
        before[lang] = re.findall(r"([^\s.,，。]+)\s*$", text[:text.index(date)])[0]
    assert before["zh-Hans"] == "见于"
    assert before["zh-Hant"] == to_traditional(before["zh-Hans"]) == "見於"
