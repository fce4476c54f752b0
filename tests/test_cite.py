"""Citations, provenance and the feed: what reference managers and feed readers get from the built site."""

from __future__ import annotations

import datetime as dt
import json
import re
import xml.etree.ElementTree as ET

import extruct
import pytest

from build_scripts import cite, escape
from build_scripts.compare_view import is_redirect_page
from build_scripts.model import Clause, Statement
from build_scripts.provenance import Provenance

from .conftest import ROOT

EDITIONS = ("zh-Hans", "zh-Hant")
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = '</script><script>alert(1)</script>"><b>{x}%&\\'


def statements(clauses: list[dict]) -> list[str]:
    return sorted({r["statement"] for r in clauses})


@pytest.mark.parametrize("lang", EDITIONS)
def test_every_statement_page_has_metadata_a_reference_manager_reads(built, clauses, lang):
    """extruct reads the page as Zotero's and Google Scholar's importers do: Highwire, Dublin Core, JSON-LD."""
    for slug in statements(clauses):
        html = (built / lang / "statements" / slug / "index.html").read_text(encoding="utf-8")
        data = extruct.extract(html, syntaxes=["json-ld", "dublincore"], uniform=True)
        meta = {}
        for name, content in re.findall(r'<meta name="(citation_[a-z_]+)" content="([^"]*)"', html):
            meta.setdefault(name, []).append(content)
        ld = data["json-ld"][0]
        title = re.search(r"<h1[^>]*>(.*?)<", html).group(1)
        assert ld["name"] == meta["citation_title"][0] == title
        assert ld["datePublished"] == slug and meta["citation_publication_date"] == [slug.replace("-", "/")]
        assert len(meta["citation_author"]) == 2 and [a["name"] for a in ld["author"]] == meta["citation_author"]
        assert ld["inLanguage"] == {"zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}[lang]
        dc = {e["URI"].rsplit("/", 1)[1]: e["content"] for e in data["dublincore"][0]["elements"] if e["name"].startswith("DC.")}
        assert dc["title"] == title and dc["date"] == slug


def test_json_ld_and_meta_tags_cannot_be_broken_out_of():
    s = Statement(slug="2020-01-01", title="标题" + HOSTILE, date=dt.date(2020, 1, 1), place=HOSTILE, dateline="",
                  lead="", signature="", source_note="", blocks=(Clause("p1", "第1段", "", "文"),), source="x", line=1)
    prov = Provenance(("https://example.org/a?b=1&c=2",), "社" + HOSTILE, None, "", "")
    item = cite.csl_item(s, "zh-Hans", prov, (HOSTILE,), "站", "https://example.org/")
    head = cite.head_html(item, s, prov, HOSTILE)
    assert "<script>" not in head and "</script><" not in head.replace("</script>", "", head.count("<script") - 1)
    assert head.count("<script") == 1 and head.count("</script>") == 1
    assert all(tag.startswith(("<meta ", "<script ")) for tag in head.split("\n"))
    ld = json.loads(re.search(r"<script[^>]*>(.*)</script>", head).group(1))
    assert ld["name"] == "标题" + HOSTILE and ld["locationCreated"]["name"] == HOSTILE
    bib = cite.bibtex(item)
    assert bib.count("{") - bib.count("\\{") == bib.count("}") - bib.count("\\}")  # braces balance: no field escapes
    assert all(re.fullmatch(r"[A-Z][A-Z0-9]  - .*", line) for line in cite.ris(item).splitlines())


def test_citations_are_rendered_by_the_csl_styles(built):
    html = (built / "zh-Hans" / "statements" / "2022-11-02" / "index.html").read_text(encoding="utf-8")
    from .test_statement_page import kit_of

    styles = {key: template.replace(cite.LABEL_SLOT, "第七条") for key, _, template, _ in kit_of(html)["styles"]}
    gbt, chicago = styles["gbt7714"], styles["chicago"]  # the page's one template per style, filled as its script does
    # GB/T 7714-2015: authors. title[Z/OL]//container. (date)[access date]. URL.
    assert re.fullmatch(r"中华人民共和国, 巴基斯坦伊斯兰共和国\. 中华人民共和国和巴基斯坦伊斯兰共和国联合声明，第七条\[Z/OL\]//"
                        r"中巴联合声明\. \(2022-11-02\)\[9999-12-31\]\. https://url\.invalid/\.", gbt)
    assert "Accessed December 31, 9999" in chicago and "November 2, 2022" in chicago


def test_reference_manager_files_per_statement_and_edition(built, clauses):
    for lang in EDITIONS:
        for slug in statements(clauses):
            folder = built / lang / "cite" / slug
            ris = (built / lang / "cite" / f"{slug}.ris").read_text(encoding="utf-8")
            bib = (built / lang / "cite" / f"{slug}.bib").read_text(encoding="utf-8")
            csl = json.loads((built / lang / "cite" / f"{slug}.json").read_text(encoding="utf-8"))
            assert not folder.exists()
            assert ris.startswith("TY  - GOVDOC\n") and ris.endswith("ER  - \n")
            assert f"date = {{{slug}}}" in bib and csl[0]["issued"]["date-parts"] == [[int(x) for x in slug.split("-")]]
            assert csl[0]["title"] in ris and csl[0]["title"] in bib


def test_provenance_reaches_the_page_the_download_and_the_data(built, clauses):
    by_slug = {r["statement"]: r["source"] for r in clauses}
    assert by_slug["2022-11-02"] == {"source_urls": [], "publisher": "新华社", "posted": None}  # from its own note
    assert by_slug["2015-04-20"]["posted"] == "2015-04-21"  # the page's own publication stamp
    page = (built / "zh-Hant" / "statements" / "2022-11-02" / "index.html").read_text(encoding="utf-8")
    assert "<dt>來源</dt><dd>新華社（據文末電頭）" in page
    download = (built / "downloads" / "zh-Hans" / "2015-04-20.html").read_text(encoding="utf-8")
    assert "2015年4月21日发布" in download


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


@pytest.mark.parametrize("entry, message", [
    ('source_urls = "https://a.example/x"', "source_urls = 'https://a.example/x' for x.txt line 1: expected a list of http(s)"),
    ('source_urls = ["www.fmprc.gov.cn/x"]', "expected a list of http(s) addresses"),
    ('publisher = ""', "publisher = '' for x.txt line 1: expected text in quotes"),
    ('posted = "2022-11-02"', "malformed posted '2022-11-02' for x.txt line 1"),
    ('source_url = ["https://a.example/"]', "unknown key 'source_url' in [[statement]] (did you mean 'source_urls'?)"),
])
def test_provenance_in_the_manifest_is_checked_and_errors_point_at_the_key(tmp_path, entry, message):
    from build_scripts.manifest import read_manifest

    (tmp_path / "manifest.toml").write_text(
        '[corpus]\nparties = ["甲", "乙"]\ndocument_type = "联合声明"\n\n[[statement]]\nfile = "x.txt"\nline = 1\n'
        f"{entry}\n", encoding="utf-8")
    errors = read_manifest(tmp_path / "manifest.toml").errors
    assert len(errors) == 1 and message in str(errors[0]) and str(errors[0]).startswith("manifest.toml:8:1: ")


def test_provenance_from_the_manifest_wins_over_what_the_text_implies(tmp_path):
    from build_scripts.manifest import read_manifest
    from build_scripts.provenance import provenance

    (tmp_path / "manifest.toml").write_text(
        '[corpus]\nparties = ["甲", "乙"]\ndocument_type = "联合声明"\n\n[[statement]]\nfile = "x.txt"\nline = 1\n'
        'source_urls = ["https://www.fmprc.gov.cn/x.shtml"]\npublisher = "外交部"\nposted = 2022-11-03\n', encoding="utf-8")
    entry = read_manifest(tmp_path / "manifest.toml").entries[("x.txt", 1)]
    s = Statement(slug="2022-11-02", title="t", date=dt.date(2022, 11, 2), place="北京", dateline="", lead="",
                  signature="", source_note="（新华社北京11月2日电）", blocks=(), source="x.txt", line=1)
    assert provenance(s, entry) == Provenance(("https://www.fmprc.gov.cn/x.shtml",), "外交部", dt.date(2022, 11, 3),
                                              "manifest", "manifest")
    assert provenance(s, None) == Provenance((), "新华社", None, "", "note")


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
    """The style runs once per statement with slots for title and URL; the result must be what running it per
    clause gives (checked here for every clause of the real corpus, with and without a published address)."""
    from build_scripts.parse import parse_corpus
    from build_scripts.provenance import Provenance

    _, statements = parse_corpus(ROOT / "source")
    prov = Provenance((), "新华社", None, "", "note")
    for base in ("", "https://example.org/cpec/"):
        for s in statements[:2]:
            items = [cite.csl_item(s, "zh-Hans", prov, ("中华人民共和国", "巴基斯坦伊斯兰共和国"), "中巴联合声明", base, c)
                     for c in s.clauses]
            for key in cite.STYLES:
                assert cite._clause_citations(items, key) == [cite.render(item, key) for item in items]
