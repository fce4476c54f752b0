"""著 → 着 by class for t2s (build_scripts/convert/particle.py): held-out sentences, the generated file, OpenCC's matching."""

from __future__ import annotations

import json

import opencc
import pytest

from build_scripts.convert import converter as conversion
from build_scripts.convert import particle
from build_scripts.convert.converter import TO_SIMPLIFIED, converter, read_generated, read_phrases, write_config
from build_scripts.errors import BuildError

from .conftest import ROOT

HELD_OUT = json.loads((ROOT / "tests" / "conversion_heldout_t2s.json").read_text(encoding="utf-8"))["cases"]
ZHU, ZHE = "著", "着"


@pytest.fixture(scope="module")
def t2s(tmp_path_factory):
    return converter(TO_SIMPLIFIED, tmp_path_factory.mktemp("opencc-t2s"))


@pytest.fixture(scope="module")
def before(tmp_path_factory):
    """t2s as it was before the generated entries: stock OpenCC behind t2s.txt alone."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(conversion, "read_generated", lambda config: [])
        return opencc.OpenCC(str(write_config(TO_SIMPLIFIED, tmp_path_factory.mktemp("opencc-before")))).convert


@pytest.fixture(scope="module")
def entries() -> dict[str, tuple[str, ...]]:
    """The generated file: source → (converted, kind, reason)."""
    rows = [line.split("\t") for line in particle.OUTPUT.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    found = {source: (converted, *why.split(": ", 1)) for source, converted, why in rows}
    assert len(found) == len(rows), "each Traditional phrase once"
    return found


@pytest.mark.parametrize("case", HELD_OUT, ids=[c["input"] for c in HELD_OUT])
def test_held_out_sentence(t2s, case):
    assert t2s(case["input"]) == case["t2s"], case["著"]


def test_the_held_out_particles_fail_without_the_generated_entries_and_the_zhu_pass(before):
    particles = [c for c in HELD_OUT if "particle" in c["著"]]
    zhu_only = [c for c in HELD_OUT if c["著"] == "zhù"]
    assert len(particles) >= 30 and len(zhu_only) >= 20
    stock = opencc.OpenCC(TO_SIMPLIFIED).convert
    assert [c["input"] for c in particles if stock(c["input"]) == c["t2s"]] == []
    # one by chance: 連接著 holds 接著, a phrase of t2s.txt
    assert [c["input"] for c in particles if before(c["input"]) == c["t2s"]] == ["中巴經濟走廊連接著中國西部和阿拉伯海。"]
    assert [c["input"] for c in zhu_only if before(c["input"]) != c["t2s"]] == []


def test_every_held_out_zhu_is_decided_right(t2s):
    """Per occurrence of 著: the particle converted (recall), zhù kept (precision of the conversion)."""
    tally = {"particle converted": 0, "particle missed": 0, "zhù kept": 0, "zhù converted": 0}
    for case in HELD_OUT:
        out = t2s(case["input"])
        for i, ch in enumerate(case["input"]):
            if ch == ZHU:
                particle_here = case["t2s"][i] == ZHE
                tally[("particle " if particle_here else "zhù ") + ("converted" if out[i] == ZHE else
                                                                   "missed" if particle_here else "kept")] += 1
    assert tally == {"particle converted": 32, "particle missed": 0, "zhù kept": 25, "zhù converted": 0}


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_the_generated_file_is_current():
    assert particle.OUTPUT.read_text(encoding="utf-8") == particle.build(), (
        "run `python -m build_scripts.convert.particle --write` (make audit-conversion) and review the diff")


def test_every_entry_converts_the_rest_as_stock_opencc_does(entries):
    stock = opencc.OpenCC(TO_SIMPLIFIED).convert
    wrong = [s for s, (t, kind, _) in entries.items()
             if stock(s) != t.replace(ZHE, ZHU) or (ZHE in t) != (kind in ("verb", "word")) or ZHU not in s]
    assert wrong == []


def test_the_kinds_and_their_counts(entries):
    kinds = {kind for _, kind, _ in entries.values()}
    assert kinds == set(particle.KINDS)
    count = {kind: sum(k == kind for _, k, _ in entries.values()) for kind in particle.KINDS}
    assert 4000 < count["verb"] < 8000 and count["word"] > 100 and count["kept"] > 30  # 95% of verb occurrences
    assert sorted(s for s, (_, kind, _) in entries.items() if kind == "head") == ["著作", "著名", "著稱", "著述", "著錄"]


def test_a_verb_whose_zhe_makes_a_kept_word_is_left_out(entries, t2s):
    # 显 is a verb in jieba, but 顯 + 著 is 显著: the entry would have made 成效顯著 成效显着
    assert entries["顯著"][1:] == ("kept", "显著 a 2721; not verb 显 v 4574")
    assert entries["合著"][1] == "kept" and t2s("學者合著") == "学者合著"


def test_a_kept_word_wins_over_a_word_entry_that_begins_with_its_zhu(entries, t2s):
    assert entries["著地"][:2] == ("着地", "word")  # 着地 (to land) begins at the 著 of 顯著地
    assert t2s("成效顯著地提高") == "成效显著地提高"


def test_a_longer_verb_entry_that_holds_a_kept_word_wins(entries, t2s):
    assert entries["結合著"][:2] == ("结合着", "verb")  # holds 合著 (co-authored)
    assert t2s("雙方結合著兩國國情") == "双方结合着两国国情"


def test_opencc_matches_forward_so_the_heads_must_be_segmentation_units(tmp_path, t2s):
    """At each position the longest entry starting there wins: 是著 (a verb entry) takes the 著 of 著名 after it."""
    with pytest.MonkeyPatch.context() as m:
        m.setattr(conversion, "UNIT_KINDS", ())
        no_units = opencc.OpenCC(str(write_config(TO_SIMPLIFIED, tmp_path))).convert
    assert no_units("巴基斯坦是著名的文明古國") == "巴基斯坦是着名的文明古国"
    assert t2s("巴基斯坦是著名的文明古國") == "巴基斯坦是著名的文明古国"
    config = json.loads(write_config(TO_SIMPLIFIED, tmp_path / "with").read_text(encoding="utf-8"))
    units = (tmp_path / "with" / f"{TO_SIMPLIFIED}-units.txt").read_text(encoding="utf-8").split()
    assert config["segmentation"]["type"] == "mmseg" and set(units[::2]) == {"著作", "著名", "著稱", "著述", "著錄"}


def test_the_written_phrases_come_first_and_agree_with_the_generated_ones(entries):
    written = read_phrases(TO_SIMPLIFIED)
    assert [(s, t) for s, t in written if s in entries and entries[s][0] != t] == []
    assert [s for s, _ in written if s not in entries] == ["經歷著"]  # 经历: a verb jieba tags n only


def test_another_config_has_no_generated_entries_and_keeps_its_config(tmp_path):
    assert read_generated("s2tw") == []
    config = json.loads(write_config("s2tw", tmp_path).read_text(encoding="utf-8"))
    first = config["segmentation"]["dict"]["dicts"][0]
    assert first == {"type": "text", "file": str(tmp_path / "s2tw-project.txt")}  # the written phrases, as before


def test_a_malformed_generated_line_is_an_error(tmp_path, monkeypatch):
    monkeypatch.setattr(conversion, "PHRASE_DIR", tmp_path)
    (tmp_path / "x-generated.tsv").write_text("# comment\n隨著\t随着\tword: 随着 p 10614\n隨著\t随着\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"x-generated.tsv:3:1: expected"):
        read_generated("x")


def test_a_verb_entry_that_would_also_make_a_common_zhu_word_is_left_out(entries, t2s):
    """为名 + 著 holds 名著 (a classic): neither is far commoner in jieba's counts, so 著 stays, as stock t2s leaves it."""
    assert "為名著" not in entries
    assert t2s("這部小說被譽為名著") == "这部小说被誉为名著"
