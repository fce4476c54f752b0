"""The navigation: reader order, statements grouped by year, and a page's share of it bounded as the corpus grows."""

from __future__ import annotations

import datetime as dt
import re
from types import SimpleNamespace

from build_scripts.render.nav import YEARS_FLAT, edition_nav

ORDER = ["首页", "联合声明", "时间线", "如何引用", "下载", "数据说明", "话题"]


def _statements(n: int, years: int) -> list[SimpleNamespace]:
    start = dt.date(2022, 12, 1)
    return [SimpleNamespace(slug=(start - dt.timedelta(days=k * 365 * years // n)).isoformat() + f"-{k}", place="北京",
                            date=start - dt.timedelta(days=k * 365 * years // n)) for k in range(n)]


def _visible(items: list, slug: str) -> int:
    """Entries Material renders on the page of `slug` with navigation.prune: a group shows its children only
    when it is a top-level section or holds the page; any other group is one link."""
    def holds(item) -> bool:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        return value == f"statements/{slug}.md" if isinstance(value, str) else any(holds(v) for v in value)

    def count(entries: list, top: bool) -> int:
        n = 0
        for item in entries:
            value = next(iter(item.values()))
            n += 1
            if isinstance(value, list) and (top or holds(item)):
                n += count(value, False)
        return n
    return count(items, True)


def test_reader_order_and_topics_as_one_entry():
    nav = edition_nav(_statements(4, 8), str)
    assert [next(iter(item)) for item in nav] == ORDER
    assert nav[-1] == {"话题": "topics/index.md"}


def test_statements_are_grouped_by_year_oldest_first():
    statements = _statements(4, 8)
    years = edition_nav(statements, str)[1]["联合声明"]
    labels = [next(iter(group)) for group in years]
    assert labels == sorted(labels) and all(re.fullmatch(r"\d{4}年", label) for label in labels)
    assert sum(len(next(iter(group.values()))) for group in years) == 4


def test_many_years_are_held_by_decades():
    groups = edition_nav(_statements(400, 40), str)[1]["联合声明"]
    assert len(groups) <= 5 and all(re.fullmatch(r"\d{3}0年代", next(iter(g))) for g in groups)
    assert YEARS_FLAT < 40


def test_a_page_shows_a_bounded_part_of_the_navigation():
    """A hundred times the statements: the entries on one statement's page grow with that year's statements only."""
    small, big = _statements(4, 8), _statements(400, 8)
    one = max(_visible(edition_nav(small, str), s.slug) for s in small)
    hundred = max(_visible(edition_nav(big, str), s.slug) for s in big)
    per_year = max(sum(1 for s in big if s.date.year == y) for y in {s.date.year for s in big})
    assert hundred <= one + per_year + YEARS_FLAT
    assert hundred < len(big) / 4


def test_built_statement_page_lists_its_year_and_no_topic_pages(built):
    html = (built / "zh-Hans" / "statements" / "2022-11-02" / "index.html").read_text(encoding="utf-8")
    nav = html[html.index("md-nav--primary"):html.index("md-sidebar--secondary")]
    assert "md-nav__item--pruned" in nav  # the other years are one link each
    assert 'href="../2020-03-17/"' in nav and "2020年" in nav
    assert "topics/kashmir" not in nav and 'href="../../topics/"' in nav
    labels = re.findall(r'<span class="md-ellipsis">\s*([^<]+?)\s*</span>', nav)
    top = [label for label in labels if label in ORDER]
    assert top == ORDER
    hant = (built / "zh-Hant" / "statements" / "2022-11-02" / "index.html").read_text(encoding="utf-8")
    assert "聯合聲明" in hant and "話題" in hant
