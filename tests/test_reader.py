"""For readers and citers: copy controls, timeline, print, link previews, accessibility, keyboard, live preview."""

from __future__ import annotations

import re
import shutil
import socket

import pytest

from build_scripts.cli import serve
from build_scripts.engines import mkdocs

from .conftest import ROOT, clipboard_page, tmp_paths
from .test_search import search

EDITIONS = ("zh-Hans", "zh-Hant")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
PAGES = ["", "statements/2018-11-04/", "statements/2022-11-02/", "topics/kashmir/", "downloads/", "timeline/"]


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
@pytest.mark.parametrize("lang, label, title", [
    ("zh-Hans", "第七条", "中华人民共和国和巴基斯坦伊斯兰共和国联合声明"),
    ("zh-Hant", "第七條", "中華人民共和國和巴基斯坦伊斯蘭共和國聯合聲明"),
])
def test_copy_link_and_citation_with_the_keyboard(browser, server, lang, label, title):
    """GB/T 7714 and Chicago, as the CSL styles render them, with today's date as the access date."""
    import datetime as dt

    page = clipboard_page(browser, server)
    context = page.context
    url = f"{server}/{lang}/statements/2022-11-02/"
    page.goto(url + "#c7")
    tools = page.locator("#c7 ~ .clause-tools").first
    tools.locator('button[data-copy="link"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#c7 ~ .clause-tools .clause-tool-status').textContent")
    assert page.evaluate("navigator.clipboard.readText()") == url + "#c7"
    page.keyboard.press("ArrowRight")  # the next control in the clause's toolbar: copy citation, GB/T 7714
    assert page.evaluate("document.activeElement.dataset.style") == "gbt7714"
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    today = page.evaluate("(() => { const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()]; })()")
    iso = dt.date(*today).isoformat()
    gbt = page.evaluate("navigator.clipboard.readText()")
    assert gbt == (f"{'中华人民共和国, 巴基斯坦伊斯兰共和国' if lang == 'zh-Hans' else '中華人民共和國, 巴基斯坦伊斯蘭共和國'}. "
                   f"{title}，{label}[R/OL]. {'新华社' if lang == 'zh-Hans' else '新華社'}, 2022[{iso}]. {url}#c7.")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.style") == "chicago"
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)
    chicago = page.evaluate("navigator.clipboard.readText()")
    assert f"{title}，{label}. " in chicago and f"{url}#c7" in chicago and "9999" not in chicago
    y, m, d = today  # the zh-CN / zh-TW locale's access term and date
    assert f"{'见于' if lang == 'zh-Hans' else '見於'} {y}年{m}月{d}日. {url}#c7." in chicago
    context.close()


@pytest.mark.browser
def test_copy_from_a_published_page_gives_the_published_address(browser, server):
    """The offline zip and any copy of a page give the address the page is published at, never file://."""
    page = clipboard_page(browser, server)
    context = page.context
    page.goto(f"{server}/zh-Hans/statements/2022-11-02/#c7")
    page.evaluate("""() => { const m = document.createElement('meta'); m.name = 'published-url';
        m.content = 'https://example.github.io/repo/zh-Hans/statements/2022-11-02/'; document.head.appendChild(m); }""")
    page.locator('#c7 ~ .clause-tools button[data-copy="link"]').first.click()
    page.wait_for_timeout(200)
    assert page.evaluate("navigator.clipboard.readText()") == "https://example.github.io/repo/zh-Hans/statements/2022-11-02/#c7"
    context.close()


def test_the_offline_pages_know_their_published_address(tmp_path, monkeypatch):
    """With SITE_URL set (the Pages build), every page, the offline edition's too, names its published address."""
    from build_scripts.build import assemble, render
    from build_scripts.engines.mkdocs import edition_config
    from build_scripts.settings import resolve

    monkeypatch.setenv("SITE_URL", "https://example.github.io/repo")
    paths = tmp_paths(tmp_path)
    rendering = render(paths)
    outputs = assemble(rendering).editions
    config = edition_config(resolve(paths), outputs[1])  # the offline zip is this build, rewritten for file://
    assert config["extra"]["published"] == "https://example.github.io/repo/"
    hant = next(p for p in outputs[1].pages if p.path == "statements/2022-11-02.md").content
    from build_scripts.render.cite import URL_SLOT

    from .test_statement_page import kit_of

    kit = kit_of(hant)  # the script copies kit["url"] + "#" + the clause's anchor, and puts it in each citation
    assert kit["url"] == "https://example.github.io/repo/zh-Hant/statements/2022-11-02/"
    assert all(template.count(URL_SLOT) == 1 and not misses for _, _, template, misses in kit["styles"])
    from build_scripts.render.downloads import statement_html

    o = rendering.editions[1]
    s = next(x for x in o.statements if x.slug == "2022-11-02")
    html = statement_html(s, "zh-Hant", o.view.parties, o.view.site_name, o.env, o.view).decode("utf-8")
    assert '網上版本：<a href="https://example.github.io/repo/zh-Hant/statements/2022-11-02/">' in html


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
    page.locator("#p14 ~ .clause-aids button").first.focus()
    page.keyboard.press("Enter")  # unfold the see-also list
    page.locator("#p14 ~ .clause-aids a[href='../../statements/2022-11-02/#c34']").first.focus()
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
    link = page.locator(".md-typeset p a[href]").first
    after = page.evaluate("(a) => getComputedStyle(a, '::after').content", link.element_handle())
    assert after.startswith('" (http://') and after.endswith(')"')  # the full address, not ../../statements/…


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


def test_the_published_404_page_sends_each_edition_to_its_own(tmp_path):
    for lang in EDITIONS:
        (tmp_path / lang).mkdir()
        (tmp_path / lang / "404.html").write_text(f"<html><head></head><body>{lang}</body></html>", encoding="utf-8")
    mkdocs.place_404_pages(tmp_path, list(EDITIONS), "https://example.github.io/repo/")
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
    running = serve.start(paths, port, poll=0.3)
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
        running.close()


@pytest.mark.browser
def test_screenshot_of_search_for_the_readme(browser, server):
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.goto(f"{server}/zh-Hant/")
    assert search(page, "瓜达尔港")  # typed in Simplified on the 繁體 site
    out = ROOT / "tests" / "artifacts"
    out.mkdir(exist_ok=True)
    page.screenshot(path=str(out / "search-zh-Hant.png"))
    page.close()


@pytest.mark.browser
@pytest.mark.parametrize("lang", EDITIONS)
def test_see_also_and_topics_fold_into_one_line_per_clause(page, server, lang):
    page.goto(f"{server}/{lang}/statements/2015-04-20/")
    aids = page.locator(".clause-aids")
    buttons = page.locator(".clause-aids > button[aria-expanded=false]")
    assert aids.count() > 10 and buttons.count() == aids.count()
    summary = buttons.first.inner_text()
    assert re.fullmatch(r"▸?\s*(相關條款|相关条款) \d+( · (話題|话题) \d+)?|▸?\s*(話題|话题) \d+", summary), summary
    assert aids.first.locator("ul").count() == 0  # not even in the page until asked for
    buttons.first.focus()
    page.keyboard.press("Enter")  # opens with the keyboard
    opened = aids.first.locator("button")
    page.wait_for_function("() => document.querySelector('.clause-aids > button').getAttribute('aria-expanded') === 'true'")
    assert aids.first.locator("a").first.is_visible()
    assert page.evaluate("document.activeElement === document.querySelector('.clause-aids > button')")  # focus stays
    assert opened.get_attribute("aria-controls") == aids.first.locator(".clause-aids__panel").get_attribute("id")
    page.keyboard.press("Enter")  # and closes
    assert opened.get_attribute("aria-expanded") == "false" and not aids.first.locator("a").first.is_visible()
    page.keyboard.press("Enter")
    text = page.evaluate("[...document.querySelectorAll('.clause-text')].reduce((h, p) => h + p.offsetHeight, 0)")
    folded = page.evaluate("[...document.querySelectorAll('.clause-aids')].reduce((h, d) => h + d.offsetHeight, 0)")
    assert folded < text / 2, (folded, text)


@pytest.mark.browser
@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("path", ["", "statements/2018-11-04/", "topics/kashmir/", "compare/#2020-03-17-p14--2022-11-02-c34",
                                  "compare/2020-03-17-p14--2022-11-02-c34/"])
def test_no_request_fails(browser, server, lang, path):
    page = browser.new_page()
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{server}/{lang}/{path}", wait_until="networkidle")
    page.close()
    assert failed == []


def test_snippets_start_and_end_on_words(built, clauses):
    from build_scripts.link.snippet import boundaries, is_punct

    from .test_statement_page import related_data

    def entries(lang: str) -> list:  # the see-also entries of the 2015 page, as its data file gives them
        data = related_data((built / lang / "statements" / "2015-04-20" / "related.js").read_text(encoding="utf-8"))
        return [r for clause in data.values() for r in clause["r"]]

    for lang in EDITIONS:
        wordings, excerpts = [r[4] for r in entries(lang) if r[4]], [r[2] for r in entries(lang)]
        assert wordings and excerpts
        assert not [w for w in wordings + excerpts if is_punct(w[0])]
        assert not [w for w in wordings + [e for e in excerpts if e.endswith("……")] if is_punct(w.removesuffix("……")[-1])]
    texts = [r["text"]["zh-Hans"] for r in clauses]
    cut = [r[2].removesuffix("……") for r in entries("zh-Hans") if r[2].endswith("……")]
    assert cut
    for excerpt in cut:  # cut between two of jieba's words of the clause it quotes
        body = next(t[t.index(excerpt):] for t in texts if excerpt in t and t.index(excerpt) <= 6)
        assert len(excerpt) in boundaries(body), excerpt


@pytest.mark.browser
def test_screenshots_on_a_phone_for_the_readme(browser, server):
    out = ROOT / "tests" / "artifacts"
    out.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2)
    page.goto(f"{server}/zh-Hans/")
    page.screenshot(path=str(out / "statement-phone-home.png"))
    page.goto(f"{server}/zh-Hans/compare/#2020-03-17-p14--2022-11-02-c34")
    page.wait_for_selector("#compare-view:not([hidden])")
    page.screenshot(path=str(out / "statement-phone-compare.png"))
    page.close()
