"""For readers and citers: copy controls, timeline, print, link previews, accessibility, keyboard, live preview."""

from __future__ import annotations

import re
import shutil
import socket

import pytest

from build_scripts import serve
from build_scripts.engines import mkdocs

from .conftest import ROOT, tmp_paths
from .test_search import search

EDITIONS = ("zh-Hans", "zh-Hant")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "statements/2018-11-04/", "topics/kashmir/", "downloads/", "timeline/"]


@pytest.mark.browser
@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_serious_or_critical_violation(browser, server, lang, path):
    if not AXE.exists():
        pytest.fail("node_modules/axe-core is missing: `make test` runs `npm ci`")
    page = browser.new_page()
    page.goto(f"{server}/{lang}/{path}")
    page.add_script_tag(path=str(AXE))
    violations = page.evaluate("async () => (await axe.run(document)).violations"
                               ".filter(v => ['serious', 'critical'].includes(v.impact))"
                               ".map(v => [v.id, v.nodes.length, v.nodes[0].target.join(' ')])")
    page.close()
    assert violations == []


@pytest.mark.browser
@pytest.mark.parametrize("lang, label, citation", [
    ("zh-Hans", "第七条", "《中华人民共和国和巴基斯坦伊斯兰共和国联合声明》（2022年11月2日，北京），第七条。"),
    ("zh-Hant", "第七條", "《中華人民共和國和巴基斯坦伊斯蘭共和國聯合聲明》（2022年11月2日，北京），第七條。"),
])
def test_copy_link_and_citation_with_the_keyboard(browser, server, lang, label, citation):
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    page = context.new_page()
    url = f"{server}/{lang}/statements/2022-11-02/"
    page.goto(url + "#c7")
    tools = page.locator("#c7 ~ .clause-tools").first
    tools.locator('button[data-copy="link"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#c7 ~ .clause-tools .clause-tool-status').textContent")
    assert page.evaluate("navigator.clipboard.readText()") == url + "#c7"
    page.keyboard.press("Tab")  # the next control: copy citation
    assert page.evaluate("document.activeElement.dataset.copy") == "citation"
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    assert page.evaluate("navigator.clipboard.readText()") == citation + url + "#c7"
    assert label in citation
    context.close()


@pytest.mark.browser
def test_search_and_see_also_with_the_keyboard_alone(page, server):
    page.goto(f"{server}/zh-Hant/statements/2020-03-17/")
    page.keyboard.press("/")  # opens the search dialog with the box focused
    assert page.evaluate("document.activeElement.classList.contains('site-search__input')")
    page.keyboard.type("克什米爾")
    page.wait_for_selector(".site-search__results a[href*='#c34']")
    page.keyboard.press("ArrowDown")  # the first result: the newest clause
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/zh-Hant/statements/2022-11-02/#c34"))
    page.goto(f"{server}/zh-Hant/statements/2020-03-17/#p14")
    page.locator("#p14 ~ .clause-aids a[href='../2022-11-02/#c34']").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/zh-Hant/statements/2022-11-02/#c34")


@pytest.mark.browser
def test_a_statement_prints_without_navigation_and_with_labels_and_link_urls(page, server):
    page.goto(f"{server}/zh-Hans/statements/2018-11-04/")
    page.emulate_media(media="print")
    hidden = page.evaluate("['.md-header', '.md-sidebar--primary', '.clause-tools', '.clause-aids', '.md-footer']"
                           ".map(s => getComputedStyle(document.querySelector(s)).display)")
    assert hidden == ["none"] * 5
    assert page.locator("#s3-p2").is_visible()
    after = page.evaluate("getComputedStyle(document.querySelector('.md-typeset p a[href]'), '::after').content")
    assert "attr(href)" in after or "(" in after


def test_timeline_lists_every_visit_in_both_editions(built):
    hans = (built / "zh-Hans" / "timeline" / "index.html").read_text(encoding="utf-8")
    hant = (built / "zh-Hant" / "timeline" / "index.html").read_text(encoding="utf-8")
    for date in ("2015年4月20日", "2018年11月4日", "2020年3月17日", "2022年11月2日"):
        assert date in hans and date in hant
    assert "巴基斯坦总理夏巴兹·谢里夫" in hans and "巴基斯坦總理夏巴茲·謝里夫" in hant
    assert "—" not in hans  # every statement has its leaders and headline


def test_pages_carry_titles_descriptions_open_graph_and_a_sitemap(built):
    html = (built / "zh-Hant" / "statements" / "2015-04-20" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:locale" content="zh_TW">' in html
    title = "中華人民共和國和巴基斯坦伊斯蘭共和國關於建立全天候戰略合作夥伴關係的聯合聲明"
    assert f'<meta property="og:title" content="{title}">' in html
    assert '<meta name="description" content="2015年4月20日，伊斯蘭堡。' in html
    assert "<title>中華人民共和國和巴基斯坦伊斯蘭共和國關於建立" in html
    for lang in EDITIONS:
        assert (built / lang / "sitemap.xml").exists()


def test_the_published_404_page_sends_each_edition_to_its_own(tmp_path, monkeypatch):
    for lang in EDITIONS:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "404.html").write_text(f"<html><head></head><body>{lang}</body></html>", encoding="utf-8")
    monkeypatch.setenv("SITE_URL", "https://example.github.io/repo/")
    mkdocs.place_404_pages(tmp_path, list(EDITIONS))
    root = (tmp_path / "404.html").read_text(encoding="utf-8")
    assert "zh-Hans</body>" in root and '"/repo/zh-Hant/404.html"' in root
    assert (tmp_path / "zh-Hant" / "404.html").exists()


@pytest.mark.browser
def test_live_preview_rebuilds_and_reloads_the_page(tmp_path, browser):
    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    paths = tmp_paths(tmp_path, source)
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server, stop = serve.start(paths, port, poll=0.3)
    try:
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/zh-Hans/timeline/")
        assert "深化全天候战略合作伙伴关系；洪灾后的援助与重建" in page.content()
        manifest = source / "manifest.toml"
        manifest.write_text(manifest.read_text(encoding="utf-8").replace("洪灾后的援助与重建", "灾后重建（已改）"),
                            encoding="utf-8")
        page.wait_for_function("() => document.body.textContent.includes('灾后重建（已改）')", timeout=60000)
        page.close()
    finally:
        stop.set()
        server.shutdown()
        server.server_close()


@pytest.mark.browser
def test_screenshot_of_search_for_the_readme(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{server}/zh-Hant/")
    assert search(page, "瓜达尔港")  # typed in Simplified on the 繁體 site
    out = ROOT / "tests" / "artifacts"
    out.mkdir(exist_ok=True)
    page.screenshot(path=str(out / "search-zh-Hant.png"))
    page.close()
