"""Search the project owns: the index the generator writes, the aliases, and the client in a real browser.

The acceptance set is tests/search_queries.json: what a reader types, and what
a clause must hold to be relevant (judged by hand, aliases included). Recall:
relevant clauses found anywhere in the results. Precision: of the first R
results (R = number of relevant clauses), the share that are relevant.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
import tomllib
import unicodedata
from pathlib import Path

import jieba.posseg
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.build import generate, render
from build_scripts.convert.converter import convert_statement, converter
from build_scripts.errors import SourceErrors
from build_scripts.read.files import optional_text
from build_scripts.read.source import ALIASES, NAMES, NOT_NAMES, SYNONYMS, read_inputs
from build_scripts.search import sounds
from build_scripts.search.aliases import load_aliases, parse_aliases
from build_scripts.search.client import query_map, search_files
from build_scripts.search.index import (
    HAN_RUN,
    INDEX_FILE,
    build_indexes,
    consistent_cuts,
    jieba_cuts,
    protected_phrases,
    read_index_script,
    source_docs,
    words_of,
)
from build_scripts.search.names import load_names
from build_scripts.search.synonyms import load_synonyms
from build_scripts.text import segment
from build_scripts.text.script import stock

from .conftest import ROOT, tmp_paths

QUERY_SET = json.loads((Path(__file__).parent / "search_queries.json").read_text(encoding="utf-8"))["queries"]
EDITIONS = ("zh-Hans", "zh-Hant")
ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
RESULTS = ".site-search__results > li:not(.site-search__related) > .site-search__result"  # not the related block
RESULT_LINKS = ".site-search__results > li:not(.site-search__related) a"


@pytest.fixture(scope="module")
def s2tw(tmp_path_factory):
    return converter("s2tw", tmp_path_factory.mktemp("opencc"))


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    """The real corpus parsed and converted in memory: {lang: statements}, {lang: convert}."""
    editions = render(tmp_paths(tmp_path_factory.mktemp("search"))).editions
    return {o.edition.lang: o.statements for o in editions}, {o.edition.lang: o.convert for o in editions}


# --- the index ---------------------------------------------------------------------------------------------

def test_the_index_holds_every_clause_with_statement_date_label_and_text(built, clauses):
    for lang in EDITIONS:
        index = read_index_script((built / lang / INDEX_FILE).read_text(encoding="utf-8"))
        statements = index["statements"]
        got = [(statements[d[0]][0], d[1], d[2], d[3]) for d in index["docs"]]
        want = [(c["statement"], c["anchor"], c["label"][lang], ZERO_WIDTH.sub("", c["text"][lang])) for c in clauses]
        assert got == want  # clauses and paragraphs only, in order: no heading, no navigation page
        assert ["2015-04-20", "2015年4月20日"] == statements[0][:2]
        assert not ZERO_WIDTH.search(json.dumps(index, ensure_ascii=False))


def test_mkdocs_runs_without_a_search_plugin_and_pages_load_no_index(built):
    assert yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8").replace("!!python", "#"))["plugins"] == []
    for config in (built.parent / "work").rglob("mkdocs.*.yml"):  # the generated per-edition configs
        assert "search" not in json.dumps(yaml.safe_load(config.read_text(encoding="utf-8")).get("plugins", []))
    for lang in EDITIONS:
        assert not (built / lang / "search" / "search_index.json").exists()
        for page in ("index.html", "statements/2022-11-02/index.html"):
            html = (built / lang / page).read_text(encoding="utf-8")
            assert 'data-md-component="search"' not in html  # Material's search would start its worker
            assert not re.search(r'<script[^>]*src="[^"]*(search/index|search-client)\.js"', html)
            assert re.search(r'<script[^>]*src="[^"]*search-script\.js"', html)


def test_every_edition_takes_the_source_cuts_character_for_character(generated):
    editions, converts = generated
    aliases = load_aliases(table(ALIASES))
    maps = {lang: {} for lang in editions}
    source, traditional = build_indexes(editions, aliases, converts, maps)
    assert len(source.docs) == len(traditional.docs) > 100
    for a, b in zip(source.docs, traditional.docs, strict=True):
        assert len(a.text) == len(b.text) and a.cuts == b.cuts, a.anchor
    assert "中巴關係" not in traditional.words and "關係" in traditional.words  # jieba alone cuts 中巴關/係


def test_a_third_edition_gets_its_own_index_with_the_source_cuts(generated, tmp_path):
    editions, converts = generated
    hk = converter("s2hk", tmp_path)
    editions = {**editions, "zh-HK": [convert_statement(s, hk) for s in editions["zh-Hans"]]}
    converts = {**converts, "zh-HK": hk}
    files = search_files(editions, converts, load_aliases(table(ALIASES)))
    assert sorted(files) == ["zh-HK/search/index.js", "zh-Hans/search/index.js", "zh-Hant/search/index.js"]
    indexes = build_indexes(editions, load_aliases(table(ALIASES)), converts, {lang: {} for lang in editions})
    assert [d.cuts for d in indexes[2].docs] == [d.cuts for d in indexes[0].docs]
    hk_index = read_index_script(files["zh-HK/search/index.js"])
    assert hk_index["map"]["达"] == "達" and ["南盟", "南亞區域合作聯盟"] in hk_index["aliases"]


def _cut_of(phrase: str, text: str, cuts: tuple[int, ...]) -> set[tuple[int, ...]]:
    """How each occurrence of phrase in text is cut: the boundaries inside it, relative to its start."""
    out = set()
    edges = {0, *cuts, len(text)}
    for m in re.finditer(re.escape(phrase), text):
        a, b = m.span()
        out.add((a in edges, b in edges, *sorted(c - a for c in edges if a < c < b)))
    return out


@pytest.mark.parametrize("phrase", ["核供应国集团", "南亚区域合作联盟", "中巴经济走廊", "打击恐怖主义", "自贸协定"])
def test_the_same_phrase_is_cut_the_same_way_everywhere(generated, phrase):
    editions, _ = generated
    docs = source_docs(editions["zh-Hans"], load_aliases(table(ALIASES)))
    cuts = set().union(*(_cut_of(phrase, text, c) for text, c in docs if phrase in text))
    assert len(cuts) == 1, cuts
    assert next(iter(cuts))[:2] == (True, True)  # the phrase starts and ends on a word boundary


def test_every_word_of_three_characters_or_more_is_cut_one_way(generated):
    """...wherever no other such word overlaps it: 伊斯兰 inside 伊斯兰堡 is part of another word."""
    editions, _ = generated
    aliases = load_aliases(table(ALIASES))
    docs = source_docs(editions["zh-Hans"], aliases)
    protected = protected_phrases([t for t, _ in docs], aliases)
    words = {w for text, c in docs for w in words_of(text, c) if len(w) >= 3 and HAN_RUN.fullmatch(w)}
    cut_as: dict[str, set] = {}
    for text, c in docs:
        spans = [m.span() for p in protected if p in text for m in re.finditer(re.escape(p), text)]
        edges = {0, *c, len(text)}
        for w in words:
            for m in re.finditer(re.escape(w), text):
                a, b = m.span()
                if not any((x, y) != (a, b) and x < b and a < y for x, y in spans):
                    inner = tuple(sorted(e - a for e in edges if a < e < b))
                    cut_as.setdefault(w, set()).add((a in edges, b in edges, *inner))
    assert len(words) > 100 and len(cut_as) > 100
    assert {w: cuts for w, cuts in cut_as.items() if len(cuts) > 1} == {}


def test_jieba_alone_cuts_a_phrase_by_its_context(generated):
    """Why consistent_cuts exists: on the corpus, jieba's cut alone splits 核供应国集团 two ways."""
    editions, _ = generated
    texts = [c.text for s in editions["zh-Hans"] for c in s.clauses if "核供应国集团" in c.text]
    alone = set().union(*(_cut_of("核供应国集团", t, tuple(sorted(c for c in jieba_cuts(t) if 0 < c < len(t))))
                          for t in texts))
    assert len(texts) == 2 and len(alone) == 2


PHRASES = ("核供应国集团", "中巴经济走廊", "共产党", "党中央", "南亚区域合作联盟")


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from([*PHRASES, "的", "同", "，", "保持接触", "a1", "　"]), max_size=12))
def test_a_protected_phrase_standing_alone_is_cut_as_it_is_cut_alone(pieces):
    text = "".join(pieces)
    cuts = consistent_cuts(text, tuple(sorted(PHRASES, key=lambda w: (-len(w), w))))
    assert "".join(words_of(text, cuts)) == text and all(0 < c < len(text) for c in cuts)
    spans = [m.span() for p in PHRASES for m in re.finditer(re.escape(p), text)]
    edges = {0, *cuts, len(text)}
    for a, b in spans:
        if not any((x, y) != (a, b) and x < b and a < y for x, y in spans):
            alone = consistent_cuts(text[a:b], ())
            assert {a, b} <= edges and {e - a for e in edges if a < e < b} == set(alone)


def test_words_of_gives_back_the_text():
    text = "双方同意，中巴经济走廊建设取得进展。"
    cuts = consistent_cuts(text, ())
    assert "".join(words_of(text, cuts)) == text and "走廊" in words_of(text, cuts)


def test_the_query_map_covers_alias_terms_in_either_script(generated):
    editions, converts = generated
    extra = {lang: [("亚投行", convert("亚投行"))] for lang, convert in converts.items()}
    mapping = query_map(editions["zh-Hans"], editions, "zh-Hans", extra)
    assert mapping["亞"] == "亚" and mapping["達"] == "达"
    assert query_map(editions["zh-Hans"], editions, "zh-Hant", extra)["达"] == "達"


# --- the alias table ---------------------------------------------------------------------------------------

def test_the_alias_table_in_source_is_valid():
    groups = load_aliases(table(ALIASES))
    assert ("南盟", "南亚区域合作联盟") in groups and len(groups) >= 10


@pytest.mark.parametrize("text, errors", [
    ('groups = [\n  ["南盟", "南亚 区域"],\n]\n',
     ["aliases.toml:2:10: term '南亚 区域': expected Han characters, letters or digits with no space or punctuation"]),
    ('groups = [\n  ["南盟", "南亚区域合作联盟"],\n  ["减贫", "南盟"],\n]\n',
     ["aliases.toml:3:10: term '南盟' is already in the group at line 2: expected each term in one group only"]),
    ('# a comment with "quotes"\ngroups = [["反恐"]]\n',
     ["aliases.toml:2:12: group 1 ['反恐']: expected two terms or more that mean the same"]),
    ('groups = [["反恐", "打击恐怖主义"]\n', ["aliases.toml:1:27: not valid TOML: Unclosed array"]),
    ('aliases = []\n', ["aliases.toml:1:1: expected exactly one key, groups"]),
])
def test_a_bad_alias_table_says_file_line_column_and_what_was_expected(text, errors):
    with pytest.raises(SourceErrors) as caught:
        parse_aliases(text)
    assert [str(e)[:len(want)] for e, want in zip(caught.value.errors, errors, strict=True)] == errors


def test_a_bad_alias_table_stops_check_before_anything_is_written(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for f in (ROOT / "source").iterdir():
        (source / f.name).write_bytes(f.read_bytes())
    (source / "aliases.toml").write_text('groups = [["南盟", "南 盟"]]\n', encoding="utf-8")
    paths = tmp_paths(tmp_path, source)
    with pytest.raises(SourceErrors, match=r"aliases.toml:1:18: term '南 盟'"):
        generate(paths)
    assert not paths.docs.exists() and not paths.site.exists()


# --- the client's engine under Node (no browser: runs in the inner loop) -------------------------------------

CLIENT = ROOT / "overrides" / "assets" / "javascripts" / "search-client.js"
# The engine of search-client.js on an edition's index, in Node: argv client, index, queries (JSON).
NODE_ENGINE = """
const vm = require('vm'), fs = require('fs');
const [client, index, queries] = process.argv.slice(1);
const ctx = {}; ctx.globalThis = ctx; vm.createContext(ctx);
vm.runInContext(fs.readFileSync(index, 'utf8').replace('window.', 'globalThis.'), ctx);
vm.runInContext(fs.readFileSync(client, 'utf8'), ctx);
const engine = new ctx.SiteSearch(ctx.__siteSearchIndex);
"""

NODE_RUN = NODE_ENGINE + """
const out = {};
for (const q of JSON.parse(queries)) {
  const results = engine.search(q);
  out[q] = results.map(r => [r.doc.slug + '#' + r.doc.anchor, engine.snippet(r.doc, r.hits), r.doc.text]);
}
console.log(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def engine(generated, tmp_path_factory):
    """Run queries through search-client.js's engine in Node on the real index of an edition."""
    return _engine_runner(generated, tmp_path_factory.mktemp("index"), NODE_RUN)


_FILES: dict[int, dict[str, str]] = {}


def _index_files(generated) -> dict[str, str]:
    """The search files of the real corpus (search_files), made once per `generated` for every runner below."""
    if id(generated) not in _FILES:
        editions, converts = generated
        inputs = read_inputs(ROOT / "source", ROOT / "mkdocs.yml")
        text = "\n".join(c.text for s in editions["zh-Hans"] for c in s.clauses)
        spell = {e.lang: stock(e.opencc) for e in inputs.config.editions}  # as build.generate spells the tables
        _FILES[id(generated)] = search_files(editions, converts, load_aliases(table(ALIASES)),
                                             load_names(table(NAMES), text), inputs.topics,
                                             load_synonyms(table(SYNONYMS), text), spell)
    return _FILES[id(generated)]


def _engine_runner(generated, folder, script: str):
    """run(lang, *queries) → the Node script's JSON: the engine on the real index of an edition (search_files)."""
    import shutil
    import subprocess

    node = shutil.which("node")
    if not node:
        pytest.fail("node is missing: `make test` installs Debian's nodejs with npm")
    files = _index_files(generated)

    def run(lang: str, *queries: str) -> dict:
        index = folder / f"{lang}.js"
        index.write_text(files[f"{lang}/{INDEX_FILE}"], encoding="utf-8")
        out = subprocess.run([node, "-e", script, str(CLIENT), str(index), json.dumps(queries)],
                             capture_output=True, text=True, check=True)
        return json.loads(out.stdout)
    return run


def test_engine_expands_aliases_maps_scripts_and_cuts_what_matches_nowhere(engine):
    out = engine("zh-Hant", "南盟", "亚投行", "巴基斯坦打击恐怖主义", "瓜达\u200b尔港", "FATF", "zzzz")
    assert len(out["南盟"]) == 4  # 南盟 twice, 南亞區域合作聯盟 twice
    assert [r[0] for r in out["亚投行"]] == ["2015-04-20#c9"]
    # no clause holds the phrase: 巴基斯坦 + 打擊恐怖主義 (or its group's 反恐)
    assert len(out["巴基斯坦打击恐怖主义"]) == 2
    assert len(out["瓜达\u200b尔港"]) == 3  # a zero-width space pasted with the query is ignored
    assert len(out["FATF"]) == 2 and out["zzzz"] == []


def test_engine_splits_a_query_at_spaces_and_punctuation_but_not_inside_a_name(engine):
    out = engine("zh-Hans", "中巴经济走廊\u3000瓜达尔港", "瓜达尔港，中巴经济走廊", "伊姆兰·汗")
    assert len(out["中巴经济走廊\u3000瓜达尔港"]) == len(out["瓜达尔港，中巴经济走廊"]) == 3
    assert out["伊姆兰·汗"] and all("伊姆兰" in text for _, _, text in out["伊姆兰·汗"])  # one term: 伊姆兰(·汗)
    assert all({"伊姆兰·汗", "伊姆兰"} & {t for t, marked in pieces if marked} for _, pieces, _ in out["伊姆兰·汗"])
    assert not any(t == "汗" for _, pieces, _ in out["伊姆兰·汗"] for t, marked in pieces if marked)


def test_a_latin_word_typed_against_chinese_is_a_term_of_its_own(engine):
    # a reader switching input method mid-query types no space: Imran Khan总理 is Imran Khan + 总理, CPEC项目 CPEC +
    # 项目; digits stay with what they stand by (2018年, COVID-19疫情 keeps COVID-19 whole)
    out = engine("zh-Hans", "Imran Khan总理", "Imran Khan 总理", "CPEC项目", "CPEC 项目", "COVID-19疫情", "COVID-19 疫情",
                 "2018年", "5G")
    for joined, spaced in (("Imran Khan总理", "Imran Khan 总理"), ("CPEC项目", "CPEC 项目"), ("COVID-19疫情", "COVID-19 疫情")):
        assert out[joined] == out[spaced] != [], joined
    assert out["2018年"] and out["5G"] == []  # 5G is one word, which the statements never print (not 5 and G)


def test_engine_snippets_mark_the_hits_and_are_the_text_itself(engine):
    out = engine("zh-Hans", "洪灾")
    assert len(out["洪灾"]) == 4
    for _, pieces, text in out["洪灾"]:
        assert [t for t, marked in pieces if marked] and all(t in ("洪灾", "洪涝灾害") for t, marked in pieces if marked)
        shown = "".join(t for t, _ in pieces)
        assert shown.strip("…") in text and not ZERO_WIDTH.search(shown)  # a slice of the clause, nothing added


# --- the client in Chromium --------------------------------------------------------------------------------

def open_search(page) -> None:
    if not page.evaluate("document.getElementById('site-search').open"):
        page.locator(".site-search__open").click()
    page.wait_for_function("() => document.getElementById('site-search').dataset.query !== undefined", timeout=10000)


def search(page, query: str, how: str = "type") -> list[str]:
    """Enter the query as a reader would; the clause references of the results, in order."""
    open_search(page)
    box = page.locator(".site-search__input")
    box.fill("")
    box.focus()
    if how == "type":
        page.keyboard.type(query)
    else:  # "insert": what a paste or an IME's commit does, one input event and no key events
        page.keyboard.insert_text(query)
    page.wait_for_function("q => document.getElementById('site-search').dataset.query === q", arg=query)
    while page.locator(".site-search__more button").count():
        page.locator(".site-search__more button").click()
    hrefs = page.eval_on_selector_all(RESULT_LINKS, "els => els.map(a => a.getAttribute('href'))")
    return [re.sub(r"(/index\.html|\.html|/)#", "#", h.split("statements/")[-1]) for h in hrefs]


def relevant_clauses(clauses: list[dict], entry: dict, lang: str, convert) -> set[str]:
    return {f"{c['statement']}#{c['anchor']}" for c in clauses
            if all(any(convert(p) in c["text"][lang] for p in term.split("|")) for term in entry["relevant"])}


def figures(found: list[str], relevant: set[str]) -> tuple[float, float]:
    recall = len(relevant & set(found)) / len(relevant)
    top = found[:len(relevant)]
    precision = sum(1 for r in top if r in relevant) / len(top) if top else 0.0
    return recall, precision


def run_query_set(page, clauses, s2tw, lang: str, script: str) -> tuple[float, float, list]:
    scores = []
    for entry in QUERY_SET:
        typed = entry["query"] if script == "简" else s2tw(entry["query"])
        relevant = relevant_clauses(clauses, entry, lang, (lambda t: t) if lang == "zh-Hans" else s2tw)
        assert relevant, entry
        scores.append((typed, *figures(search(page, typed), relevant)))
    recall = sum(s[1] for s in scores) / len(scores)
    precision = sum(s[2] for s in scores) / len(scores)
    return recall, precision, [s for s in scores if s[1] < 1 or s[2] < 1]


def test_the_query_set_is_large_enough():
    assert len(QUERY_SET) >= 40
    assert sum(" " in e["query"] for e in QUERY_SET) >= 5  # multi-word
    assert sum(any("|" in t for t in e["relevant"]) for e in QUERY_SET) >= 15  # abbreviations and synonyms


@pytest.mark.browser
@pytest.mark.parametrize("lang", EDITIONS)
@pytest.mark.parametrize("script", ["简", "繁"])
def test_search_recall_and_precision_in_both_scripts(browser, server, clauses, s2tw, lang, script, record_property):
    page = browser.new_page()
    page.goto(f"{server}/{lang}/")
    recall, precision, misses = run_query_set(page, clauses, s2tw, lang, script)
    record_property(f"{lang} {script} online", f"recall {recall:.3f} precision {precision:.3f}")
    print(f"online {lang} typed in {script}: mean recall {recall:.3f}, mean precision@R {precision:.3f}"
          f" over {len(QUERY_SET)} queries; below 1: {misses}")
    assert recall >= 0.97 and precision >= 0.9, misses
    page.close()


@pytest.mark.browser
def test_search_results_point_at_clause_anchors_with_label_date_and_highlight(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/zh-Hant/")
    assert set(search(page, "瓜达尔港")) == {"2018-11-04#s2-p5", "2015-04-20#c7", "2022-11-02#c15"}
    first = page.locator(RESULTS).first
    # ranked by relevance (issue 21), not newest first: label · date place, whichever clause leads
    assert re.fullmatch(r"第\S+ · \d{4}年\d{1,2}月\d{1,2}日 \S+", first.locator(".site-search__meta").inner_text())
    assert first.locator("mark").first.inner_text() == "瓜達爾港"
    page.locator(".site-search__results a[href*='#c15']").first.click()
    page.wait_for_url("**/zh-Hant/statements/2022-11-02/#c15")
    assert page.locator("#c15 + .clause-text").inner_text().startswith("十五、雙方認為，瓜達爾港")
    page.close()


@pytest.mark.browser
def test_search_loads_its_client_and_index_only_when_opened(page, server):
    page.goto(f"{server}/zh-Hans/statements/2022-11-02/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requests if "search/index.js" in u or "search-client.js" in u]
    assert page.evaluate("typeof window.__siteSearchIndex") == "undefined"
    page.keyboard.press("/")
    page.keyboard.type("南盟")
    page.wait_for_function("() => document.getElementById('site-search').dataset.query === '南盟'")
    assert [u for u in page.requests if u.endswith("/zh-Hans/search/index.js")]
    assert len(page.locator(RESULTS).all()) == 4  # 南盟 and 南亚区域合作联盟


@pytest.mark.browser
def test_the_dialog_s_styles_load_when_search_opens_and_it_is_never_seen_unstyled(page, server):
    """search.css is no part of a page view: the dialog, closed, needs none of it. The first opening links it, and
    the dialog takes what is typed at once but stays unseen until the styles are there (held back here), or a
    second at most."""
    held = []
    page.route("**/search.css", lambda route: held.append(route))
    page.goto(f"{server}/zh-Hans/statements/2022-11-02/")
    page.wait_for_load_state("networkidle")
    assert not [u for u in page.requests if u.endswith("/search.css")]
    assert page.locator('link[href$="search.css"], link[href$="compare.css"]').count() == 0
    dialog = page.locator("#site-search")
    page.keyboard.press("/")
    assert dialog.evaluate("d => d.open && getComputedStyle(d).opacity") == "0"
    page.keyboard.type("南盟")
    page.wait_for_function("() => document.getElementById('site-search').dataset.query === '南盟'")
    assert held  # the styles were asked for, and are still held back
    # held longer than a second, the dialog is shown as it is rather than leave a modal no one sees
    page.wait_for_function("() => getComputedStyle(document.getElementById('site-search')).opacity === '1'",
                           timeout=3000)
    held[0].continue_()
    # drawn by search.css now: its own padding, not the browser's unstyled dialog
    page.wait_for_function("() => getComputedStyle(document.querySelector('.site-search__inner')).paddingTop !== '0px'")
    page.click("[data-search-close]")
    assert not dialog.evaluate("d => d.open")
    page.keyboard.press("/")  # opened again: seen at once
    assert dialog.evaluate("d => d.open && getComputedStyle(d).opacity") == "1"


@pytest.mark.browser
def test_only_the_compare_page_loads_the_compare_view_s_styles(page, server):
    page.goto(f"{server}/zh-Hans/compare/")
    page.wait_for_load_state("networkidle")
    assert [u for u in page.requests if u.endswith("/assets/stylesheets/compare.css")]
    assert page.locator(".compare-rows").evaluate("e => getComputedStyle(e).display") == "grid"


@pytest.mark.browser
def test_pasted_and_ime_input_search_too(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/zh-Hans/")
    assert search(page, "克什米尔", how="insert")  # one input event, no key events: a paste or an IME commit
    box = page.locator(".site-search__input")
    box.fill("")
    # an IME composing 瓜达尔港: no search while composing, one when it commits
    page.evaluate("""() => {
        const box = document.querySelector('.site-search__input');
        box.dispatchEvent(new CompositionEvent('compositionstart', {data: ''}));
        box.value = 'gua';
        box.dispatchEvent(new InputEvent('input', {data: 'gua', isComposing: true}));
        box.value = '瓜达尔港';
        box.dispatchEvent(new CompositionEvent('compositionend', {data: '瓜达尔港'}));
    }""")
    page.wait_for_function("() => document.getElementById('site-search').dataset.query === '瓜达尔港'")
    assert page.locator(RESULTS).count() == 3
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    pasting = context.new_page()
    pasting.goto(f"{server}/zh-Hant/")
    open_search(pasting)
    pasting.evaluate("navigator.clipboard.writeText('核供應國集團')")
    pasting.locator(".site-search__input").focus()
    pasting.keyboard.press("Control+V")
    pasting.wait_for_function("() => document.getElementById('site-search').dataset.query === '核供應國集團'")
    assert pasting.locator(RESULTS).count() == 2
    context.close()
    page.close()


@pytest.mark.browser
def test_copied_result_text_has_no_zero_width_characters(browser, server):
    page = browser.new_page()
    page.goto(f"{server}/zh-Hans/")
    search(page, "中巴经济走廊")
    copied = page.evaluate("""() => { const s = getSelection(); s.removeAllRanges();
        const r = document.createRange(); r.selectNodeContents(document.querySelector('.site-search__results'));
        s.addRange(r); return s.toString(); }""")
    assert "中巴经济走廊" in copied and not ZERO_WIDTH.search(copied)
    page.close()


@pytest.mark.browser
def test_search_with_the_keyboard_alone_is_labelled_and_axe_clean(page, server):
    page.goto(f"{server}/zh-Hant/statements/2020-03-17/")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.classList.contains('site-search__input')")
    page.keyboard.type("克什米爾")
    page.wait_for_function("() => document.getElementById('site-search').dataset.query === '克什米爾'")
    page.add_script_tag(path=str(ROOT / "node_modules" / "axe-core" / "axe.min.js"))
    violations = page.evaluate("async () => (await axe.run(document.getElementById('site-search'))).violations"
                               ".filter(v => ['serious', 'critical'].includes(v.impact)).map(v => v.id)")
    assert violations == []
    assert page.evaluate("document.getElementById('site-search').getAttribute('aria-labelledby')") == "site-search-title"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("document.activeElement.getAttribute('href')").endswith("#c34")  # newest first
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zh-Hant/statements/2022-11-02/#c34")
    assert not page.evaluate("document.getElementById('site-search').open")
    page.keyboard.press("/")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('site-search').open")


# --- issue 21: query understanding, each mechanism on queries that are in no list --------------------------

def _refs(out, query):
    return [r[0] for r in out[query]]


def _marked(out, query):
    """The hits marked in the snippets of a query's results."""
    return {t for _, pieces, _ in out[query] for t, marked in pieces if marked}


def _holding(generated, lang, *phrases):
    editions, _ = generated
    return {f"{s.slug}#{c.anchor}" for s in editions["zh-Hans"] for c in s.clauses if any(p in c.text for p in phrases)}


def _reading(*readers: str) -> set[str]:
    """The phrases synonyms.tsv's reading lines say the readers' words stand for (水灾 → 救灾): what a query finds
    beside the example a test is about."""
    return {word for (reader, word), verdict in _reading_lines().items() if reader in readers and verdict == "yes"}


@functools.cache
def _reading_lines() -> dict[tuple[str, str], str]:
    """(reader's word, phrase) → verdict of synonyms.tsv's reading lines, read once by the project's own reader."""
    from build_scripts.search import synonyms

    reviewed = synonyms.read_reviewed(ROOT / "source" / synonyms.NAME)
    return {pair: verdict for pair, (code, verdict) in reviewed.items() if code == synonyms.READING}


def test_a_short_form_of_a_group_term_finds_the_group_not_its_characters(engine, generated):
    """上合 starts the alias term 上合组织: the group's clauses, never 上 and 合 in unrelated words (基础上合作)."""
    out = engine("zh-Hans", "上合")
    assert set(_refs(out, "上合")) == _holding(generated, "zh-Hans", "上海合作组织", "上合组织")


def test_a_query_holding_a_group_term_is_expanded(engine, generated):
    out = engine("zh-Hans", "新冠病毒", "扶贫开发", "COVID-19")
    covid = _holding(generated, "zh-Hans", "新冠", "新型冠状病毒", *_reading("新冠病毒"))  # reading: 控制疫情 …
    assert set(_refs(out, "新冠病毒")) == covid >= set(_refs(out, "COVID-19")) >= _holding(generated, "zh-Hans", "新冠")
    assert set(_refs(out, "扶贫开发")) == _holding(generated, "zh-Hans", "减贫", "脱贫", "扶贫")


def test_an_abbreviation_no_list_holds_finds_the_phrase_it_abbreviates(engine, generated):
    out = engine("zh-Hans", "友城")
    assert set(_refs(out, "友城")) == _holding(generated, "zh-Hans", "友好城市")


def test_a_taiwan_word_meets_the_mainland_word_the_text_prints(engine, generated):
    out = engine("zh-Hant", "資訊", "專案合作")
    assert set(_refs(out, "資訊")) == _holding(generated, "zh-Hant", "信息")
    assert out["專案合作"] and all("項目" in text for _, _, text in out["專案合作"])


FULL_WIDTH = str.maketrans({chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)} | {" ": "\u3000"})


@pytest.mark.parametrize("query", ["CPEC".translate(FULL_WIDTH), "cpec", "cpec".translate(FULL_WIDTH)])
def test_a_full_width_or_lower_case_abbreviation_finds_what_it_stands_for(engine, generated, query):
    out = engine("zh-Hans", query)
    assert set(_refs(out, query)) == _holding(generated, "zh-Hans", "中巴经济走廊")


CHINESE_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    tens, ones = divmod(n, 10)
    return ((CHINESE_DIGITS[tens] if tens > 1 else "") + "十" if tens else "") + (CHINESE_DIGITS[ones] if ones else "")


def _other_numerals(label: str) -> str:
    """第十二条 → 第12条, 第一部分第3段 → 第1部分第三段: each number in the other way of writing it."""
    def swap(m: re.Match[str]) -> str:
        text = m.group(1)
        if text.isdigit():
            return f"第{_chinese_number(int(text))}"
        value, digit = 0, 0
        for ch in text:
            if ch == "十":
                value, digit = value + (digit or 1) * 10, 0
            else:
                digit = CHINESE_DIGITS.index(ch)
        return f"第{value + digit}"
    return re.sub(r"第([0-9]+|[零一二三四五六七八九十]+)", swap, label)


def test_a_clause_cited_by_its_label_and_year_is_found_whatever_its_numerals(engine, clauses):
    """A reader cites a clause as the site labels it (2022年 第十二条, 2018 第一部分第3段), in either kind of numeral
    and either script: that clause alone. The class: every clause of the corpus; and a label alone finds the
    clauses of every statement so labelled, those with the same kind of label (条, 段) first."""
    queries = {}
    for r in clauses:
        label, year = r["label"]["zh-Hans"], r["statement"][:4]
        for q in (f"{year}年 {label}", f"{year} {_other_numerals(label)}", f"{year}年{r['label']['zh-Hant']}"):
            queries[q] = f"{r['statement']}#{r['anchor']}"
    assert _other_numerals("第一部分第3段") == "第1部分第三段" and _other_numerals("第二十三条") == "第23条"
    for lang in EDITIONS:
        out = engine(lang, *queries, "第十二条", "第12段", "第一部分")
        assert [q for q, ref in queries.items() if _refs(out, q) != [ref]] == []
        assert [ref[:10] for ref in _refs(out, "第十二条")] == ["2022-11-02", "2015-04-20", "2020-03-17"]
        assert _refs(out, "第12段")[0] == "2020-03-17#p12"
        assert _refs(out, "第一部分") and all(r.startswith("2018-11-04#s1-") for r in _refs(out, "第一部分"))


def test_clauses_cited_together_are_found_in_the_order_typed(engine, clauses):
    """A reader cites two clauses at once (2022年 第十二条 第十三条, 2022年第十二条、第十三条): those two, in the order
    typed. The class: every pair of clauses of a statement, the later one typed first too, in either edition."""
    by_statement: dict[str, list[tuple[str, str]]] = {}
    for r in clauses:
        by_statement.setdefault(r["statement"], []).append((r["label"]["zh-Hans"], f"{r['statement']}#{r['anchor']}"))
    queries = {}
    for slug, labelled in by_statement.items():
        for (l1, ref1), (l2, ref2) in itertools.pairwise(labelled):
            queries[f"{slug[:4]}年 {l1} {l2}"] = [ref1, ref2]
            queries[f"{slug[:4]}年{l2}、{l1}"] = [ref2, ref1]
    assert len(queries) > 200
    for lang in EDITIONS:
        out = engine(lang, *queries)
        assert [q for q, refs in queries.items() if _refs(out, q) != refs] == []


@pytest.mark.browser
def test_a_clause_cited_by_its_label_is_the_one_result_in_the_dialog(page, server):
    page.goto(f"{server}/zh-Hant/")
    assert search(page, "2022年 第12条") == ["2022-11-02#c12"]
    assert "第十二條" in page.locator(".site-search__results li").first.inner_text()


def test_a_reader_s_everyday_or_taiwan_word_finds_the_formal_wording_in_the_dialog(page, server, generated):
    # synonyms.tsv's reading lines in the real dialog: 蓝色经济 (海洋经济) typed on the 简体 site, 捷運 (轨道交通橙线,
    # 轨道交通) and 灰名單 (金融行动特别工作组) typed in 繁體 on the 繁體 site: every clause printing those phrases
    page.goto(f"{server}/zh-Hans/")
    assert set(search(page, "蓝色经济")) == _holding(generated, "zh-Hans", *_reading("蓝色经济")) != set()
    page.goto(f"{server}/zh-Hant/")
    for typed, reader in (("捷運", "捷运"), ("灰名單", "灰名单")):
        assert set(search(page, typed)) >= _holding(generated, "zh-Hans", *_reading(reader)) != set(), typed


def test_symbols_at_a_word_s_edge_and_an_ampersand_between_words_change_nothing(engine):
    """~瓜达尔港~, #CPEC, 【一带一路】, 中巴 & 走廊: a symbol typed at a word's edge or alone is no part of a word, and
    "&" between Latin words is "and" (Belt & Road, Trade & Investment). The class: every Latin name of names.toml
    that holds " and ", with "&" in its place, and the index's Chinese names wrapped in symbols."""
    import tomllib

    names = tomllib.loads((ROOT / "source" / NAMES).read_text(encoding="utf-8"))["name"]
    latin = sorted({form for n in names for form in n.get("latin", []) if " and " in form})
    chinese = sorted({n["zh"] for n in names})[:80]
    wrapped = {f"{a}{zh}{b}": zh for zh in chinese for a, b in (("~", "~"), ("#", ""), ("【", "】"), ("→", ""))}
    apart = {f"{w} + 走廊": f"{w} 走廊" for w in chinese[:20]}
    out = engine("zh-Hans", *latin, *(form.replace(" and ", " & ") for form in latin), *wrapped, *wrapped.values(),
                 *apart, *apart.values())
    assert len(latin) > 10 and all(out[form] for form in latin)
    assert [f for f in latin if _refs(out, f.replace(" and ", " & ")) != _refs(out, f)] == []
    assert [q for q, zh in wrapped.items() if _refs(out, q) != _refs(out, zh)] == []
    assert [q for q, plain in apart.items() if _refs(out, q) != _refs(out, plain)] == []


@pytest.mark.parametrize("query", ["伊姆兰\u2022汗", "伊姆兰\u30fb汗", "伊姆兰\u2027汗", "伊姆兰汗", "Imran Khan",
                                   "imran\u2022khan", "IMRAN KHAN".translate(FULL_WIDTH)])
def test_a_name_with_any_separator_or_in_latin_letters_finds_the_name(engine, generated, query):
    # the full name, and 伊姆兰 alone where the statement names him so again (伊姆兰总理): no one else is 伊姆兰
    out = engine("zh-Hans", query)
    assert set(_refs(out, query)) == _holding(generated, "zh-Hans", "伊姆兰")
    assert _holding(generated, "zh-Hans", "伊姆兰") > _holding(generated, "zh-Hans", "伊姆兰·汗")
    assert all(any("伊姆兰" in t for t, marked in pieces if marked) for _, pieces, _ in out[query])


NODE_PINYIN_APART = """
const vm = require('vm'), fs = require('fs');
const [client, index] = process.argv.slice(1);
const ctx = {}; ctx.globalThis = ctx; vm.createContext(ctx);
vm.runInContext(fs.readFileSync(index, 'utf8').replace('window.', 'globalThis.'), ctx);
vm.runInContext(fs.readFileSync(client, 'utf8'), ctx);
const engine = new ctx.SiteSearch(ctx.__siteSearchIndex);
const direct = q => engine.search(q).filter(r => !r.loose).map(r => r.doc.slug + '#' + r.doc.anchor).sort();
const out = {};
for (const name of ctx.__siteSearchIndex.names) {
  const syllables = [...name].map(ch => engine.syllable[ch]);
  if (syllables.length < 2 || !syllables.every(Boolean)) continue;
  const apart = syllables.join(' '), words = syllables.map((s, i) => i ? s : s[0].toUpperCase() + s.slice(1));
  out[name] = [direct(syllables.join('')), direct(apart), direct(words.join(' '))];
}
console.log(JSON.stringify(out));
"""


def _node_on_index(generated, folder: Path, script: str):
    """A Node script's JSON output, run as `node -e script CLIENT INDEX` on the real zh-Hans index."""
    import shutil
    import subprocess

    index = folder / "index.js"
    index.write_text(_index_files(generated)[f"zh-Hans/{INDEX_FILE}"], encoding="utf-8")
    node = shutil.which("node")
    assert node, "node is missing: `make test` installs Debian's nodejs with npm"
    return json.loads(subprocess.run([node, "-e", script, str(CLIENT), str(index)], capture_output=True, text=True,
                                     check=True).stdout)


NODE_HOMOPHONE_SLIPS = """
const vm = require('vm'), fs = require('fs');
const [client, index] = process.argv.slice(1);
const ctx = {}; ctx.globalThis = ctx; vm.createContext(ctx);
vm.runInContext(fs.readFileSync(index, 'utf8').replace('window.', 'globalThis.'), ctx);
vm.runInContext(fs.readFileSync(client, 'utf8'), ctx);
const engine = new ctx.SiteSearch(ctx.__siteSearchIndex), sounds = ctx.__siteSearchIndex.sounds;
const printed = engine.docs.map(d => d.hay).join('\\n');
const out = {};
for (const name of ctx.__siteSearchIndex.names) {
  const chars = [...name];
  if (chars.length < 3 || !chars.every(ch => engine.syllable[ch])) continue;
  chars.forEach((ch, i) => {
    const other = [...sounds[engine.syllable[ch]]].find(o => o !== ch && engine.syllable[o] === engine.syllable[ch]);
    if (!other) return;
    const slip = chars.slice(0, i).join('') + other + chars.slice(i + 1).join('');
    if (printed.indexOf(slip) >= 0) return;
    const direct = q => new Set(engine.search(q).filter(r => !r.loose).map(r => r.doc.position));
    const wanted = direct(name), found = direct(slip);
    out[slip] = [name, engine.soundsLike(slip), [...wanted].some(p => found.has(p))];
  });
}
console.log(JSON.stringify(out));
"""


@pytest.mark.slow
def test_a_name_typed_with_a_homophone_slip_is_heard_as_the_name(generated, tmp_path_factory):
    """塔里班 for 塔利班, 阿富汉 for 阿富汗, 习进平 for 习近平: an input method offers the right syllables and the wrong
    character. The class: every name of three characters or more of the index, each character in turn replaced
    by another of the same syllable; a slip the text itself prints is no slip."""
    out = _node_on_index(generated, tmp_path_factory.mktemp("slips"), NODE_HOMOPHONE_SLIPS)
    assert len(out) > 300
    assert [slip for slip, (name, heard, _) in out.items() if name not in heard] == []
    # in the dialog: a clause of the name among the direct results, but where another form matched first (联合嘓大会:
    # 联合…大会 abbreviates another phrase) or the name stands only inside a word (哈维连): 5 of 1,081 today
    missed = [slip for slip, (_, _, found) in out.items() if not found]
    assert len(missed) <= len(out) // 100, missed


NODE_NEIGHBOURS = """
const vm = require('vm'), fs = require('fs');
const [client, index] = process.argv.slice(1);
const ctx = {}; ctx.globalThis = ctx; vm.createContext(ctx);
vm.runInContext(fs.readFileSync(index, 'utf8').replace('window.', 'globalThis.'), ctx);
vm.runInContext(fs.readFileSync(client, 'utf8'), ctx);
const engine = new ctx.SiteSearch(ctx.__siteSearchIndex), han = /^\\p{Script=Han}+$/u;
const printed = engine.docs.map(d => d.hay).join('\\n');
const heldBy = {}, held = w => heldBy[w] ?? (heldBy[w] = engine.docs.filter(d => d.hay.indexOf(w) >= 0).length);
const out = {};
for (const doc of engine.docs) {
  const words = [];
  for (let a = 0, b = 1; b <= doc.hay.length; b++) if (doc.bound[b]) { words.push(doc.hay.slice(a, b)); a = b; }
  for (let i = 0; i + 1 < words.length; i++) {
    const [w1, w2] = [words[i], words[i + 1]];
    if (!han.test(w1 + w2)) continue;
    // the rare word stays, the other (two characters) is typed the other way round
    for (const [stay, swap, before] of [[w1, w2, true], [w2, w1, false]]) {
      if (stay.length < 2 || swap.length !== 2 || swap[0] === swap[1] || held(stay) * 10 >= engine.docs.length) continue;
      const turned = swap[1] + swap[0], phrase = w1 + w2, variant = before ? stay + turned : turned + stay;
      if (printed.indexOf(variant) >= 0 || variant in out) continue;
      const wanted = engine.docs.filter(d => engine.occurrences(d, phrase).length).map(d => d.position);
      const results = engine.search(variant).filter(r => !r.loose).map(r => r.doc.position), found = new Set(results);
      let first = results.slice(0, wanted.length).filter(p => !wanted.includes(p));
      if (first.length) {  // what the phrase itself finds beside what prints it (an alias of it) is no miss
        const meant = new Set(engine.search(phrase).filter(r => !r.loose).map(r => r.doc.position));
        first = first.filter(p => !meant.has(p));
      }
      out[variant] = [phrase, wanted.filter(p => !found.has(p)).length, first.length];
    }
  }
}
console.log(JSON.stringify(out));
"""


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_a_phrase_typed_with_one_word_varied_finds_the_phrase_the_text_prints(generated, tmp_path_factory):
    """基础建设 for 基础设施, 資訊通訊科技 for 信息通信技术: a regional or everyday form of a fixed phrase keeps most of it
    and varies one word, which shares a character with the clause's, moved. The class: every two words in a row in
    the corpus, one of them held by under a tenth of the clauses, the other (two characters) typed the other way
    round (设施 → 施设: the same characters, so one is shared), where no clause prints what is typed. Its direct
    results hold every clause printing the phrase, and the first of them are what the phrase finds."""
    out = _node_on_index(generated, tmp_path_factory.mktemp("neighbours"), NODE_NEIGHBOURS)
    assert len(out) > 2000
    # 20 of 2,819 today missed, where another form matched first (根据国本: 根本, a shortening); 115 before
    missed = [typed for typed, (_, missing, _) in out.items() if missing]
    assert len(missed) <= len(out) // 100, missed
    # among the first results a clause the phrase itself does not find: 119 of 2,819 today (方中核心: 中方 and 方中
    # both print), 1,332 before, when the words matched anywhere in the clause
    wrong = [typed for typed, (_, _, extra) in out.items() if extra]
    assert len(wrong) <= len(out) // 20, wrong


def test_a_varied_word_must_share_a_moved_character_and_the_rest_must_be_specific(engine, generated):
    out = engine("zh-Hant", "基礎建設", "高品質發展")
    assert _holding(generated, "zh-Hans", "基础设施") <= set(_refs(out, "基礎建設"))
    assert "基礎設施" in _marked(out, "基礎建設")
    # what stays as typed may be specific as a frame (高…发展), no word of it alone
    assert "高質量發展" in _marked(out, "高品質發展")
    # a name of the corpus sharing a long stem is found whatever word ends it, and its other names come with it
    out = engine("zh-Hant", "南亞區域合作協會")
    assert {"南亞區域合作聯盟", "南盟"} <= _marked(out, "南亞區域合作協會")
    # 初等 is no 高等 and 印巴 no 中巴: 等 and 巴 stand where they stood, nothing moved; 军事 could be 事务, but the
    # frame ~合作 is varied in too many clauses to carry the match
    out = engine("zh-Hans", "初等教育", "印巴关系", "军事合作", "中巴友谊公路", "一心一意")
    # and a long stem keeps a name of the corpus only: 中巴友谊免受 (一切威胁) is no name; 一 of 一心一意 is no
    # character of 一致同意's 致同, where the two differ
    for typed, wrong in (("初等教育", "高等教育"), ("印巴关系", "中巴关系"), ("军事合作", "事务合作"),
                         ("中巴友谊公路", "中巴友谊免受"), ("一心一意", "一致同意")):
        assert wrong not in _marked(out, typed)


NODE_MATCH_CALLS = """
const vm = require('vm'), fs = require('fs');
const [client, index] = process.argv.slice(1);
const ctx = {}; ctx.globalThis = ctx; vm.createContext(ctx);
vm.runInContext(fs.readFileSync(index, 'utf8').replace('window.', 'globalThis.'), ctx);
vm.runInContext(fs.readFileSync(client, 'utf8'), ctx);
const engine = new ctx.SiteSearch(ctx.__siteSearchIndex), match = engine.match, out = {};
let calls = 0;
engine.match = function () { calls++; return match.apply(this, arguments); };
const term = '信息通信科技', name = '中巴经济走廊';
for (const query of [term, (term + ' ').repeat(200), term + ' 合作', name, (name + ' ').repeat(50)]) {
  calls = 0;
  out[query.trim().slice(0, 13)] = [engine.search(query.trim()).length, calls];
}
console.log(JSON.stringify(out));
"""


def test_a_term_typed_many_times_or_searched_again_without_neighbours_is_matched_once(generated, tmp_path_factory):
    """200 × 信息通信科技 is one term's work, not 200 (each match scans every clause), and so are the words it is cut
    into where it is found only as the phrase next to it (信息通信技术); the search done again without that phrase
    (what its words find, after it) matches again only the term that found such a phrase, not 合作 beside it.
    Counted in calls of match, not in time."""
    out = _node_on_index(generated, tmp_path_factory.mktemp("calls"), NODE_MATCH_CALLS)
    assert out["信息通信科技 信息通信科技"] == out["信息通信科技"] and out["信息通信科技"][0] > 0
    assert out["信息通信科技 合作"][1] == out["信息通信科技"][1] + 1  # 合作 once
    assert out["中巴经济走廊 中巴经济走廊"] == out["中巴经济走廊"] and out["中巴经济走廊"][1] == 1


@pytest.mark.slow
def test_a_name_s_pinyin_typed_as_syllables_apart_finds_what_it_finds_run_together(generated, tmp_path_factory):
    """yi dai yi lu and Yi dai yi lu find what yidaiyilu finds (一带一路): a reader types pinyin a syllable at a time.
    The class: every name of the index whose pinyin, run together, finds clauses."""
    out = _node_on_index(generated, tmp_path_factory.mktemp("pinyin"), NODE_PINYIN_APART)
    heard = {name: found for name, found in out.items() if found[0]}
    assert len(heard) > 20 and "一带一路" in heard
    assert [name for name, (together, apart, words) in heard.items() if not together == apart == words] == []


def test_a_chinese_name_s_pinyin_finds_it(engine, generated):
    out = engine("zh-Hans", "xi jinping", "Xijinping")
    assert set(_refs(out, "xi jinping")) == set(_refs(out, "Xijinping")) == _holding(generated, "zh-Hans", "习近平")


def test_no_result_comes_from_single_characters_standing_in_unrelated_words(engine):
    """巴总理's characters stand in many clauses; a clause is found only where they make 巴…总理 words in a row.
    量子通信卫星: no clause holds 量子; what is offered holds its words 通信 or 卫星 whole, never 量 or 子 alone."""
    out = engine("zh-Hans", "巴总理", "量子通信卫星")
    # or it prints a phrase a reader's word starting 巴总理 stands for (巴总理访华 → 感谢中国政府和人民的热情接待)
    meant = _reading(*{reader for reader, _ in _reading_lines() if reader.startswith("巴总理")})
    assert out["巴总理"] and all(re.search("巴[\u4e00-\u9fff]*总理", text) or any(p in text for p in meant)
                                for _, _, text in out["巴总理"])
    marked = [{t for t, m in pieces if m} for _, pieces, _ in out["量子通信卫星"]]
    assert marked and all(m and m <= {"通信", "卫星"} for m in marked)


def test_results_are_ranked_by_relevance_not_by_date(engine):
    """A clause about Gwadar port (the term three times) comes before a passing mention in a newer statement."""
    out = engine("zh-Hans", "瓜达尔港")
    counts = [text.count("瓜达尔港") for _, _, text in out["瓜达尔港"]]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.browser
def test_a_looser_match_says_so_and_a_topic_the_query_names_follows_as_related(page, server):
    page.goto(f"{server}/zh-Hans/")
    search(page, "中巴海底隧道")  # no clause holds it: clauses sharing most of its character pairs, said so, after
    items = page.eval_on_selector_all(".site-search__results > li", "els => els.map(e => e.className)")  # its topics
    assert "较宽松" in page.locator(".site-search__note").inner_text()
    note = items.index("site-search__note")
    assert set(items[:note]) <= {"site-search__group", "site-search__related"}
    assert "site-search__group" not in items[note:]
    assert page.locator(".site-search__status").inner_text() == page.locator("#site-search").get_attribute("data-none")
    search(page, "航天员培训计划")  # nothing holds it; the topic it names (航天合作) does
    group = page.locator(".site-search__group")
    assert group.count() == 1 and "航天合作" in group.inner_text()
    assert page.locator(".site-search__group ~ li a").count() >= 1
    items = page.eval_on_selector_all(".site-search__results > li", "els => els.map(e => e.className)")
    assert items.index("site-search__group") < items.index("site-search__note")  # the topic named, then the looser


def test_a_reviewed_near_synonym_finds_the_word_the_text_prints(engine, generated):
    """水灾 stands in no clause and in no alias group; 词林 and its review say it means 洪灾, so it finds what 洪灾
    does: the clauses printing it, and those printing the other terms of its alias group (洪涝灾害, 洪水)."""
    out = engine("zh-Hans", "水灾", "邻邦")
    meant = ("洪灾", "洪涝灾害", "洪水", *_reading("水灾"))  # and the reader's word's own phrases (reading: 救灾)
    assert set(_refs(out, "水灾")) == set().union(*(_holding(generated, "zh-Hans", w) for w in meant))
    assert set(_refs(out, "邻邦")) == _holding(generated, "zh-Hans", "邻国")


def test_cnsyn_near_synonyms_reviewed_yes_reach_the_index_and_the_engine_and_a_no_never_does(engine, generated):
    """Modern words 词林 lacks, from cnsyn's vectors and sim_words, each line reviewed: 太阳能 finds 光伏, 沙漠化
    荒漠化, 核电 民用核能, 蓉城 成都市, typed in either script; 烟台 and 天津 (neighbours of 青岛, 上海: reviewed `no`)
    find nothing."""
    from build_scripts.search import synonyms
    from build_scripts.search import terms as search_terms

    text = "\n".join(c.text for s in generated[0]["zh-Hans"] for c in s.clauses)
    pairs = load_synonyms(table(SYNONYMS), text)
    reviewed = synonyms.read_reviewed(ROOT / "source" / synonyms.NAME)
    index = search_terms.synonyms(pairs, lambda t: t)
    for (reader, word), (code, verdict) in reviewed.items():
        if code.startswith("cnsyn:") and word in text:
            assert (word in index.get(reader, [])) == (verdict == "yes"), (reader, word, verdict)
    assert {"光伏"} <= set(index["太阳能"]) and {"光伏"} <= set(index["太陽能"])  # both scripts
    out = engine("zh-Hans", "太阳能", "沙漠化", "核电", "蓉城", "二次大战", "烟台", "天津")
    for query, word in (("太阳能", "光伏"), ("沙漠化", "荒漠化"), ("核电", "核能"), ("蓉城", "成都市"), ("二次大战", "二战")):
        assert set(_refs(out, query)) == _holding(generated, "zh-Hans", word), query
    assert out["烟台"] == [] and out["天津"] == []
    hant = engine("zh-Hant", "太陽能", "核電")
    assert set(_refs(hant, "太陽能")) == _holding(generated, "zh-Hans", "光伏") != set()
    assert set(_refs(hant, "核電")) == _holding(generated, "zh-Hans", "核能") != set()


@pytest.mark.slow  # a sweep over a table's every word: seconds (make test runs it)
def test_the_start_or_a_shortening_of_a_reader_s_term_finds_what_the_term_finds(engine, built):
    """A reader types part of a reviewed reader's term, as alias terms are found: 太陽光電 (Taiwan's 太陽光電系統 →
    光伏), 姊妹市 (姊妹城市 → 友好城市), from a tuning set. The class: every reader's term of the index, typed as its
    start where the rest is a word of the corpus, and with one inner character dropped, where what is typed is no
    word of the corpus nor a reader's term of its own: it finds clauses that print the term or its synonyms."""
    index = read_index_script((built / "zh-Hans" / INDEX_FILE).read_text(encoding="utf-8"))
    words, readers = set(index["words"]), index["synonyms"]
    printed = "".join(d[3] for d in index["docs"])
    han = re.compile(r"[\u4e00-\u9fff]+")

    def unknown(q: str) -> bool:
        return len(q) >= 3 and q not in words and q not in readers and q not in printed

    typed = {}
    traditional = set(index["map"])  # the characters the index maps to Simplified: a term holding one is 繁體
    for r in (r for r in readers if han.fullmatch(r) and len(r) >= 4 and not set(r) & traditional):
        typed.update({r[:k]: r for k in range(3, len(r) - 1) if r[k:] in words and unknown(r[:k])})
        typed.update({r[:i] + r[i + 1:]: r for i in range(1, len(r) - 1) if unknown(r[:i] + r[i + 1:])})
    out = engine("zh-Hans", *typed)
    missed = [(q, r) for q, r in typed.items()
              if not any(any(w in text for w in [r, *readers[r]]) for _, _, text in out[q])]
    assert len(typed) > 100 and missed == [], missed
    hant = engine("zh-Hant", "太陽光電", "姊妹市", "光伏", "友好城市")
    assert set(_refs(hant, "太陽光電")) == set(_refs(hant, "光伏")) != set()
    assert set(_refs(hant, "姊妹市")) >= set(_refs(hant, "友好城市")) != set()


def test_cedict_near_synonyms_reviewed_yes_reach_readers_of_either_edition_and_a_no_never_does(engine, generated):
    """CC-CEDICT's Taiwan words and shared glosses, each line reviewed: 捷運 and 地铁 find 轨道交通 (Lahore's Orange
    Line), 奈米 纳米, 反貪 反腐, 永續 持续, 美金 the 美元 of 亿美元 (a synonym of a part of a word), typed in
    Traditional characters in the zh-Hant edition and in Simplified in zh-Hans; 赛百味 (/Subway/, the restaurant)
    and 排放 (/emission/, not 发射's launch) were reviewed `no` and find nothing."""
    from build_scripts.search import synonyms
    from build_scripts.search import terms as search_terms

    text = "\n".join(c.text for s in generated[0]["zh-Hans"] for c in s.clauses)
    reviewed = synonyms.read_reviewed(ROOT / "source" / synonyms.NAME)
    index = search_terms.synonyms(load_synonyms(table(SYNONYMS), text), lambda t: t)
    cedict = {pair: verdict for pair, (code, verdict) in reviewed.items() if code.startswith("cedict:")}
    assert sum(v == "yes" for v in cedict.values()) >= 100
    for (reader, word), verdict in cedict.items():
        assert word in text and (word in index.get(reader, [])) == (verdict == "yes"), (reader, word, verdict)
    hant = engine("zh-Hant", "捷運", "奈米", "反貪", "永續")
    for query, word in (("捷運", "轨道交通"), ("奈米", "纳米"), ("反貪", "反腐"), ("永續", "持续")):
        assert set(_refs(hant, query)) >= _holding(generated, "zh-Hant", word) != set(), query  # and reading's
    hans = engine("zh-Hans", "地铁", "美金", "奈米", "赛百味", "排放")
    for query, word in (("地铁", "轨道交通"), ("美金", "美元"), ("奈米", "纳米")):
        assert set(_refs(hans, query)) >= _holding(generated, "zh-Hans", word) != set(), query
    assert hans["赛百味"] == [] and hans["排放"] == []


@pytest.mark.slow  # a sweep over a table's every word: seconds (make test runs it)
def test_a_reader_s_word_written_down_reading_the_clauses_finds_every_clause_printing_what_it_stands_for(ranked,
                                                                                                         generated):
    """The readers' words a person wrote down reading every clause (synonyms.tsv's `reading` lines: 蓝色经济 →
    海洋经济, 全球变暖 → 气候变化, 捷运 → 轨道交通橙线, 灰名单 → 金融行动特别工作组), the words no resource pairs
    with the corpus's. The class: every such reader's word no clause prints, typed in Simplified characters in
    zh-Hans and in Traditional in zh-Hant, finds directly every clause printing a phrase it stands for, including a
    phrase jieba cuts across (两|国国民|交往 holds 国民交往); and every phrase such a line names is printed."""
    editions, converts = generated
    text = "\n".join(c.text for s in editions["zh-Hans"] for c in s.clauses)
    meant: dict[str, set[str]] = {}
    for (reader, word), verdict in _reading_lines().items():
        assert verdict == "yes" and word in text, (reader, word)
        meant.setdefault(reader, set()).add(word)
    unprinted = sorted(r for r in meant if r not in text)
    assert len(unprinted) >= 800
    for lang, spell in (("zh-Hans", lambda t: t), ("zh-Hant", converts["zh-Hant"])):
        out = ranked(lang, *(spell(r) for r in unprinted))
        missed = {r: sorted(_holding(generated, lang, *meant[r]) - {c for c, loose, _ in out[spell(r)] if not loose})
                  for r in unprinted}
        assert {r: m for r, m in missed.items() if m} == {}, lang


@pytest.mark.slow  # jieba over the corpus and 词林's candidates: seconds (make test runs it)
def test_the_synonym_table_is_reviewed_line_by_line_and_current():
    from build_scripts.search import synonyms

    path = ROOT / "source" / synonyms.NAME
    reviewed = synonyms.read_reviewed(path)  # every line has its verdict, or this raises
    text = path.read_text(encoding="utf-8")
    editions_text = "\n".join(c.text for s in parse_corpus_statements() for c in s.clauses)
    runs = [m.group() for m in HAN_RUN.finditer(editions_text)]
    import jieba

    from build_scripts.search.index import fine_cut
    words = {w for r in runs for w in jieba.cut(r)} | {w for r in runs for w in fine_cut(r)}
    assert synonyms.merge(synonyms.candidates(words, editions_text), reviewed) == text  # regenerating changes nothing
    assert sum(v == "yes" for _, v in reviewed.values()) >= 50


def table(name: str) -> str | None:
    """A search table of source/ as the build reads it (read/source.py)."""
    return optional_text(ROOT / "source", name)


def parse_corpus_statements():
    from build_scripts.read.parse import parse_corpus
    return parse_corpus(ROOT / "source")[1]


def test_the_name_table_holds_only_names_the_corpus_prints_and_says_where_one_is_wrong(tmp_path):
    from build_scripts.search.names import load_names, parse_names

    (tmp_path / "names.toml").write_text('[[name]]\nzh = "瓜达尔"\nlatin = ["Gwadar"]\n\n[[name]]\nzh = "白沙瓦"\n'
                                         'latin = ["Peshawar"]\n', encoding="utf-8")
    with pytest.raises(SourceErrors) as e:
        load_names((tmp_path / "names.toml").read_text(encoding="utf-8"), "瓜达尔港的建设")
    assert [(x.line, "'白沙瓦' stands in no clause" in x.message) for x in e.value.errors] == [(5, True)]
    with pytest.raises(SourceErrors, match="expected a list of names in Latin letters"):
        parse_names('[[name]]\nzh = "瓜达尔"\nlatin = ["<script>"]\n')
    [name] = parse_names('[[name]]\nzh = "习近平"\npinyin = true\n')
    assert name.latin == ("xijinping",)


def test_an_abbreviation_that_skips_a_word_finds_the_phrase(engine, generated):
    """中巴走廊 skips 经济 in 中巴经济走廊: no list holds it; Chinese abbreviates so."""
    out = engine("zh-Hans", "中巴走廊")
    assert set(_refs(out, "中巴走廊")) == _holding(generated, "zh-Hans", "中巴经济走廊")


# --- query understanding as mechanisms: each case below is no entry of any table -------------------------------

def _node_giving(output: str) -> str:
    """NODE_RUN with `output` (JavaScript: out[q] from q and results) in place of what it gives for each query."""
    line = "out[q] = results.map(r => [r.doc.slug + '#' + r.doc.anchor, engine.snippet(r.doc, r.hits), r.doc.text]);"
    assert line in NODE_RUN
    return NODE_RUN.replace(line, output)


NODE_KINDS = _node_giving("out[q] = results.map(r => [r.doc.slug + '#' + r.doc.anchor, r.loose, "
                          "engine.snippet(r.doc, r.hits).filter(p => p[1]).map(p => p[0])]);")


@pytest.fixture(scope="module")
def ranked(generated, tmp_path_factory):
    """(clause, loose, marked pieces) of every result, through the engine in Node, on an edition's real index."""
    return _engine_runner(generated, tmp_path_factory.mktemp("ranked"), NODE_KINDS)


def test_an_abbreviation_takes_characters_from_the_parts_of_words_jieba_keeps_whole(ranked):
    # 载人航天办: 载人航天 工程 办|公室 (a word typed whole, then the start of a part); 科技部: 科学技术部 (科学 技术
    # 部, 部 ending the word); 巴总理: 巴基斯坦…总理. None of them is in a table (checked below).
    out = ranked("zh-Hans", "载人航天办", "巴总理", "上合", "进口博览会")
    assert [(c, m) for c, loose, m in out["载人航天办"] if not loose] == [("2018-11-04#s4-p3", ["载人航天工程办公室"])]
    tables = "".join((ROOT / "source" / n).read_text(encoding="utf-8") for n in ("aliases.toml", "names.toml"))
    assert "载人航天办" not in tables and '"巴总理"' not in tables
    assert [c for c, _, _ in out["进口博览会"]] == ["2018-11-04#p1"]
    # the first character starts a word of two characters or more: not 上的合作 (上 的 合作) for 上合
    assert out["上合"] and not any("上的合作" in m for _, _, marks in out["上合"] for m in marks)
    assert "2022-11-02#c1" in [c for c, _, _ in out["巴总理"]]  # 巴基斯坦伊斯兰共和国总理


def test_a_word_the_corpus_prints_finds_what_it_abbreviates(ranked):
    out = ranked("zh-Hans", "电商")  # a corpus word (电商平台) that abbreviates 电子商务 as well
    assert {"2022-11-02#c25", "2022-11-02#c26", "2022-11-02#c47"} <= {c for c, loose, _ in out["电商"] if not loose}


def test_a_full_form_typed_finds_the_short_form_the_text_prints(ranked):
    # 光纤电缆 → 光缆, 快速道路 → 快速路, typed in 繁體 with Taiwan's words; 水力發電 → 水电 inside 水电|站
    out = ranked("zh-Hant", "光纖電纜", "快速道路", "水力發電")
    assert [c for c, loose, _ in out["光纖電纜"] if not loose] == ["2015-04-20#c7"]
    assert [c for c, loose, _ in out["快速道路"] if not loose] == ["2015-04-20#c7"]
    assert {c for c, loose, _ in out["水力發電"] if not loose} == {"2015-04-20#c6", "2015-04-20#c14"}


NODE_MATCHES = _node_giving("out[q] = Object.values(engine.match(q)).map(m => m.kind);")


def test_two_characters_abbreviate_two_words_in_a_row_never_words_apart(ranked):
    # any two characters stand in order somewhere in a phrase: 中学 in 中国是巴基斯坦学生, 高中 in 高度评价将中巴,
    # 一定 in 一贯给予坚定; an abbreviation of two characters takes them from two words in a row (友城: 友好 城市,
    # 联大: 联合国 大会, 电商: 电子 商务)
    out = ranked("zh-Hans", "中学", "高中", "一定", "友城", "联大", "电商")
    assert out["中学"] == out["高中"] == out["一定"] == []
    for query, full in (("友城", "友好城市"), ("联大", "联合国大会"), ("电商", "电子商务")):
        assert any(full in marks for _, loose, marks in out[query] if not loose), query


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_a_word_of_three_characters_is_no_full_form_of_a_shorter_one(generated, tmp_path_factory):
    """A full form is two words of two characters or more (光纤 电缆, 快速 道路, 水力 发电): a three-character word
    keeping its first and last characters in a shorter word is another word (总经理 is no 总理, 三十年 no 三年,
    省辖市 no 省市), and none of jieba's commonest words the corpus does not print is found shortened."""
    kinds = _engine_runner(generated, tmp_path_factory.mktemp("kinds"), NODE_MATCHES)
    out = kinds("zh-Hans", "总经理", "三十年", "省辖市", "十一五", "外交部长")
    assert [q for q in ("总经理", "三十年", "省辖市", "十一五") if "shortened" in out[q]] == []
    assert "shortened" in out["外交部长"]  # 外长
    words = [w for w in _common_words(600) if len(w) == 3]
    found = kinds("zh-Hans", *words)
    assert [w for w in words if "shortened" in found[w]] == []


def test_a_term_cut_down_to_a_common_word_is_a_looser_match_not_a_direct_one(ranked):
    # 量子合作: no clause prints it or abbreviates it, no synonym knows 量子; 合作 alone matches half the corpus:
    # shown, said to be looser
    out = ranked("zh-Hans", "量子合作", "中国和巴基斯坦在月球上打高尔夫球")
    assert out["量子合作"] and all(loose for _, loose, _ in out["量子合作"])
    assert all(loose for _, loose, _ in out["中国和巴基斯坦在月球上打高尔夫球"])


def test_words_never_in_one_clause_find_the_clauses_holding_the_specific_ones_said_to_be_looser(ranked, generated):
    # A reader over-specifies: each word is the corpus's, no clause holds them all. The clauses holding the specific
    # words (not 合作 alone, which half the corpus holds) are offered, as a looser match; more of them first.
    out = ranked("zh-Hans", "光伏 大学 合作", "光伏 大学", "可再生能源 光伏 大学")
    holding = {w: _holding(generated, "zh-Hans", w) for w in ("光伏", "大学", "可再生能源")}
    assert not holding["光伏"] & holding["大学"]
    for q in ("光伏 大学 合作", "光伏 大学"):
        assert out[q] and all(loose for _, loose, _ in out[q])
        assert {c for c, _, _ in out[q]} == holding["光伏"] | holding["大学"]
    both = holding["光伏"] & holding["可再生能源"]
    assert both and {c for c, _, _ in out["可再生能源 光伏 大学"][:len(both)]} == both


NODE_CUT_DIRECT = _node_giving("out[q] = [engine.cut(engine.regionalForm(engine.toScript(q)), true), "
                               "results.filter(r => !r.loose).map(r => r.doc.slug + '#' + r.doc.anchor), "
                               "engine.found(engine.match(q), true) || !!engine.heldGroup(q)];")


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_a_subject_with_a_generic_word_no_clause_of_it_holds_finds_the_subject_s_clauses(generated, tmp_path_factory):
    """大学合作: no clause holds 大学 (or 高校) and 合作 both. 合作, 发展, 关系 stand in a tenth of the clauses or more:
    what a reader adds to a subject. The subject's clauses are then direct results, as the subject alone finds them,
    not a looser match. The class: every word of the corpus's index in fewer than a tenth of the clauses, with each
    generic word, typed without a space, that the engine finds nowhere whole and cuts into the two, where the
    generic word finds none of the subject's clauses."""
    import jieba

    run = _engine_runner(generated, tmp_path_factory.mktemp("cut"), NODE_CUT_DIRECT)
    texts = [c.text for s in generated[0]["zh-Hans"] for c in s.clauses]
    df: dict[str, int] = {}
    for t in texts:
        for w in {w for w in jieba.lcut(t) if len(w) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in w)}:
            df[w] = df.get(w, 0) + 1
    generic = [g for g in ("合作", "发展", "关系") if df[g] * 10 >= len(texts)]
    assert len(generic) == 3
    alone = run("zh-Hans", *sorted(w for w in df if 2 <= df[w] and df[w] * 10 < len(texts)))
    by_generic = run("zh-Hans", *generic)
    pairs = [(w, g) for w, (cut, found, _) in alone.items() for g in generic
             if cut == [w] and found and not set(found) & set(by_generic[g][1])]
    typed = run("zh-Hans", *(w + g for w, g in pairs))
    apart = [(w, g) for w, g in pairs if typed[w + g][0] == [w, g] and not typed[w + g][2]]  # not found whole
    changed = [(w, g) for w, g in apart if set(typed[w + g][1]) != set(alone[w][1])]
    assert len(apart) > 100 and changed == [], changed
    tuning = run("zh-Hans", "大学合作", "大学")  # a reader's query of a tuning set: 大学 alone finds 高校 too, and
    assert set(tuning["大学合作"][1]) >= set(tuning["大学"][1]) != set()  # a reader's word (reading) 高等教育机构


NODE_RELATED = _node_giving("out[q] = engine.related(q, results.filter(r => !r.loose))"
                            ".map(b => [b.name, b.results.map(r => r.doc.slug + '#' + r.doc.anchor)]);")


@pytest.fixture(scope="module")
def related(generated, tmp_path_factory):
    """[topic name, [clause, …]] of every related block, through the engine in Node, on an edition's real index."""
    return _engine_runner(generated, tmp_path_factory.mktemp("related"), NODE_RELATED)


def test_a_word_readers_search_a_topic_by_names_it_as_typed_held_or_in_either_script(related, generated):
    # topics.toml's readers: words no clause prints. A query that is one (神學士, typed as Taiwan writes the Taliban),
    # holds one as a word (工程师遇袭), or spells one in several Latin words (iron brother) names the topic; the start of
    # one does not (中国工程 is no 中国工程师). The blocks hold the topic's clauses: a reader's word tags none.
    topics = {t.slug: t for t in read_inputs(ROOT / "source", ROOT / "mkdocs.yml").topics}
    printed = "".join(c.text for s in generated[0]["zh-Hans"] for c in s.clauses)
    assert not any(w in printed for t in topics.values() for w in t.readers if not w.isascii())
    hant = related("zh-Hant", "神學士", "工程師遇襲", "中國工程")
    hans = related("zh-Hans", "iron brother", "中国工程")
    assert [name for name, _ in hant["神學士"]] == ["阿富汗"]
    # the clause printing 塔利班 is a direct result (synonyms.tsv, reading: 神学士 → 塔利班), the topic's others follow
    taliban = _holding(generated, "zh-Hans", "塔利班")
    assert set(hant["神學士"][0][1]) == _holding(generated, "zh-Hans", "阿富汗", "塔利班") - taliban
    assert "在巴中方人員與項目安全" in [name for name, _ in hant["工程師遇襲"]]
    assert "在巴中方人員與項目安全" not in [name for name, _ in hant["中國工程"]]
    assert "在巴中方人员与项目安全" not in [name for name, _ in hans["中国工程"]]
    assert [name for name, _ in hans["iron brother"]] == ["全天候战略合作伙伴关系"]
    readme = related("zh-Hans", "央行", "巴铁", "Taliban")  # README's examples
    assert [[name for name, _ in readme[q]] for q in ("央行", "巴铁", "Taliban")] == [
        ["金融与银行合作"], ["全天候战略合作伙伴关系"], ["阿富汗"]]


def test_a_topic_s_clauses_come_in_the_order_of_how_much_of_the_topic_they_print(related, generated):
    # The block of a topic the query names (熊猫债: 金融与银行合作; 比山高: 全天候战略合作伙伴关系) is read from the top: a
    # clause about the topic, printing more of its terms, comes before one that mentions it in passing; the newest
    # statement first among equals.
    topics = {t.name: t for t in read_inputs(ROOT / "source", ROOT / "mkdocs.yml").topics}
    texts = {f"{s.slug}#{c.anchor}": c.text for s in generated[0]["zh-Hans"] for c in s.clauses}
    out = related("zh-Hans", "熊猫债", "比山高")
    for query in ("熊猫债", "比山高"):
        [(name, clauses)] = out[query]
        terms = {t for t in (name, *topics[name].terms) if len(t) >= 2}
        printed = [sum(t in texts[c] for t in terms) for c in clauses]
        assert len(set(printed)) > 1 and printed == sorted(printed, reverse=True), (query, printed)


def test_a_name_in_another_transliteration_is_heard_as_the_corpus_name(ranked):
    # Taiwan's 喀拉蚩 and 伊斯蘭馬巴德 for 卡拉奇 and 伊斯兰堡; a Latin spelling the name table lacks (Karachy)
    out = ranked("zh-Hant", "喀拉蚩", "伊斯蘭馬巴德", "Karachy", "中文課程")
    assert {c for c, loose, _ in out["喀拉蚩"] if not loose} == {"2015-04-20#c7", "2022-11-02#c14"}
    assert {c for c, loose, _ in out["Karachy"] if not loose} == {"2015-04-20#c7", "2022-11-02#c14"}
    assert all("伊斯蘭堡" in marks for c, loose, marks in out["伊斯蘭馬巴德"] if not loose) and out["伊斯蘭馬巴德"]
    # a Chinese word is no transliteration: 中文课程 (zhongwen kecheng) is not heard as 中国政府 (zhongguo zhengfu)
    assert not any("中國政府" in marks for _, _, marks in out["中文課程"])


def test_a_person_s_full_name_finds_the_clauses_naming_them_by_a_part_no_one_else_has(ranked):
    # 夏巴兹·谢里夫 stands in one clause; the others say 夏巴兹总理. 谢里夫 is Nawaz Sharif's too (2015): not a part
    out = ranked("zh-Hans", "Shehbaz Sharif", "夏巴兹谢里夫", "Nawaz Sharif")
    found = {c for c, loose, _ in out["Shehbaz Sharif"] if not loose}
    assert found == {c for c, loose, _ in out["夏巴兹谢里夫"] if not loose} and len(found) > 1
    assert all(c.startswith("2022") for c in found)
    assert all(c.startswith("2015") for c, loose, _ in out["Nawaz Sharif"] if not loose)


def test_a_synonym_of_a_group_s_term_finds_the_whole_group(ranked, generated):
    """A reviewed synonym stands for the corpus's word as if the reader had typed it, alias groups included: 水灾
    (synonyms.tsv: → 洪灾) finds the clauses printing 洪涝灾害 and 洪水 too, as 洪灾 does. Made from the tables:
    every reviewed pair whose corpus word is a group's term, the reader's term printed nowhere and in no term."""
    texts = {f"{s.slug}#{c.anchor}": c.text for s in generated[0]["zh-Hans"] for c in s.clauses}
    corpus = "\n".join(texts.values())
    groups = [tuple(g) for g in tomllib.loads(table(ALIASES))["groups"]]
    pairs = load_synonyms(table(SYNONYMS), corpus)
    cases = {reader: group for reader, word in pairs for group in groups if word in group and reader not in corpus
             and not any(reader in m or m in reader for m in group)}
    assert len(cases) >= 5, cases
    out = ranked("zh-Hans", *cases)
    for reader, group in cases.items():
        found = {c for c, loose, _ in out[reader] if not loose}
        assert {c for c, text in texts.items() if any(m in text for m in group)} <= found, (reader, group)


def test_a_name_several_people_share_finds_each_of_them(ranked, generated):
    """谢里夫 (Sharif) is Nawaz Sharif's (2015: 谢里夫总理) and Shehbaz Sharif's (2022: 夏巴兹·谢里夫 once, then
    夏巴兹总理): a reader typing it, or a transliteration of it, means any of them, so every clause naming one of
    them is found, as printed first. Made from the name table: every part two persons' names share."""
    texts = {f"{s.slug}#{c.anchor}": c.text for s in generated[0]["zh-Hans"] for c in s.clauses}
    people = [n.zh.split("·") for n in load_names(table(NAMES), "\n".join(texts.values())) if "·" in n.zh]
    shared = sorted({p for parts in people for p in parts if len(p) >= 2
                     and sum(p in other for other in people) >= 2})
    assert "谢里夫" in shared
    out = ranked("zh-Hans", *shared)
    for part in shared:
        named = [parts for parts in people if part in parts]
        own = {p for parts in named for p in parts if len(p) >= 2 and sum(p in other for other in people) == 1}
        naming = {c for c, text in texts.items() if part in text or any(p in text for p in own)}
        found = [c for c, loose, _ in out[part] if not loose]
        assert set(found) == naming and len(named) >= 2, (part, naming - set(found), set(found) - naming)
        printed = [c for c in found if part in texts[c]]
        assert found[:len(printed)] == printed, part  # the clauses printing it come first
    # the same name typed with another character of the same sound (a pinyin input method's slip, or another
    # transliteration: 夏立夫 for 谢里夫) finds them all too
    table_of_sounds = [line.split("\t") for line in sounds.TABLE.read_text(encoding="utf-8").splitlines()[1:]]
    heard = {}
    for part in shared:
        chars = next((chars for _, chars in table_of_sounds if part[1] in chars), "")
        other = next((c for c in chars if c not in part and c not in "".join(texts.values())), None)
        if other:
            heard[part[0] + other + part[2:]] = part
    assert heard
    out_heard = ranked("zh-Hans", *heard)
    for slip, part in heard.items():
        assert {c for c, loose, _ in out_heard[slip] if not loose} == {c for c, loose, _ in out[part] if not loose}, slip


# --- the name tables are complete for the corpus (build_scripts/entities.py) --------------------------------

def _tables():
    from build_scripts.search import entities

    texts = [c.text for s in parse_corpus_statements() for c in s.clauses]
    names = load_names(table(NAMES), "\n".join(texts))
    return texts, names, entities.table_terms(names, load_aliases(table(ALIASES)))


@pytest.mark.slow  # a sweep over a table's every word: seconds (make test runs it)
def test_every_word_the_tagger_takes_for_a_name_stands_in_a_name_table():
    """Each nr/ns/nt/nz word of jieba.posseg, two characters or more, is covered where it stands by a zh of
    names.toml or a term of aliases.toml, or is a reviewed line of names-not-entities.tsv."""
    from build_scripts.search import entities

    texts, _, terms = _tables()
    excluded = entities.load_not_names(table(NOT_NAMES))
    assert entities.uncovered(texts, terms, excluded) == []
    # every reviewed line still stands for a word the tagger marks and no table covers: none is left stale
    still = {t.word for t in entities.uncovered(texts, terms)}
    assert sorted(set(excluded) - still) == []
    assert set(excluded.values()) <= {"common", "side", "generic"}


def test_a_name_a_new_statement_prints_is_reported_until_a_table_holds_it():
    from build_scripts.search import entities

    text = "双方同意在白沙瓦设立总领事馆，支持白沙瓦至卡拉奇铁路建设。"
    assert [(t.word, t.clauses) for t in entities.uncovered([text, text], {"卡拉奇"})] == [("白沙瓦", 2)]
    assert entities.uncovered([text], {"卡拉奇", "白沙瓦"}) == []
    assert entities.uncovered([text], {"卡拉奇"}, {"白沙瓦"}) == []
    assert "白沙瓦 (nr)" in entities.summary(entities.uncovered([text], {"卡拉奇"}))
    with pytest.raises(SourceErrors, match=r"names-not-entities.tsv:2:1: '巴方 side': expected a word, a tab"):
        entities.parse_not_names("# comment\n巴方 side\n")


def test_check_says_which_names_no_table_holds_and_build_does_not_run_the_tagger(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    for f in (ROOT / "source").iterdir():
        (source / f.name).write_bytes(f.read_bytes())
    reviewed = (source / "names-not-entities.tsv").read_text(encoding="utf-8")
    (source / "names-not-entities.tsv").write_text(reviewed.replace("巴方\tside\n", ""), encoding="utf-8")
    said: dict[str, str] = {}
    generate(tmp_paths(tmp_path, source), lambda stage, summary: said.setdefault(stage, summary))
    assert "names" not in said  # a build: jieba's tagger grows with the corpus (130 s at 100×)
    generate(tmp_paths(tmp_path, source), lambda stage, summary: said.setdefault(stage, summary), report_names=True)
    assert said["names"].startswith("1 words tagged as names") and "巴方 (nr)" in said["names"]


def test_a_name_is_cut_out_of_the_word_jieba_made_around_it_but_no_word_is_broken():
    from build_scripts.search.index import name_cuts

    def cut(text, name):
        return words_of(text, name_cuts(text, consistent_cuts(text, ()), [name]))
    assert "阿尔维" in cut("习近平主席同阿尔维总统举行会谈", "阿尔维")  # jieba: 同阿尔维
    assert "中央" in cut("当选中国共产党中央委员会总书记", "中国共产党")  # jieba: 中国/共产/党中央
    assert "发展中国家" in cut("增加发展中国家的代表性", "中国")  # inside a word, not at its start or end
    assert "中方" in cut("保障所有在巴中方人员", "巴中") and "人民" in cut("向阿人民提供", "阿人")


# A name's characters inside another word are not the name: 中国 in 发展中国家, 阿人 in 阿人民 (the Afghan people).
NOT_THE_NAME = {"中国": "发展中国家", "阿人": "阿人民"}


@pytest.mark.parametrize("lang", EDITIONS)
def test_every_latin_form_of_every_name_finds_every_clause_that_prints_the_name(engine, generated, lang):
    _, names, _ = _tables()
    forms = sorted({f for n in names for f in n.latin})
    out = engine(lang, *forms)
    editions, _ = generated
    clauses = [(f"{s.slug}#{c.anchor}", ZERO_WIDTH.sub("", c.text)) for s in editions["zh-Hans"] for c in s.clauses]
    missed = []
    for n in names:
        want = {ref for ref, text in clauses
                if n.zh in text.replace(NOT_THE_NAME.get(n.zh, "\0"), "")}
        missed += [(n.zh, f, sorted(want - set(_refs(out, f)))) for f in n.latin if not want <= set(_refs(out, f))]
    assert missed == []


TONES = {"a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù"}


def toned(latin: str) -> str:
    """latin with a tone mark or an accent on every vowel, in turn, as pinyin and scholarly transliteration print
    names (Xí Jìnpíng, Imrān Khān, Karāchī)."""
    out, k = [], 0
    for ch in latin:
        if ch.lower() in TONES:
            mark = TONES[ch.lower()][k % 4]
            ch, k = (mark.upper() if ch.isupper() else mark), k + 1
        out.append(ch)
    return "".join(out)


@pytest.mark.slow  # a sweep over a table's every word: seconds (make test runs it)
@pytest.mark.parametrize("lang", EDITIONS)
def test_a_latin_name_typed_with_tone_marks_or_accents_finds_what_it_finds_without(engine, lang):
    """Every Latin form of every name of the table (its pinyin too) typed with its vowels marked, precomposed as
    keyboards type them or decomposed as some PDFs hold them, finds the clauses the plain form finds."""
    _, names, _ = _tables()
    forms = sorted({f for n in names for f in n.latin})
    typed = {f: [toned(f), unicodedata.normalize("NFD", toned(f))] for f in forms}
    typed |= {"Xi Jinping": ["Xí Jìnpíng"], "Imran Khan": ["Imrān Khān"]}  # the README's examples, as it prints them
    out = engine(lang, *typed, *[t for ts in typed.values() for t in ts])
    assert all(_refs(out, f) for f in typed)
    assert [(t, f) for f, ts in typed.items() for t in ts if _refs(out, t) != _refs(out, f)] == []


FOUND_BY = [  # (query, what the statements print): names no table held before, in Latin letters and Chinese short forms
    ("IAEA", "国际原子能机构"), ("IAEA".translate(FULL_WIDTH), "国际原子能机构"),
    ("International Atomic Energy Agency", "国际原子能机构"),
    ("SUPARCO", "巴基斯坦空间和外大气层研究委员会"), ("suparco".translate(FULL_WIDTH), "巴基斯坦空间和外大气层研究委员会"),
    ("BISP", "贝娜齐尔收入支持计划"), ("Benazir Income Support Programme", "贝娜齐尔收入支持计划"),
    ("JCPOA", "联合全面行动计划"), ("QTTA", "四方过境运输协议"), ("UNFCCC", "联合国气候变化框架公约"),
    ("Karachi Circular Railway", "卡拉奇环城铁路"), ("Gandhara", "犍陀罗"), ("Palace Museum", "故宫博物院"),
    ("Alvi", "阿尔维"), ("Lahore", "拉合尔"), ("Jammu and Kashmir", "查谟和克什米尔"), ("Shehbaz", "夏巴兹"),
    ("Tibet", "涉藏"), ("20th Party Congress", "第二十次全国代表大会"),
    ("进博会", "中国国际进口博览会"), ("二十大", "第二十次全国代表大会"), ("央视", "中央电视台"),
    ("伊核协议", "联合全面行动计划"), ("西藏", "涉藏"), ("贸促会", "贸促会"),
]


@pytest.mark.parametrize("lang", EDITIONS)
def test_names_no_table_held_before_are_found_in_both_editions(engine, generated, s2tw, lang):
    queries = [q if lang == "zh-Hans" or q.isascii() or not HAN_RUN.search(q) else s2tw(q) for q, _ in FOUND_BY]
    out = engine(lang, *queries)
    for (_, printed), query in zip(FOUND_BY, queries, strict=True):
        assert set(_refs(out, query)) == _holding(generated, lang, printed), query


def test_a_compound_finds_the_text_s_compound_with_a_reviewed_synonym_in_place_of_a_word(ranked):
    # 中文课程: synonyms.tsv has 中文 → 汉语 (yes), not the compound; the text prints 汉语课程
    reviewed = (ROOT / "source" / "synonyms.tsv").read_text(encoding="utf-8")
    assert "中文\t汉语\t" in reviewed and "中文课程" not in reviewed
    out = ranked("zh-Hans", "中文课程")
    assert [(c, m) for c, loose, m in out["中文课程"] if not loose] == [("2018-11-04#s6-p4", ["汉语课程"])]


def test_a_reader_s_word_in_a_compound_is_wanted_by_its_synonyms_and_dropped_only_when_nothing_holds_them(ranked):
    # 太空研究: 太空 → 空间 (reviewed yes); the clauses holding 空间 and 研究 are direct results, not a looser match.
    # 反恐部队: 部队 → 军队 (yes), but no clause holds 反恐 (or its group's 打击恐怖主义) and 军队: the clauses of 反恐
    # are found, said to be looser only if 反恐 alone were common
    reviewed = (ROOT / "source" / "synonyms.tsv").read_text(encoding="utf-8")
    assert "太空\t空间\t" in reviewed and "部队\t军队\t" in reviewed and "太空研究" not in reviewed and "反恐部队" not in reviewed
    out = ranked("zh-Hans", "太空研究", "反恐部队")
    direct = [(c, marks) for c, loose, marks in out["太空研究"] if not loose]
    assert {c for c, _ in direct} == {"2015-04-20#c12", "2018-11-04#s4-p3"}
    assert all("空间" in marks and "研究" in marks for _, marks in direct)
    assert out["反恐部队"] and all({"反恐", "打击恐怖主义"} & set(marks) and not loose for _, loose, marks in out["反恐部队"])


NODE_HEARD = _node_giving("out[q] = engine.soundsLike(engine.regionalForm(engine.toScript(q)));")


@pytest.fixture(scope="module")
def heard(generated, tmp_path_factory):
    """The corpus names the engine hears in each query (soundsLike), on an edition's real index."""
    return _engine_runner(generated, tmp_path_factory.mktemp("heard"), NODE_HEARD)


def _common_words(n: int) -> list[str]:
    """jieba's n most frequent words of three or four characters that are no name (not nr, ns, nt, nz) nor
    abbreviation (j): what readers type that no name sounds like and that abbreviates nothing."""
    import jieba

    path = Path(jieba.__file__).parent / "dict.txt"
    rows = [line.split() for line in path.read_text(encoding="utf-8").splitlines()]
    words = [(int(r[1]), r[0]) for r in rows if len(r) == 3 and len(r[0]) in (3, 4)
             and r[2][:2] not in ("nr", "ns", "nt", "nz", "j") and all("\u4e00" <= c <= "\u9fff" for c in r[0])]
    return [w for _, w in sorted(words, key=lambda fw: (-fw[0], fw[1]))[:n]]


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_no_common_word_or_translated_name_is_heard_as_a_name(heard):
    """A consonant skeleton alone is lossy (遥测卫星 and 侯赛因 are both a-z-n; 夏巴兹 z-b-z and 中国共产党), and a
    translated name (东盟 ASEAN, 数字走廊, 巴基斯坦议会, 三峡) sounds like other words, never like another spelling
    of itself: only transliterations are heard, by their pinyin as well as their skeleton."""
    out = heard("zh-Hant", "遙測衛星", "神學士", "巴基斯坦水災", "學歷互認", "夏巴茲")
    assert out["遙測衛星"] == out["神學士"] == out["巴基斯坦水災"] == out["學歷互認"] == []
    assert out["夏巴茲"] == ["夏巴茲"]
    words = _common_words(600)
    found = heard("zh-Hans", *words)
    assert [(w, found[w]) for w in words if found[w]] == []
    # nor is an English word (space and CPEC are both s-b-z, and and India a-n-d), while a misspelt name still is
    english = ("and", "other", "only", "even", "since", "space", "water", "health", "industry", "president", "growth",
               "united", "joint", "world", "brics")
    typed = heard("zh-Hans", *english, "shanghia", "afganistan", "kashmire", "islamabaad", "pakisthan")
    assert [w for w in english if typed[w]] == []
    assert [typed[w] for w in ("shanghia", "afganistan", "kashmire", "islamabaad", "pakisthan")] == [
        ["上海"], ["阿富汗"], ["克什米尔"], ["伊斯兰堡"], ["巴基斯坦"]]
    # still heard: a transliteration other than the text's, Taiwan's or a reader's (喀拉蚩 卡拉奇, 瓜德爾 瓜达尔)
    again = heard("zh-Hant", "喀拉蚩", "瓜德爾", "謝立夫", "伊斯蘭馬巴德", "karachy", "gwader")  # a Latin query folded
    assert again == {"喀拉蚩": ["卡拉奇"], "瓜德爾": ["瓜達爾"], "謝立夫": ["謝里夫"], "伊斯蘭馬巴德": ["伊斯蘭堡"],
                     "karachy": ["卡拉奇"], "gwader": ["瓜達爾"]}


def test_the_sounds_table_kept_in_the_repository_is_what_the_libraries_give():
    """search/sounds.tsv is derived from jieba, pypinyin and OpenCC, never from the statements: a build reads it
    instead of deriving it. A release of one of them that changes it fails here until `make sounds` writes it."""
    assert sounds.TABLE.read_text(encoding="utf-8") == sounds.render(sounds.derive()), "run `make sounds`"
    assert len(sounds.sounds()) > 300 and sounds.sounds()["ka"].count("卡") == 1


def test_the_tags_of_words_are_jiebas_own():
    """The part of speech of a word (names are told by it) as jieba.posseg's table gives it, from the dictionary's
    entries a build reaches (text/segment.py), the last line winning where the file gives a word twice."""
    jieba.posseg.initialize()
    table = jieba.posseg.dt.word_tag_tab
    for word in ["巴基斯坦", "伊斯兰堡", "中巴经济走廊", "习近平", "B超", "合作", "之", "夏巴兹"]:
        assert segment.tag(word) == table.get(word), word


# --- a clause read in its statement: words typed apart, no clause holding them all ------------------------------

NODE_CONTEXT = NODE_ENGINE + """
const out = {words: {}, results: {}};
// every word of the index in under a tenth of the clauses, two Han characters or more, with the clauses it is found in
for (const w of [...engine.words].filter(w => w.length >= 2 && /^\\p{Script=Han}+$/u.test(w)).sort()) {
  const m = engine.match(w), at = Object.keys(m).filter(p => m[p].kind !== 'inside');
  if (at.length && engine.specific(m)) out.words[w] = at.map(p => engine.docs[p].slug + '#' + engine.docs[p].anchor);
}
for (const q of JSON.parse(queries)) {
  out.results[q] = engine.search(q).map(r => [r.doc.slug + '#' + r.doc.anchor, !!r.loose, !!r.context]);
}
console.log(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def in_context(generated, tmp_path_factory):
    return _engine_runner(generated, tmp_path_factory.mktemp("context"), NODE_CONTEXT)


def _pairs(words: dict[str, list[str]]) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """Pairs of specific words never in one clause, one of whose clauses stands in a statement holding the other:
    (apart, together), the latter pairs some clause holds both of; neither a part of the other."""
    statements = {w: {c.split("#")[0] for c in cs} for w, cs in words.items()}
    apart: list[tuple[str, str]] = []
    together: list[tuple[str, str]] = []
    for a, b in itertools.combinations(sorted(words), 2):
        if a in b or b in a or not statements[a] & statements[b]:
            continue
        (together if set(words[a]) & set(words[b]) else apart).append((a, b))
    return apart, together


@pytest.mark.slow
def test_words_no_clause_holds_together_find_the_clauses_whose_statement_holds_the_other(in_context):
    """Two specific words typed apart that no clause holds together (pairs drawn from the corpus, in no list): the
    clauses holding one whose statement holds the other in another clause, as direct results flagged `context`, each
    such clause and no other; before the change, none of them was a direct result."""
    words = in_context("zh-Hans")["words"]
    apart, _ = _pairs(words)
    assert len(apart) > 100
    sample = apart[:: max(1, len(apart) // 60)]
    out = in_context("zh-Hans", *(f"{a} {b}" for a, b in sample))["results"]
    checked = 0
    for a, b in sample:
        results = out[f"{a} {b}"]
        direct = [(c, context) for c, loose, context in results if not loose]
        if any(not context for _, context in direct):
            continue  # a form of a word (a synonym, an alias) holds both: not this case
        checked += 1
        statements = {w: {c.split("#")[0] for c in words[w]} for w in (a, b)}
        expected = {c for w, other in ((a, b), (b, a)) for c in words[w]
                    if c.split("#")[0] in statements[other] and c not in words[other]}
        assert {c for c, _ in direct} >= expected, (a, b)
        for c, _ in direct:  # nothing beyond: a clause of a form of a word, its statement holding the other
            slug = c.split("#")[0]
            assert slug in statements[a] and slug in statements[b], (a, b, c)
    assert checked > 30


@pytest.mark.slow
def test_clauses_holding_every_word_come_before_those_read_in_their_statement(in_context):
    words = in_context("zh-Hans")["words"]
    _, together = _pairs(words)
    sample = together[:: max(1, len(together) // 40)]
    out = in_context("zh-Hans", *(f"{a} {b}" for a, b in sample))["results"]
    seen_context = 0
    for a, b in sample:
        flags = [context for _, loose, context in out[f"{a} {b}"] if not loose]
        both = set(words[a]) & set(words[b])
        assert [c for c, loose, context in out[f"{a} {b}"] if not loose and not context][:len(both)], (a, b)
        assert flags == sorted(flags), (a, b)  # never a clause holding both after one read in its statement
        seen_context += any(flags)
    assert seen_context  # the order is tested where both kinds are shown


def test_a_generic_word_or_one_compound_never_reads_a_clause_in_its_statement(in_context):
    # 合作 and 发展 stand in a tenth of the clauses or more: every statement holds them, which says nothing of a
    # clause; the words of one compound typed together (光伏企业 no clause prints) belong together.
    out = in_context("zh-Hans", "光伏 合作", "留学生 发展", "留学生疫情", "光伏")["results"]
    assert all(out[q] for q in out)
    assert [q for q in out if any(context for _, _, context in out[q])] == []


@pytest.mark.browser
def test_clauses_read_in_their_statement_follow_a_note_that_says_so(page, server):
    page.goto(f"{server}/zh-Hant/")
    search(page, "電子商務 減貧")  # one clause holds both; others hold one, their statement the other
    items = page.eval_on_selector_all(".site-search__results > li", "els => els.map(e => e.className)")
    note = page.locator(".site-search__note")
    assert note.count() == 1 and note.inner_text() == page.locator("#site-search").get_attribute("data-context")
    assert "聲明" in note.inner_text()  # in the edition's script
    at = items.index("site-search__note")
    assert at >= 1 and len(items) > at + 1  # the clause holding both, the note, the clauses read in their statement
    direct = len(items) - 1 - items.count("site-search__group") - items.count("site-search__related")
    assert str(direct) in page.locator(".site-search__status").inner_text()


# --- a word typed with a homophone slip of a pinyin input method -------------------------------------------------

NODE_SLIPS = NODE_ENGINE + """
const [mode, limit, words] = JSON.parse(queries);  // limit: how many slips; words: a file of words
const printed = t => engine.docs.some(d => d.hay.includes(t));
const where = t => Object.keys(engine.match(t)).filter(p => engine.match(t)[p].kind === 'exact')
  .map(p => engine.docs[p].slug + '#' + engine.docs[p].anchor).sort();
const out = [];
if (mode === 'slips') {
  // each word of the corpus of 3 or 4 characters, one character swapped for another of its sound: a string no clause
  // prints, no word of the index
  const bySound = {};
  for (const ch of Object.keys(engine.syllable).sort()) {
    (bySound[engine.syllable[ch]] = bySound[engine.syllable[ch]] || []).push(ch);
  }
  for (const w of [...engine.words].filter(w => /^\\p{Script=Han}{3,4}$/u.test(w)).sort()) {
    if (out.length >= +limit) break;
    const chars = Array.from(w), at = out.length % chars.length;  // the slip's place moves along
    const swap = c => chars.slice(0, at).join('') + c + chars.slice(at + 1).join('');
    const other = (bySound[engine.syllable[chars[at]]] || []).find(c => c !== chars[at] && engine.toScript(c) === c &&
      !printed(swap(c)) && !engine.words.has(swap(c)));  // a character of the edition's script
    if (!other || !where(w).length) continue;
    const slip = swap(other);
    const direct = engine.search(slip).filter(r => !r.loose).map(r => r.doc.slug + '#' + r.doc.anchor);
    out.push([w, slip, where(w), direct]);
  }
} else {
  for (const w of JSON.parse(fs.readFileSync(words, 'utf8'))) {
    if (!printed(w)) out.push([w, Object.keys(engine.homophones(w)).length]);
  }
}
console.log(JSON.stringify(out));
"""


@pytest.fixture(scope="module")
def slips(generated, tmp_path_factory):
    run = _engine_runner(generated, tmp_path_factory.mktemp("slips"), NODE_SLIPS)
    return lambda lang, mode, limit, words: run(lang, mode, str(limit), words)


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_a_word_typed_with_a_homophone_slip_finds_the_word(slips, lang):
    """A pinyin input method offers every character of a sound; a reader picks the wrong one (国是访问 for 国事访问).
    Slips made from the corpus's own words, one character swapped for another of its sound (no list holds them):
    each finds the clauses printing the word, as direct results."""
    out = slips(lang, "slips", 80, "")
    assert len(out) >= 40
    missed = [(w, slip) for w, slip, expected, direct in out if not set(expected) <= set(direct)]
    assert not missed, missed


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_hardly_a_common_word_is_heard_as_a_phrase_it_only_sounds_like(slips, tmp_path):
    """jieba's 5,000 commonest words of three or four characters that no clause prints: one at most is
    heard as a phrase of the corpus sounding the same. A character that differs stands in a word of two characters
    or more (发展史 is not 发展|是); 等级制 → 等|机制 is the one left: nothing in the clause tells it from 党中仰 →
    党|中央."""
    words = tmp_path / "words.json"
    words.write_text(json.dumps(_common_words(5000)), encoding="utf-8")
    out = slips("zh-Hans", "common", 0, str(words))
    assert len(out) > 4000
    heard = [w for w, n in out if n]
    assert len(heard) <= 1, heard  # of about 5,000


# --- numbers, typed in the other writing ---------------------------------------------------------------------------

_HAN = "零一二三四五六七八九"


def _chinese(n: int) -> str:
    """n (1 to 9999) in Chinese numerals as the statements write counts: 十一, 一百零五, 一百五十, 一千零一十五."""
    if n < 10:
        return _HAN[n]
    if n < 100:
        return ("" if n < 20 else _HAN[n // 10]) + "十" + (_HAN[n % 10] if n % 10 else "")
    unit, size = ("百", 100) if n < 1000 else ("千", 1000)
    head, rest = divmod(n, size)
    ten = "一" if 10 <= rest < 20 else ""  # 一百一十, not 一百十
    tail = "" if not rest else ("零" if rest < size // 10 else "") + ten + _chinese(rest)
    return _HAN[head] + unit + tail


def _arabic(text: str) -> int:
    if text.isdigit():
        return int(text)
    if not any(u in text for u in "十百千"):
        return int("".join(str("〇一二三四五六七八九".index(c)) if c in "〇一二三四五六七八九" else str(_HAN.index(c))
                           for c in text))
    total, digit = 0, None
    for c in text:
        if c in "十百千":
            total += (1 if digit is None else digit) * {"十": 10, "百": 100, "千": 1000}[c]
            digit = None
        elif c != "零":
            digit = _HAN.index(c)
    return total + (digit or 0)


NUMBER = re.compile(r"(?<![0-9〇零一二三四五六七八九十百千])(第?)([0-9]+|[〇一二三四五六七八九十百千]+)(次|周年|亿|年)")


def _numbers(generated) -> dict[str, tuple[str, set[str]]]:
    """Each count the corpus prints with what it counts (第十一次, 150亿, 10周年, 2023年): the other writing of it
    (第11次, 一百五十亿), and the clauses printing it."""
    editions, _ = generated
    out: dict[str, tuple[str, set[str]]] = {}
    for s in editions["zh-Hans"]:
        for c in s.clauses:
            for m in NUMBER.finditer(c.text):
                first, digits, unit = m.groups()
                if len(digits) == 1 and not first and not digits.isdigit():
                    continue  # a lone 一 or 三 is most often a word's
                value = _arabic(digits)
                other = str(value) if not digits.isdigit() else _chinese(value) if value < 1000 or unit != "年" else \
                    "".join("〇一二三四五六七八九"[int(d)] for d in digits)
                out.setdefault(m.group(), (first + other + unit, set()))[1].add(f"{s.slug}#{c.anchor}")
    return out


def test_a_count_typed_in_the_other_writing_finds_the_clauses_printing_it(engine, generated):
    """第11次 finds 第十一次, 一百五十亿 150亿, 二〇二三年 2023年: every count the corpus prints, written the other
    way by this test's own converter; and never a clause counting otherwise (第十次 is no 第十一次)."""
    numbers = _numbers(generated)
    assert len(numbers) >= 15
    queries = [other for other, _ in numbers.values()]
    out = engine("zh-Hans", *queries)
    missed = [(printed, other) for printed, (other, where) in numbers.items() if not where <= set(_refs(out, other))]
    assert not missed, missed
    wrong = [(other, ref) for printed, (other, where) in numbers.items() for ref in _refs(out, other)
             if not any(p in text for p in (printed, other) for r, _, text in out[other] if r == ref)]
    assert not wrong, wrong


def test_a_different_count_finds_no_clause_counting_otherwise(ranked, generated):
    # 第十次 and 第二十次 abbreviate 第十一次 and shorten to 第二次 character by character; counts are not abbreviated
    numbers = [p for p in _numbers(generated) if p.startswith("第") and p.endswith("次")]
    assert len(numbers) >= 5
    texts = {f"{s.slug}#{c.anchor}": c.text for s in generated[0]["zh-Hans"] for c in s.clauses}
    out = ranked("zh-Hans", *numbers)
    for printed in numbers:  # as printed: only the clauses counting so
        other = _numbers(generated)[printed][0]
        assert all(printed in texts[c] or other in texts[c] for c, loose, _ in out[printed] if not loose), printed
    asked: dict[str, str] = {}  # a count no clause prints → the printed count it is not
    for printed in numbers:
        value = _arabic(printed[1:-1])
        for other in (value + 1, value * 10, value + 10):
            query = f"第{_chinese(other)}次" if other < 100 else f"第{other}次"
            if not any(query in t or f"第{other}次" in t for t in texts.values()):
                asked[query] = printed
    out = ranked("zh-Hans", *asked)
    for query, printed in asked.items():
        direct = [c for c, loose, _ in out[query] if not loose]
        assert not any(printed in texts[c] for c in direct), (query, printed)


def test_the_readme_s_examples_of_slips_counts_and_clauses_read_in_their_statement(in_context, ranked):
    out = ranked("zh-Hans", "国是访问", "第11次", "二〇二三年")
    assert [c for c, loose, _ in out["国是访问"] if not loose] == ["2015-04-20#c1"]  # 国事访问
    assert "2022-11-02#c13" in [c for c, loose, _ in out["第11次"] if not loose]  # 第十一次会议
    assert "2022-11-02#c20" in [c for c, loose, _ in out["二〇二三年"] if not loose]  # 2023年
    results = in_context("zh-Hans", "留学生 疫情")["results"]["留学生 疫情"]
    assert {"2020-03-17#p4", "2022-11-02#c28"} <= {c for c, loose, context in results if context and not loose}


# --- a query typed in either script, whatever characters it holds ---------------------------------------------------

NODE_SCRIPTS = NODE_ENGINE + """
const out = {};
for (const q of JSON.parse(fs.readFileSync(JSON.parse(queries)[0], 'utf8'))) {
  out[q] = engine.search(q).filter(r => !r.loose).map(r => r.doc.slug + '#' + r.doc.anchor);
}
console.log(JSON.stringify(out));
"""


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_a_table_s_word_in_a_compound_finds_the_same_typed_in_either_script(generated, tmp_path, lang):
    """The regional, synonym and name tables' words hold characters the statements never print (訊 of 資訊): a query
    holding one, typed in the other script, reached the table only by luck (資訊科技 found 2 clauses on the 简体 site,
    资讯科技 4). Every word of the source edition's tables, with a word of the corpus after it, typed in 简体 and in
    繁體: the same direct results in each edition."""
    from build_scripts.text.script import to_simplified

    files = _index_files(generated)
    index = read_index_script(files[f"zh-Hans/{INDEX_FILE}"])
    words = sorted({w for table in (index["regional"], index["synonyms"]) for w in table
                    if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w) and to_simplified(w) == w})  # in 简体 (not 美利堅合衆國)
    to_hant = generated[1]["zh-Hant"]
    pairs = [(w + "科技", to_hant(w + "科技")) for w in words] + [(w + "合作", to_hant(w + "合作")) for w in words]
    pairs = [(a, b) for a, b in pairs if a != b]
    assert len(pairs) > 500
    queries = tmp_path / "queries.json"
    queries.write_text(json.dumps([q for pair in pairs for q in pair]), encoding="utf-8")
    out = _engine_runner(generated, tmp_path, NODE_SCRIPTS)(lang, str(queries))
    differ = [(a, b) for a, b in pairs if out[a] != out[b]]
    assert not differ, differ[:10]


NODE_BOTH = """
const vm = require('vm'), fs = require('fs');
const [client, hans, hant] = process.argv.slice(1);
function load(index) {
  const ctx = {}; ctx.globalThis = ctx; vm.createContext(ctx);
  vm.runInContext(fs.readFileSync(index, 'utf8').replace('window.', 'globalThis.'), ctx);
  vm.runInContext(fs.readFileSync(client, 'utf8'), ctx);
  return new ctx.SiteSearch(ctx.__siteSearchIndex);
}
const H = load(hans), T = load(hant);
// every word of the corpus the editions write differently, aligned by place in the same clause
const pairs = new Map();
H.docs.forEach((d, i) => {
  const t = T.docs[i];
  if (d.hay.length !== t.hay.length) return;
  for (let last = 0, k = 1; k <= d.hay.length; k++) {
    if (!d.bound[k]) continue;
    const a = d.hay.slice(last, k), b = t.hay.slice(last, k);
    if (a.length >= 2 && a !== b && /^\\p{Script=Han}+$/u.test(a)) pairs.set(a, b);
    last = k;
  }
});
const differ = [];
for (const [a, b] of [...pairs].sort()) {
  for (const [lang, E] of [['zh-Hans', H], ['zh-Hant', T]]) {
    const found = q => E.search(q).filter(r => !r.loose).map(r => r.doc.position).join();
    if (found(a) !== found(b)) differ.push([lang, a, b]);
  }
}
console.log(JSON.stringify({n: pairs.size, differ}));
"""


@pytest.mark.slow  # a sweep over a table's every word: seconds (make test runs it)
def test_every_word_of_the_corpus_finds_the_same_typed_in_either_script(generated, tmp_path):
    """Every word the editions write differently (谢里夫 謝里夫, 机制 機制, 两国间 兩國間), typed in 简体 and in 繁體,
    finds the same in each edition. Before: 機制 typed on the 繁體 site was 機製 (制 most often 製 there), 謝里夫
    謝裡夫, and 兩國間, printed nowhere as typed on the 简体 site, found its reader's synonyms too."""
    import subprocess

    files = _index_files(generated)
    for lang in ("zh-Hans", "zh-Hant"):
        (tmp_path / f"{lang}.js").write_text(files[f"{lang}/{INDEX_FILE}"], encoding="utf-8")
    out = json.loads(subprocess.run(["node", "-e", NODE_BOTH, str(CLIENT), str(tmp_path / "zh-Hans.js"),
                                     str(tmp_path / "zh-Hant.js")], capture_output=True, text=True, check=True).stdout)
    assert out["n"] > 500
    assert out["differ"] == []


NODE_SPELLINGS = NODE_ENGINE + """
const differ = [];
for (const [typed, word] of JSON.parse(fs.readFileSync(JSON.parse(queries)[0], 'utf8'))) {
  const found = q => engine.search(q).filter(r => !r.loose).map(r => r.doc.position).join();
  if (found(typed) !== found(word)) differ.push([typed, word]);
}
console.log(JSON.stringify(differ));
"""


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_every_word_of_the_corpus_finds_the_same_in_every_standard_s_spelling(generated, tmp_path, lang):
    """Readers type in whatever standard their software spells: OpenCC's own 繁體 and Hong Kong's (爲 衞 峯 裏), Taiwan's
    (為 衛 峰 裡). Every word of the corpus, in each spelling script.spellings gives it, finds the same as the word
    itself. Before, 作爲, 衞生, 啓動, 峯會 and 年裏 found nothing or something else in both editions."""
    from build_scripts.text.script import spellings

    index = read_index_script(_index_files(generated)[f"zh-Hans/{INDEX_FILE}"])
    words = [w for w in index["words"] if re.fullmatch(r"[\u4e00-\u9fff]{2,}", w)]
    pairs = sorted({(v, w) for w in words for v in spellings(w) if v != w})
    assert len(pairs) > 800
    (tmp_path / "pairs.json").write_text(json.dumps(pairs), encoding="utf-8")
    differ = _engine_runner(generated, tmp_path, NODE_SPELLINGS)(lang, str(tmp_path / "pairs.json"))
    assert differ == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="中巴合作关系发展", max_size=400), st.lists(st.text(alphabet="中巴合作关系发展", min_size=1, max_size=4),
                                                        max_size=700), st.integers(0, 3))
def test_where_words_first_stand_is_what_find_says_for_each(text, words, extra):
    """search/terms.first_places finds many words in one pass per length (a find each was quadratic in the corpus:
    180 s of a ×100 build); its answer is str.find's, word for word, above and below SCAN_FROM words a length."""
    from build_scripts.search import terms as search_terms

    words = [*words, "发展合作" * (extra + 1)]  # and a word the text may not hold
    kept = search_terms.SCAN_FROM
    try:
        for scan_from in (1, kept):  # every length scanned, and the build's own threshold
            search_terms.SCAN_FROM = scan_from
            assert search_terms.first_places(text, words) == {w: text.find(w) for w in words}
    finally:
        search_terms.SCAN_FROM = kept


def test_the_editions_find_where_the_index_words_stand_once(monkeypatch):
    """Every edition's as_printed asks where the same words stand in the same source text: found once for all of
    them (one pass per word length over the whole corpus, 2 s of CPU at ×100), and each edition still prints a word
    as its own text does."""
    from build_scripts.search import terms as search_terms

    passes = []
    real = search_terms.first_places

    def counted(text, words):
        passes.append(len(text))
        return real(text, words)

    monkeypatch.setattr(search_terms, "first_places", counted)
    search_terms._places.cache_clear()
    source = ["中巴全天候战略合作伙伴关系", "双方同意加强经贸合作"]
    editions = {"zh-Hans": source, "zh-Hant": ["中巴全天候戰略合作夥伴關係", "雙方同意加強經貿合作"]}
    words = ["战略合作", "经贸", "伙伴关系", "未见"]
    printed = {lang: search_terms.as_printed(source, texts, lambda w: f"({w})", words) for lang, texts in editions.items()}
    assert len(passes) == 1
    assert [printed["zh-Hant"](w) for w in words] == ["戰略合作", "經貿", "夥伴關係", "(未见)"]
    assert [printed["zh-Hans"](w) for w in words] == ["战略合作", "经贸", "伙伴关系", "(未见)"]
