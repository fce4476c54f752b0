"""A light statement page: see-also and topics loaded on demand, copy controls from one kit per page.

The page keeps per clause only its label, its text and a constant-size marker ("相关条款 6 · 话题 1"); the lists
are in statements/<slug>/related.js (build_scripts/render/related.py), injected as a <script> on the first open.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from build_scripts.build import render
from build_scripts.render import cite

from .conftest import ROOT, clipboard_page, tmp_paths

EDITIONS = ("zh-Hans", "zh-Hant")
KIT = re.compile(r'<script type="application/json" id="clause-kit">(.*?)</script>', re.S)


def kit_of(text: str) -> dict:
    """The clause kit of a statement page: in its HTML's <head>, or in its Markdown's front matter (head_html)."""
    if text.startswith("---\n"):
        head = re.search(r"^head_html: (.*)$", text, re.M)
        assert head, "no head_html in the front matter"
        text = json.loads(head.group(1))  # a YAML double-quoted string
    found = KIT.findall(text)
    assert len(found) == 1, f"{len(found)} clause kits"
    return json.loads(found[0])


def related_data(text: str) -> dict:
    """The data of a statements/<slug>/related.js file."""
    assert text.startswith("clauseRelated(") and text.endswith(");\n")
    return json.loads(text[len("clauseRelated("):-len(");\n")])


def _site_with_cap(tmp_path: Path, cap: int):
    source = tmp_path / f"source-{cap}"
    shutil.copytree(ROOT / "source", source)
    topics = source / "topics.toml"
    text = topics.read_text(encoding="utf-8")
    assert "\nmax_links = 8\n" in text
    topics.write_text(text.replace("\nmax_links = 8\n", f"\nmax_links = {cap}\n"), encoding="utf-8")
    return render(tmp_paths(tmp_path / f"cap-{cap}", source))  # each edition's pages, with its view


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("caps")
    return {cap: _site_with_cap(tmp, cap) for cap in (2, 8)}


def _files(site, lang: str) -> dict[str, str]:
    return {p.path: p.content for o in site.editions if o.edition.lang == lang for p in o.pages}


@pytest.mark.parametrize("lang", EDITIONS)
def test_the_page_does_not_grow_with_the_number_of_links(sites, lang):
    """With see-also lists capped at 2 or at 8 links (as a corpus grows, lists fill up to the cap), every statement
    page's Markdown (so its HTML) is the same but for the markers, each a few bytes of counts; only the data grows."""
    small, large = _files(sites[2], lang), _files(sites[8], lang)
    pages = [p for p in large if re.fullmatch(r"statements/[0-9-]+\.md", p)]
    assert len(pages) == 4
    marker = re.compile(r'\n<div class="clause-aids">([^<]*)</div>\n')
    for path in pages:
        assert marker.sub("", small[path]) == marker.sub("", large[path]), path
        assert max(len(m.encode()) for m in marker.findall(large[path])) <= len("相关条款 10 · 话题 10".encode()), path
        assert small[path] != large[path]  # the counts do change
    grown = [p for p in large if p.endswith("/related.js")]
    assert len(grown) == 4 and sum(len(large[p]) for p in grown) > 1.5 * sum(len(small[p]) for p in grown)


@pytest.mark.parametrize("lang", EDITIONS)
def test_each_marker_counts_what_its_data_holds(sites, lang):
    files = _files(sites[8], lang)
    for path in [p for p in files if re.fullmatch(r"statements/[0-9-]+\.md", p)]:
        slug = path[len("statements/"):-3]
        data = related_data(files[f"statements/{slug}/related.js"])
        markers = dict(re.findall(r'\[[^\]]*\]\(#([\w-]+)\)\n\{: #[\w-]+ \.clause-label [^}]*\}\n\n'
                                  r'<p class="clause-text">.*?</p>\n\n<div class="clause-aids">([^<]*)</div>', files[path]))
        assert set(markers) == set(data), slug
        for anchor, marker in markers.items():
            n_related = re.search(r"(?:相关条款|相關條款) (\d+)", marker)
            n_topics = re.search(r"(?:话题|話題) (\d+)", marker)
            assert (int(n_related.group(1)) if n_related else 0) == len(data[anchor]["r"]), (slug, anchor)
            assert (int(n_topics.group(1)) if n_topics else 0) == len(data[anchor]["t"]), (slug, anchor)
        assert kit_of(files[path])["data"] == f"statements/{slug}/related.js"


def test_one_citation_template_per_page_reproduces_every_clause(sites):
    """The page carries each style once; filled with a clause's label and address it is that clause's own CSL
    rendering, for every clause of every statement in both editions (no clause needs its own text)."""
    for o in sites[8].editions:
        for s in o.statements:
            c = o.view.citation(s)
            assert set(c.templates) == set(cite.STYLES)
            for key, (template, misses) in c.templates.items():
                assert misses == {} and template.count(cite.LABEL_SLOT) == 1, (s.slug, key)
                for clause in s.clauses:
                    url = c.url + "#" + clause.anchor if c.url else cite.URL_SLOT
                    filled = template.replace(cite.LABEL_SLOT, clause.label).replace(cite.URL_SLOT, url)
                    assert filled == c.clauses[clause.anchor][key], (s.slug, clause.anchor, key)


def test_a_clause_the_template_does_not_reproduce_is_carried_whole():
    """A style that rewrote one clause's title differently: that clause's own text goes with the page."""
    from build_scripts.model import Clause, Statement

    s = Statement(slug="2020-01-01", title="标题", date=__import__("datetime").date(2020, 1, 1), place="北京",
                  dateline="", lead="", signature="", source_note="", source="x", line=1,
                  blocks=(Clause("c1", "第一条", "一、", "文"), Clause("c2", "第二条", "二、", "文")))
    items = [{"title": "标题，第一条"}, {"title": "标题，第二条"}]
    template, misses = cite._page_template(s, items, ["A 标题，第一条 B", "A 标题，第二条 b"])
    assert template == f"A 标题，{cite.LABEL_SLOT} B" and misses == {"c2": "A 标题，第二条 b"}


# In Chromium, on the real corpus.

def _panels(page) -> dict[str, list]:
    """Open every marker of the page; what each shows: topic links, and per see-also entry its link, text, links."""
    count = page.locator(".clause-aids > button").count()
    for i in range(count):
        page.locator(".clause-aids > button").nth(i).click()
    page.wait_for_function(f"() => document.querySelectorAll('.clause-aids__panel').length === {count}")
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.clause-aids')].map(box => {
        const panel = box.querySelector('.clause-aids__panel');
        const topics = [...panel.querySelectorAll('.clause-topics a')].map(a => [a.getAttribute('href'), a.textContent]);
        const related = [...panel.querySelectorAll('li')].map(li => [...li.querySelectorAll('a')].map(
            a => [a.getAttribute('href'), a.textContent]).concat([li.textContent]));
        return [box.dataset.anchor, {t: topics, r: related,
                                     expanded: box.querySelector('button').getAttribute('aria-expanded')}];
    }))""")


@pytest.mark.browser
@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("slug", ["2020-03-17", "2022-11-02"])
def test_opening_each_marker_shows_the_entries_of_the_data(page, server, built, lang, slug):
    data = related_data((built / lang / "statements" / slug / "related.js").read_text(encoding="utf-8"))
    page.goto(f"{server}/{lang}/statements/{slug}/")
    shown = _panels(page)
    assert set(shown) == set(data) and len(data) > 10
    words = kit_of(page.content())["words"]
    for anchor, entries in data.items():
        got = shown[anchor]
        assert got["expanded"] == "true"
        assert got["t"] == [["../../" + href, name] for href, name in entries["t"]], anchor
        assert len(got["r"]) == len(entries["r"]), anchor
        for (href, title, excerpt, topics, wording, compare), links in zip(entries["r"], got["r"], strict=True):
            text = links.pop()
            assert links[0] == ["../../" + href, title]
            assert text.startswith(f"{title}：{excerpt}")
            assert all(t in text for t in topics) and (not wording or f"“{wording}”" in text)
            assert links[1:] == ([["../../" + compare, words["compare"]]] if compare else [])


@pytest.mark.browser
def test_every_link_in_the_opened_lists_leads_to_a_page_and_an_anchor(page, server, built):
    """Each address the lists give, resolved as the browser does, is a built page holding the anchor."""
    page.goto(f"{server}/zh-Hant/statements/2022-11-02/")
    _panels(page)
    hrefs = page.eval_on_selector_all(".clause-aids__panel a", "els => els.map(a => a.href)")
    assert len(hrefs) > 100
    for href in set(hrefs):
        path, _, anchor = href.removeprefix(server + "/").partition("#")
        html = (built / path / "index.html").read_text(encoding="utf-8")
        assert not anchor or path.split("/")[1] == "compare" or f'id="{anchor}"' in html, href


@pytest.mark.browser
def test_copy_citation_fills_each_clause_label(browser, server):
    page = clipboard_page(browser, server)
    context = page.context
    page.goto(f"{server}/zh-Hans/statements/2018-11-04/")
    got = {}
    for anchor in ("p1", "s3-p2", "s8-p9"):
        page.locator(f'#{anchor} ~ .clause-tools button[data-style="gbt7714"]').first.click()
        page.wait_for_function(f"() => document.querySelector('#{anchor} ~ .clause-tools .clause-tool-status').textContent")
        got[anchor] = page.evaluate("navigator.clipboard.readText()")
        page.locator(f'#{anchor} ~ .clause-tools button[data-copy="link"]').first.click()
        page.wait_for_timeout(100)
        assert page.evaluate("navigator.clipboard.readText()") == f"{server}/zh-Hans/statements/2018-11-04/#{anchor}"
    context.close()
    labels = {"p1": "第1段", "s3-p2": "第三部分第2段", "s8-p9": "第八部分第9段"}
    for anchor, text in got.items():
        assert f"联合声明，{labels[anchor]}[R/OL]" in text and text.endswith(f"/statements/2018-11-04/#{anchor}."), text


@pytest.mark.browser
def test_the_data_file_loads_once_and_a_failed_load_says_so(browser, server):
    context = browser.new_context()
    page = context.new_page()
    loads = []
    page.on("request", lambda r: loads.append(r.url) if r.url.endswith("related.js") else None)
    page.goto(f"{server}/zh-Hans/statements/2022-11-02/")
    assert loads == []  # nothing loaded until a reader asks
    _panels(page)
    assert len(loads) == 1
    page2 = context.new_page()
    page2.route("**/related.js", lambda route: route.abort())
    page2.goto(f"{server}/zh-Hans/statements/2022-11-02/")
    page2.locator(".clause-aids > button").first.click()
    status = page2.locator(".clause-aids [role=status]").first
    status.wait_for()
    assert status.inner_text() == "相关条款未能载入"
    context.close()


def test_every_address_in_the_data_files_is_a_built_page_with_its_anchor(built):
    """MkDocs validates the links of the Markdown; the data files' addresses are checked here, all of them."""
    checked = 0
    for lang in EDITIONS:
        for path in (built / lang / "statements").glob("*/related.js"):
            for entries in related_data(path.read_text(encoding="utf-8")).values():
                for href in [t[0] for t in entries["t"]] + [r[0] for r in entries["r"]]:
                    page, _, anchor = href.partition("#")
                    html = (built / lang / page / "index.html").read_text(encoding="utf-8")
                    assert not anchor or f'id="{anchor}"' in html, (lang, path.parent.name, href)
                    checked += 1
                for href in [r[5] for r in entries["r"] if r[5]]:  # compare.compare_url's: its page is enough here
                    assert (built / lang / href.partition("#")[0] / "index.html").is_file(), (lang, href)
    assert checked > 1000


@pytest.mark.browser
def test_without_javascript_the_text_labels_and_anchors_are_all_there(browser, server, built):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{server}/zh-Hant/statements/2022-11-02/#c34")
    labels = page.locator(".clause-label")
    assert labels.count() == 47 and labels.nth(33).get_attribute("id") == "c34"
    assert page.locator("#c34 + .clause-text").inner_text().startswith("三十四、雙方重申")
    assert page.evaluate("document.getElementById('c34').getBoundingClientRect().top") < 200
    assert page.locator("#c34 a").get_attribute("href") == "#c34"  # the label links to itself
    assert not page.locator(".clause-aids").first.is_visible()  # a marker that could not open is not shown
    assert page.locator(".clause-noscript").is_visible()
    assert page.locator(".clause-noscript a").first.get_attribute("href") == "../../topics/"
    context.close()
