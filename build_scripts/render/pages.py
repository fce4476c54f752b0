"""Statements → Markdown pages of one edition, from the Jinja2 templates beside this file.

Templates are written in Simplified Chinese; for another edition the loader
converts the template text itself, so every word a reader sees — labels,
headings, prose — is in the edition's script. Source text is escaped on the way
in (text/escape.py, through the `md` and `yaml_string` filters) so nothing in a statement can become markup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ..model import Clause, Convert, Heading, Ref, Statement, compare_slug
from ..text import escape
from ..text.numerals import cn_date
from . import cite, compare_page, related
from .view import EditionView, compare_url

TEMPLATES = Path(__file__).parent / "templates"


class _ConvertingLoader(jinja2.FileSystemLoader):
    def __init__(self, convert: Convert, words: Convert):
        super().__init__(str(TEMPLATES))
        self.convert = convert
        self.words = words  # the edition's interface vocabulary (ui_words): template text only, never statement text

    def get_source(self, environment: jinja2.Environment, template: str):  # type: ignore[override]
        source, filename, uptodate = super().get_source(environment, template)
        return self.words(self.convert(source)), filename, uptodate


def environment(convert: Convert, editions: Sequence[tuple[str, str]] = (), this_edition: str = "",
                words: Convert = lambda text: text) -> jinja2.Environment:
    """Templates read in `convert`'s script, interface words in the edition's usage (`words`, convert/ui_words.py);
    `editions` (lang, name) as mkdocs.yml lists them, for the pages naming every edition (downloads, cite, data);
    `this_edition` the lang of the one being rendered."""
    env = jinja2.Environment(
        loader=_ConvertingLoader(convert, words),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        # Markdown templates escape explicitly through `md`; the standalone HTML downloads autoescape.
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False, default=False),
    )
    env.filters["md"] = escape.markdown
    env.filters["yaml_string"] = escape.yaml_string
    env.filters["script_json"] = escape.script_json
    env.filters["data_json"] = escape.data_json
    env.filters["yaml_json"] = escape.yaml_json
    env.tests["heading"] = lambda b: isinstance(b, Heading)
    env.globals["cn_date"] = cn_date
    env.globals.update(editions=[{"lang": lang, "name": convert(name)} for lang, name in editions], this_edition=this_edition)
    return env


@dataclass(frozen=True)
class Page:
    path: str  # relative to the edition's docs_dir, e.g. statements/2015-04-20.md
    content: str


COMPARE_FALLBACK_MAX = 200  # pairs: up to this many, compare/ holds each pair's texts for readers without JavaScript
CLAUSE_INDEX_MIN = 10  # clauses: from this many a statement page has an in-page index of its clauses


def clause_index(s: Statement) -> list[dict]:
    """A long statement's in-page index (the right-hand column, overrides/partials/toc.html): its clauses in order,
    those of a section under the section's heading, each {"id": anchor, "title": label or heading, "items": […]}.
    Empty for a statement of fewer than CLAUSE_INDEX_MIN clauses. Titles are text: the template escapes them."""
    if len(s.clauses) < CLAUSE_INDEX_MIN:
        return []
    out: list[dict] = []
    section: list[dict] | None = None
    for b in s.blocks:
        if isinstance(b, Heading):
            section = []
            out.append({"id": b.anchor, "title": b.text, "items": section})
        else:
            (out if section is None else section).append({"id": b.anchor, "title": b.label, "items": []})
    return out


def signature_rows(signature: str, parties: tuple[str, ...]) -> list[str]:
    """A signature table flattened into one line, put back as one signer per row.

    `中华人民共和国 巴基斯坦伊斯兰共和国政府代表　　政府代表` is two columns
    (party over title); shown as `中华人民共和国政府代表` and so on. Anything else is
    shown as its whitespace-separated parts.
    """
    if "\n" in signature or "\r" in signature:
        return _signature_columns(signature)
    found = sorted((signature.find(p), p) for p in parties if p in signature)
    names = [p for _, p in found]
    rest = signature
    for name in names:
        rest = rest.replace(name, " ", 1)
    titles = re.findall(r"\S*代表", rest)
    if names and len(titles) == len(names) and not re.sub(r"\S*代表|\s", "", rest):
        return [name + title for name, title in zip(names, titles, strict=True)]
    return signature.split()


def _signature_columns(signature: str) -> list[str]:
    """A signature block printed over lines, its signers side by side: one row per column, the column's lines as
    printed, one under the other. Columns are split where every line is blank at the same place on a monospaced
    page (full-width characters two cells wide), so spaced-out names (黄　国　栋) stay whole."""
    lines = [line for line in re.split(r"\r\n|\r|\n", signature) if line.strip()]
    cells = [_cells(line) for line in lines]
    width = max(len(c) for c in cells)
    blank = [all(k >= len(c) or c[k] == " " for c in cells) for k in range(width)]
    gutter = _widest_gap(blank)
    if gutter is None:
        return [line.strip() for line in lines]
    left, right = [], []
    for line in lines:
        at = _char_at(line, gutter)
        left.append(line[:at].strip())
        right.append(line[at:].strip())
    return ["\n".join(part for part in column if part) for column in (left, right) if any(column)]


GUTTER = 4  # display cells of blank a signature's columns stand apart by, at least


def _cells(line: str) -> str:
    """The line as a monospaced page shows it: a wide character two cells, whitespace blank."""
    return "".join((" " if ch.isspace() else "x") * (2 if unicodedata.east_asian_width(ch) in "WF" else 1) for ch in line)


def _widest_gap(blank: list[bool]) -> int | None:
    """The middle of the widest inner run of blank cells, if it is wide enough to part columns."""
    best, run_start = None, None
    for k, is_blank in enumerate([*blank, False]):
        if is_blank and run_start is None:
            run_start = k
        elif not is_blank and run_start is not None:
            if run_start > 0 and k < len(blank) and k - run_start >= GUTTER and (best is None or k - run_start > best[1]):
                best = ((run_start + k) // 2, k - run_start)
            run_start = None
    return best[0] if best else None


def _char_at(line: str, cell: int) -> int:
    """The index in `line` of the character at display cell `cell`."""
    width = 0
    for i, ch in enumerate(line):
        if width >= cell:
            return i
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return len(line)


def pages(ed: EditionView, env: jinja2.Environment) -> list[Page]:
    common = {"ed": ed, "Ref": Ref, "compare_url": compare_url, "statements": ed.statements,
              "site_name": ed.site_name, "site_description": ed.site_description}
    examples = _cite_examples(ed.statements)
    out = [
        Page("index.md", env.get_template("home.md.j2").render(**common)),
        Page("cite.md", env.get_template("cite.md.j2").render(examples=examples, example=examples[0],
                                                              citations=_shown_citations(ed, *examples[0]), **common)),
        Page("topics/index.md", env.get_template("topics.md.j2").render(**common)),
        Page("timeline.md", env.get_template("timeline.md.j2").render(**common)),
    ]
    for s in ed.statements:
        content = env.get_template("statement.md.j2").render(s=s, signature=signature_rows(s.signature, ed.parties),
                                                             kit=related.kit, clause_index=clause_index, **common)
        out.append(Page(f"statements/{s.slug}.md", content))
        data = related.data_file(ed, s)
        if data:
            out.append(Page(related.data_path(s.slug), data))
        out += [Page(path, text) for path, text in cite.export_files(ed.citation(s).item, s.slug).items()]
    for topic in ed.topics:
        out.append(Page(f"topics/{topic.slug}.md", env.get_template("topic.md.j2").render(topic=topic, **common)))
    out += compare_pages(ed, env, common)
    return out


def compare_pages(ed: EditionView, env: jinja2.Environment, common: dict) -> list[Page]:
    """The one compare view (with every pair's texts for a reader without JavaScript), its data scripts, and a
    redirect page at each published compare/<slug>/ that shows its pair without JavaScript too."""
    comparisons = ed.comparisons()
    # Without JavaScript the view shows the pair its address names from a block per pair: bounded, so that the page
    # every reader downloads does not grow with the corpus (past the bound a published URL still shows its own pair)
    shown = comparisons if len(comparisons) <= COMPARE_FALLBACK_MAX else []
    out = [Page("compare/index.md", env.get_template("compare.md.j2").render(comparisons=shown, **common))]
    out += [Page(path, text) for path, text in compare_page.data_scripts(comparisons).items()]
    title, pair = ed.convert("逐字对照"), env.get_template("compare_pair.md.j2").module.pair  # type: ignore[attr-defined]
    by_slug = {c.slug: c for c in comparisons}
    for earlier, later in ed.published:
        slug = compare_slug(earlier, later)
        out.append(Page(f"compare/{slug}/index.html",
                        compare_page.redirect_page(slug, ed.lang, title, title, str(pair(by_slug[slug], "../../")))))
    return out


def download_pages(ed: EditionView, env: jinja2.Environment, lang: str, sizes: dict[str, str], zip_name: str,
                   zip_size: str, example: dict, zip_link: str, folder: str) -> list[Page]:
    """The downloads page (every file with its size) and the data schema page. zip_link and zip_size are slots the
    build fills once the zip exists (build.finish online, offline.file_html inside the zip)."""
    common = {"ed": ed, "statements": ed.statements}
    return [
        Page("downloads/index.md", env.get_template("downloads.md.j2").render(
            sizes=sizes, zip_name=zip_name, zip_size=zip_size or "本文件", zip_link=zip_link, folder=folder, **common)),
        Page("data/index.md", env.get_template("data.md.j2").render(example=example, lang=lang, **common)),
    ]


def _shown_citations(ed: EditionView, s: Statement, c: Clause) -> list[tuple[str, str, str]]:
    """(key, label, text) of a clause's citation in each style as the copy button gives it, for the how-to-cite page:
    its published address (or its path from the site's root when the build knows none), the access date named."""
    address = cite.page_url(ed.base_url, ed.lang, s.slug, c.anchor)
    out = []
    for key, (_, label) in cite.STYLES.items():
        text = ed.citation(s).clauses[c.anchor][key].replace(cite.URL_SLOT, address)
        for form in cite.ACCESSED_FORMS:
            text = text.replace(form, ed.convert("引用日期"))
        out.append((key, label, text))
    return out


def _cite_examples(statements: list[Statement]) -> list[tuple[Statement, Clause]]:
    """One real clause per anchor form (c7, s3-p2, p5), for the how-to-cite page."""
    seen: dict[str, tuple[Statement, Clause]] = {}
    for s in statements:
        for c in s.clauses:
            form = re.sub(r"\d+", "N", c.anchor)
            seen.setdefault(form, (s, c))
    return [seen[k] for k in sorted(seen)]
