"""Every kind of page loads with no failing request and no console error, online and from the offline zip."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

EDITIONS = ("zh-Hans", "zh-Hant")
# One page of each kind, as a directory URL (online); the offline zip has the same page as <path>.html.
KINDS = ["", "statements/2018-11-04/", "topics/", "topics/kashmir/", "timeline/", "cite/", "downloads/", "data/"]


def compare_page(clauses: list[dict]) -> str:
    """The compare view (compare/#<pair>): loads its pair's data script; the path without the fragment."""
    url = next(t["compare"]["zh-Hans"] for r in clauses for t in r["see_also"] if t["compare"])
    return url.removeprefix("zh-Hans/").split("#")[0]


def compare_fragment(clauses: list[dict]) -> str:
    url = next(t["compare"]["zh-Hans"] for r in clauses for t in r["see_also"] if t["compare"])
    return "#" + url.split("#")[1]



def failures(browser, url: str, offline: bool = False) -> list[str]:
    """What went wrong loading url: responses ≥ 400, failed or blocked requests, console errors, script errors."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    found: list[str] = []
    if offline:  # the zip must work with no network at all: anything not file:// is blocked and counted
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file://") else route.abort())
    page = context.new_page()

    def response(r) -> None:
        if r.status >= 400:
            found.append(f"{r.status} {r.url}")

    def console(m) -> None:
        if m.type == "error":
            found.append(f"console: {m.text}")

    page.on("response", response)
    def failed(r) -> None:
        if not (r.is_navigation_request() and r.failure == "net::ERR_ABORTED"):  # left for the next page: the root's redirect
            found.append(f"failed {r.url}: {r.failure}")

    page.on("requestfailed", failed)
    page.on("console", console)
    page.on("pageerror", lambda e: found.append(f"script error: {e}"))
    page.goto(url)
    page.wait_for_load_state("networkidle")  # Material's fetches start once the page has loaded
    context.close()
    return found


@pytest.mark.parametrize("lang", EDITIONS)
def test_no_page_makes_a_failing_request_online(browser, server, clauses, lang):
    legacy = compare_fragment(clauses)[1:] + "/"  # a published compare URL: a redirect to the view
    for path in [*KINDS, compare_page(clauses) + compare_fragment(clauses), f"compare/{legacy}"]:
        assert failures(browser, f"{server}/{lang}/{path}") == [], path
    if lang == EDITIONS[0]:
        assert failures(browser, f"{server}/") == []  # the root page, which sends the reader on to an edition


@pytest.mark.parametrize("lang", EDITIONS)
def test_no_page_makes_a_failing_request_offline(browser, unpacked, clauses, lang):
    legacy = compare_fragment(clauses)[1:] + "/"
    for path in [*KINDS, compare_page(clauses), f"compare/{legacy}"]:
        # MkDocs writes x.md as x.html and x/index.md as x/index.html when use_directory_urls is off
        file = next(f for f in (unpacked / lang / f"{path}index.html", unpacked / lang / f"{path.rstrip('/')}.html")
                    if f.exists())
        fragment = compare_fragment(clauses) if path == compare_page(clauses) else ""  # the view loads its pair's data
        assert failures(browser, file.as_uri() + fragment, offline=True) == [], path
    if lang == EDITIONS[0]:
        assert failures(browser, (unpacked / "index.html").as_uri(), offline=True) == []


def test_the_failure_collector_sees_a_missing_file(browser, server):
    assert any(f.startswith("404 ") for f in failures(browser, f"{server}/zh-Hans/no-such-page/"))
