"""Chinese search in a real browser: real queries, typed in both scripts into both editions.

A clause is relevant to a query when its text holds the query's phrase (in the
edition's script). Recall: relevant clauses found anywhere in the results.
Precision: of the first R clause results (R = number of relevant clauses),
the share that are relevant — the exact-phrase hits must come first.
"""

from __future__ import annotations

import re

import pytest

from build_scripts.convert import converter

pytestmark = pytest.mark.browser

QUERIES = ["瓜达尔港", "克什米尔", "阿富汗", "一个中国", "局势", "关系", "中巴经济走廊", "反恐", "气候变化", "上海合作组织",
           "联合国宪章", "核供应国集团", "洪灾", "新冠肺炎", "留学生", "谅解备忘录", "一带一路", "航天", "减贫", "热情接待",
           "金融行动特别工作组", "海上合作"]
EDITIONS = ("zh-Hans", "zh-Hant")


@pytest.fixture(scope="module")
def s2tw(tmp_path_factory):
    return converter("s2tw", tmp_path_factory.mktemp("opencc"))


def search(page, query: str) -> list[str]:
    """Type the query as a reader would and return the clause anchors of the results, in order."""
    before = page.evaluate("() => { const l = document.querySelector('.md-search-result'); return l ? l.innerHTML : ''; }")
    box = page.locator("input.md-search__input")
    box.fill("")
    box.focus()
    page.keyboard.type(query)
    page.keyboard.press("End")  # an IME ends with key events; Material reads the query on keyup
    # wait for this query's results, not the previous one's still on screen
    page.wait_for_function("before => { const l = document.querySelector('.md-search-result');"
                           " return l && l.innerHTML !== before && !/正在初始化/.test(l.textContent) &&"
                           " ([...l.querySelectorAll('.md-search-result__item a')].some(a => a.href.includes('#'))"
                           "  || /没有|沒有/.test(l.textContent)); }", arg=before, timeout=10000)
    page.wait_for_timeout(300)
    hrefs = page.eval_on_selector_all(".md-search-result__item a", "els => els.map(a => a.getAttribute('href'))")
    out = []
    for href in hrefs:
        if "#" in href and not re.fullmatch(r"s\d+", href.split("#")[1]):  # section headings are not clauses
            ref = href.split("statements/")[-1].split("?")[0].rstrip("/") + "#" + href.split("#")[1]
            if ref not in out:
                out.append(ref)
    return out


def figures(found: list[str], relevant: set[str]) -> tuple[float, float]:
    recall = len(relevant & set(found)) / len(relevant)
    top = found[:len(relevant)]
    precision = sum(1 for r in top if r in relevant) / len(top) if top else 0.0
    return recall, precision


@pytest.mark.parametrize("lang", EDITIONS)
def test_search_recall_and_precision_in_both_scripts(browser, server, clauses, s2tw, lang, record_property):
    page = browser.new_page()
    page.goto(f"{server}/{lang}/")
    results = {}
    for script in ("简", "繁"):
        scores = []
        for query in QUERIES:
            typed = query if script == "简" else s2tw(query)
            phrase = query if lang == "zh-Hans" else s2tw(query)
            relevant = {f"{r['statement']}#{r['anchor']}" for r in clauses if phrase in r["text"][lang]}
            assert relevant, query
            scores.append((query, *figures(search(page, typed), relevant)))
        recall = sum(s[1] for s in scores) / len(scores)
        precision = sum(s[2] for s in scores) / len(scores)
        results[script] = (recall, precision)
        record_property(f"{lang} {script}", f"recall {recall:.3f} precision {precision:.3f}")
        print(f"{lang} typed in {script}: mean recall {recall:.3f}, mean precision@R {precision:.3f} over {len(scores)} queries")
        misses = [s for s in scores if s[1] < 1 or s[2] < 1]
        print("  below 1:", misses)
        assert recall >= 0.95 and precision >= 0.9, misses
    page.close()


def test_search_results_point_at_clause_anchors(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/zh-Hant/")
    assert set(search(page, "瓜达尔港")) == {"2018-11-04#s2-p5", "2015-04-20#c7", "2022-11-02#c15"}
    page.locator(".md-search-result__item a[href*='#c15']").first.click()
    page.wait_for_url("**/zh-Hant/statements/2022-11-02/**#c15")
    assert page.locator("#c15 + .clause-text").inner_text().startswith("十五、雙方認為，瓜達爾港")
    page.close()
