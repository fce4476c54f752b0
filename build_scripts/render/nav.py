"""The navigation of an edition: a size that does not grow with the corpus.

Every page carries the navigation. Listing every statement and topic on every
page made each page grow with the corpus (the site's HTML grew as pages ×
statements). So statements are grouped by year — by decade, then year, once
there are more than YEARS_FLAT years — and Material's `navigation.prune`
(mkdocs.yml) renders only the group the reader is in, the others as one link
each. Topics are one entry, their index page, which lists them all.

Reader order: the statements, then the timeline, how to cite, downloads, the
data, and last the topics. Only the navigation changes: every page keeps its
URL and every clause its anchor.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import groupby

from ..model import Statement
from ..text.escape import nav_title

YEARS_FLAT = 12  # up to this many years are listed directly; beyond, decades hold the years


def _year_label(year: int, convert: Callable[[str], str]) -> str:
    return convert(f"{year}年")


def _years(statements: list[Statement], convert: Callable[[str], str]) -> list[dict]:
    """One group per year, oldest first; within a year, the statements in their corpus order."""
    ordered = sorted(statements, key=lambda s: s.date)
    # MkDocs and Material print nav titles into the HTML unescaped: the place comes from source/, so escaped.
    return [{_year_label(year, convert): [{nav_title(f"{s.slug} {s.place}"): f"statements/{s.slug}.md"} for s in group]}
            for year, group in groupby(ordered, key=lambda s: s.date.year)]


def statement_groups(statements: list[Statement], convert: Callable[[str], str]) -> list[dict]:
    """Years, or decades of years when there are more than YEARS_FLAT years."""
    years = _years(statements, convert)
    if len(years) <= YEARS_FLAT:
        return years
    by_decade = groupby(zip(sorted({s.date.year for s in statements}), years, strict=True), key=lambda y: y[0] // 10)
    return [{convert(f"{decade * 10}年代"): [group for _, group in items]} for decade, items in by_decade]


def edition_nav(statements: list[Statement], convert: Callable[[str], str]) -> list[dict]:
    """MkDocs `nav` for one edition, its labels in the edition's script."""
    return [
        {convert("首页"): "index.md"},
        {convert("联合声明"): statement_groups(statements, convert)},
        {convert("时间线"): "timeline.md"},
        {convert("如何引用"): "cite.md"},
        {convert("下载"): "downloads/index.md"},
        {convert("数据说明"): "data/index.md"},
        {convert("话题"): "topics/index.md"},
    ]


# Pages reached from links rather than the navigation: compare views (from see also) and each topic's
# timeline (from the topic index and the clauses). Gitignore patterns, as MkDocs reads them.
NOT_IN_NAV = "/compare/\n/topics/*.md\n!/topics/index.md\n"
