"""The offline download: unpacked, opened from file:// with the network blocked, it reads, searches and switches."""

from __future__ import annotations

import re
import zipfile
from html import unescape
from urllib.parse import unquote, urlsplit

import pytest

from build_scripts.convert.converter import converter
from build_scripts.publish.offline import ZIP_LINK_SLOT, ZIP_SIZE_SLOT, file_html, file_url, folder_name, zip_link

from .test_search import QUERY_SET, RESULT_LINKS, run_query_set, search


@pytest.fixture(scope="module")
def s2tw(tmp_path_factory):
    return converter("s2tw", tmp_path_factory.mktemp("opencc"))



@pytest.mark.parametrize(("url", "expected"), [
    ("../2022-11-02/#c34", "../2022-11-02/index.html#c34"),
    ("../..", "../../index.html"),
    ("./", "./index.html"),
    ("..", "../index.html"),
    ("../../zh-Hant/topics/?q=1", "../../zh-Hant/topics/index.html?q=1"),
    ("#c3", "#c3"),
    ("../assets/stylesheets/site.css", "../assets/stylesheets/site.css"),
    ("https://example.org/a/", "https://example.org/a/"),
    ("/zh-Hans/", "/zh-Hans/"),
    ("mailto:a@b", "mailto:a@b"),
    ("", ""),
])
def test_directory_links_get_their_index_html(url, expected):
    assert file_url(url) == expected


def test_links_are_found_by_an_html_parser_whatever_their_quoting_and_nothing_else_changes():
    """Only addresses in start tags change (any quoting, a redirect's refresh included); text, scripts and every other
    character stay as the engine wrote them; the feed's alternate link goes with the white space before it."""
    page = ("<head>\n  <link rel=\"alternate\" type=\"application/atom+xml\" href=\"feed.xml\">\n"
            "<meta http-equiv='refresh' content='0; url=../#a--b'>\n"
            "<script>var a = ' href=\"x/\"';</script></head>\n<body class=x>"
            "<a href='../a/' title=\"a href='b/'\">a href=\"c/\"</a><img src=../d/ alt=\"\"><a href=\"ZIPLINKSLOT\">z</a>"
            "<br/><a\nHREF=\"e/#f\" download>e</a></body>")
    assert file_html(page, {ZIP_LINK_SLOT: "../g/"}) == (
        "<head>\n<meta http-equiv='refresh' content='0; url=../index.html#a--b'>\n"
        "<script>var a = ' href=\"x/\"';</script></head>\n<body class=x>"
        "<a href='../a/index.html' title=\"a href='b/'\">a href=\"c/\"</a><img src=../d/index.html alt=\"\">"
        "<a href=\"../g/\">z</a><br/><a\nHREF=\"e/index.html#f\" download>e</a></body>")


def test_the_zip_holds_both_editions_data_and_the_search_index(unpacked):
    for lang in ("zh-Hans", "zh-Hant"):
        assert (unpacked / lang / "statements" / "2022-11-02" / "index.html").exists()
        assert (unpacked / lang / "search" / "index.js").exists()  # the site's own index, loadable from file://
        assert (unpacked / lang / "assets" / "javascripts" / "search-client.js").exists()
    assert (unpacked / "data" / "clauses.csv").exists() and (unpacked / "index.html").exists()
    for html in unpacked.rglob("*.html"):
        text = html.read_text(encoding="utf-8")
        assert "unpkg.com" not in text and ZIP_SIZE_SLOT not in text and ZIP_LINK_SLOT not in text, html
        directories = [u for u in re.findall(r'\s(?:href|src)="([^"]*)"', text) if file_url(u) != u]
        assert directories == [], (html, directories[:5])  # each would open a listing from file://


def test_the_zip_unpacks_into_one_folder_named_after_the_site(built):
    """Issue 22: it unpacked five entries (data, downloads, index.html, zh-Hans, zh-Hant) into the current folder."""
    with zipfile.ZipFile(built / "downloads" / "offline-site.zip") as z:
        tops = {name.split("/")[0] for name in z.namelist()}
        assert tops == {"china-pakistan-joint-statements"}  # source/manifest.toml's english_name
        assert "china-pakistan-joint-statements/index.html" in z.namelist()


@pytest.mark.parametrize(("names", "folder"), [
    (("China\u2013Pakistan joint statements", "cn-pk"), "china-pakistan-joint-statements"),  # an en dash
    (("中法联合声明", "corpus-0123456789ab"), "corpus-0123456789ab"),  # no ASCII name: the feed id
    (('"><img src=x>', "x"), "img-src-x"),
    (("", "…"), "offline-site"),
])
def test_the_folder_is_an_ascii_slug_of_the_sites_name(names, folder):
    assert folder_name(*names) == folder


def test_no_page_of_the_offline_copy_links_to_a_file_it_lacks(unpacked):
    """Its downloads page linked ../../downloads/offline-site.zip, which a zip cannot hold: every relative href and
    src of every page must name a file of the unpacked folder."""
    missing = set()
    for html in unpacked.rglob("*.html"):
        for url in re.findall(r'\s(?:href|src)="([^"]+)"', html.read_text(encoding="utf-8")):
            url = re.split(r"[#?]", unescape(url))[0]  # an attribute may spell characters as references
            if not url or re.match(r"[A-Za-z][A-Za-z0-9+.-]*:", url) or url.startswith("/"):
                continue
            target = (html.parent / unquote(url)).resolve()
            if not target.is_file() or not target.is_relative_to(unpacked.resolve()):
                missing.add((html.relative_to(unpacked).as_posix(), url))
    assert sorted(missing) == []


def test_the_offline_downloads_page_says_the_zip_is_the_copy_the_reader_has(unpacked):
    for lang, held in (("zh-Hans", "即您正在阅读的这一份"), ("zh-Hant", "即您正在閱讀的這一份")):
        text = (unpacked / lang / "downloads" / "index.html").read_text(encoding="utf-8")
        assert f"offline-site.zip（{held}）" in text and ZIP_LINK_SLOT not in text
        assert "china-pakistan-joint-statements/index.html" in text  # where to start, once unpacked


def test_with_a_published_address_the_offline_copy_links_the_zip_online():
    cell = zip_link("offline-site.zip", False, "https://example.org/statements/", lambda text: text)
    assert cell == ('<a href="https://example.org/statements/downloads/offline-site.zip">offline-site.zip</a>'
                    "（即您正在阅读的这一份）")
    assert urlsplit(re.search(r'href="([^"]+)"', cell)[1]).scheme == "https"  # type: ignore[index]
    assert zip_link("offline-site.zip", True, "", lambda t: t) == (
        '<a href="../../downloads/offline-site.zip" download>offline-site.zip</a>')


def test_the_published_downloads_page_gives_the_zip_size(built):
    for lang in ("zh-Hans", "zh-Hant"):
        text = (built / lang / "downloads" / "index.html").read_text(encoding="utf-8")
        assert ZIP_SIZE_SLOT not in text and ZIP_LINK_SLOT not in text


@pytest.mark.browser
def test_offline_site_works_from_file_with_no_network(browser, unpacked):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests = []
    context.route("**/*", lambda route: (requests.append(route.request.url),
                                         route.continue_() if route.request.url.startswith("file://") else route.abort()))
    page = context.new_page()
    page.goto((unpacked / "index.html").as_uri())
    page.wait_for_url("**/zh-Hans/index.html")
    found = search(page, "犍陀罗")  # printed in two clauses; no reader's word of synonyms.tsv adds any
    assert {r.split("#")[1] for r in found} == {"c30", "s6-p7"}
    hrefs = page.eval_on_selector_all(RESULT_LINKS, "els => els.map(a => a.getAttribute('href'))")
    assert all(h.split("#")[0].endswith("/index.html") for h in hrefs), hrefs  # results open pages, not listings
    page.keyboard.press("Escape")
    page.goto((unpacked / "zh-Hans" / "statements" / "2020-03-17" / "index.html").as_uri() + "#p14")
    page.locator("#p14 ~ .clause-aids button").first.click()  # the list is loaded from related.js by a <script>
    page.locator("#p14 ~ .clause-aids").first.locator('a[href="../../statements/2022-11-02/index.html#c34"]').click()
    page.wait_for_url("**/zh-Hans/statements/2022-11-02/index.html#c34")
    page.click("a[data-edition-switch]")
    page.wait_for_url("**/zh-Hant/statements/2022-11-02/index.html#c34")
    assert page.locator("#c34 + .clause-text").inner_text().startswith("三十四、雙方重申")
    assert search(page, "克什米爾")  # the 繁體 index works offline too
    leaked = [u for u in requests if not u.startswith("file://")]
    assert leaked == [], leaked
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
@pytest.mark.parametrize("script", ["简", "繁"])
def test_the_query_set_from_file_with_no_network(browser, unpacked, clauses, s2tw, lang, script, record_property):
    context = browser.new_context()
    context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    page = context.new_page()
    page.goto((unpacked / lang / "index.html").as_uri())
    recall, precision, misses = run_query_set(page, clauses, s2tw, lang, script)
    record_property(f"{lang} {script} offline", f"recall {recall:.3f} precision {precision:.3f}")
    print(f"offline {lang} typed in {script}: mean recall {recall:.3f}, mean precision@R {precision:.3f}"
          f" over {len(QUERY_SET)} queries; below 1: {misses}")
    assert recall >= 0.97 and precision >= 0.9, misses
    hrefs = page.eval_on_selector_all(RESULT_LINKS, "els => els.map(a => a.href)")
    assert hrefs and all(h.startswith("file://") and "/index.html#" in h for h in hrefs), hrefs[:3]
    context.close()
