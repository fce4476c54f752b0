"""A third edition is one line in mkdocs.yml: {lang: zh-HK, name: 香港繁體, opencc: s2hk} shows everywhere an edition shows."""

from __future__ import annotations

import functools
import http.server
import json
import re
import threading
from pathlib import Path

import pytest

from build_scripts.build import build, generate
from build_scripts.convert.converter import converter
from build_scripts.engines.mkdocs import edition_config
from build_scripts.render.compare_page import is_redirect_page
from build_scripts.settings import Paths, resolve

from .conftest import ROOT, _Quiet
from .test_requests import failures
from .test_site import parse_page

pytestmark = pytest.mark.slow

EDITIONS = ("zh-Hans", "zh-Hant", "zh-HK")
NAMES = {"zh-Hans": "简体", "zh-Hant": "繁體", "zh-HK": "香港繁體"}


@pytest.fixture(scope="module")
def site3(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real corpus built with three editions: mkdocs.yml with one more line, everything else as it is."""
    base = tmp_path_factory.mktemp("three-editions")
    project = base / "project"
    project.mkdir()
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    line = "    - {lang: zh-Hant, name: 繁體, opencc: s2tw}\n"
    assert line in text
    (project / "mkdocs.yml").write_text(text.replace(line, line + "    - {lang: zh-HK, name: 香港繁體, opencc: s2hk}\n"),
                                        encoding="utf-8")
    for name in ("overrides", "node_modules"):
        (project / name).symlink_to(ROOT / name)
    paths = Paths(project / "mkdocs.yml", ROOT / "source", base / "site", base / "docs", base / "work")
    with pytest.MonkeyPatch.context() as env:  # as the Pages workflow builds: 404 pages and the hreflang sitemap too
        env.setenv("SITE_URL", "https://example.org/cpec/")
        build(paths, quiet=True)
    return paths.site


@pytest.fixture(scope="module")
def clauses3(site3: Path) -> list[dict]:
    return json.loads((site3 / "data" / "clauses.json").read_text(encoding="utf-8"))


def html_pages(site: Path, lang: str) -> list[Path]:
    """The edition's pages; not the redirects kept at its published compare URLs (source/published.urls lists
    zh-Hans and zh-Hant ones: an edition added now has none)."""
    return sorted(p for p in (site / lang).rglob("*.html") if not is_redirect_page(p.read_text(encoding="utf-8")))


def test_every_clause_is_in_every_edition_at_its_anchor(site3, clauses3, tmp_path):
    s2hk = converter("s2hk", tmp_path)
    parsed: dict[Path, str] = {}
    for r in clauses3:
        assert set(r["text"]) == set(r["label"]) == set(r["url"]) == set(EDITIONS)
        assert r["text"]["zh-HK"] == s2hk(r["text"]["zh-Hans"])  # the edition's own OpenCC config, not s2tw's
        for lang in EDITIONS:
            page_dir, anchor = r["url"][lang].split("#")
            path = site3 / page_dir / "index.html"
            if path not in parsed:
                page = parse_page(path)
                parsed[path] = "".join(page.text)
                assert page.lang == lang and anchor in page.ids
            assert r["text"][lang] in parsed[path] and r["label"][lang] in parsed[path]
    assert any(r["text"]["zh-HK"] != r["text"]["zh-Hant"] for r in clauses3)


def test_every_page_switches_to_the_same_page_in_every_edition(site3):
    pages = {lang: {p.relative_to(site3 / lang) for p in html_pages(site3, lang)} for lang in EDITIONS}
    assert pages["zh-Hans"] == pages["zh-Hant"] == pages["zh-HK"]
    for lang in EDITIONS:
        for path in html_pages(site3, lang):
            html = path.read_text(encoding="utf-8")
            switch = html[html.index('class="edition-switch"'):html.index("</nav>", html.index('class="edition-switch"'))]
            links = dict(re.findall(r'hreflang="([^"]+)"\s+href="([^"]+)"', switch))
            assert set(links) == set(EDITIONS) - {lang}, path
            for other, href in links.items():
                if path.name == "404.html":  # links from the site root (/cpec/…): to the other edition's home
                    assert (site3 / href.removeprefix("/cpec/")).resolve() == (site3 / other).resolve()
                    continue
                assert (path.parent / href).resolve() == (site3 / other / path.parent.relative_to(site3 / lang)).resolve()


def test_downloads_page_links_every_file_of_every_edition(site3, clauses3):
    files = sorted(p.relative_to(site3).as_posix() for p in (site3 / "downloads").rglob("*") if p.is_file())
    assert {f"downloads/{lang}/2015-04-20.html" for lang in EDITIONS} <= set(files)
    for lang in EDITIONS:
        html = (site3 / lang / "downloads" / "index.html").read_text(encoding="utf-8")
        for f in [*files, "data/clauses.json", "data/clauses.csv"]:
            assert f'href="../../{f}"' in html, (lang, f)


def test_cite_and_data_pages_name_every_edition_and_cite_their_own(site3):
    for lang in EDITIONS:
        cite = "".join(parse_page(site3 / lang / "cite" / "index.html").text)
        for other in EDITIONS:
            assert f"{other}/statements/YYYY-MM-DD/" in cite, (lang, other)
        # its own edition's addresses only: the example, and the example citations the copy buttons give
        assert set(re.findall(r"(zh-\w+)/statements/2015-04-20/#c1", cite)) == {lang}, lang
        data = "".join(parse_page(site3 / lang / "data" / "index.html").text)
        for other in EDITIONS:
            assert all(f"{field}_{other}" in data for field in ("label", "text", "url")), (lang, other)
    header = (site3 / "data" / "clauses.csv").read_text(encoding="utf-8-sig").splitlines()[0]
    assert "text_zh-HK" in header


def test_root_page_and_sitemap_offer_every_edition(site3):
    html = (site3 / "index.html").read_text(encoding="utf-8")
    assert all(f'href="{lang}/"' in html for lang in EDITIONS)
    sitemap = (site3 / "sitemap.xml").read_text(encoding="utf-8")
    pages = len({p.parent for p in (site3 / "zh-HK").rglob("index.html") if not is_redirect_page(p.read_text(encoding="utf-8"))})
    assert pages > 20 and sitemap.count("<url>") == 3 * pages
    assert sitemap.count('hreflang="zh-HK" href="https://example.org/cpec/zh-HK/') == 3 * pages


def test_the_edition_config_gives_each_edition_its_language_and_names(site3):
    base = site3.parent
    paths = Paths(base / "project" / "mkdocs.yml", ROOT / "source", site3, base / "docs", base / "work")
    site = generate(paths)
    configs = {o.edition.lang: edition_config(resolve(paths), o) for o in site.editions}
    assert list(configs) == list(EDITIONS)
    for lang, config in configs.items():
        assert config["theme"]["language"] == lang and set(config["extra"]["edition_names"]) == set(EDITIONS)
    assert configs["zh-HK"]["extra"]["og_locale"] == "zh_HK"
    # the corpus's derived description names every edition mkdocs.yml lists (read/naming.py)
    assert configs["zh-Hans"]["site_description"].endswith("，逐条可链接，简体、繁體与香港繁體对照。")


# In Chromium: the root page's language redirect, the fonts, the switch, and no failing request.

@pytest.fixture(scope="module")
def server3(site3: Path):
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(site3)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def landing(browser, root: str, locale: str) -> str:
    context = browser.new_context(locale=locale)
    page = context.new_page()
    page.goto(f"{root}/#c4")
    page.wait_for_url(re.compile(r"/zh-[A-Za-z]+/#c4$"))
    url = page.url
    context.close()
    return url.removeprefix(root + "/").split("/")[0]


@pytest.mark.browser
@pytest.mark.parametrize("locale, three, two", [
    ("zh-HK", "zh-HK", "zh-Hant"), ("zh-MO", "zh-HK", "zh-Hant"), ("zh-TW", "zh-Hant", "zh-Hant"),
    ("zh-Hant-HK", "zh-HK", "zh-Hant"), ("zh-CN", "zh-Hans", "zh-Hans"), ("en-US", "zh-Hans", "zh-Hans"),
])
def test_the_root_page_sends_each_reader_to_their_edition(browser, server3, server, locale, three, two):
    assert landing(browser, server3, locale) == three
    assert landing(browser, server, locale) == two  # the two-edition site: Hong Kong readers get 繁體


@pytest.mark.browser
def test_each_edition_reads_in_its_own_fonts_and_switches_on_the_clause(browser, server3):
    page = browser.new_page()
    fonts = {}
    for lang in EDITIONS:
        page.goto(f"{server3}/{lang}/statements/2022-11-02/#c34")
        fonts[lang] = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert fonts["zh-Hans"].startswith('"Noto Sans CJK SC"')
    assert fonts["zh-Hant"].startswith('"Noto Sans CJK TC"')
    assert fonts["zh-HK"].startswith('"Noto Sans CJK HK"')
    page.click('a[data-edition-switch][hreflang="zh-Hant"]')
    page.wait_for_url(f"{server3}/zh-Hant/statements/2022-11-02/#c34")
    page.close()


@pytest.mark.browser
def test_the_third_edition_makes_no_failing_request(browser, server3):
    for path in ("", "statements/2018-11-04/", "downloads/", "cite/"):
        assert failures(browser, f"{server3}/zh-HK/{path}") == [], path
