"""One hostile string in every field of every input file: no element, attribute or script reaches any output.

Raw text is copied from web pages and metadata is typed by people: a tampered
page must never run code on ours. The string goes into statement text, a
title, a dateline place, every manifest field that is shown (title, place,
visiting, receiving, headline; the corpus's name, description, english_name and
english_parties) and topic names and terms; the whole site is built (offline
zip included) and every output file is read, then Chromium opens each kind of
page and no dialog may fire.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import zipfile
from html.parser import HTMLParser
from pathlib import Path

import pytest

import build_scripts.build as pipeline
from build_scripts.text import escape

from .conftest import ROOT, front_matter, tmp_paths, unpack
from .test_search import search

# No space or bracket: a title runs from a party's name to the document type without one (read/head.py), so the
# string that must reach the title calls alert with a template literal.
TIGHT = "<svg/onload=alert`11`></title></script><script>alert`12`</script>\"'><zz-hostile/zz-attr=1>{{7*7}}&amp;"
PLACE = "<svg/onload=alert``>"  # the dateline place, 20 characters (a dateline place holds no bracket: read/head.py)
HOSTILE = ("<img src=x onerror=alert(1)> <svg/onload=alert(2)> </title></textarea></script><script>alert(3)</script> "
           "\"'><zz-hostile zz-attr onmouseover=alert(4)> [x](javascript:alert(5)) {{ 7*7 }} {#evil .cls} | * _ ` "
           "&amp; &lt;b&gt; <!-- -->")
MARKERS = ("<img src=x", "<svg/onload", "<script>alert", "<zz-hostile")
URLS = {"href", "src", "action", "formaction", "xlink:href", "data"}
DATA = {"data/clauses.json", "data/clauses.csv"}  # the data downloads carry the text as data, verbatim by design
# So do the reference-manager exports (RIS, BibTeX, CSL-JSON; served as text, never as HTML): a reader's library
# must get the title as written. Each is escaped for its own syntax by text/escape.py (bibtex, ris, JSON).
CITE_EXPORT = re.compile(r"zh-Han[st]/cite/[0-9-]+\.(ris|bib|json)")


def hostile_source(tmp: Path) -> Path:
    source = tmp / "source"
    shutil.copytree(ROOT / "source", source)
    raw = [f"中华人民共和国和巴基斯坦伊斯兰共和国关于{TIGHT}的联合声明（2030年1月1日，{PLACE}）\u3000\u3000"
           f"一、双方同意{HOSTILE}。\u3000\u3000二、双方重申，克什米尔问题应当和平解决{HOSTILE}。",
           f"一、双方同意{HOSTILE}。\u3000\u3000二、{HOSTILE}。"]
    (source / "zzz_hostile.txt").write_text("\n".join(raw) + "\n", encoding="utf-8")
    fields = {"visiting": HOSTILE, "receiving": HOSTILE, "headline": HOSTILE}
    entries = [{"file": "zzz_hostile.txt", "line": 1, **fields},
               {"file": "zzz_hostile.txt", "line": 2, "date": "2031-02-03", "place": HOSTILE, "title": HOSTILE, **fields}]
    manifest = (source / "manifest.toml").read_text(encoding="utf-8")
    names = {"name": HOSTILE, "description": HOSTILE, "english_name": HOSTILE}  # the corpus's names (read/naming.py)
    corpus = "".join(f"{k} = {_toml(v)}\n" for k, v in names.items()) + f"english_parties = [{_toml(HOSTILE)}]\n"
    manifest = re.sub(r"\n(english_name|english_parties) = .*", "", manifest).replace("[corpus]\n", "[corpus]\n" + corpus, 1)
    for entry in entries:
        manifest += "\n[[statement]]\n" + "".join(f"{k} = {_toml(v)}\n" for k, v in entry.items())
    (source / "manifest.toml").write_text(manifest, encoding="utf-8")
    topics = (source / "topics.toml").read_text(encoding="utf-8").replace(
        "\n[linking]", f"\n[[topic]]\nslug = \"hostile\"\nname = {_toml(HOSTILE)}\nterms = [{_toml(HOSTILE)}]\n\n[linking]", 1)
    (source / "topics.toml").write_text(topics, encoding="utf-8")
    return source


def _toml(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    assert isinstance(value, str)
    return value if (value.startswith("20") and len(value) == 10) else json.dumps(value)


class Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.script = self.data_script = False
        self.text = ""

    def handle_starttag(self, tag, attrs):
        self.script = tag == "script"
        names = dict(attrs)
        self.data_script = self.script and names.get("type") in ("application/ld+json", "application/json")
        if tag in ("zz-hostile", "textarea") or "zz-attr" in names or (tag == "img" and names.get("src") == "x"):
            self.found.append(f"<{tag} {attrs}>")
        if tag == "svg" and "onload" in names:
            self.found.append("<svg onload>")
        self.found += [f"{tag} {k}={v!r}" for k, v in attrs if k.startswith("on") and "alert" in (v or "")]
        self.found += [f"{tag} {k}={v!r}" for k, v in attrs if k in URLS and "javascript:" in (v or "")]
        if names.get("id") == "evil" or "cls" in (names.get("class") or "").split():
            self.found.append(f"<{tag} {attrs}>")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        self.script = self.data_script = False

    def handle_data(self, data):
        self.text += data
        if self.data_script:  # JSON-LD and the clause kit are data, never run: they may say alert( if they stay JSON
            try:
                json.loads(data)
            except ValueError:
                self.found.append(f"<script type=application/ld+json> not JSON: {data[:60]}")
        elif self.script and "alert(" in data:
            self.found.append(f"<script>{data[:60]}")


def injected(name: str, data: bytes) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    if name.endswith(".html"):
        page = Elements()
        page.feed(text)
        return page.found
    return [m for m in MARKERS if m in text]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    paths = tmp_paths(tmp, hostile_source(tmp))
    pipeline.build(paths, quiet=True)
    return paths.site


def test_the_hostile_string_reached_the_site(hostile):
    """Else the test below proves nothing: every field went through the build and shows literally."""
    statement = Elements()
    statement.feed((hostile / "zh-Hans" / "statements" / "2031-02-03" / "index.html").read_text(encoding="utf-8"))
    assert statement.text.count(HOSTILE) >= 4  # title, place, both clauses: every character as written
    dateline = Elements()
    dateline.feed((hostile / "zh-Hans" / "statements" / "2030-01-01" / "index.html").read_text(encoding="utf-8"))
    assert TIGHT in dateline.text and PLACE in dateline.text
    records = json.loads((hostile / "data" / "clauses.json").read_text(encoding="utf-8"))
    assert any(HOSTILE in r["text"]["zh-Hans"] for r in records)
    assert (hostile / "zh-Hans" / "topics" / "hostile" / "index.html").exists()
    timeline = Elements()
    timeline.feed((hostile / "zh-Hans" / "timeline" / "index.html").read_text(encoding="utf-8"))
    assert timeline.text.count(HOSTILE) >= 6  # visiting, receiving, headline of both statements, as text
    for lang in ("zh-Hans", "zh-Hant"):  # the corpus's name and description: in the config MkDocs prints raw
        home = Elements()
        home.feed((hostile / lang / "index.html").read_text(encoding="utf-8"))
        assert home.text.count(HOSTILE) >= 3  # <title>, the header, the page's heading
        assert f'content="{escape.html_attr(HOSTILE)}"' in (hostile / lang / "index.html").read_text(encoding="utf-8")
    root = Elements()
    root.feed((hostile / "index.html").read_text(encoding="utf-8"))
    assert root.text.count(HOSTILE) >= 3  # the English name in <title> and <h1>, the parties in the paragraph


@pytest.mark.slow
def test_no_element_attribute_or_script_from_source_in_any_output_file(hostile):
    files = {str(p.relative_to(hostile)): p.read_bytes() for p in hostile.rglob("*") if p.is_file()}
    archive = zipfile.ZipFile(io.BytesIO(files["downloads/offline-site.zip"]))
    files.update({f"offline-site.zip/{n.split('/', 1)[1]}": archive.read(n) for n in archive.namelist()})  # its folder
    checked = [n for n in files if n.removeprefix("offline-site.zip/") not in DATA
               and not CITE_EXPORT.fullmatch(n.removeprefix("offline-site.zip/"))]
    bad = {n: found for n in checked if (found := injected(n, files[n]))}
    assert bad == {}
    assert len(checked) > 300 and sum(n.endswith(".html") for n in checked) > 200


def hostile_pair(site: Path) -> str:
    """A compare pair of the hostile site whose rows hold the hostile string."""
    from build_scripts.render.compare_page import read_data_script

    for data in sorted((site / "zh-Hans" / "compare" / "data").glob("*.js")):
        for slug, pair in read_data_script(data.read_text(encoding="utf-8")).items():
            if any(HOSTILE in text for row in pair["rows"] for side in row[:2] for _, text in side):
                return slug
    raise AssertionError("no compare pair holds the hostile string")


@pytest.mark.browser
def test_the_compare_view_shows_a_hostile_clause_as_text(hostile, browser):
    """The view draws rows from data with textContent: the string shows as written and adds no element."""
    pair = hostile_pair(hostile)
    context = browser.new_context()
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    unpacked = unpack(hostile / "downloads" / "offline-site.zip", hostile.parent / "unpacked-compare")
    try:
        page.goto((unpacked / "zh-Hans" / "compare" / "index.html").as_uri() + f"#{pair}")
        page.wait_for_selector("#compare-view:not([hidden])")
        rows = page.evaluate("document.querySelector('.compare-rows').textContent")
        heading = page.locator("#compare-title").inner_text()
        found = page.evaluate("document.querySelectorAll('article zz-hostile, article img, article svg[onload], "
                              "article script:not([src])').length")
        page.wait_for_timeout(200)
    finally:
        context.close()
    assert HOSTILE in rows  # the clause's text, every character as written
    assert "2030" in heading or "2031" in heading
    assert found == 0 and dialogs == []


def test_without_javascript_the_compare_view_shows_a_hostile_clause_as_text(hostile):
    """The view's noscript block (every pair's two clauses, for a reader without JavaScript: issue 22) holds the
    clause text escaped: parsed as a browser without scripts parses it, the string is text and adds no element."""
    pair = hostile_pair(hostile)
    html = (hostile / "zh-Hans" / "compare" / "index.html").read_text(encoding="utf-8")
    start = html.index(f'<section class="compare-pair" id="{pair}">')
    section = html[start:html.index("</section>", start) + len("</section>")]
    parsed = Elements()
    parsed.feed(section)
    assert HOSTILE in parsed.text and parsed.found == []
    assert not re.search(r"<(img|svg|script|zz-hostile)\b", section, re.IGNORECASE)


def test_the_check_finds_injection_when_a_nav_title_is_left_unescaped(hostile, tmp_path):
    """The detector itself: Material's nav markup with the raw string is caught."""
    assert injected("x.html", f'<nav><span class="md-ellipsis">{HOSTILE}</span></nav>'.encode())
    assert injected("x.js", f"var t = '{TIGHT}';".encode())
    assert not injected("x.html", f"<p>{escape.html_text(HOSTILE)}</p>".encode())


KINDS = ["index.html", "zh-Hans/", "zh-Hant/", "zh-Hans/statements/2030-01-01/", "zh-Hant/statements/2031-02-03/",
         "zh-Hans/topics/", "zh-Hans/topics/hostile/", "zh-Hant/topics/hostile/", "zh-Hans/timeline/",
         "zh-Hans/cite/", "zh-Hans/downloads/", "zh-Hans/data/", "downloads/zh-Hans/2031-02-03.html",
         "downloads/zh-Hant/2030-01-01.html"]


def test_no_dialog_fires_on_any_kind_of_page(hostile, browser):
    import functools
    import http.server
    import threading

    from .conftest import _Quiet

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(hostile)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    compare = hostile_pair(hostile)
    context = browser.new_context(locale="zh-CN")
    dialogs: list[str] = []
    try:
        page = context.new_page()
        page.on("dialog", lambda d: (dialogs.append(f"{page.url}: {d.message}"), d.dismiss()))
        for kind in [*KINDS, f"zh-Hans/compare/#{compare}"]:
            page.goto(base + kind, wait_until="load")
            page.mouse.move(200, 300)  # hover handlers, had any survived
            page.mouse.move(600, 500)
            page.wait_for_timeout(150)
        # the see-also lists and topics are built from statements/<slug>/related.js: open every one
        opened: list[str] = []
        for kind in ("zh-Hans/statements/2030-01-01/", "zh-Hant/statements/2031-02-03/", "zh-Hans/statements/2022-11-02/"):
            page.goto(base + kind, wait_until="load")
            buttons = page.locator(".clause-aids > button")
            assert buttons.count() > 0, kind
            for i in range(buttons.count()):
                buttons.nth(i).click()
            page.wait_for_function(f"() => document.querySelectorAll('.clause-aids__panel').length === {buttons.count()}")
            assert page.evaluate("document.querySelectorAll('zz-hostile, [zz-attr], img[src=x], svg[onload]').length") == 0
            page.mouse.move(300, 300)
            opened += page.locator(".clause-aids__panel").all_inner_texts()
        assert any("{#evil .cls}" in text for text in opened)  # the hostile topic name, shown as text
        assert any("<img src=x" in text for text in opened)  # and an excerpt of a hostile clause under another one
        # search renders the index's text as HTML: search for the hostile text and show its results
        page.goto(base + "zh-Hans/statements/2031-02-03/", wait_until="load")
        assert search(page, "双方同意")  # the project's search client renders snippets of the hostile text
        page.wait_for_timeout(300)
        # the offline zip, opened from file:// as its readers do
        unpacked = unpack(hostile / "downloads" / "offline-site.zip", hostile.parent / "unpacked")
        for kind in ("index.html", "zh-Hans/statements/2031-02-03.html", "zh-Hant/topics/hostile.html"):
            target = unpacked / kind
            if not target.exists():
                target = unpacked / kind.replace(".html", "/index.html")
            page.goto(target.as_uri(), wait_until="load")
            page.wait_for_timeout(150)
    finally:
        context.close()
        httpd.shutdown()
        httpd.server_close()
    assert dialogs == []


@pytest.mark.parametrize("text", ["标题\n# 第二行", "标题\x7f乙\ufffe丙", "甲\r\n| 乙 | 丙 |\u2028丁", "\x00\x1b[31m红"])
def test_line_breaks_and_controls_cannot_split_a_heading_a_table_row_or_the_front_matter(text):
    """Defence in depth behind the metadata checks: a newline in a title would split the home table and the heading,
    a DEL or U+FFFE would make MkDocs drop the front matter onto the page."""
    from build_scripts.render.pages import environment

    env = environment(lambda s: s)
    assert env.filters["md"] is escape.markdown and env.filters["yaml_string"] is escape.yaml_string
    cell = escape.markdown(text)
    assert "\n" not in cell and "\r" not in cell and "|" not in cell and "\x7f" not in cell and "\u2028" not in cell
    body, meta = front_matter(f"---\ntitle: {escape.yaml_string(text)}\n---\n\n# x\n")
    assert meta == {"title": text} and body == "# x\n"


def test_the_offline_copy_finds_the_start_tags_html_parser_finds_on_the_hostile_site(hostile):
    """The hostile string in every field (markup, quotes, scripts' end tags) never fools the fast scan
    (publish/starttags.py): on each page it agrees with html.parser, or leaves the page to it."""
    from .test_starttags import agree

    agree(sorted(hostile.rglob("*.html")))
