"""The cnsyn candidates of build_scripts/synonyms.py on small made-up resources: which pairs a person is asked
to review, and how the reviewed file is merged. The real resources are the maintainer's (`make synonyms`); the
reviewed table itself is checked in tests/test_search.py."""

from __future__ import annotations

import numpy as np

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
