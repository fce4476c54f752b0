"""Downloads: one self-contained HTML file per statement and edition, the data as JSON and CSV, and their pages."""

from __future__ import annotations

import csv
import html as html_module
import io
import json
import re

from build_scripts.read.parse import parse_corpus

from .conftest import ROOT

EDITIONS = ("zh-Hans", "zh-Hant")


def test_each_statement_is_one_self_contained_printable_file_in_both_editions(built, clauses):
    for lang in EDITIONS:
        for slug in sorted({r["statement"] for r in clauses}):
            html = (built / "downloads" / lang / f"{slug}.html").read_text(encoding="utf-8")
            assert f'<html lang="{lang}">' in html and "@media print" in html
            assert "<script" not in html and not re.search(r'src="(https?:)?//', html)  # nothing loaded from elsewhere
            assert "<link" not in html  # styles inline
            # what leaves the file is a link a reader follows: the recorded source's address (来源)
            assert set(re.findall(r'<(\w+) [^>]*href="(?:https?:)?//', html)) <= {"a"}
            for r in (r for r in clauses if r["statement"] == slug):
                assert f'id="{r["anchor"]}"' in html
                assert r["text"][lang].replace("&", "&amp;").replace("<", "&lt;") in html


def test_csv_holds_the_same_clauses_as_json(built, clauses):
    raw = (built / "data" / "clauses.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM, so spreadsheets read it as UTF-8
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert len(rows) == len(clauses)
    for row, r in zip(rows, clauses, strict=True):
        assert (row["statement"], row["anchor"]) == (r["statement"], r["anchor"])
        for lang in EDITIONS:
            assert row[f"text_{lang}"] == r["text"][lang] and row[f"url_{lang}"] == r["url"][lang]
        assert row["see_also"].split() == [f"{t['statement']}#{t['anchor']}" for t in r["see_also"]]


def test_downloads_page_lists_every_file_with_its_size(built):
    files = sorted(p.relative_to(built).as_posix() for p in (built / "downloads").rglob("*") if p.is_file())
    files += ["data/clauses.json", "data/clauses.csv"]
    for lang in EDITIONS:
        html = (built / lang / "downloads" / "index.html").read_text(encoding="utf-8")
        for f in files:
            assert f'href="../../{f}"' in html, (lang, f)
        assert re.search(r"offline-site\.zip</a></td>\s*<td[^>]*>\d+\.\d MB<", html), lang


def test_the_data_page_s_examples_read_as_data_clauses_json_holds_them(built, clauses):
    """The example column shows the first clause's values as data/clauses.json writes them, characters and all: an
    example escaped for Markdown and then shown as code read `&#123;&#34;zh&#45;Hans…` (and `\\u7b2c` for 第)."""
    first = clauses[0]
    for lang in EDITIONS:
        html = (built / lang / "data" / "index.html").read_text(encoding="utf-8")
        json_table = html[html.index('id="json"'):html.index('id="csv"')]
        cells = {}
        for row in re.findall(r"<tr>(.*?)</tr>", json_table, re.S):
            found = re.findall(r"<td>(.*?)</td>", row, re.S)
            if found:
                name = re.sub(r"<[^>]+>", "", found[0])
                cells[name] = html_module.unescape(re.sub(r"<[^>]+>", "", found[-1]))
        for field in ("label", "url", "source"):
            assert cells[field] == json.dumps(first[field], ensure_ascii=False), (lang, field, cells[field])
        assert cells["statement"] == first["statement"] and cells["anchor"] == first["anchor"]
        assert cells["text"] == first["text"][lang][:20] + "……", (lang, cells["text"])
        shown = json.loads(cells["see_also"])
        assert shown == (first["see_also"][0] if first["see_also"] else []), (lang, cells["see_also"])


def test_data_page_documents_every_json_field(built, clauses):
    fields = set(clauses[0]) | {k for r in clauses for t in r["see_also"] for k in t}
    for lang in EDITIONS:
        html = (built / lang / "data" / "index.html").read_text(encoding="utf-8")
        for field in fields:
            assert f"<code>{field}</code>" in html, (lang, field)
    # The data holds every clause of the source, in order, with the source's own text and label.
    _, statements = parse_corpus(ROOT / "source")
    data = json.loads((built / "data" / "clauses.json").read_text(encoding="utf-8"))
    assert [(r["statement"], r["anchor"], r["label"]["zh-Hans"], r["text"]["zh-Hans"]) for r in data] == [
        (s.slug, c.anchor, c.label, c.text) for s in statements for c in s.clauses]
