"""Statements → Markdown pages of one edition, from the Jinja2 templates beside this file.

Templates are written in Simplified Chinese; for another edition the loader
converts the template text itself, so every word a reader sees — labels,
headings, prose — is in the edition's script. Source text is escaped on the way
in (see `md`) so nothing in a statement can become markup.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from pathlib import Path

import jinja2

from .convert import Convert
from .model import Clause, Heading, Statement

TEMPLATES = Path(__file__).parent / "templates"
_PUNCT = set(string.punctuation)


def md(text: str) -> str:
    """Escape source text for Markdown and HTML alike: every ASCII punctuation mark as an entity.

    Entities are literal in both languages, so `*`, `[x](…)`, `<script>`, `{#id}`,
    `{{ }}` and `|` show as themselves and add no element, attribute or link.
    """
    return "".join(f"&#{ord(ch)};" if ch in _PUNCT else ch for ch in text)


class _ConvertingLoader(jinja2.FileSystemLoader):
    def __init__(self, convert: Convert):
        super().__init__(str(TEMPLATES))
        self.convert = convert

    def get_source(self, environment: jinja2.Environment, template: str):  # type: ignore[override]
        source, filename, uptodate = super().get_source(environment, template)
        return self.convert(source), filename, uptodate


def environment(convert: Convert) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=_ConvertingLoader(convert),
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,  # Markdown, not HTML: escaping is explicit through `md`
    )
    env.filters["md"] = md
    env.tests["heading"] = lambda b: isinstance(b, Heading)
    env.globals["cn_date"] = lambda d: f"{d.year}年{d.month}月{d.day}日"
    return env


@dataclass(frozen=True)
class Page:
    path: str  # relative to the edition's docs_dir, e.g. statements/2015-04-20.md
    content: str


def signature_rows(signature: str, parties: tuple[str, ...]) -> list[str]:
    """A signature table flattened into one line, put back as one signer per row.

    `中华人民共和国 巴基斯坦伊斯兰共和国政府代表　　政府代表` is two columns
    (party over title); shown as `中华人民共和国政府代表` and so on. Anything else is
    shown as its whitespace-separated parts.
    """
    found = sorted((signature.find(p), p) for p in parties if p in signature)
    names = [p for _, p in found]
    rest = signature
    for name in names:
        rest = rest.replace(name, " ", 1)
    titles = re.findall(r"\S*代表", rest)
    if names and len(titles) == len(names) and not re.sub(r"\S*代表|\s", "", rest):
        return [name + title for name, title in zip(names, titles, strict=True)]
    return signature.split()


def statement_pages(statements: list[Statement], parties: tuple[str, ...], site_name: str,
                    site_description: str, env: jinja2.Environment) -> list[Page]:
    common = {"statements": statements, "site_name": site_name, "site_description": site_description}
    pages = [
        Page("index.md", env.get_template("home.md.j2").render(**common)),
        Page("cite.md", env.get_template("cite.md.j2").render(examples=_cite_examples(statements), **common)),
    ]
    for s in statements:
        content = env.get_template("statement.md.j2").render(
            s=s, signature=signature_rows(s.signature, parties), **common)
        pages.append(Page(f"statements/{s.slug}.md", content))
    return pages


def _cite_examples(statements: list[Statement]) -> list[tuple[Statement, Clause]]:
    """One real clause per anchor form (c7, s3-p2, p5), for the how-to-cite page."""
    seen: dict[str, tuple[Statement, Clause]] = {}
    for s in statements:
        for c in s.clauses:
            form = re.sub(r"\d+", "N", c.anchor)
            seen.setdefault(form, (s, c))
    return [seen[k] for k in sorted(seen)]
