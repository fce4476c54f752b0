"""The cnsyn and CC-CEDICT candidates of build_scripts/search/synonyms.py on small made-up resources: which pairs a person
is asked to review, and how the reviewed file is merged. The real resources are the maintainer's (`make synonyms`); the
reviewed table itself is checked in tests/test_search.py."""

from __future__ import annotations

import numpy as np
import pytest

from build_scripts.errors import SourceErrors
from build_scripts.search import synonyms

TEXT = "推进光伏项目，防治荒漠化，巴方感谢中方。"
FLAGS = {"光伏": "j", "荒漠化": "n", "感谢": "v", "巴方": "nr", "推进": "v", "项目": "n"}
DICTIONARY = {"太阳能": "n", "沙漠化": "n", "因为": "c", "一帆风顺": "i", "感激": "v"}


def candidates(neighbours, groups=(), taken=()):
    return synonyms.cnsyn_candidates(FLAGS, TEXT, neighbours, groups, DICTIONARY.get, taken)


def test_a_near_neighbour_the_corpus_does_not_print_is_a_candidate_with_its_distance():
    got = candidates({"光伏": [("太阳能", 2.25), ("项目", 1.9), ("光电池", 2.73)], "荒漠化": [("沙漠化", 2.04)]})
    assert got == [("太阳能", "光伏", "cnsyn:emb:2.25"), ("沙漠化", "荒漠化", "cnsyn:emb:2.04")]  # 项目 is printed


def test_function_words_idioms_single_characters_latin_and_shared_vectors_are_left_out():
    got = candidates({"感谢": [("因为", 1.5), ("一帆风顺", 1.6), ("谢", 1.2), ("Thanks", 1.3), ("感激", 0.0)],
                      "巴方": [("印方", 1.0)]})  # 巴方: a person name's flag, not asked about
    assert got == []


def test_a_term_near_two_corpus_words_is_proposed_for_both_up_to_the_looser_bound():
    far = synonyms.EMBEDDING_MAX + 0.1
    got = candidates({"光伏": [("新能源", far)], "荒漠化": [("新能源", 2.0), ("旱区", far)]})
    assert got == [("新能源", "光伏", f"cnsyn:emb2:{far:.2f}"), ("新能源", "荒漠化", "cnsyn:emb2:2.00")]  # not 旱区
    assert candidates({"光伏": [("新能源", synonyms.EMBEDDING_SHARED_MAX + 0.01)],
                       "荒漠化": [("新能源", 2.0)]}) == [("新能源", "荒漠化", "cnsyn:emb:2.00")]


def test_small_sim_groups_give_their_members_and_say_when_the_vectors_agree():
    big = ("荒漠化", *(f"沙化{i}" for i in range(synonyms.SIM_GROUP_MAX)))
    got = candidates({"光伏": [("太阳能", 2.25)]}, [("wiki", ("光伏", "太阳能", "光生伏特")), ("dict", big)])
    assert got == [("光生伏特", "光伏", "cnsyn:sim:wiki"), ("太阳能", "光伏", "cnsyn:sim:wiki+emb:2.25")]


def test_a_pair_another_source_proposes_is_not_proposed_again():
    assert candidates({"感谢": [("感激", 2.08)]}, taken={("感激", "感谢")}) == []


def test_nearest_gives_the_balltree_answer_nearest_first_without_the_word_itself():
    vocabulary = ["甲", "乙", "丙", "丁"]
    vectors = np.array([[0.0, 0.0], [3.0, 4.0], [1.0, 0.0], [0.0, 2.0]])
    assert synonyms.nearest(["甲", "戊"], vocabulary, vectors, k=2) == {"甲": [("丙", 1.0), ("丁", 2.0)]}


def test_a_merge_keeps_every_verdict_and_a_pair_found_under_another_code_once():
    reviewed = {("太阳能", "光伏"): ("cnsyn:emb:2.25", "yes"), ("天津", "上海"): ("cnsyn:emb2:1.87", "no")}
    text = synonyms.merge([("太阳能", "光伏", "cnsyn:sim:wiki+emb:2.25"), ("沙漠化", "荒漠化", "cnsyn:emb:2.04")], reviewed)
    assert text.split("\n")[-4:] == ["天津\t上海\tcnsyn:emb2:1.87\tno", "太阳能\t光伏\tcnsyn:sim:wiki+emb:2.25\tyes",
                                     "沙漠化\t荒漠化\tcnsyn:emb:2.04\t", ""]


def test_a_merge_keeps_a_reading_line_no_resource_proposes_and_lists_the_clauses_no_reading_line_reaches():
    reviewed = {("蓝色经济", "海洋经济"): ("reading", "yes"), ("暖化", "气候变化"): ("reading", "no"),
                ("太阳能", "光伏"): ("cnsyn:emb:2.25", "yes")}
    assert "蓝色经济\t海洋经济\treading\tyes" in synonyms.merge([], reviewed).split("\n")
    clauses = {"a#c1": "双方同意发展海洋经济。", "a#c2": "应对气候变化。", "a#c3": "光伏项目。"}
    assert synonyms.unreached(clauses, reviewed) == ["a#c2", "a#c3"]  # a `no` and another source reach none


@pytest.mark.parametrize("line, column, expected", [
    ("蓝色 经济\t海洋经济\treading\tyes", 1, "'蓝色 经济': expected a reader's word as one term"),
    ("蓝色经济。\t海洋经济\treading\tyes", 1, "'蓝色经济。': expected a reader's word as one term"),
    ("CPEC\t中巴经济走廊\treading\tyes", 1, "'CPEC': expected a reader's word as one term"),
    ("蓝色经济\t \treading\tyes", 6, "expected the phrase the clauses print"),
    ("蓝色经济\t海洋经济\treading", 1, "expected reader's term<TAB>corpus's term<TAB>group<TAB>yes or no"),
])
def test_a_hand_written_reading_line_that_is_no_term_says_file_line_column_and_what_was_expected(line, column,
                                                                                                   expected):
    with pytest.raises(SourceErrors) as raised:
        synonyms.parse_reviewed("# header\n" + "太阳能\t光伏\tcnsyn:emb:2.25\tyes\n" + line + "\n")
    [error] = raised.value.errors
    assert (error.path, error.line, error.column) == (synonyms.NAME, 3, column) and expected in error.message


# --- CC-CEDICT, on a made-up dictionary in its format (traditional simplified [pinyin] /gloss/gloss/) ------------

CEDICT = """# CC-CEDICT
#! version=1
太空人 太空人 [tai4 kong1 ren2] /astronaut/
航天員 航天员 [hang2 tian1 yuan2] /astronaut/
宇航員 宇航员 [yu3 hang2 yuan2] /astronaut (coll.)/CL:個|个[ge4]/
沙漠化 沙漠化 [sha1 mo4 hua4] /desertification/
荒漠化 荒漠化 [huang1 mo4 hua4] /desertification/
減碳 减碳 [jian3 tan4] /(Tw) to reduce carbon emissions/
減排 减排 [jian3 pai2] /to reduce carbon emissions/
碳 碳 [tan4] /to reduce carbon emissions/
網絡 网络 [wang3 luo4] /network (computing, telecommunications, transport etc)/
網路 网路 [wang3 lu4] /network (computer, telecom)/Taiwanese term for 網絡|网络[wang3 luo4]/
納秒 纳秒 [na4 miao3] /nanosecond, ns, 10^-9 s (PRC)/Taiwan equivalent: 奈秒[nai4 miao3]/
布希 布希 [Bu4 xi1] /Taiwan equivalent of 布什[Bu4 shi2]/
全球暖化 全球暖化 [quan2 qiu2 nuan3 hua4] /global warming (Taiwan and Hong Kong usage)/written 全球變暖|全球变暖 in PRC/
印地安 印地安 [Yin4 di4 an1] /(Tw) (American) Indian/also written 印第安[Yin4 di4 an1]/
計畫 计画 [ji4 hua4] /variant of 計劃|计划[ji4 hua4]/
"""
CORPUS = "培训航天员，防治荒漠化，减排，网络安全，纳秒授时，应对全球变暖，印第安，布什，计划。"
WORDS = ["培训", "航天员", "防治", "荒漠化", "减排", "网络", "安全", "纳秒", "授时", "应对", "全球变暖", "印第安", "布什", "计划"]


def test_cedict_entries_are_read_with_their_glosses_and_glosses_are_keyed_by_meaning():
    entries = synonyms.cedict_entries(CEDICT)
    assert entries[2] == ("宇航員", "宇航员", ("astronaut (coll.)", "CL:個|个[ge4]"))
    key = synonyms.gloss_key
    assert key("(Tw) to reduce carbon emissions") == key("To reduce carbon emissions") == "reduce carbon emissions"
    assert key("network (computing, telecommunications, transport etc)") == "network"
    assert key("Mohammed (c. 570-632), prophet") == "mohammed, prophet"
    for pointer in ("CL:個|个[ge4]", "see 網絡|网络[wang3 luo4]", "Taiwan pr. [xi2]", "(Tw)"):
        assert key(pointer) is None, pointer


def test_cedict_gives_headwords_sharing_a_rare_gloss_and_taiwan_words_pointed_at_the_corpus_word():
    got = synonyms.cedict_candidates(WORDS, CORPUS, synonyms.cedict_entries(CEDICT))
    assert got == sorted([
        ("太空人", "航天员", "cedict:gloss:astronaut"), ("宇航员", "航天员", "cedict:gloss:astronaut"),
        ("沙漠化", "荒漠化", "cedict:gloss:desertification"),
        ("减碳", "减排", "cedict:gloss:reduce carbon emissions"),  # not 碳: one character
        ("网路", "网络", "cedict:tw"),  # Taiwanese term for 網絡|网络; the pointer wins over the shared /network/
        ("奈秒", "纳秒", "cedict:tw"),  # on the mainland word: Taiwan equivalent: 奈秒
        ("布希", "布什", "cedict:tw"),  # Taiwan equivalent of 布什
        ("全球暖化", "全球变暖", "cedict:tw"),  # Taiwan usage, written 全球变暖 in PRC
        ("印地安", "印第安", "cedict:tw"),  # (Tw) … also written 印第安
    ])  # not 计画: its `variant of` is no Taiwan word's
    assert ("减碳", "减排") not in {(a, b) for a, b, _ in synonyms.cedict_candidates(WORDS, CORPUS + "减碳",
                                                                                     synonyms.cedict_entries(CEDICT))}


def test_a_gloss_more_headwords_share_than_the_cap_is_no_synonym_and_a_taken_pair_is_not_proposed():
    many = "".join(f"培训{c} 培训{c} [pei2 xun4] /to train/\n" for c in "甲乙丙丁戊己庚辛壬癸"[:synonyms.CEDICT_GLOSS_MAX])
    many = "培訓 培训 [pei2 xun4] /to train/\n" + many  # the corpus word and CEDICT_GLOSS_MAX others
    entries = synonyms.cedict_entries(CEDICT + many)
    assert [p for p in synonyms.cedict_candidates(WORDS, CORPUS, entries) if p[1] == "培训"] == []  # one too many share it
    fewer = synonyms.cedict_entries(CEDICT + many.rsplit("\n", 2)[0] + "\n")  # one fewer: at the cap
    assert len([p for p in synonyms.cedict_candidates(WORDS, CORPUS, fewer) if p[1] == "培训"]) == 5
    taken = {("太空人", "航天员"), ("网路", "网络")}
    got = {(a, b) for a, b, _ in synonyms.cedict_candidates(WORDS, CORPUS, synonyms.cedict_entries(CEDICT), taken)}
    assert not got & taken and ("宇航员", "航天员") in got


# --- a word the corpus prints may be a reader's term too: its synonym printed elsewhere widens it ----------------

def test_two_words_the_corpus_prints_that_a_cilin_group_joins_are_proposed_both_ways(monkeypatch):
    # 大学合作 or 大学 typed by a reader wants the clauses on 高校 as well: both are printed, in different clauses
    text = "加强两国高校交流。支持大学生互访。孔子学院设在大学。学术界对话。"
    words = ["加强", "两国", "高校", "交流", "支持", "大学生", "互访", "孔子学院", "大学", "学术界", "对话"]
    monkeypatch.setattr(synonyms, "cilin_groups", lambda: [("Dm05A05=", ("高等学校", "高校", "大学")),
                                                           ("Dm04A01=", ("学院", "孔子学院"))])
    got = synonyms.candidates(words, text)
    assert got == [("大学", "高校", "Dm05A05="), ("高校", "大学", "Dm05A05="), ("高等学校", "大学", "Dm05A05="),
                   ("高等学校", "高校", "Dm05A05=")]  # 学院: printed only inside 孔子学院, which finds it as printed


def test_cnsyn_joins_two_printed_words_by_its_synonym_groups_never_by_their_vectors():
    # 光伏 and 项目 stand close in the vectors because the text uses them together: no synonyms for all that
    flags = {**FLAGS, "太阳能": "n"}
    text = TEXT + "太阳能。"
    got = synonyms.cnsyn_candidates(flags, text, {"光伏": [("项目", 1.9), ("太阳能", 2.25)]},
                                    [("wiki", ("光伏", "太阳能"))], DICTIONARY.get)
    assert got == [("光伏", "太阳能", "cnsyn:sim:wiki"), ("太阳能", "光伏", "cnsyn:sim:wiki")]


def test_cedict_joins_two_printed_words_sharing_a_rare_gloss():
    got = synonyms.cedict_candidates([*WORDS, "沙漠化"], CORPUS + "沙漠化。", synonyms.cedict_entries(CEDICT))
    assert ("沙漠化", "荒漠化", "cedict:gloss:desertification") in got
    assert ("荒漠化", "沙漠化", "cedict:gloss:desertification") in got


def test_cedict_s_abbreviations_give_the_short_and_the_full_form_either_way():
    entries = synonyms.cedict_entries(CEDICT + "央行 央行 [yang1 hang2] /abbr. for various central banks, notably "
                                      "中國人民銀行|中国人民银行[Zhong1 guo2 Ren2 min2 Yin2 hang2] and 中央銀行|中央银行[x]/\n"
                                      "高校 高校 [gao1 xiao4] /universities and colleges/abbr. for 高等學校|高等学校/\n")
    corpus = CORPUS + "中国人民银行。扩大高校交流。"
    got = synonyms.cedict_candidates([*WORDS, "中国人民银行", "高校"], corpus, entries)
    assert ("央行", "中国人民银行", "cedict:abbr") in got and ("高等学校", "高校", "cedict:abbr") in got
    assert not {p for p in got if p[1] in ("中央银行", "央行", "高等学校")}  # neither printed


def test_a_distance_that_is_rounding_is_no_distance():
    # cnsyn gives a word it does not know one shared vector: distance 0 by BallTree, 1e-7 by the brute force
    assert candidates({"感谢": [("没有钱", 1e-7), ("感激", 2.0)], "荒漠化": [("没有钱", 3e-8)]}) == [
        ("感激", "感谢", "cnsyn:emb:2.00")]


def test_a_headword_the_corpus_prints_as_a_run_of_words_is_looked_up_and_a_reader_s_term_may_hold_digits():
    # 新冠肺炎 is printed, cut 新冠 肺炎; 2019冠状病毒病 (Hong Kong's name of COVID-19) shares its gloss
    entries = synonyms.cedict_entries(
        "新冠肺炎 新冠肺炎 [xin1 guan1 fei4 yan2] /COVID-19, the coronavirus disease identified in 2019/\n"
        "2019冠狀病毒病 2019冠状病毒病 [er4 ling2 yi1 jiu3 guan1 zhuang4 bing4 du2 bing4] /COVID-19, the coronavirus "
        "disease identified in 2019/\n"
        "中國家 中国家 [zhong1 guo2 jia1] /made-up: a piece of a longer word/\n")
    runs = ["战胜新冠肺炎疫情", "发展中国家"]
    printed = synonyms.printed_headwords(entries, runs)
    assert "新冠肺炎" in printed and "中国家" not in printed  # 发展中国家 is one word: no run of words ends in it
    got = synonyms.cedict_candidates(["战胜", "新冠", "肺炎", "疫情", *printed], "".join(runs), entries)
    assert ("2019冠状病毒病", "新冠肺炎") in {(a, b) for a, b, _ in got}
