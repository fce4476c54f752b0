"""The offline copy finds start tags where html.parser finds them (build_scripts/publish/starttags.py), fast for the
shapes the engine writes, by html.parser itself for any other."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.publish.offline import TAG_ATTRS
from build_scripts.publish.starttags import parsed, scanned, start_tags


def _wanted(text: str, names: tuple[str, ...] = TAG_ATTRS) -> list:
    return [t for t in parsed(text) if any(n in t[3] for n in names)]


def agree(pages: list[Path]) -> None:
    assert pages
    for page in pages:
        text = page.read_text(encoding="utf-8")
        fast = scanned(text, TAG_ATTRS)
        assert fast is not None, page  # the engine's pages take the fast way
        assert fast == _wanted(text), page


def test_the_scan_finds_what_html_parser_finds_on_every_page_of_the_real_site(built):
    agree(sorted(built.rglob("*.html")))


# Pieces of markup, most of them the shapes that make a scanner go wrong: quotes holding > or a tag, comments and
# scripts holding tags, end tags of scripts written oddly, attributes of interest in any case and spacing, a `<`
# that starts nothing, the shapes the fast way leaves to the parser.
PIECES = ["<a", "<A", "<link", "<meta", "<img", "<div", "<script", "<style", "<scripts", "</script>", "</SCRIPT >",
          "</style>", "</ script>", "<!--", "-->", "--!>", "-- >", "<!DOCTYPE html>", "<!x>", "<?pi?>", "<![CDATA[",
          "]]>", "</", "</a>", "</>", ">", "/>", "/", " ", "\n", "\t", "=", "==", "'", '"', " href=", " HREF = ",
          "href", " src=", " SRC='x/'", " rel=alternate", " rel='alternate'", " http-equiv=refresh",
          ' content="0; url=../"', " data-href=", " title='a>b'", ' title="<a href=x/>"', "x/", "../a/", "#c1",
          "text", "中文", "&amp;", "&gt;", "&#x3c;", "<3", "<", "< a", "<a/", "<br/>", "x", "-"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=40))
@pytest.mark.slow
def test_random_markup_is_read_as_html_parser_reads_it_or_left_to_it(pieces):
    text = "".join(pieces)
    fast = scanned(text, TAG_ATTRS)
    assert fast is None or fast == _wanted(text), text
    assert start_tags(text, TAG_ATTRS) == _wanted(text)


@pytest.mark.parametrize("text", [
    "<?xml x?><a href='b/'>", "<![CDATA[<a href='x/'>]]><a href=y/>", "<!-- <a href='x/'>", "</ x><a href=y/>",
    "<a href='b/", "<script><a href=x/>", "<!bogus><a href=y/>", "<a href=y/><",
])
def test_a_shape_the_engine_never_writes_goes_to_html_parser(text):
    assert scanned(text, TAG_ATTRS) is None
    assert start_tags(text, TAG_ATTRS) == _wanted(text)


def test_what_the_scan_passes_over_and_what_it_reads():
    page = ("<!DOCTYPE html><!-- <a href='c/'> --><p title='<a href=d/>'>x</p><script>var s = '<a href=\"e/\">';"
            "</script ><style>a{}</style><a\nHREF='f/' data-x>g</a><a data-href='h/'>i</a><br/><img src=j/>")
    assert [(t[2], t[3]) for t in scanned(page, TAG_ATTRS) or []] == [
        ("a", {"href": "f/", "data-x": None}), ("img", {"src": "j/"})]
