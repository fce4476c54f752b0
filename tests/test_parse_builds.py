"""Every shape builds, end to end: all shape fixtures as one corpus, and another country's corpus from 1960 on.

Two full builds (MkDocs --strict, both editions), shared by the tests of this module.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tomllib
from pathlib import Path

import pytest

from build_scripts.build import build
from build_scripts.text.script import traditional_only

from .conftest import ROOT, tmp_paths

FIXTURES = ROOT / "tests" / "fixtures"
SHAPES = sorted(p for p in (FIXTURES / "shapes").iterdir() if p.is_dir())


def merged_shapes(dest: Path) -> Path:
    """Every shape fixture in one source folder: <shape>.txt each, their manifest entries together."""
    dest.mkdir(parents=True)
    manifest = ['[corpus]\nparties = ["中华人民共和国", "巴基斯坦伊斯兰共和国"]\n']
    for case in SHAPES:
        shutil.copyfile(case / "statement.txt", dest / f"{case.name}.txt")
        for entry in tomllib.loads((case / "manifest.toml").read_text(encoding="utf-8")).get("statement", []):
            fields = {**entry, "file": f"{case.name}.txt"}
            manifest.append("[[statement]]\n" + "".join(f"{k} = {json.dumps(v, ensure_ascii=False)}\n"
                                                        for k, v in fields.items()))
    (dest / "manifest.toml").write_text("\n".join(manifest), encoding="utf-8")
    return dest


@pytest.fixture(scope="module")
def shapes_site(tmp_path_factory) -> tuple[Path, list[dict]]:
    base = tmp_path_factory.mktemp("shapes")
    paths = tmp_paths(base, merged_shapes(base / "source"))
    records = build(paths, quiet=True, offline_zip=False)
    return paths.site, records


@pytest.fixture(scope="module")
def other_site(tmp_path_factory) -> tuple[Path, list[dict]]:
    paths = tmp_paths(tmp_path_factory.mktemp("other"), FIXTURES / "other-country")
    records = build(paths, quiet=True)  # with the offline zip: its timestamps start in 1980, the corpus in 1960
    return paths.site, records


def test_every_shape_is_published_in_both_editions(shapes_site):
    site, records = shapes_site
    slugs = sorted({r["statement"] for r in records})
    assert len(slugs) == len(SHAPES)
    for slug in slugs:
        for lang in ("zh-Hans", "zh-Hant"):
            html = (site / lang / "statements" / slug / "index.html").read_text(encoding="utf-8")
            for r in (r for r in records if r["statement"] == slug):
                assert f'id="{r["anchor"]}"' in html, (lang, slug, r["anchor"])


def test_clause_paragraphs_get_their_own_anchor_and_label(shapes_site):
    site, records = shapes_site
    r = next(r for r in records if r["statement"] == "2023-06-01" and r["anchor"] == "c1-p2")
    assert r["label"] == {"zh-Hans": "第一条第2段", "zh-Hant": "第一條第2段"}
    html = (site / "zh-Hant" / "statements" / "2023-06-01" / "index.html").read_text(encoding="utf-8")
    assert "第一條第2段" in html


def test_the_document_type_is_shown_per_statement(shapes_site):
    site, _ = shapes_site
    for slug, doc_type in [("2014-05-23", "行动计划"), ("2012-05-21", "联合新闻公报"), ("2013-05-22", "联合新闻稿")]:
        html = (site / "zh-Hans" / "statements" / slug / "index.html").read_text(encoding="utf-8")
        assert re.search(rf"<dt>文件类型</dt><dd>{doc_type}</dd>", html), slug


def test_a_traditional_source_is_published_as_received_and_the_simplified_edition_derived(shapes_site):
    site, records = shapes_site
    source = (FIXTURES / "shapes" / "traditional" / "statement.txt").read_text(encoding="utf-8")
    mine = [r for r in records if r["statement"] == "2016-09-01"]
    assert mine and all(r["source_script"] == "zh-Hant" for r in mine)
    assert all(r["source_script"] == "zh-Hans" for r in records if r["statement"] != "2016-09-01")
    rows = list(csv.DictReader(io.StringIO((site / "data" / "clauses.csv").read_text(encoding="utf-8-sig"))))
    assert [row["source_script"] for row in rows] == [r["source_script"] for r in records]  # the CSV says it too
    assert "\u3000\u3000".join(r["text"]["zh-Hant"] for r in mine) in source  # character for character
    simplified = "".join(r["text"]["zh-Hans"] for r in mine)
    assert traditional_only(simplified) == [] and "着力推进" in simplified
    page = (site / "zh-Hans" / "statements" / "2016-09-01" / "index.html").read_text(encoding="utf-8")
    assert traditional_only(re.sub(r"<[^>]+>", "", page.split('<article', 1)[1].split("</article>", 1)[0])) == []


def test_another_countrys_corpus_builds_from_1960(other_site):
    site, records = other_site
    assert sorted({r["statement"] for r in records}) == ["1960-04-28", "2019-03-26", "2024-12-04"]
    html = (site / "zh-Hans" / "statements" / "1960-04-28" / "index.html").read_text(encoding="utf-8")
    assert "1960年4月28日" in html and "加德满都" in html and "联合公报" in html
    assert (site / "downloads" / "offline-site.zip").stat().st_size > 0
    assert any(r["see_also"] for r in records)  # linked by wording alone: no topics.toml


# The other corpus's names, derived from its manifest (read/naming.py): its first-listed names of the two states, and
# 联合文件 since it gives no document type. The 繁體 edition's description has the interface's Taiwan words.
OTHER_NAMES = {"zh-Hans": ("中尼联合文件", "中华人民共和国和尼泊尔联邦民主共和国联合文件全文，逐条可链接，简体与繁體对照。"),
               "zh-Hant": ("中尼聯合文件", "中華人民共和國和尼泊爾聯邦民主共和國聯合文件全文，逐條可連結，簡體與繁體對照。")}
REAL_PAIR = re.compile("中巴|巴基斯坦|Pakistan|cn-pk")  # the real corpus's names, which mkdocs.yml used to give


@pytest.mark.parametrize("lang", OTHER_NAMES)
def test_another_countrys_corpus_names_itself_everywhere(other_site, lang):
    site, _ = other_site
    name, description = OTHER_NAMES[lang]
    home = (site / lang / "index.html").read_text(encoding="utf-8")
    assert f"<title>{name}</title>" in home and f'<meta property="og:site_name" content="{name}">' in home
    assert f'<meta name="description" content="{description}">' in home
    page = (site / lang / "statements" / "1960-04-28" / "index.html").read_text(encoding="utf-8")
    assert re.search(rf"<title>[^<]+ - {name}</title>", page) and f'title="{name} (Atom)"' in page
    assert f'"isPartOf":{{"@type":"WebSite","name":"{name}"}}' in page  # JSON-LD
    assert "<dt>文件類型</dt>" in page or lang == "zh-Hans"  # a document's type, not a file's (檔案)
    feed = (site / lang / "feed.xml").read_text(encoding="utf-8")
    assert f"<title>{name}</title>" in feed and f"<name>{name}</name>" in feed
    [csl] = json.loads((site / lang / "cite" / "1960-04-28.json").read_text(encoding="utf-8"))
    assert csl["publisher"] == name  # no source recorded: the site publishes this edition (provenance.citation_publisher)
    assert f"PB  - {name}" in (site / lang / "cite" / "1960-04-28.ris").read_text(encoding="utf-8")
    download = (site / "downloads" / lang / "1960-04-28.html").read_text(encoding="utf-8")
    assert f" - {name}</title>" in download and f'<p class="colophon">{name} · ' in download


def test_another_countrys_root_page_names_it_in_english(other_site):
    root = (other_site[0] / "index.html").read_text(encoding="utf-8")
    assert "<title>中尼联合文件 · Joint documents</title>" in root
    assert ('<meta name="description" content="The joint documents of 中华人民共和国 and 尼泊尔联邦民主共和国 in Chinese, '
            'every clause at a permanent link, in Simplified and Traditional characters.">') in root


def test_another_countrys_corpus_never_shows_the_real_corpus_names(other_site):
    import zipfile

    site, _ = other_site
    texts = {str(p.relative_to(site)): p.read_bytes() for p in site.rglob("*") if p.is_file() and p.suffix != ".zip"}
    with zipfile.ZipFile(site / "downloads" / "offline-site.zip") as z:
        texts.update({f"zip:{n}": z.read(n) for n in z.namelist()})
    assert any(n.startswith("zip:") and n.endswith(".html") for n in texts)
    found = {n: REAL_PAIR.findall(data.decode("utf-8", "replace")) for n, data in texts.items()}
    assert {n: f for n, f in found.items() if f} == {}


@pytest.fixture(scope="module")
def shapes_server(shapes_site):
    import functools
    import http.server
    import threading

    from .conftest import _Quiet

    handler = functools.partial(_Quiet, directory=str(shapes_site[0]))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
@pytest.mark.parametrize("start, other", [("zh-Hant", "zh-Hans"), ("zh-Hans", "zh-Hant")])
def test_in_the_browser_a_clause_paragraph_of_a_traditional_source_survives_the_edition_switch(
        browser, shapes_server, start, other):
    """A reader opens the second paragraph of clause 一 of a statement received in Traditional, and switches."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(f"{shapes_server}/{start}/statements/2016-09-01/#c1-p2")
        page.click("a[data-edition-switch]")
        page.wait_for_url(f"{shapes_server}/{other}/statements/2016-09-01/#c1-p2")
        label = page.locator("#c1-p2")
        assert label.is_visible() and label.inner_text().startswith({"zh-Hans": "第一条第2段", "zh-Hant": "第一條第2段"}[other])
        text = page.locator("#c1-p2 + .clause-text").inner_text()
        assert text == {"zh-Hant": "訪問期間，兩國領導人舉行會談，著力推進經濟走廊建設，並就雙邊關係深入交換意見。",
                        "zh-Hans": "访问期间，两国领导人举行会谈，着力推进经济走廊建设，并就双边关系深入交换意见。"}[other]
        context.grant_permissions(["clipboard-read", "clipboard-write"], origin=shapes_server)
        page.locator('#c1-p2 ~ .clause-tools [data-copy="citation"]').first.click()
        page.wait_for_function("() => document.querySelector('#c1-p2 ~ .clause-tools .clause-tool-status').textContent")
        citation = page.evaluate("navigator.clipboard.readText()")
        assert {"zh-Hans": "第一条第2段", "zh-Hant": "第一條第2段"}[other] in citation
    finally:
        context.close()
