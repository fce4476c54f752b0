"""The compare view: one page per edition (compare/#<pair>), its rows as data, and the published compare URLs
(source/published.urls) kept as redirects — online, from the offline zip, and refused when they cannot be served."""

from __future__ import annotations

import json
import re
import shutil
import urllib.request

import pytest

from bench import compare_pairs
from build_scripts.build import assemble, generate, render
from build_scripts.errors import SourceErrors
from build_scripts.model import Ref, compare_slug
from build_scripts.publish.sitemap import sitemap_files
from build_scripts.read.published_urls import FILE, parse_published
from build_scripts.render import compare_page
from build_scripts.render.view import compare_url
from build_scripts.text.numerals import cn_date

from .conftest import GOLDEN, ROOT, tmp_paths
from .test_site import parse_page

EDITIONS = ("zh-Hans", "zh-Hant")
# the compare URLs published before the view (one page per pair): the view itself, compare/, is not one
PUBLISHED = [line for line in (GOLDEN / "anchors.txt").read_text(encoding="utf-8").splitlines()
             if "/compare/" in line and "--" in line]
ROWS_JS = """() => [...document.querySelectorAll('.compare-rows p.compare-text')].map(p => [
    p.classList.contains('earlier') ? 'earlier' : 'later', !p.classList.contains('unchanged'),
    [...p.childNodes].filter(n => !(n.classList && n.classList.contains('compare-side')))
        .map(n => [n.nodeName === 'DEL' ? -1 : n.nodeName === 'INS' ? 1 : 0, n.textContent])])"""


@pytest.fixture(scope="module")
def rendering(tmp_path_factory):
    """The real corpus rendered in memory, each edition with its view."""
    return render(tmp_paths(tmp_path_factory.mktemp("compare-generate")))


@pytest.fixture(scope="module")
def site(rendering):
    """The real corpus's Site, in memory."""
    return assemble(rendering)


@pytest.fixture(scope="module")
def generated(rendering):
    """The rows as Python computes them, per edition."""
    return {o.edition.lang: {c.slug: c for c in o.view.comparisons()} for o in rendering.editions}


def expected_rows(c) -> list:
    out = []
    for row in c.rows:
        for side, segments in (("earlier", row.earlier), ("later", row.later)):
            out.append([side, row.changed, [[compare_page.OPS[s.op], s.text] for s in segments]])
    return out


def linked_pairs(clauses: list[dict], lang: str) -> list[str]:
    return sorted({t["compare"][lang] for r in clauses for t in r["see_also"] if t["compare"]})


# --- addresses and data, no browser --------------------------------------------------------------------------

def test_compare_url_is_the_view_with_the_pair_in_its_fragment():
    a, b = Ref("2020-03-17", "p14"), Ref("2022-11-02", "c34")
    assert compare_url(b, a) == compare_url(a, b) == "compare/#2020-03-17-p14--2022-11-02-c34"
    assert compare_page.parse_pair(compare_slug(a, b)) == (a, b)
    assert compare_page.parse_pair(compare_slug(Ref("2018-11-04", "s3-p2"), Ref("2015-04-20", "c1-p2"))) == (
        Ref("2015-04-20", "c1-p2"), Ref("2018-11-04", "s3-p2"))
    assert compare_page.parse_pair("2020-03-17-p14") is None


def test_every_linked_pair_is_in_the_data_file_of_its_first_statement(built, clauses, generated):
    for lang in EDITIONS:
        urls = linked_pairs(clauses, lang)
        assert len(urls) == 40
        data = {p.stem: compare_page.read_data_script(p.read_text(encoding="utf-8"))
                for p in (built / lang / "compare" / "data").glob("*.js")}
        for url in urls:
            slug = url.split("/compare/#")[1]
            pair = data[slug[:10]][slug]
            c = generated[lang][slug]
            assert pair["summary"] == c.summary and len(pair["rows"]) == len(c.rows)
        assert sum(map(len, data.values())) == len(generated[lang])


def test_one_compare_page_per_edition_and_a_redirect_per_published_url(built, site):
    for lang in EDITIONS:
        pages = sorted(p.relative_to(built / lang).as_posix() for p in (built / lang / "compare").rglob("*.html"))
        stubs = [f"compare/{line.split('/compare/')[1]}index.html" for line in PUBLISHED if line.startswith(lang + "/")]
        assert len(stubs) == 40 and pages == sorted(["compare/index.html", *stubs])
        for stub in stubs:
            html = (built / lang / stub).read_text(encoding="utf-8")
            slug = stub.split("/")[1]
            assert compare_page.is_redirect_page(html) and len(html) < 8000  # the pair's two texts (issue 22)
            assert f'content="0; url=../#{slug}"' in html and f'<a href="../#{slug}">' in html
    # redirects are no pages for search engines: left out of the sitemap (the view itself stays)
    sitemap = sitemap_files(site, "https://example.org/site/")["sitemap.xml"].decode()
    assert "/compare/</loc>" in sitemap and "--" not in sitemap
    for lang in EDITIONS:
        assert "--" not in (built / lang / "sitemap.xml").read_text(encoding="utf-8")


def test_the_published_list_is_the_compare_urls_of_the_snapshot():
    listed = [line.strip() for line in (ROOT / "source" / FILE).read_text(encoding="utf-8").splitlines()
              if line.strip() and not line.startswith("#")]
    assert listed == PUBLISHED and len(listed) == 80


def test_the_link_checker_knows_the_pairs_of_the_view(tmp_path):
    from build_scripts.publish.linkcheck import broken_links

    (tmp_path / "compare" / "data").mkdir(parents=True)
    (tmp_path / "compare" / "index.html").write_text('<h1 id="compare-title">x</h1>', encoding="utf-8")
    (tmp_path / "compare" / "data" / "2015-04-20.js").write_text(
        compare_page._script({"2015-04-20-c1--2020-03-17-p1": {}}), encoding="utf-8")
    (tmp_path / "a.html").write_text('<a href="compare/#2015-04-20-c1--2020-03-17-p1">ok</a>'
                                     '<a href="compare/#2015-04-20-c2--2020-03-17-p1">gone</a>'
                                     '<a href="compare/#2016-01-01-c1--2020-03-17-p1">no data</a>', encoding="utf-8")
    assert broken_links(tmp_path) == ["a.html: compare/#2015-04-20-c2--2020-03-17-p1 (no anchor #2015-04-20-c2--2020-03-17-p1)",
                                      "a.html: compare/#2016-01-01-c1--2020-03-17-p1 (no anchor #2016-01-01-c1--2020-03-17-p1)"]


# --- what the see-also list quotes, the view shows (issue 22) ----------------------------------------------------

def view_diff(rows: list) -> list[list]:
    """The diff the view draws, rebuilt from a pair's rows ([earlier segments, later segments, changed]): in a row, the
    earlier side holds the deletions and the equal runs, the later side the insertions and the same equal runs."""
    out: list[list] = []

    def add(op: int, text: str) -> None:
        if out and out[-1][0] == op:
            out[-1][1] += text
        else:
            out.append([op, text])

    for left, right, _ in rows:
        k = m = 0
        while k < len(left) or m < len(right):
            while k < len(left) and left[k][0] != 0:
                add(left[k][0], left[k][1])
                k += 1
            while m < len(right) and right[m][0] != 0:
                add(right[m][0], right[m][1])
                m += 1
            if k < len(left) or m < len(right):
                assert left[k] == right[m], (left, right)  # an equal run stands on both sides, the same
                add(0, left[k][1])
                k, m = k + 1, m + 1
    return out


def related_entries(built, lang: str) -> list[tuple[str, list]]:
    """Every see-also entry of an edition: (clause address, [address, label, excerpt, topics, wording, compare])."""
    out = []
    for path in sorted((built / lang / "statements").glob("*/related.js")):
        text = path.read_text(encoding="utf-8")
        data = json.loads(text[text.index("(") + 1:text.rindex(")")])
        out += [(f"{path.parent.name}#{anchor}", entry) for anchor, lists in data.items() for entry in lists["r"]]
    return out


@pytest.mark.parametrize("lang", EDITIONS)
def test_every_wording_the_see_also_list_quotes_is_one_equal_run_of_its_compare_view(built, clauses, lang):
    """Issue 22's acceptance: each 相同措辞 phrase of a see-also entry appears unchanged, as one contiguous equal run
    (neither struck nor underlined), in the compare view the entry links to; and the view's two sides are the two
    clauses' texts, character for character. Before, 56 of the 80 entries failed (2015 第一条's 访问期间，习近平主席会见
    among them: the whole clause struck through)."""
    data = {}
    for path in (built / lang / "compare" / "data").glob("*.js"):
        data.update(compare_page.read_data_script(path.read_text(encoding="utf-8")))
    text = {f"{r['statement']}#{r['anchor']}": r["text"][lang] for r in clauses}
    checked = 0
    for clause, (_, _, _, _, wording, compare) in related_entries(built, lang):
        if not compare:
            continue
        slug = compare.split("#", 1)[1]
        pair = data[slug]
        diff = view_diff(pair["rows"])
        sides = {side: "".join(t for op, t in diff if op != skip) for side, skip in (("a", 1), ("b", -1))}
        for side in "ab":
            assert sides[side] == text[f"{pair[side]['statement']}#{pair[side]['anchor']}"], (slug, side)
        assert wording and any(op == 0 and wording in t for op, t in diff), (clause, slug, wording, diff)
        checked += 1
    assert checked == 80  # 40 pairs, each listed under both its clauses


# pairs by kind (an oracle apart from snippet's, which pairs by Unicode category), two of them escaped for ruff
PAIRED = {"“": "”", "\u2018": "\u2019", "《": "》", "〈": "〉", "「": "」", "『": "』", "（": "）", "(": ")", "【": "】",
          "\u3014": "\u3015"}


def _unmatched(text: str) -> list[str]:
    """The brackets and quotes of text whose partner it does not hold."""
    closers = {b: a for a, b in PAIRED.items()}
    stack, out = [], []
    for ch in text:
        if ch in PAIRED:
            stack.append(ch)
        elif ch in closers:
            if stack and stack[-1] == closers[ch]:
                stack.pop()
            else:
                out.append(ch)
    return out + stack


@pytest.mark.parametrize("lang", EDITIONS)
def test_a_quoted_wording_reads_as_a_phrase(built, lang):
    """What a see-also entry quotes as 相同措辞 stands in quotes of its own: it closes every bracket and quote it
    opens and opens every one it closes, and holds no sentence's end (a reader saw “一带一路”倡议”, “联合国宪章》宗旨和原则”
    and “多边主义、自由贸易和合作共赢。双方” in 30 of 264 entries)."""
    quoted = [(clause, entry[4]) for clause, entry in related_entries(built, lang) if entry[4]]
    assert len(quoted) > 200
    odd = [(clause, wording) for clause, wording in quoted
           if _unmatched(wording) or any(ch in wording for ch in "。！？；")]
    assert not odd, odd[:8]


def test_the_maintainers_guide_states_the_figures_of_every_linked_pair(rendering):
    """MAINTAINERS.md's compare section quotes `python -m bench.compare_pairs` (before issue 22 and now), figure for
    figure; README.md quotes the same summary line, as a reader sees it."""
    figures = compare_pairs.figures(rendering)
    for lang in EDITIONS:
        before, now = figures[lang]
        assert now.quoted_equal == now.quoted == 80 and now.few == now.none == 0
        assert before.quoted_equal < before.quoted and before.none > 0  # what the issue found
    guide = (ROOT / "MAINTAINERS.md").read_text(encoding="utf-8")
    assert compare_pairs.table(figures) in guide
    # the summary it quotes: the pair, 2015 第一条 against 2022 第二条
    c = {o.edition.lang: o.view for o in rendering.editions}["zh-Hans"]
    summary = next(x for x in c.comparisons() if x.slug == "2015-04-20-c1--2022-11-02-c2").summary
    quote = ("“较晚的条款改动 {places} 处：删去 {deleted} 字、新增 {inserted} 字；相同措辞 {same} 字，"
             "占较早条款的 {kept_earlier}%、较晚条款的 {kept}%（字数不计标点）。”".format(**summary))
    assert quote in guide
    assert "".join(quote.split()) in "".join((ROOT / "README.md").read_text(encoding="utf-8").split())  # lines wrapped


# --- without JavaScript ---------------------------------------------------------------------------------------------

def fetched(url: str):
    """A page as a client without JavaScript gets it: its HTML, parsed (a noscript block's content as elements)."""
    from bs4 import BeautifulSoup

    with urllib.request.urlopen(url) as response:
        return BeautifulSoup(response.read().decode("utf-8"), "html.parser")


def pair_shown(section, c, root: str, ids: dict) -> None:
    """A fallback section shows pair c: both clauses' links (to a clause anchor that exists) and whole texts."""
    (sa, ca), (sb, cb) = c.earlier, c.later
    links = [(a["href"], a.get_text()) for a in section.select("p.compare-pair-clause a")]
    assert links == [(f"{root}statements/{sa.slug}/#{ca.anchor}", f"{cn_date(sa.date)} {ca.label}"),
                     (f"{root}statements/{sb.slug}/#{cb.anchor}", f"{cn_date(sb.date)} {cb.label}")]
    assert [p.get_text() for p in section.select("p.compare-pair-text")] == [ca.text, cb.text]
    for (s, clause) in (c.earlier, c.later):
        assert clause.anchor in ids[s.slug]


def test_without_javascript_every_compare_url_shows_both_clauses_texts_and_links(built, server, generated):
    """Issue 22: an old compare URL without JavaScript said only 需要 JavaScript, with no link to the two clauses. Now
    the view (compare/#<pair>: its noscript block holds a section per pair, shown by :target) and each published
    redirect page (compare/<pair>/) show the pair's two clauses, their links and their texts in the HTML itself."""
    for lang in EDITIONS:
        ids = {s: set(parse_page(built / lang / "statements" / s / "index.html").ids)
               for s in {c.earlier[0].slug for c in generated[lang].values()} | {c.later[0].slug for c in generated[lang].values()}}
        view = fetched(f"{server}/{lang}/compare/")
        fallback = view.select_one("noscript .compare-fallback")
        assert "JavaScript" in fallback.select_one(".compare-status").get_text()
        sections = {sec["id"]: sec for sec in fallback.select("section.compare-pair")}
        assert sorted(sections) == sorted(generated[lang]) and len(sections) == 40
        for slug, c in generated[lang].items():
            pair_shown(sections[slug], c, "../", ids)
        for line in (line for line in PUBLISHED if line.startswith(lang + "/")):
            slug = line.split("/compare/")[1].rstrip("/")
            page = fetched(f"{server}/{line}")
            assert page.select_one(f'a[href="../#{slug}"]')  # to the view
            pair_shown(page.select_one(f'section.compare-pair[id="{slug}"]'), generated[lang][slug], "../../", ids)


# --- published URLs the build can no longer serve -------------------------------------------------------------

@pytest.fixture(scope="module")
def statements(tmp_path_factory):
    from build_scripts.read.source import read_inputs

    return list(read_inputs(ROOT / "source", ROOT / "mkdocs.yml").statements)


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
    pairs = compare_page.read_data_script(files["compare/data/2015-04-20.js"])
    assert "2015-04-20-c1--2015-04-20-c2" in pairs
    assert pairs["2015-04-20-c1--2015-04-20-c2"]["a"]["anchor"] == "c1"
    assert compare_page.is_redirect_page(files["compare/2015-04-20-c1--2015-04-20-c2/index.html"])
    hans = site.docs("zh-Hans")
    assert "compare/2015-04-20-c1--2015-04-20-c2/index.html" not in hans  # published for zh-Hant only
    assert "2015-04-20-c1--2015-04-20-c2" not in compare_page.read_data_script(hans["compare/data/2015-04-20.js"])


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
        numbers = [c.summary[k] for k in ("places", "deleted", "inserted", "same", "kept_earlier", "kept")]
        assert [int(n) for n in re.findall(r"\d+", summary)] == numbers, summary
        if lang == "zh-Hans":
            assert summary == ("较晚的条款改动 {places} 处：删去 {deleted} 字、新增 {inserted} 字；相同措辞 {same} 字，"
                               "占较早条款的 {kept_earlier}%、较晚条款的 {kept}%（字数不计标点）。".format(**c.summary))
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
@pytest.mark.parametrize("lang", EDITIONS)
def test_a_pair_named_in_the_other_order_opens_at_its_own_address(page, server, generated, lang):
    """compare/#B--A, two clauses written later first (typed, or pasted from a note), is the pair A--B: the view draws
    it and puts its own address in the bar. It loaded B's data file, which holds no pair B begins, and said the pair
    was unknown, naming the data file's path."""
    pair = "2020-03-17-p14--2022-11-02-c34"
    page.goto(f"{server}/{lang}/compare/#2022-11-02-c34--2020-03-17-p14")
    drawn(page, pair)
    shows_pair(page, generated[lang][pair], lang)
    assert page.evaluate("location.hash") == f"#{pair}"
    assert not page.locator("#compare-status").is_visible()


def shown_without_javascript(page, c) -> None:
    """The view without JavaScript shows pair c alone: both clauses' labels and texts, nothing of another pair."""
    section = page.locator(f'section.compare-pair[id="{c.slug}"]')
    assert section.is_visible()
    shown = section.inner_text()
    for _, clause in (c.earlier, c.later):
        assert clause.label in shown and clause.text in shown
    assert page.locator("section.compare-pair:visible").count() == 1


@pytest.mark.browser
def test_without_javascript_a_compare_url_shows_its_pair_and_a_published_url_still_arrives(browser, server, generated):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    slug = "2020-03-17-p14--2022-11-02-c34"
    page.goto(f"{server}/zh-Hant/compare/{slug}/")
    page.wait_for_url(f"{server}/zh-Hant/compare/#{slug}")  # the meta refresh
    assert "需要 JavaScript" in page.locator("article").inner_text()
    shown_without_javascript(page, generated["zh-Hant"][slug])
    other = "2015-04-20-c1--2022-11-02-c2"
    page.goto(f"{server}/zh-Hans/compare/#{other}")
    shown_without_javascript(page, generated["zh-Hans"][other])
    page.locator(f'section[id="{other}"] a').nth(1).click()  # the later clause, at its anchor
    page.wait_for_url(f"{server}/zh-Hans/statements/2022-11-02/#c2")
    page.goto(f"{server}/zh-Hans/compare/")  # no pair named: the note alone, with its link home
    assert page.locator("section.compare-pair:visible").count() == 0
    page.locator(".compare-fallback .compare-status a").click()
    page.wait_for_url(f"{server}/zh-Hans/")
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
def test_without_javascript_the_offline_redirect_reaches_the_view_and_its_pair(browser, unpacked, generated):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto((unpacked / PUBLISHED[0] / "index.html").as_uri())
    slug = PUBLISHED[0].split("/compare/")[1].rstrip("/")
    page.wait_for_url((unpacked / "zh-Hans" / "compare" / "index.html").as_uri() + f"#{slug}")
    shown_without_javascript(page, generated["zh-Hans"][slug])
    page.locator(f'section[id="{slug}"] a').first.click()  # from file://, to the statement's index.html
    page.wait_for_url("**/statements/*/index.html#*")
    context.close()


@pytest.mark.browser
def test_switching_edition_keeps_the_pair(page, server, generated):
    page.goto(f"{server}/zh-Hans/compare/#2020-03-17-p14--2022-11-02-c34")
    drawn(page, "2020-03-17-p14--2022-11-02-c34")
    page.click("a[data-edition-switch]")
    page.wait_for_url(f"{server}/zh-Hant/compare/#2020-03-17-p14--2022-11-02-c34")
    drawn(page, "2020-03-17-p14--2022-11-02-c34")
    shows_pair(page, generated["zh-Hant"]["2020-03-17-p14--2022-11-02-c34"], "zh-Hant")


def test_past_its_bound_the_view_holds_no_pair_for_readers_without_javascript(tmp_path, monkeypatch):
    """The page every reader of a compare view downloads stays bounded as the corpus grows: past
    COMPARE_FALLBACK_MAX pairs its noscript block explains the address instead (published URLs keep their pair)."""
    from build_scripts.render import pages

    monkeypatch.setattr(pages, "COMPARE_FALLBACK_MAX", 3)
    site = generate(tmp_paths(tmp_path))
    docs = site.docs("zh-Hans")
    page = docs["compare/index.md"]
    assert 'class="compare-pair"' not in page and "2015-04-20-c1--2020-03-17-p1" in page
    redirects = [text for path, text in docs.items() if path.startswith("compare/2") and path.endswith(".html")]
    assert redirects and all('class="compare-pair"' in text for text in redirects)
