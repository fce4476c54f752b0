"""The offline download: unpacked, opened from file:// with the network blocked, it reads, searches and switches."""

from __future__ import annotations

import zipfile

import pytest

from build_scripts.convert import converter

from .test_search import QUERY_SET, run_query_set, search

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def s2tw(tmp_path_factory):
    return converter("s2tw", tmp_path_factory.mktemp("opencc"))


@pytest.fixture(scope="module")
def unpacked(built, tmp_path_factory):
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(built / "downloads" / "offline-site.zip") as archive:
        archive.extractall(target)
    return target


def test_the_zip_holds_both_editions_data_and_the_vendored_worker(unpacked):
    for lang in ("zh-Hans", "zh-Hant"):
        assert (unpacked / lang / "statements" / "2022-11-02.html").exists()
        assert (unpacked / lang / "search" / "index.js").exists()  # the site's own index, loadable from file://
        assert (unpacked / lang / "assets" / "javascripts" / "search-client.js").exists()
        assert (unpacked / lang / "assets" / "javascripts" / "iframe-worker-shim.js").exists()
    assert (unpacked / "data" / "clauses.csv").exists() and (unpacked / "index.html").exists()
    for html in unpacked.rglob("*.html"):
        assert "unpkg.com" not in html.read_text(encoding="utf-8"), html


def test_offline_site_works_from_file_with_no_network(browser, unpacked):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests = []
    context.route("**/*", lambda route: (requests.append(route.request.url),
                                         route.continue_() if route.request.url.startswith("file://") else route.abort()))
    page = context.new_page()
    page.goto((unpacked / "index.html").as_uri())
    page.wait_for_url("**/zh-Hans/index.html")
    assert {r.split("#")[1] for r in search(page, "克什米尔")} == {"p14", "c34"}
    page.keyboard.press("Escape")
    page.goto((unpacked / "zh-Hans" / "statements" / "2020-03-17.html").as_uri() + "#p14")
    page.locator("#p14 ~ .clause-aids").first.locator('a[href="2022-11-02.html#c34"]').click()
    page.wait_for_url("**/zh-Hans/statements/2022-11-02.html#c34")
    page.click("a[data-edition-switch]")
    page.wait_for_url("**/zh-Hant/statements/2022-11-02.html#c34")
    assert page.locator("#c34 + .clause-text").inner_text().startswith("三十四、雙方重申")
    assert search(page, "克什米爾")  # the 繁體 index works offline too
    leaked = [u for u in requests if not u.startswith("file://")]
    assert leaked == [], leaked
    context.close()


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
    hrefs = page.eval_on_selector_all(".site-search__results a", "els => els.map(a => a.href)")
    assert hrefs and all(h.startswith("file://") and ".html#" in h for h in hrefs)
    context.close()
