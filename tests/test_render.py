"""Rendering: source text can never become markup."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import markdown

from build_scripts.convert.converter import identity
from build_scripts.link.linker import Linking
from build_scripts.model import Clause, Statement
from build_scripts.render.pages import environment, pages, signature_rows
from build_scripts.render.view import EditionView
from build_scripts.text import escape

HOSTILE = ('<script>alert(1)</script><img src=x onerror=alert(1)> &amp; *em* _u_ # h [x](javascript:alert(1)) '
           '| a | `code` {#evil .cls} {{ 7*7 }} {% if x %} <!-- c --> \\*')


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text += data


def render_html(text: str) -> Elements:
    s = Statement(slug="2020-01-01", title="标题" + text, date=dt.date(2020, 1, 1), place="北京", dateline="", lead=text,
                  signature="", source_note="", blocks=(Clause("p1", "第1段", "", text),), source="x.txt", line=1)
    edition = EditionView([s], (), Linking({}), ("甲",), "站名", "简介", identity)
    page = next(p for p in pages(edition, environment(identity)) if p.path.startswith("statements/"))
    body = page.content.split("\n---\n", 1)[1] if page.content.startswith("---\n") else page.content  # MkDocs strips front matter
    html = markdown.markdown(body, extensions=["attr_list", "md_in_html", "tables", "toc"])
    parser = Elements()
    parser.feed(html)
    return parser


def test_hostile_text_shows_literally_and_adds_no_element():
    out = render_html(HOSTILE)
    # The only links are the template's own: the statement's citation files, the clause label's link to itself
    # (its anchor from the numbering), and the note for readers without JavaScript.
    own = ("../cite/", "#p1", "../../topics/", "../../downloads/")
    tags = [t for t, a in out.tags if not (t == "a" and a.get("href", "").startswith(own))]
    assert "script" not in tags and "img" not in tags and "a" not in tags and "em" not in tags and "code" not in tags
    assert not any("onerror" in a or a.get("id") == "evil" for _, a in out.tags)
    assert out.text.count(HOSTILE) == 3  # title, lead, clause: every character, as written


def test_md_escapes_only_ascii_punctuation():
    assert escape.markdown("中巴（全文）：*x*") == "中巴（全文）：&#42;x&#42;"


def test_signature_rows_rebuild_the_flattened_table():
    parties = ("中华人民共和国", "巴基斯坦伊斯兰共和国")
    sig = "中华人民共和国 巴基斯坦伊斯兰共和国政府代表\u3000\u3000 \u3000\u3000\u3000\u3000政府代表\u3000\u3000"
    assert signature_rows(sig, parties) == ["中华人民共和国政府代表", "巴基斯坦伊斯兰共和国政府代表"]
    assert signature_rows("某某 签字", parties) == ["某某", "签字"]
