"""The built site's compaction: lighter pages that render the same (build_scripts/publish/compact.py)."""

from __future__ import annotations

import html
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.publish.compact import compact_edition, compact_html


def test_indentation_and_blank_lines_go_verbatim_elements_stay():
    page = ("<ul>\n    <li>一</li>\n\n\n    <li>二</li>\n</ul>\n"
            "<pre>  缩进\n\n  保留</pre>\n  <script>\n  var a = 1;\n\n</script>\n  <p>甲　乙  丙</p>\n")
    out = compact_html(page)
    assert out == ("<ul>\n<li>一</li>\n<li>二</li>\n</ul>\n"
                   "<pre>  缩进\n\n  保留</pre>\n<script>\n  var a = 1;\n\n</script>\n<p>甲　乙  丙</p>\n")
    assert compact_html(out) == out


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["<p>", "</p>", "<pre>", "</pre>", "<b>", "</b>", "\n", "  ", "\t", "　", "中", "a",
                                 "<script>", "</script>"]), max_size=40).map("".join))
def test_compaction_is_idempotent_and_keeps_what_is_rendered(html):
    out = compact_html(html)
    assert compact_html(out) == out
    pre = re.compile(r"<(pre|script)\b.*?</\1\s*>", re.S)
    assert pre.findall(out) == pre.findall(html)  # verbatim elements untouched
    # a run of whitespace that held a newline still holds one (so inline elements stay apart); nothing else changed
    runs = re.compile(r"[ \t]*\n[ \t\n]*")
    assert runs.sub("\n", pre.sub("", out)) == runs.sub("\n", pre.sub("", html))
    assert out.replace("\n", "").replace(" ", "").replace("\t", "") == html.replace("\n", "").replace(" ", "").replace("\t", "")


def test_the_built_site_is_compact_and_keeps_every_clause(built, clauses):
    page = (built / "zh-Hans" / "statements" / "2022-11-02" / "index.html").read_text(encoding="utf-8")
    assert not re.search(r"\n[ \t]+<", page) and "\n\n" not in page
    for record in clauses:
        if record["statement"] == "2022-11-02":
            assert record["text"]["zh-Hans"] in html.unescape(page)
    own = built / "zh-Hans" / "assets" / "javascripts" / "clause-tools.js"
    assert "\n    " not in own.read_text(encoding="utf-8")  # minified


def test_compacting_a_built_edition_again_changes_nothing(built, tmp_path):
    import shutil

    copy = tmp_path / "zh-Hant"
    shutil.copytree(built / "zh-Hant", copy)
    before = {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()}
    compact_edition(copy)
    assert {p: p.read_bytes() for p in copy.rglob("*") if p.is_file()} == before
