"""In Debian's Chromium: a reader on a clause switches edition and stays on that clause."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def own_host_only(page, server):
    return [u for u in page.requests if not u.startswith(server)]


@pytest.mark.parametrize("start, other, anchor", [
    ("zh-Hans", "zh-Hant", "c7"),
    ("zh-Hant", "zh-Hans", "c7"),
])
def test_switching_edition_keeps_the_clause(page, server, start, other, anchor):
    page.goto(f"{server}/{start}/statements/2022-11-02/#{anchor}")
    page.click("a[data-edition-switch]")
    page.wait_for_url(f"{server}/{other}/statements/2022-11-02/#{anchor}")
    assert page.evaluate("document.documentElement.lang") == other
    label = page.locator(f"#{anchor}")
    assert label.inner_text().startswith({"zh-Hans": "第七条", "zh-Hant": "第七條"}[other])
    assert label.is_visible() and page.evaluate(f"document.getElementById('{anchor}').getBoundingClientRect().top") < 200
    text = page.locator(f"#{anchor} + .clause-text").inner_text()
    assert text.startswith({"zh-Hans": "七、双方重申", "zh-Hant": "七、雙方重申"}[other])
    assert "一個中國" in text or "一个中国" in text
    assert own_host_only(page, server) == []


def test_switch_follows_an_anchor_chosen_after_loading(page, server):
    """The reader clicks a clause's permalink, then switches: the new anchor is kept."""
    page.goto(f"{server}/zh-Hans/statements/2018-11-04/")
    page.locator("#s3-p2 a").click()  # a clause label is a link to itself
    page.click("a[data-edition-switch]")
    page.wait_for_url(f"{server}/zh-Hant/statements/2018-11-04/#s3-p2")
    assert page.locator("#s3-p2").inner_text().startswith("第三部分第2段")


def test_switch_works_with_the_keyboard(page, server):
    page.goto(f"{server}/zh-Hans/statements/2015-04-20/#c4")
    page.focus("a[data-edition-switch]")
    page.keyboard.press("Enter")
    page.wait_for_url(f"{server}/zh-Hant/statements/2015-04-20/#c4")


def test_statement_index_lists_every_statement(page, server):
    page.goto(f"{server}/zh-Hant/")
    rows = page.locator("article table tbody tr")
    assert rows.count() == 4
    assert "2022年11月2日" in rows.nth(3).inner_text() and "47" in rows.nth(3).inner_text()
    rows.nth(0).locator("a").click()
    page.wait_for_url(f"{server}/zh-Hant/statements/2015-04-20/")
    assert page.locator("h1").inner_text().startswith("中華人民共和國和巴基斯坦伊斯蘭共和國")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_following_a_see_also_link_lands_on_the_related_clause(page, server, lang):
    page.goto(f"{server}/{lang}/statements/2020-03-17/#p14")
    aids = page.locator("#p14 ~ .clause-aids").first
    aids.locator("button").click()  # folded into one line until opened
    aids.locator('a[href="../../statements/2022-11-02/#c34"]').click()
    page.wait_for_url(f"{server}/{lang}/statements/2022-11-02/#c34")
    assert page.evaluate("document.getElementById('c34').getBoundingClientRect().top") < 200
    assert {"zh-Hans": "克什米尔问题", "zh-Hant": "克什米爾問題"}[lang] in page.locator("#c34 + .clause-text").inner_text()
    page.go_back()
    if aids.locator("button").get_attribute("aria-expanded") != "true":
        aids.locator("button").click()
    aids.get_by_role("link", name={"zh-Hans": "逐字对照", "zh-Hant": "逐字對照"}[lang]).first.click()
    page.wait_for_url(f"{server}/{lang}/compare/#2020-03-17-p14--2022-11-02-c34")
    page.wait_for_selector("#compare-view:not([hidden])")
    assert page.locator("article ins").count() > 1 and page.locator("article del").count() > 1  # the legend's own too


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_following_a_topic_page_link_lands_on_the_clause(page, server, lang):
    page.goto(f"{server}/{lang}/statements/2022-11-02/#c35")
    aids = page.locator("#c35 ~ .clause-aids").first
    aids.locator("button").click()
    aids.locator('a[href="../../topics/afghanistan/"]').click()
    page.wait_for_url(f"{server}/{lang}/topics/afghanistan/")
    page.locator('a[href="../../statements/2020-03-17/#p15"]').click()
    page.wait_for_url(f"{server}/{lang}/statements/2020-03-17/#p15")
    assert page.evaluate("document.getElementById('p15').getBoundingClientRect().top") < 200
    assert page.locator("#p15 + .clause-text").inner_text().startswith(
        {"zh-Hans": "双方欢迎美国和塔利班", "zh-Hant": "雙方歡迎美國和塔利班"}[lang])


def test_screenshots_of_a_statement_in_both_editions(page, server):
    """For the README (`make screenshots` copies them there): a clause opened from a link, in each edition."""
    from .conftest import ROOT

    out = ROOT / "tests" / "artifacts"
    out.mkdir(exist_ok=True)
    for lang in ("zh-Hans", "zh-Hant"):
        page.goto(f"{server}/{lang}/statements/2018-11-04/#s2-p5")
        page.wait_for_timeout(300)
        path = out / f"statement-{lang}.png"
        page.screenshot(path=str(path))
        assert path.stat().st_size > 20_000


HEADER = "document.querySelector('.md-header').getBoundingClientRect().bottom"


def read_at(page, place: str) -> float:
    """Scroll as a reader does until the element is the first thing under the sticky header; its top then."""
    page.evaluate(f"id => window.scrollBy(0, document.getElementById(id).getBoundingClientRect().top - {HEADER} - 8)",
                  place)
    page.wait_for_timeout(250)
    return page.evaluate("id => document.getElementById(id).getBoundingClientRect().top", place)


def test_switch_without_an_anchor_keeps_the_clause_nearest_the_top(page, server):
    """A reader scrolled deep into the long 2018 page, with no #anchor in the URL, switches edition."""
    page.goto(f"{server}/zh-Hans/statements/2018-11-04/")
    page.evaluate("document.getElementById('s3-p2').scrollIntoView()")
    page.wait_for_timeout(200)
    assert page.evaluate("location.hash") == ""
    page.click("a[data-edition-switch]")
    page.wait_for_url(f"{server}/zh-Hant/statements/2018-11-04/#s3-p2")
    assert 0 <= page.evaluate("document.getElementById('s3-p2').getBoundingClientRect().top") < 200


@pytest.mark.parametrize("start, other", [("zh-Hans", "zh-Hant"), ("zh-Hant", "zh-Hans")])
@pytest.mark.parametrize("path, place", [
    ("statements/2018-11-04/", "s6-p3"),  # a clause
    ("statements/2018-11-04/", "s7"),  # a section heading
    ("topics/cpec/", "2022-11-02-c14"),  # a topic page's clause
    ("topics/cpec/", "d2020-03-17"),  # a topic page's statement heading
    ("timeline/", "d2018-11-04"),
    ("cite/", "anchors"),
    ("downloads/", "statements"),
    ("data/", "json"),
])
def test_a_scrolled_page_of_any_kind_switches_to_the_same_place(page, server, start, other, path, place):
    """Issue 22: the switch on a scrolled topic page lost the place; every kind of page keeps it (the clause or
    heading at the top, which has the same id in every edition)."""
    page.goto(f"{server}/{start}/{path}")
    top = read_at(page, place)
    assert page.evaluate("window.scrollY") > 40 and page.evaluate("location.hash") == ""
    assert 0 <= top - page.evaluate(HEADER) < 48  # what the reader sees first, under the header
    page.click("a[data-edition-switch]")
    page.wait_for_url(f"{server}/{other}/{path}#{place}")
    assert page.evaluate("document.documentElement.lang") == other
    assert 0 <= page.evaluate(f"document.getElementById({place!r}).getBoundingClientRect().top") < 200


def test_a_reader_who_scrolled_away_from_the_anchor_switches_to_where_they_are(page, server):
    """Arrived at #c34, read back up to clause 3: the switch carries clause 3, not the anchor they came by."""
    page.goto(f"{server}/zh-Hans/statements/2022-11-02/#c34")
    read_at(page, "c3")
    page.click("a[data-edition-switch]")
    page.wait_for_url(f"{server}/zh-Hant/statements/2022-11-02/#c3")


def test_a_clause_the_page_cannot_scroll_to_the_top_keeps_its_anchor(page, server):
    """The last clause of a page stops below the top: the anchor the reader came by is where they are."""
    page.goto(f"{server}/zh-Hans/statements/2020-03-17/#p17")
    page.wait_for_timeout(250)
    page.click("a[data-edition-switch]")
    page.wait_for_url(f"{server}/zh-Hant/statements/2020-03-17/#p17")


def test_the_compare_views_pair_is_kept_however_far_the_reader_scrolled(page, server):
    pair = "2020-03-17-p14--2022-11-02-c34"
    page.goto(f"{server}/zh-Hans/compare/#{pair}")
    page.wait_for_selector("#compare-view:not([hidden])")
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    page.wait_for_timeout(250)
    page.click("a[data-edition-switch]")
    page.wait_for_url(f"{server}/zh-Hant/compare/#{pair}")
    page.wait_for_selector(f'#compare-view[data-shown="{pair}"]')


def test_switch_at_the_top_of_a_page_adds_no_anchor(page, server):
    page.goto(f"{server}/zh-Hans/statements/2018-11-04/")
    page.click("a[data-edition-switch]")
    page.wait_for_url(f"{server}/zh-Hant/statements/2018-11-04/")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_clause_text_is_drawn_in_a_cjk_font_quotation_marks_included(page, server, lang):
    page.goto(f"{server}/{lang}/statements/2015-04-20/")
    family = page.evaluate("getComputedStyle(document.querySelector('.clause-text')).fontFamily")
    assert family.startswith({"zh-Hans": '"Noto Sans CJK SC"', "zh-Hant": '"Noto Sans CJK TC"'}[lang])
    # What Chromium really drew: the platform fonts of a clause holding “一带一路”, quotation marks included.
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#c6 + .clause-text"})["nodeId"]
    fonts = [f["familyName"] for f in cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node})["fonts"]]
    assert fonts and all("CJK" in f for f in fonts), fonts


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_home_page_at_360_px_has_no_horizontal_scroll_and_unbroken_dates(browser, server, lang):
    page = browser.new_page(viewport={"width": 360, "height": 740})
    page.goto(f"{server}/{lang}/")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    heights = page.evaluate("[...document.querySelectorAll('.statement-list time')]"
                            ".map(t => t.getClientRects().length)")
    assert heights and all(n == 1 for n in heights)  # one line box each: the date is never broken
    title = page.locator(".statement-list td a").first
    assert title.bounding_box()["width"] > 250  # the title has the card's width, not a column of 4 or 5 characters
    page.close()


def test_dates_on_the_desktop_home_page_are_not_broken(page, server):
    page.goto(f"{server}/zh-Hans/")
    assert page.evaluate("[...document.querySelectorAll('.statement-list time')]"
                         ".every(t => t.getClientRects().length === 1)")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_compare_view_marks_whole_words_only(page, server, built, clauses, lang):
    """Every inserted or deleted stretch begins and ends between jieba's words of its clause (cut in Simplified),
    except where it meets the 相同措辞 a see-also entry quotes: the view shows that whole (issue 22), and an entry
    cuts it to the words of the clause it links to, which the other clause may cut elsewhere (双方同意 against
    两国同意: the quoted 同意加强…)."""
    from build_scripts.link.snippet import boundaries

    from .test_compare_view import related_entries

    source = {(r["statement"], r["anchor"]): r["text"]["zh-Hans"] for r in clauses}
    quoted: dict[str, set[str]] = {}
    for _, entry in related_entries(built, "zh-Hans"):
        if entry[5] and entry[4]:
            quoted.setdefault(entry[5].split("#")[1], set()).add(entry[4])
    urls = sorted({t["compare"][lang] for r in clauses for t in r["see_also"] if t["compare"]})
    assert len(urls) > 5
    for url in urls:
        page.goto(f"{server}/{url}")
        page.wait_for_selector(f'#compare-view[data-shown="{url.split("#")[1]}"]')  # drawn from its data (compare-view.js)
        earlier_ref, later_ref = url.split("/compare/#")[1].split("--")
        for side, ref in (("earlier", earlier_ref), ("later", later_ref)):
            slug, anchor = ref[:10], ref[11:]
            spans = page.evaluate(f"""() => {{
                let pos = 0, out = [];
                for (const p of document.querySelectorAll('.compare-text.{side}')) {{
                    for (const n of p.childNodes) {{
                        if (n.classList && n.classList.contains('compare-side')) continue;
                        const len = n.textContent.length;
                        if (n.nodeName === 'INS' || n.nodeName === 'DEL') out.push([pos, pos + len]);
                        pos += len;
                    }}
                }}
                return [pos, out];
            }}""")
            text = source[(slug, anchor)]
            assert spans[0] == len(text), url
            cuts = set(boundaries(text))
            for phrase in quoted.get(url.split("#")[1], ()):  # where the quoted wording starts and ends
                cuts |= {text.find(phrase), text.find(phrase) + len(phrase)} if phrase in text else set()
            assert all(a in cuts and b in cuts for a, b in spans[1]), (url, side, [text[a:b] for a, b in spans[1]])
        summary = page.locator(".compare-summary").inner_text()
        assert ("處" if lang == "zh-Hant" else "处") in summary or "相同" in summary
