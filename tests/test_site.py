"""The built site: every clause at its anchor in both editions, nothing Simplified in 繁體, data, determinism."""

from __future__ import annotations

import filecmp
import json
import re
import subprocess
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree

import pytest
import yaml

from build_scripts.build import build, generate
from build_scripts.convert.converter import converter
from build_scripts.engines.mkdocs import build_in_process, edition_config, material_stylesheet
from build_scripts.errors import BuildError
from build_scripts.publish.sitemap import sitemap_files
from build_scripts.render.compare_page import is_redirect_page
from build_scripts.render.view import EXCERPT
from build_scripts.settings import resolve

from .conftest import ROOT, check_golden, tmp_paths

EDITIONS = ("zh-Hans", "zh-Hant")
ANCHOR = re.compile(r"^(c\d+|s\d+|p\d+|s\d+-p\d+)$")
VISIBLE_ATTRS = ("aria-label", "title", "placeholder", "alt", "content", "data-md-component")


class PageParser(HTMLParser):
    """Ids, visible text, hreflang alternates and <html lang> of one page."""

    def __init__(self, skip_article: bool = False):
        super().__init__()
        self.skipped = ("script", "style", "svg", "article") if skip_article else ("script", "style", "svg")
        self.ids: list[str] = []
        self.text: list[str] = []
        self.attrs_text: list[str] = []
        self.alternates: dict[str, str] = {}
        self.lang = ""
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "html":
            self.lang = a.get("lang", "")
        if "id" in a:
            self.ids.append(a["id"])
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        if tag in self.skipped:
            self._skip += 1
        self.attrs_text += [a[k] for k in ("aria-label", "title", "placeholder", "alt") if a.get(k)]
        if tag == "meta" and a.get("name") == "description":
            self.attrs_text.append(a.get("content", ""))

    def handle_endtag(self, tag):
        if tag in self.skipped:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


def parse_page(path: Path, skip_article: bool = False) -> PageParser:
    p = PageParser(skip_article)
    p.feed(path.read_text(encoding="utf-8"))
    return p


def pages(site: Path, lang: str) -> list[Path]:
    return sorted((site / lang).rglob("*.html"))


def anchor_snapshot(site: Path) -> str:
    """Every page URL and clause anchor of both editions, one per line."""
    lines = []
    for lang in EDITIONS:
        for path in sorted((site / lang).rglob("index.html")):
            url = path.parent.relative_to(site).as_posix() + "/"
            lines.append(url)
            lines += [f"{url}#{i}" for i in parse_page(path).ids if ANCHOR.match(i)]
    return "\n".join(lines) + "\n"


def test_golden_anchor_snapshot(built):
    """Published URLs never change: a diff here that removes or renames a line breaks someone's citation."""
    check_golden("anchors.txt", anchor_snapshot(built))


@pytest.mark.parametrize("lang", EDITIONS)
def test_golden_generated_markdown_of_a_statement(tmp_path, lang):
    """The Markdown MkDocs is given for one statement (sections, paragraphs, see-also, signature), per edition:
    a change to parsing, conversion, escaping or the templates shows here as a reviewable diff."""
    site = generate(tmp_paths(tmp_path))
    page = next(p for o in site.editions if o.edition.lang == lang for p in o.pages if p.path == "statements/2018-11-04.md")
    check_golden(f"markdown/{lang}/statements/2018-11-04.md", page.content)


def test_golden_compare_data(tmp_path):
    """Every pair's rows and summary as the compare view draws them (compare/data/<statement>.js), per edition:
    a change to the word diff (link/worddiff.py: its bounds, the sentence pass, the cleanup) shows here, byte for byte."""
    site = generate(tmp_paths(tmp_path))
    for o in site.editions:
        files = site.docs(o.edition.lang)
        data = sorted(k for k in files if k.startswith("compare/data/"))
        assert data
        for name in data:
            check_golden(f"compare/{o.edition.lang}/{name.removeprefix('compare/data/')}", files[name])


def test_every_clause_is_on_its_page_at_its_anchor_with_its_full_text(built, clauses):
    assert len(clauses) == 132
    parsed = {}
    for record in clauses:
        for lang in EDITIONS:
            page_dir, anchor = record["url"][lang].split("#")
            path = built / page_dir / "index.html"
            if path not in parsed:
                parsed[path] = parse_page(path)
            page = parsed[path]
            assert anchor == record["anchor"] and anchor in page.ids
            assert record["text"][lang] in "".join(page.text)
            assert record["label"][lang] in "".join(page.text)


def test_clauses_json_holds_one_clause_per_line(built, clauses):
    """A line of clauses.json is a whole clause: grep finds a clause, a diff between two builds shows the clauses
    that changed."""
    lines = (built / "data" / "clauses.json").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "[" and lines[-1] == "]"
    assert [json.loads(line.removesuffix(",")) for line in lines[1:-1]] == clauses


def test_clauses_json_schema(clauses):
    for r in clauses:
        assert set(r) >= {"statement", "anchor", "label", "text", "url", "see_also"}
        for key in ("label", "text", "url"):
            assert set(r[key]) == set(EDITIONS)
        assert r["url"]["zh-Hant"] == f"zh-Hant/statements/{r['statement']}/#{r['anchor']}"
        for target in r["see_also"]:
            assert set(target) == {"statement", "anchor", "similarity", "topics", "compare"}
            assert target["statement"] != r["statement"]
            back = next(x for x in clauses if (x["statement"], x["anchor"]) == (target["statement"], target["anchor"]))
            assert any((t["statement"], t["anchor"]) == (r["statement"], r["anchor"]) for t in back["see_also"])
    first = clauses[0]
    assert (first["statement"], first["anchor"], first["label"]) == (
        "2015-04-20", "c1", {"zh-Hans": "第一条", "zh-Hant": "第一條"})


def test_html_lang_and_no_alternate_link_material_would_fetch_a_sitemap_beside(built):
    """<link rel="alternate"> makes Material fetch sitemap.xml beside it (a 404 per edition and page): none in any page."""
    for lang in EDITIONS:
        for path in pages(built, lang):
            page = parse_page(path)
            assert page.lang == lang, path
            assert page.alternates == {}, path


def test_the_published_sitemap_gives_every_page_its_counterparts_in_every_edition(built, tmp_path):
    """The Site's pages (Site.pages) are the built site's, redirects left out."""
    site = generate(tmp_paths(tmp_path))
    files = sitemap_files(site, "https://example.org/repo/")
    assert sitemap_files(site, None) == {}  # no published address, no absolute URLs: no sitemap
    root = ElementTree.fromstring(files["sitemap.xml"])
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    listed = {}
    for url in root.findall("s:url", ns):
        listed[url.findtext("s:loc", namespaces=ns)] = {a.get("hreflang"): a.get("href") for a in url.findall("x:link", ns)}
    for lang in EDITIONS:
        for path in pages(built, lang):
            if path.name != "index.html" or is_redirect_page(path.read_text(encoding="utf-8")):
                continue  # a published compare URL kept as a redirect (render/compare_page.py) is no page to index
            rel = path.parent.relative_to(built / lang).as_posix()
            loc = f"https://example.org/repo/{lang}/" + ("" if rel == "." else rel + "/")
            assert set(listed[loc]) == set(EDITIONS), loc
            for other, href in listed[loc].items():
                target = built / href.removeprefix("https://example.org/repo/") / "index.html"
                assert target.exists() and (target.parent.relative_to(built / other).as_posix() == rel), (loc, other)
    assert len(listed) == sum(1 for lang in EDITIONS for p in pages(built, lang)
                              if p.name == "index.html" and not is_redirect_page(p.read_text(encoding="utf-8")))


def test_what_the_templates_and_theme_add_to_the_traditional_edition_is_traditional(built, tmp_path):
    """Labels, headings, navigation, prose and Material's strings: with the statements' own text taken
    out, converting a 繁體 page again must change nothing. (Statement text itself is converted once from
    the source and audited separately: re-converting it would wrongly flag 里 in 謝里夫.)"""
    s2tw = converter("s2tw", tmp_path)
    site = generate(tmp_paths(tmp_path))
    hant = next(o for o in site.editions if o.edition.lang == "zh-Hant")
    source_text = sorted({t for s in hant.statements for t in
                          [s.title, s.place, s.lead, s.source_note, *s.signature.split(), *(b.text for b in s.blocks),
                           s.visiting, s.receiving, s.headline,
                           *(c.body[:EXCERPT] for c in s.clauses)] if t},
                         key=len, reverse=True)
    # the data page's examples are data/clauses.json's first record as written, every edition's values in it
    first = json.loads((built / "data" / "clauses.json").read_text(encoding="utf-8"))[0]
    shown = [first["label"], first["url"], first["source"], first["see_also"][0] if first["see_also"] else []]
    source_text = [json.dumps(value, ensure_ascii=False) for value in shown] + source_text
    leftovers = set()
    for path in pages(built, "zh-Hant"):
        page = parse_page(path, skip_article="/compare/" in path.as_posix())  # compare text: clause fragments
        for chunk in page.text + page.attrs_text:
            for t in source_text:
                chunk = chunk.replace(t, " ")
            if s2tw(chunk) != chunk:
                leftovers.add((path.parent.name, chunk.strip()[:40], s2tw(chunk).strip()[:40]))
    assert not leftovers


def test_the_simplified_edition_is_the_source_text(built, clauses):
    text = "".join(parse_page(built / "zh-Hans" / "statements" / "2022-11-02" / "index.html").text)
    assert "巴方坚定奉行一个中国政策" in text


def test_no_external_fonts_or_scripts(built):
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))
    assert config["theme"]["font"] is False
    for path in built.rglob("*.html"):  # nothing loaded from another host (a 来源 link a reader follows is no load)
        html = path.read_text(encoding="utf-8")
        assert not re.search(r'\bsrc="(https?:)?//|<link\b[^>]*\bhref="(https?:)?//', html), path


@pytest.mark.slow
def test_the_edition_config_fails_the_build_on_a_broken_link_or_anchor(tmp_path):
    """mkdocs --strict with link and anchor validation, through the edition config the adapter gives the build."""
    paths = tmp_paths(tmp_path)
    site = generate(paths)
    config = edition_config(resolve(paths), site.editions[0])
    config.pop("nav")  # a two-page site: the generated navigation lists pages it does not have
    config.update(docs_dir=str(tmp_path / "docs"), site_dir=str(tmp_path / "site"))
    paths.work.mkdir(parents=True, exist_ok=True)
    (paths.work / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "other.md").write_text("# 其他\n\n## 第一条 {#c1}\n\n正文\n", encoding="utf-8")

    def build_with(link: str) -> None:
        (tmp_path / "docs" / "index.md").write_text(f"# 首页\n\n{link}\n", encoding="utf-8")
        build_in_process(paths.work / "mkdocs.yml", tmp_path / "site", False, "0")

    build_with("[x](other.md#c1)")  # the same pages with a sound link build
    for link, reported in [("[x](other.md#c9)", "does not contain an anchor '#c9'"),
                           ("[x](#nowhere)", "link '#nowhere', but there is no such anchor"),
                           ("[x](missing.md)", "'missing.md'")]:
        with pytest.raises(BuildError, match=re.escape(reported)):
            build_with(link)


def test_root_page_offers_both_editions(built):
    html = (built / "index.html").read_text(encoding="utf-8")
    assert 'href="zh-Hans/"' in html and 'href="zh-Hant/"' in html


@pytest.mark.slow
def test_build_is_deterministic(built, tmp_path):
    again = tmp_paths(tmp_path)
    build(again, quiet=True)
    diff = filecmp.dircmp(built, again.site)
    mismatches = []

    def walk(d: filecmp.dircmp, prefix: str = "") -> None:
        _, mismatch, errors = filecmp.cmpfiles(d.left, d.right, d.common_files, shallow=False)
        mismatches.extend(prefix + m for m in mismatch + errors + d.left_only + d.right_only)
        for name, sub in d.subdirs.items():
            walk(sub, f"{prefix}{name}/")

    walk(diff)
    assert mismatches == []


def test_generated_output_is_ignored_by_git():
    if not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    generated = ["site/index.html", "site/zh-Hant/statements/2015-04-20/index.html", ".site.build-123-abc/x", ".venv/x",
                 "tests/artifacts/statement-zh-Hans.png"]
    result = subprocess.run(["git", "check-ignore", *generated], cwd=ROOT, capture_output=True, text=True)
    assert sorted(result.stdout.split()) == sorted(generated)
    tracked = subprocess.run(["git", "ls-files", "site"], cwd=ROOT, capture_output=True, text=True)
    assert tracked.stdout == ""


def test_material_search_engine_is_not_published(built):
    """Material copies lunr and its search worker into every site; ours searches with its own client."""
    for lang in ("zh-Hans", "zh-Hant"):
        scripts = built / lang / "assets" / "javascripts"
        assert (scripts / "search-client.js").exists()
        assert not (scripts / "lunr").exists() and not (scripts / "workers").exists()


def test_no_source_map_is_published(built):
    """Material's source maps (a third of the offline zip) serve whoever debugs its minified code, not a reader:
    neither the site nor the zip holds one. The bundle's last line still names its map, which no page requests
    (tests/test_requests.py fails on any failed request)."""
    assert sorted(built.rglob("*.map")) == []
    with zipfile.ZipFile(built / "downloads" / "offline-site.zip") as z:
        assert [n for n in z.namelist() if n.endswith(".map")] == []


def test_every_page_loads_material_s_main_stylesheet_and_not_its_palette_stylesheet(built):
    """overrides/main.html replaces Material's styles block (no text filtering of its output): the main stylesheet
    the installed theme ships, found by the engine adapter, and site.css; never palette.*.css (the site's one custom
    palette is in site.css)."""
    pages = sorted(built.glob("zh-Han*/**/*.html"))
    assert len(pages) > 40
    for page in pages:
        html = page.read_text(encoding="utf-8")
        if is_redirect_page(html):
            continue  # an old address's redirect
        links = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
        assert [h.rsplit("/", 1)[-1] for h in links if "/stylesheets/" in h][:2] == [
            material_stylesheet().rsplit("/", 1)[-1], "site.css"], page
        assert "palette." not in html.split("</head>")[0], page
        assert (page.parent / links[0]).resolve().is_file(), page


class _LangParts(HTMLParser):
    """The text of every element whose lang attribute says zh-Hans or zh-Hant (the page's root left out)."""

    VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str | None] = []
        self.parts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        self.stack.append(lang if tag != "html" and lang in ("zh-Hans", "zh-Hant") else None)
        if self.stack[-1]:
            self.parts.append((self.stack[-1], ""))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        marked = next((lang for lang in reversed(self.stack) if lang), None)
        if marked and self.parts:
            lang, text = self.parts[-1]
            self.parts[-1] = (lang, text + data)


def test_a_part_marked_as_one_script_is_written_in_it(built):
    """An element's lang says which script its text is in (a screen reader picks its voice by it, a search engine
    its index): the 繁體 edition's switch named the other edition 簡體, in its own script, yet marked it zh-Hans."""
    from build_scripts.text.script import to_simplified, to_traditional, traditional_only

    def simplified_only(text: str) -> list[str]:
        return sorted({ch for ch in text if to_traditional(ch) != ch and to_simplified(ch) == ch})

    wrong = set()
    for lang in EDITIONS:
        for path in sorted((built / lang).rglob("*.html")):
            parser = _LangParts()
            parser.feed(path.read_text(encoding="utf-8"))
            for marked, text in parser.parts:
                stray = traditional_only(text) if marked == "zh-Hans" else simplified_only(text)
                if stray:
                    wrong.add((path.relative_to(built).as_posix().split("/")[0], marked, text.strip()[:20], "".join(stray)))
    assert not wrong, sorted(wrong)[:10]
