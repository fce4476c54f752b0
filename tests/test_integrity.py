"""A build that can't be injected, never breaks a published link, and never half-publishes."""

from __future__ import annotations

import re
import shutil
from html.parser import HTMLParser

import pytest

import build_scripts.build as pipeline
from build_scripts.engines import mkdocs
from build_scripts.errors import BuildError
from build_scripts.publish.output import MARKER, MARKER_TEXT
from build_scripts.search.index import INDEX_FILE, read_index_script

from .conftest import GOLDEN, ROOT, tmp_paths
from .test_site import anchor_snapshot

TITLE = '中华人民共和国和巴基斯坦伊斯兰共和国关于<b>加强</b>"合作"的联合声明'
HOSTILE = ('<script>alert(1)</script><img src=x onerror=alert(2)> &amp; &lt;i&gt; *强调* _下划线_ # 标题 '
           '[链接](javascript:alert(3)) | 表格 | `代码` {#evil .cls} {{ 7*7 }} {% if x %}{% endif %} --- '
           '<a href="https://example.org/">外链</a>')


def _source(tmp_path, extra_lines: list[str]):
    source = tmp_path / "source"
    shutil.copytree(ROOT / "source", source)
    (source / "zzz_added.txt").write_text("\n".join(extra_lines) + "\n", encoding="utf-8")
    return source


class Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text = ""
        self.in_main = 0

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.in_main += 1
        if self.in_main:
            self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_main -= 1

    def handle_data(self, data):
        if self.in_main:
            self.text += data


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("hostile")
    line = (f"{TITLE}（2024年1月2日，北京）\u3000\u3000一、双方同意{HOSTILE}。\u3000\u3000"
            f"二、{HOSTILE}。")
    paths = tmp_paths(tmp, _source(tmp, [line]))
    pipeline.build(paths, quiet=True)
    return paths.site


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_markup_in_a_statement_shows_literally_and_adds_nothing(hostile_site, lang):
    html = (hostile_site / lang / "statements" / "2024-01-02" / "index.html").read_text(encoding="utf-8")
    page = Elements()
    page.feed(html)
    tags = [t for t, _ in page.tags]
    assert "script" not in tags and "img" not in tags and "b" not in tags and "em" not in tags and "code" not in tags
    links = [a.get("href", "") for t, a in page.tags if t == "a"]
    assert not [h for h in links if h.startswith(("javascript:", "http"))], links
    assert not any(a.get("id") == "evil" or "cls" in a.get("class", "") or "onerror" in a for _, a in page.tags)
    # and nothing leaks into <head> either: <title>, descriptions and link-preview tags hold it escaped
    head = html.split("<body")[0]
    assert "<b>" not in head and re.search(r'<meta property="og:title" content="[^"<>]*&lt;b&gt;[^"<>]*&#34;[^"<>]*">', head)
    normal = (hostile_site / lang / "statements" / "2022-11-02" / "index.html").read_text(encoding="utf-8")
    assert html.count("<script") == normal.count("<script")
    text = HOSTILE if lang == "zh-Hans" else None
    if text:
        assert page.text.count(text) >= 2  # both clauses, every character as written
        assert TITLE in page.text


def test_markup_in_a_statement_is_literal_in_the_search_index(hostile_site):
    index = read_index_script((hostile_site / "zh-Hans" / INDEX_FILE).read_text(encoding="utf-8"))
    doc = next(d for d in index["docs"] if index["statements"][d[0]][0] == "2024-01-02" and d[1] == "c1")
    # the client shows index text with textContent, never as HTML: the text is the clause as written
    assert HOSTILE in doc[3]


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_adding_a_statement_changes_no_published_url_or_anchor(tmp_path):
    line = ("中华人民共和国和巴基斯坦伊斯兰共和国关于深化合作的联合声明（2024年5月6日，北京）\u3000\u3000"
            "一、双方同意进一步加强中巴经济走廊建设，推进瓜达尔港项目。\u3000\u3000二、双方重申，克什米尔问题应当和平解决。")
    paths = tmp_paths(tmp_path, _source(tmp_path, [line]))
    pipeline.build(paths, quiet=True)
    published = set((GOLDEN / "anchors.txt").read_text(encoding="utf-8").splitlines())
    now = set(anchor_snapshot(paths.site).splitlines())
    assert published - now == set()
    assert "zh-Hant/statements/2024-05-06/#c2" in now


@pytest.mark.slow
def test_a_build_failing_late_leaves_the_published_site_exactly_as_it_was(tmp_path, monkeypatch):
    paths = tmp_paths(tmp_path)
    paths.site.mkdir()
    (paths.site / MARKER).write_text(MARKER_TEXT, encoding="utf-8")
    (paths.site / "index.html").write_text("the published site", encoding="utf-8")
    real = mkdocs.build_in_process

    def fail_on_the_last(config_path, out_dir, dirty, epoch, quiet=True):
        if config_path.name == "mkdocs.zh-Hant.yml":  # the last edition's MkDocs run, in a forked copy of the build
            raise BuildError("mkdocs build --strict failed (simulated)")
        real(config_path, out_dir, dirty, epoch, quiet)

    monkeypatch.setattr(mkdocs, "build_in_process", fail_on_the_last)
    with pytest.raises(BuildError, match="simulated"):
        pipeline.build(paths, quiet=True)
    assert sorted(p.name for p in paths.site.iterdir()) == [MARKER, "index.html"]
    assert (paths.site / "index.html").read_text(encoding="utf-8") == "the published site"
    assert sorted(p.name for p in paths.site.parent.iterdir()) == ["site"]  # no staging left beside it
