"""The compare view: one page per edition (compare/#<pair>), its rows as data, and the published compare URLs
(source/published.urls) kept as redirects — online, from the offline zip, and refused when they cannot be served."""

from __future__ import annotations

import re
import shutil

import pytest

from build_scripts import compare_view
from build_scripts.build import generate
from build_scripts.errors import SourceErrors
from build_scripts.hreflang import sitemap_files
from build_scripts.link import Ref
from build_scripts.published import FILE, parse_published
from build_scripts.render import compare_slug, compare_url

from .conftest import GOLDEN, ROOT, tmp_paths

EDITIONS = ("zh-Hans", "zh-Hant")
# the compare URLs published before the view (one page per pair): the view itself, compare/, is not one
PUBLISHED = [line for line in (GOLDEN / "anchors.txt").read_text(encoding="utf-8").splitlines()
             if "/compare/" in line and "--" in line]
ROWS_JS = """() => [...document.querySelectorAll('.compare-rows p.compare-text')].map(p => [
    p.classList.contains('earlier') ? 'earlier' : 'later', !p.classList.contains('unchanged'),
    [...p.childNodes].filter(n => !(n.classList && n.classList.contains('compare-side')))
        .map(n => [n.nodeName === 'DEL' ? -1 : n.nodeName === 'INS' ? 1 : 0, n.textContent])])"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The real corpus rendered in memory: the rows as Python computes them, per edition."""
    site = generate(tmp_paths(tmp_path_factory.mktemp("compare-generate")))
    return {o.edition.lang: {c.slug: c for c in o.view.comparisons()} for o in site.editions}


def expected_rows(c) -> list:
    out = []
    for row in c.rows:
        for side, segments in (("earlier", row.earlier), ("later", row.later)):
            out.append([side, row.changed, [[compare_view.OPS[s.op], s.text] for s in segments]])
    return out


def linked_pairs(clauses: list[dict], lang: str) -> list[str]:
    return sorted({t["compare"][lang] for r in clauses for t in r["see_also"] if t["compare"]})


# --- addresses and data, no browser --------------------------------------------------------------------------

def test_compare_url_is_the_view_with_the_pair_in_its_fragment():
    a, b = Ref("2020-03-17", "p14"), Ref("2022-11-02", "c34")
    assert compare_url(b, a) == compare_url(a, b) == "compare/#2020-03-17-p14--2022-11-02-c34"
    assert compare_view.parse_pair(compare_slug(a, b)) == (a, b)
    assert compare_view.parse_pair(compare_slug(Ref("2018-11-04", "s3-p2"), Ref("2015-04-20", "c1-p2"))) == (
        Ref("2015-04-20", "c1-p2"), Ref("2018-11-04", "s3-p2"))
    assert compare_view.parse_pair("2020-03-17-p14") is None


def test_every_linked_pair_is_in_the_data_file_of_its_first_statement(built, clauses, generated):
    for lang in EDITIONS:
        urls = linked_pairs(clauses, lang)
        assert len(urls) == 40
        data = {p.stem: compare_view.read_data_script(p.read_text(encoding="utf-8"))
                for p in (built / lang / "compare" / "data").glob("*.js")}
        for url in urls:
            slug = url.split("/compare/#")[1]
            pair = data[slug[:10]][slug]
            c = generated[lang][slug]
            assert pair["summary"] == c.summary and len(pair["rows"]) == len(c.rows)
        assert sum(map(len, data.values())) == len(generated[lang])


def test_one_compare_page_per_edition_and_a_redirect_per_published_url(built):
    for lang in EDITIONS:
        pages = sorted(p.relative_to(built / lang).as_posix() for p in (built / lang / "compare").rglob("*.html"))
        stubs = [f"compare/{line.split('/compare/')[1]}index.html" for line in PUBLISHED if line.startswith(lang + "/")]
        assert len(stubs) == 40 and pages == sorted(["compare/index.html", *stubs])
        for stub in stubs:
            html = (built / lang / stub).read_text(encoding="utf-8")
            slug = stub.split("/")[1]
            assert compare_view.is_redirect_page(html) and len(html) < 1000
            assert f'content="0; url=../#{slug}"' in html and f'<a href="../#{slug}">' in html
    # redirects are no pages for search engines: left out of the sitemap (the view itself stays)
    sitemap = sitemap_files(built, list(EDITIONS), "https://example.org/site/")["sitemap.xml"].decode()
    assert "/compare/</loc>" in sitemap and "--" not in sitemap
    for lang in EDITIONS:
        assert "--" not in (built / lang / "sitemap.xml").read_text(encoding="utf-8")


def test_the_published_list_is_the_compare_urls_of_the_snapshot():
    listed = [line.strip() for line in (ROOT / "source" / FILE).read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    assert listed == PUBLISHED and len(listed) == 80


def test_the_link_checker_knows_the_pairs_of_the_view(tmp_path):
    from build_scripts.linkcheck import broken_links

    (tmp_path / "compare" / "data").mkdir(parents=True)
    (tmp_path / "compare" / "index.html").write_text('<h1 id="compare-title">x</h1>', encoding="utf-8")
    (tmp_path / "compare" / "data" / "2015-04-20.js").write_text(
        compare_view._script({"2015-04-20-c1--2020-03-17-p1": {}}), encoding="utf-8")
    (tmp_path / "a.html").write_text('<a href="compare/#2015-04-20-c1--2020-03-17-p1">ok</a>'
                                     '<a href="compare/#2015-04-20-c2--2020-03-17-p1">gone</a>'
                                     '<a href="compare/#2016-01-01-c1--2020-03-17-p1">no data</a>', encoding="utf-8")
    assert broken_links(tmp_path) == ["a.html: compare/#2015-04-20-c2--2020-03-17-p1 (no anchor #2015-04-20-c2--2020-03-17-p1)",
                                      "a.html: compare/#2016-01-01-c1--2020-03-17-p1 (no anchor #2016-01-01-c1--2020-03-17-p1)"]


# --- published URLs the build can no longer serve -------------------------------------------------------------

@pytest.fixture(scope="module")
def statements(tmp_path_factory):
    from build_scripts.sources import read_source

    return read_source(ROOT / "source")[1]


def test_a_published_pair_whose_clause_is_gone_stops_the_build_with_its_line(statements):
    text = ("# kept\nzh-Hans/compare/2015-04-20-c1--2020-03-17-p1/\n"
            "zh-Hant/compare/2015-04-20-c99--2020-03-17-p1/\n"
            "  zh-Hans/compare/2015-04-20-c1--2019-01-01-p1/\n"
            "fr/compare/2015-04-20-c1--2020-03-17-p1/\n"
            "zh-Hans/compare/2020-03-17-p1--2015-04-20-c1/\n"
            "zh-Hans/statements/2015-04-20/\n"
            "zh-Hans/compare/2015-04-20-c1--2020-03-17-p1/\n")
    pairs, errors = parse_published(text, list(EDITIONS), statements)
    assert [p.slug for p in pairs] == ["2015-04-20-c1--2020-03-17-p1"]
    shown = [str(e) for e in errors]
    assert shown[0].startswith(f"{FILE}:3:1: 'zh-Hant/compare/2015-04-20-c99--2020-03-17-p1/' can no longer be served: "
                               "no clause 2015-04-20#c99")
    assert "expected both clauses of a published pair to exist" in shown[0]
    assert shown[1].startswith(f"{FILE}:4:3: ") and "no clause 2019-01-01#p1" in shown[1]
    assert shown[2].startswith(f"{FILE}:5:1: ") and "no edition 'fr'" in shown[2]
    assert shown[3].startswith(f"{FILE}:6:1: ")
    assert "expected the earlier first, zh-Hans/compare/2015-04-20-c1--2020-03-17-p1/" in shown[3]
    assert shown[4].startswith(f"{FILE}:7:1: ") and "is not a compare URL: expected <edition>/compare/" in shown[4]
    assert shown[5].startswith(f"{FILE}:8:1: ") and "listed twice (first on line 2)" in shown[5]
    assert len(shown) == 6


def test_the_build_refuses_a_published_url_it_cannot_serve_and_writes_nothing(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    with (source / FILE).open("a", encoding="utf-8") as f:
        f.write("zh-Hant/compare/2015-04-20-c1--2022-11-02-c99/\n")
    paths = tmp_paths(tmp_path, source)
    with pytest.raises(SourceErrors, match=re.escape(f"{FILE}:86:1: 'zh-Hant/compare/2015-04-20-c1--2022-11-02-c99/' "
                                                     "can no longer be served: no clause 2022-11-02#c99")):
        generate(paths)
    assert not paths.site.exists() and not paths.docs.exists()


def test_a_published_pair_the_linker_no_longer_links_keeps_its_data_and_redirect(tmp_path):
    """Two clauses of one statement are never linked: published, their pair is served all the same."""
    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    (source / FILE).write_text("zh-Hant/compare/2015-04-20-c1--2015-04-20-c2/\n", encoding="utf-8")
    site = generate(tmp_paths(tmp_path, source))
    files = site.docs("zh-Hant")
    pairs = compare_view.read_data_script(files["compare/data/2015-04-20.js"])
    assert "2015-04-20-c1--2015-04-20-c2" in pairs
    assert pairs["2015-04-20-c1--2015-04-20-c2"]["a"]["anchor"] == "c1"
    assert compare_view.is_redirect_page(files["compare/2015-04-20-c1--2015-04-20-c2/index.html"])
    hans = site.docs("zh-Hans")
    assert "compare/2015-04-20-c1--2015-04-20-c2/index.html" not in hans  # published for zh-Hant only
    assert "2015-04-20-c1--2015-04-20-c2" not in compare_view.read_data_script(hans["compare/data/2015-04-20.js"])


# --- in Chromium ------------------------------------------------------------------------------------------------


def drawn(page, slug: str) -> None:
    """Wait until the view has drawn this pair (a fragment change redraws asynchronously, once the data loaded)."""
    page.wait_for_selector(f'#compare-view[data-shown="{slug}"]:not([hidden])')


def shows_pair(page, c, lang: str, offline: bool = False) -> None:
    """The page shows comparison c: heading, title, summary and every row as the build computed them."""
    (sa, ca), (sb, cb) = c.earlier, c.later
    heading = page.locator("#compare-title").inner_text().rstrip("¶")
    assert ca.label in heading and cb.label in heading and f"{sa.date.year}年" in heading, heading
    assert page.title().startswith(heading)
    summary = page.locator(".compare-summary").inner_text()
    if c.summary["places"]:
        numbers = [c.summary[k] for k in ("places", "deleted", "inserted", "kept")]
        assert [int(n) for n in re.findall(r"\d+", summary)] == numbers, summary
        if lang == "zh-Hans":
            assert summary == ("较晚的条款改动 {places} 处：删去 {deleted} 字、新增 {inserted} 字，其余 {kept}% 的措辞相同。"
                               .format(**c.summary))
    else:
        assert "完全相同" in summary
    assert page.evaluate(ROWS_JS) == expected_rows(c)
    links, index = page.locator("#rows a"), "index.html" if offline else ""  # from file:// a folder is a listing
    assert links.nth(0).get_attribute("href") == f"../statements/{sa.slug}/{index}#{ca.anchor}"
    assert links.nth(1).get_attribute("href") == f"../statements/{sb.slug}/{index}#{cb.anchor}"


@pytest.mark.browser
@pytest.mark.parametrize("lang", EDITIONS)
def test_every_linked_pair_opens_with_the_rows_the_build_computed(page, server, clauses, generated, lang):
    urls = linked_pairs(clauses, lang)
    for url in urls:
        page.goto(f"{server}/{url}")
        drawn(page, url.split("#")[1])
        shows_pair(page, generated[lang][url.split("#")[1]], lang)
    assert [u for u in page.requests if not u.startswith(server)] == []


@pytest.mark.browser
def test_a_see_also_link_opens_its_pair(page, server, generated):
    page.goto(f"{server}/zh-Hant/statements/2020-03-17/#p14")
    aids = page.locator("#p14 ~ .clause-aids").first
    aids.locator("button").click()
    aids.get_by_role("link", name="逐字對照").first.click()
    page.wait_for_url(f"{server}/zh-Hant/compare/#2020-03-17-p14--2022-11-02-c34")
    drawn(page, "2020-03-17-p14--2022-11-02-c34")
    shows_pair(page, generated["zh-Hant"]["2020-03-17-p14--2022-11-02-c34"], "zh-Hant")


@pytest.mark.browser
def test_the_view_follows_the_fragment_and_names_an_unknown_pair(page, server, generated):
    first, second = "2020-03-17-p14--2022-11-02-c34", "2015-04-20-c1--2020-03-17-p1"
    page.goto(f"{server}/zh-Hans/compare/#{first}")
    drawn(page, first)
    page.evaluate(f"location.hash = '#{second}'")  # hashchange: no reload
    drawn(page, second)
    shows_pair(page, generated["zh-Hans"][second], "zh-Hans")
    for unknown in ("2015-04-20-c1--2015-04-20-c99", "2031-01-01-c1--2032-01-01-c1", "not-a-pair", "%E4%B8%AD%zz"):
        page.evaluate(f"location.hash = '#{unknown}'")
        status = page.locator("#compare-status")
        status.wait_for(state="visible")
        assert "没有这一对条款的对照" in status.inner_text() and page.locator("#compare-view").is_hidden()
        assert page.title().startswith("逐字对照 - ")
    for _ in range(4):  # back through the unknown pairs to the last known one
        page.go_back()
    drawn(page, second)
    shows_pair(page, generated["zh-Hans"][second], "zh-Hans")
    page.goto(f"{server}/zh-Hans/compare/")
    assert "相关条款" in page.locator("#compare-status").inner_text()


@pytest.mark.browser
def test_without_javascript_the_view_says_so_and_a_published_url_still_arrives(browser, server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/zh-Hant/compare/2020-03-17-p14--2022-11-02-c34/")
    page.wait_for_url(f"{server}/zh-Hant/compare/#2020-03-17-p14--2022-11-02-c34")  # the meta refresh
    assert "需要 JavaScript" in page.locator("article").inner_text()
    page.locator(".compare-status a").click()
    page.wait_for_url(f"{server}/zh-Hant/")
    context.close()


@pytest.mark.browser
def test_every_published_compare_url_redirects_to_its_pair_online(page, server, generated):
    for line in PUBLISHED:
        lang, slug = line.split("/compare/")[0], line.split("/compare/")[1].rstrip("/")
        page.goto(f"{server}/{line}?from=paper")
        page.wait_for_url(f"{server}/{lang}/compare/?from=paper#{slug}")
        drawn(page, slug)
        shows_pair(page, generated[lang][slug], lang)
    page.goto(f"{server}/zh-Hans/cite/")
    page.goto(f"{server}/{PUBLISHED[0]}")
    drawn(page, PUBLISHED[0].split("/compare/")[1].rstrip("/"))
    page.go_back()  # the redirect left no step in the history: back is where the reader came from
    page.wait_for_url(f"{server}/zh-Hans/cite/")


@pytest.mark.browser
def test_every_published_compare_url_redirects_to_its_pair_from_the_offline_zip(browser, unpacked, generated):
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    for line in PUBLISHED:
        lang, slug = line.split("/compare/")[0], line.split("/compare/")[1].rstrip("/")
        page.goto((unpacked / line / "index.html").as_uri())
        page.wait_for_url((unpacked / lang / "compare" / "index.html").as_uri() + f"#{slug}")
        drawn(page, slug)
        shows_pair(page, generated[lang][slug], lang, offline=True)
    page.locator("#rows a").nth(1).click()  # the clause links work from file:// too
    page.wait_for_url("**/statements/*/index.html#*")
    assert errors == []
    context.close()


@pytest.mark.browser
def test_without_javascript_the_offline_redirect_reaches_the_view(browser, unpacked):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((unpacked / PUBLISHED[0] / "index.html").as_uri())
    slug = PUBLISHED[0].split("/compare/")[1].rstrip("/")
    page.wait_for_url((unpacked / "zh-Hans" / "compare" / "index.html").as_uri() + f"#{slug}")
    context.close()


@pytest.mark.browser
def test_switching_edition_keeps_the_pair(page, server, generated):
    page.goto(f"{server}/zh-Hans/compare/#2020-03-17-p14--2022-11-02-c34")
    drawn(page, "2020-03-17-p14--2022-11-02-c34")
    page.click("a[data-edition-switch]")
    page.wait_for_url(f"{server}/zh-Hant/compare/#2020-03-17-p14--2022-11-02-c34")
    drawn(page, "2020-03-17-p14--2022-11-02-c34")
    shows_pair(page, generated["zh-Hant"]["2020-03-17-p14--2022-11-02-c34"], "zh-Hant")
