"""The built site's links: none broken, see-also and topics in both editions, compare views, search index."""

from __future__ import annotations

import re

from build_scripts.publish.linkcheck import broken_links
from build_scripts.read.topics import load_topics

from .conftest import ROOT

EDITIONS = ("zh-Hans", "zh-Hant")


def test_no_broken_internal_link_or_anchor_in_either_edition(built):
    assert broken_links(built) == []


def test_the_link_checker_finds_a_broken_file_and_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<h2 id="c1">x</h2><a href="#c1">ok</a><a href="#c9">bad</a>'
                                               '<a href="../b/">missing</a><a href="https://example.org/">out</a>')
    assert broken_links(tmp_path) == ["a/index.html: #c9 (no anchor #c9)", "a/index.html: ../b/ (no such file)"]


def test_every_see_also_link_is_under_its_clause_in_both_editions(built, clauses):
    """In the statement's data file (loaded when a reader opens the clause's list), in clauses.json's order."""
    from .test_statement_page import related_data

    with_links = [r for r in clauses if r["see_also"]]
    assert len(with_links) > 100
    for lang in EDITIONS:
        data = {}
        for record in with_links:
            slug = record["statement"]
            if slug not in data:
                data[slug] = related_data((built / lang / "statements" / slug / "related.js").read_text(encoding="utf-8"))
            entries = data[slug][record["anchor"]]["r"]
            assert [e[0] for e in entries] == [f'statements/{t["statement"]}/#{t["anchor"]}' for t in record["see_also"]]
            for entry, target in zip(entries, record["see_also"], strict=True):
                if target["compare"]:
                    assert entry[5] == target["compare"][lang].split(f"{lang}/", 1)[1], (lang, slug, entry)
                else:
                    assert entry[5] == ""


def test_topic_pages_list_their_clauses_in_date_order_in_both_editions(built):
    topics, _ = load_topics(ROOT / "source" / "topics.toml")
    for lang in EDITIONS:
        index = (built / lang / "topics" / "index.html").read_text(encoding="utf-8")
        for topic in topics:
            assert f'href="{topic.slug}/"' in index
            html = (built / lang / "topics" / topic.slug / "index.html").read_text(encoding="utf-8")
            dates = re.findall(r'href="\.\./\.\./statements/(\d{4}-\d\d-\d\d)/#', html)
            assert dates and dates == sorted(dates), (lang, topic.slug)
    kashmir = (built / "zh-Hant" / "topics" / "kashmir" / "index.html").read_text(encoding="utf-8")
    assert "話題：克什米爾" in kashmir and kashmir.count('class="clause-text"') == 2


def test_compare_views_mark_insertions_and_deletions_in_both_editions(built, clauses):
    """Every linked pair has its rows in its first statement's data script, with deletions or insertions marked
    (the view draws them: tests/test_compare_view.py)."""
    from build_scripts.render.compare_page import read_data_script

    urls = {t["compare"][lang] for r in clauses for t in r["see_also"] if t["compare"] for lang in EDITIONS}
    assert len(urls) > 20
    for url in urls:
        lang, slug = url.split("/compare/#")
        pair = read_data_script((built / lang / "compare" / "data" / f"{slug[:10]}.js").read_text(encoding="utf-8"))[slug]
        assert any(op != 0 for row in pair["rows"] for side in row[:2] for op, _ in side), url
    kashmir = read_data_script((built / "zh-Hant/compare/data/2020-03-17.js").read_text(encoding="utf-8"))
    rows = kashmir["2020-03-17-p14--2022-11-02-c34"]["rows"]
    assert "克什米爾問題是歷史遺留下來的爭議" in "".join(text for row in rows for op, text in row[1] if op == 0)
    assert any(op == 1 for row in rows for op, _ in row[1])
