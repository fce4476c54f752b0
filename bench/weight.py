"""Page weight: what a reader downloads for a statement page, against a plain Material page of the same text.

Counted: the page's HTML, every stylesheet, script and icon it links, and — when the reader searches —
Material's search worker, the lunr language files it imports and the edition's search index (ours: the dialog's
stylesheet, the client and the index). Our page is the
real corpus's; the baseline is a plain MkDocs Material site (its own mkdocs.yml: theme material, language zh,
the search plugin) with one page holding the same title and clauses as Markdown paragraphs, built as Material
ships it and with `font: false`.
"""

from __future__ import annotations

import gzip
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
STATEMENT = "2022-11-02"  # the statement whose page the reader's download is measured on


class _Assets(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []  # (kind, url)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        rel = a.get("rel", "").split()
        if tag == "link" and "stylesheet" in rel:
            self.found.append(("CSS", a["href"]))
        elif tag == "link" and "icon" in rel:
            self.found.append(("icon", a["href"]))
        elif tag == "script" and a.get("src"):
            self.found.append(("JS", a["src"]))


def _worker_assets(site_root: Path, edition: Path) -> list[tuple[str, Path]]:
    """What the first search loads: our dialog's stylesheet, client and index (search/index.js), or on a stock
    Material site its worker, lunr's language support for the index's languages, and the index."""
    own = edition / "search" / "index.js"
    if own.exists():
        styles = edition / "assets" / "stylesheets" / "search.css"
        return ([("search worker", styles)] if styles.exists() else []) + [
            ("search worker", edition / "assets" / "javascripts" / "search-client.js"), ("search index", own)]
    workers = sorted((edition / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    index = edition / "search" / "search_index.json"
    langs = json.loads(index.read_text(encoding="utf-8"))["config"]["lang"]
    lunr = edition / "assets" / "javascripts" / "lunr"
    extra = []  # the worker's own rule (setupSearchLanguages): stemmer support, then one file per non-English language
    for lang in langs:
        if lang == "ja":
            extra.append(lunr / "tinyseg.js")
        if lang in ("hi", "th"):
            extra.append(lunr / "wordcut.js")
        if lang != "en":
            extra.append(lunr / "min" / f"lunr.{lang}.min.js")
    if len(langs) > 1:
        extra.append(lunr / "min" / "lunr.multi.min.js")
    if extra:
        extra.insert(0, lunr / "min" / "lunr.stemmer.support.min.js")
    return [("search worker", w) for w in workers] + [("search worker", p) for p in extra] + [("search index", index)]


def page_download(site_root: Path, page: Path, edition: Path) -> dict:
    """Bytes of a page and of everything it loads from the site, raw and gzip -9; external URLs listed apart."""
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    page_url = "/" + page.relative_to(site_root).as_posix()
    files: list[tuple[str, Path]] = [("HTML", page)]
    external = []
    for kind, url in parser.found:
        if urlsplit(url).scheme or url.startswith("//"):
            external.append(url)
            continue
        target = site_root / urlsplit(urljoin(page_url, url)).path.lstrip("/")
        if not target.is_file():
            raise SystemExit(f"{page} loads {url}, which is not in the site")
        files.append((kind, target))
    files += _worker_assets(site_root, edition)
    rows = []
    seen = set()
    for kind, path in files:
        if path in seen:
            continue
        seen.add(path)
        data = path.read_bytes()
        rows.append({"kind": kind, "file": path.relative_to(site_root).as_posix(), "bytes": len(data),
                     "gzip": len(gzip.compress(data, 9))})
    material_index = edition / "search" / "search_index.json"
    index_lang = (json.loads(material_index.read_text(encoding="utf-8"))["config"]["lang"] if material_index.exists()
                  else ["zh (the project's own index)"])
    return {"files": rows, "external": external, "index_lang": index_lang}


# Regions of a page's HTML, cut out in this order (a later one is looked for in what the earlier ones left).
# The first rows name both page shapes: before issue 14, lists and buttons under every clause and clause labels as
# headings; after it, a marker with counts per clause, one clause kit per page, labels as paragraphs.
REGIONS = (
    ("see also and topics under each clause (the lists, or a marker with their counts)", "div",
     r'<div class="clause-aids"'),
    ("see also and topics under each clause (the lists, or a marker with their counts)", "details",
     r'<details class="clause-aids"'),
    ("copy-link and copy-citation buttons (per clause, or one kit per page)", "div", r'<div class="clause-tools"'),
    ("copy-link and copy-citation buttons (per clause, or one kit per page)", "script",
     r'<script type="application/json" id="clause-kit"'),
    ("clause labels (headings with permalinks, or paragraphs linking to themselves)", "h2", r'<h2 class="clause-label"'),
    ("clause labels (headings with permalinks, or paragraphs linking to themselves)", "h3", r'<h3 class="clause-label"'),
    ("clause labels (headings with permalinks, or paragraphs linking to themselves)", "p",
     r'<p (?:[\w-]+="[^"]*" )*class="clause-label"'),  # role="heading" aria-level="…" since issue 22
    ("site navigation (left sidebar; holds a copy of the table of contents)", "div",
     r'<div class="md-sidebar md-sidebar--primary"'),
    ("table of contents (right sidebar)", "div", r'<div class="md-sidebar md-sidebar--secondary"'),
    ("header (title, edition switch, palette toggle, search box)", "header", r"<header"),
    ("footer (previous / next)", "footer", r"<footer"),
    ("inline SVG icons elsewhere", "svg", r"<svg"),
    ("inline scripts (config, theme strings)", "script", r"<script"),
)


def _cut_elements(text: str, start: str, tag: str) -> tuple[str, int]:
    """Cut every element opening with the regex `start` (same-name tags nested inside balanced): the rest, bytes cut."""
    opening, closing = re.compile(rf"<{tag}\b"), f"</{tag}>"
    out, cut, pos = [], 0, 0
    for m in re.finditer(start, text):
        if m.start() < pos:
            continue
        depth, i = 0, m.start()
        while True:
            o, c = opening.search(text, i), text.find(closing, i)
            if c < 0:
                raise ValueError(f"unclosed <{tag}>")
            if o and o.start() < c:
                depth, i = depth + 1, o.end()
            else:
                depth, i = depth - 1, c + len(closing)
                if depth == 0:
                    break
        out.append(text[pos:m.start()])
        cut += len(text[m.start():i].encode("utf-8"))
        pos = i
    out.append(text[pos:])
    return "".join(out), cut


def html_breakdown(page: Path, text_bytes: int) -> list[tuple[str, int]]:
    """Where a page's HTML bytes go: the regions above, the statement's own text, and the rest."""
    html_text = page.read_text(encoding="utf-8")
    total = len(html_text.encode("utf-8"))
    cut: dict[str, int] = {}
    for name, tag, start in REGIONS:
        html_text, n = _cut_elements(html_text, start, tag)
        cut[name] = cut.get(name, 0) + n
    rows = list(cut.items())
    rest = len(html_text.encode("utf-8"))
    rows += [("the statement's clause text", text_bytes),
             ("everything else (head, page heading, markup around the text)", rest - text_bytes)]
    assert sum(n for _, n in rows) == total
    return rows


BASELINE_YML = """\
site_name: {site_name}
theme:
  name: material
  language: zh
{font}plugins:
  - search
"""


def baseline_site(base: Path, title: str, paragraphs: list[str], font: bool, labels: list[str] | None = None) -> Path:
    """A plain MkDocs Material site: one page, the statement's title and clauses as Markdown paragraphs (under
    `## label` headings when labels are given: how a plain page of labelled clauses is written)."""
    if labels is not None:
        paragraphs = [f"## {label}\n\n{text}" for label, text in zip(labels, paragraphs, strict=True)]
    shutil.rmtree(base, ignore_errors=True)
    (base / "docs").mkdir(parents=True)
    (base / "mkdocs.yml").write_text(BASELINE_YML.format(site_name="基线", font="" if font else "  font: false\n"),
                                     encoding="utf-8")
    (base / "docs" / "index.md").write_text("# 首页\n", encoding="utf-8")
    (base / "docs" / "statement.md").write_text(f"# {title}\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1667347200")
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(base / "mkdocs.yml"),
                    "-d", str(base / "site")], env=env, check=True)
    return base / "site"


def reader_download(ours: Path, tmp: Path) -> dict:
    """Our statement page (both editions) and Material's baseline page of the same text, as shipped and without web fonts."""
    from build_scripts.read.parse import parse_corpus

    _, statements = parse_corpus(ROOT / "source")
    statement = next(s for s in statements if s.slug == STATEMENT)
    paragraphs = [c.text for c in statement.clauses]
    text = "".join(paragraphs).encode("utf-8")
    result = {"statement": STATEMENT, "title": statement.title, "clauses": len(paragraphs),
              "text_bytes": len(text), "text_gzip": len(gzip.compress(text, 9)), "pages": {}}
    for lang in ("zh-Hans", "zh-Hant"):
        page = ours / lang / "statements" / STATEMENT / "index.html"
        result["pages"][f"ours {lang}"] = page_download(ours, page, ours / lang)
    for name, font in (("Material baseline, as shipped", True), ("Material baseline, font: false", False)):
        site = baseline_site(tmp / ("baseline-font" if font else "baseline"), statement.title, paragraphs, font)
        result["pages"][name] = page_download(site, site / "statement" / "index.html", site)
        result["breakdown " + name] = html_breakdown(site / "statement" / "index.html", len(text))
    # A second view, not the target's baseline: the same plain page with each clause under its label as a heading.
    name = "Material baseline, font: false, clause labels as headings"
    site = baseline_site(tmp / "baseline-headings", statement.title, paragraphs, False, [c.label for c in statement.clauses])
    result["pages"][name] = page_download(site, site / "statement" / "index.html", site)
    result["breakdown ours zh-Hans"] = html_breakdown(ours / "zh-Hans" / "statements" / STATEMENT / "index.html", len(text))
    return result
