"""jieba's cuts from the part of its dictionary a text reaches (text/segment.py) are jieba's own, and a build never
loads the whole dictionary."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from functools import cache

import jieba
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts.read.source import read_inputs
from build_scripts.text import segment

from .conftest import ROOT

jieba.setLogLevel(logging.WARNING)


@cache
def corpus_texts() -> tuple[str, ...]:
    source = read_inputs(ROOT / "source", ROOT / "mkdocs.yml")
    return tuple(c.text for s in source.statements for c in s.clauses)


@cache
def whole() -> jieba.Tokenizer:
    """jieba as it stands, its whole dictionary loaded."""
    jieba.initialize()
    return jieba.dt


def test_the_total_is_jiebas():
    segment.tokenizer("")
    assert segment.tokenizer("").total == whole().total


@pytest.mark.parametrize("hmm", [False, True])
@pytest.mark.slow
def test_every_clause_is_cut_as_jieba_cuts_it(hmm):
    texts = corpus_texts()
    assert len(texts) > 100
    for text in texts:
        assert list(segment.cut(text, hmm)) == list(whole().cut(text, HMM=hmm)), text


def test_every_fragment_of_the_corpus_has_jiebas_frequency_and_dag():
    """Every fragment a DAG can hold (up to 8 characters), not only the words jieba cut: the search index asks the
    frequency of a name's neighbours and of a word's halves."""
    for text in corpus_texts()[:40]:
        tok = segment.tokenizer(text)
        assert tok.get_DAG(text) == whole().get_DAG(text)
        for i in range(len(text)):
            for j in range(i + 1, min(i + 9, len(text) + 1)):
                assert segment.frequency(text[i:j]) == (whole().FREQ.get(text[i:j]) or 0), text[i:j]


# Han characters of every kind the dictionary holds (common, rare, compatibility), Latin letters, digits, the
# punctuation the statements use, tabs, and Han characters outside the BMP (𠮷, as Hong Kong names are written):
# text no one wrote, for words the corpus never reaches.
CHARS = st.sampled_from("中巴国关系合作发展经济走廊建设设施基础的了着著乂乜乪丠龢龠B超AT&T0123456789，。、（）《》 \n\t𠮷𡈼")
TEXTS = st.text(st.one_of(CHARS, st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_random_text_is_cut_as_jieba_cuts_it(text):
    assert list(segment.cut(text, False)) == list(whole().cut(text, HMM=False))
    assert list(segment.cut(text, True)) == list(whole().cut(text, HMM=True))


def test_a_word_the_file_gives_twice_has_the_frequency_jieba_keeps():
    assert segment.frequency("B超") == whole().FREQ["B超"]


@pytest.mark.slow  # generates the whole site again, with the cache off (make test runs it)
def test_a_build_never_loads_jiebas_whole_dictionary(tmp_path):
    """With the disk cache off every cut is made: none of them may make jieba read its 349,047 words."""
    script = ("import jieba, sys; from build_scripts.build import generate; from build_scripts.settings import Paths;"
              "from pathlib import Path; root, tmp = Path(sys.argv[1]), Path(sys.argv[2]);"
              "generate(Paths(root / 'mkdocs.yml', root / 'source', tmp / 'site', tmp / 'docs', tmp / 'work'));"
              "print(len(jieba.dt.FREQ), jieba.dt.initialized)")
    env = dict(os.environ, BUILD_SCRIPTS_CACHE="off", PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", script, str(ROOT), str(tmp_path)], env=env, capture_output=True,
                         text=True, check=True).stdout.split()
    assert out == ["0", "False"]


def test_a_dictionary_giving_a_word_twice_keeps_its_last_line_as_jieba_does(tmp_path):
    """jieba's own file gives B超 twice, alike; a word given twice with different counts or tags keeps the later."""
    path = tmp_path / "dict.txt"
    path.write_text("甲乙 3 n\n乙丙 4 v\n甲乙 7 v\n甲乙丙 2 n\n甲 1 n\n", encoding="utf-8")
    ours = segment._Dictionary(path)
    ours.reach("甲乙丙丁")
    theirs = jieba.Tokenizer(str(path))
    theirs.initialize()
    assert ours.freq == theirs.FREQ and ours.total == theirs.total
    assert ours.tag("甲乙") == "v" and ours.tag("乙丙") == "v" and ours.tag("丙") is None
