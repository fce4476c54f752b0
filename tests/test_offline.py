"""The offline download: unpacked, opened from file:// with the network blocked, it reads, searches and switches."""

from __future__ import annotations

import zipfile

import pytest

from .test_search import search

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def unpacked(built, tmp_path_factory):
    target = tmp_path_factory.mktemp("offline")
    with zipfile.ZipFile(built / "downloads" / "offline-site.zip") as archive:
        archive.extractall(target)
    return target


def test_the_zip_holds_both_editions_data_and_the_vendored_worker(unpacked):
    for lang in ("zh-Hans", "zh-Hant"):
        assert (unpacked / lang / "statements" / "2022-11-02.html").exists()
        assert (unpacked / lang / "search" / "search_index.js").exists()
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
    page.goto((unpacked / "zh-Hans" / "statements" / "2020-03-17.html").as_uri() + "#p14")
    page.locator("#p14 ~ .clause-aids summary").first.click()  # the see-also list is folded into one line
    page.locator("#p14 ~ .clause-aids").first.locator('a[href="2022-11-02.html#c34"]').click()
    page.wait_for_url("**/zh-Hans/statements/2022-11-02.html#c34")
    page.click("a[data-edition-switch]")
    page.wait_for_url("**/zh-Hant/statements/2022-11-02.html#c34")
    assert page.locator("#c34 + .clause-text").inner_text().startswith("三十四、雙方重申")
    assert search(page, "克什米爾")  # the 繁體 index works offline too
    leaked = [u for u in requests if not u.startswith("file://")]
    assert leaked == [], leaked
    context.close()
