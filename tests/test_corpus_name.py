"""A corpus names itself (issue 19): its site name, description and English names come from the [corpus] table of
its own manifest.toml (read/naming.py), given there or derived from the parties and the document type; never from
mkdocs.yml. The real corpus keeps the names it always had. Full builds of another country's corpus are in
test_parse_builds.py (its other_site fixture)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from build_scripts.build import generate
from build_scripts.convert.converter import TO_SIMPLIFIED, converter
from build_scripts.convert.ui_words import ui_words
from build_scripts.errors import SourceError
from build_scripts.model import Corpus
from build_scripts.read.manifest import load_manifest
from build_scripts.read.naming import corpus_names

from .conftest import ROOT, tmp_paths

OTHER = ROOT / "tests" / "fixtures" / "other-country"
EDITIONS = ("简体", "繁體")  # mkdocs.yml's edition names
EN_DASH = "\u2013"  # the real corpus's English name has an en dash between the two states


def names(tmp_path: Path, **corpus):
    return corpus_names(Corpus(**corpus), EDITIONS, converter(TO_SIMPLIFIED, tmp_path))


def test_the_real_corpus_keeps_its_names_byte_for_byte(tmp_path):
    corpus, _ = load_manifest(ROOT / "source" / "manifest.toml")
    got = corpus_names(corpus, EDITIONS, converter(TO_SIMPLIFIED, tmp_path))
    assert got.name == "中巴联合声明"
    assert got.description == "中华人民共和国和巴基斯坦伊斯兰共和国联合声明全文，逐条可链接，简体与繁體对照。"
    assert got.english_name == f"China{EN_DASH}Pakistan joint statements"
    assert got.english_description == ("The joint statements of the People's Republic of China and the Islamic "
                                       "Republic of Pakistan in Chinese, every clause at a permanent link, in "
                                       "Simplified and Traditional characters.")
    assert got.feed_id == "cn-pk-joint-statements"


def test_a_pair_of_states_is_named_by_each_ones_first_character(tmp_path):
    got = names(tmp_path, parties=("中华人民共和国", "法兰西共和国"), document_type="联合声明")
    assert got.name == "中法联合声明"
    assert got.description == "中华人民共和国和法兰西共和国联合声明全文，逐条可链接，简体与繁體对照。"
    assert got.english_name == "Joint statements"  # no English names given: the Chinese name beside it names them
    assert "中华人民共和国 and 法兰西共和国" in got.english_description
    assert got.feed_id.startswith("corpus-") and got.feed_id.isascii()


def test_a_state_listed_under_its_former_name_too_counts_once_and_no_type_means_joint_documents(tmp_path):
    corpus, _ = load_manifest(OTHER / "manifest.toml")  # 中华人民共和国, 尼泊尔联邦民主共和国, 尼泊尔王国; no type
    got = corpus_names(corpus, EDITIONS, converter(TO_SIMPLIFIED, tmp_path))
    assert got.name == "中尼联合文件"
    assert got.description == "中华人民共和国和尼泊尔联邦民主共和国联合文件全文，逐条可链接，简体与繁體对照。"
    assert got.english_name == "Joint documents"


def test_parties_the_first_character_cannot_tell_apart_are_named_in_full(tmp_path):
    assert names(tmp_path, parties=("中华人民共和国", "中非共和国"), document_type="联合公报").name == \
        "中华人民共和国和中非共和国联合公报"
    assert names(tmp_path, parties=("中华人民共和国",)).name == "中华人民共和国联合文件"


def test_names_the_manifest_gives_win_in_either_script(tmp_path):
    got = names(tmp_path, parties=("中華人民共和國", "法蘭西共和國"), document_type="聯合聲明")
    assert got.name == "中法联合声明"  # derived in Simplified from Traditional parties: each edition converts it
    given = names(tmp_path, parties=("中华人民共和国", "法兰西共和国"), name="中法聯合聲明文獻", description="中法兩國聯合聲明。",
                  english_name="China-France joint statements", english_parties=("the People's Republic of China",
                                                                                 "the French Republic"), id="cn-fr")
    assert (given.name, given.description) == ("中法联合声明文献", "中法两国联合声明。")
    assert given.english_name == "China-France joint statements" and given.feed_id == "cn-fr"
    assert given.english_description.startswith("The joint documents of the People's Republic of China and the French "
                                                "Republic in Chinese")
    english = names(tmp_path, parties=("中华人民共和国", "法兰西共和国"), document_type="联合声明",
                    english_parties=("the People's Republic of China", "the French Republic"))
    assert english.english_name == "Joint statements of the People's Republic of China and the French Republic"


@pytest.mark.parametrize("line, message", [
    ("name = 3", "[corpus] name is 3: expected"),
    ('name = ""', "[corpus] name is '': expected"),
    ('english_parties = "the French Republic"', "[corpus] english_parties is 'the French Republic': expected"),
    ('id = "中法"', "[corpus] id is '中法': expected"),
    ('nmae = "中法联合声明"', "unknown key 'nmae' in [corpus] (did you mean 'name'?)"),
])
def test_the_corpus_names_are_checked_and_errors_point_at_the_key(tmp_path, line, message):
    path = tmp_path / "manifest.toml"
    path.write_text(f'[corpus]\nparties = ["甲", "乙"]\n{line}\n', encoding="utf-8")
    with pytest.raises(SourceError) as e:
        load_manifest(path)
    assert message in str(e.value) and str(e.value).startswith("manifest.toml:3:1: ")


def test_a_name_given_in_traditional_shows_in_each_editions_script(tmp_path):
    source = tmp_path / "source"
    shutil.copytree(OTHER, source)
    manifest = source / "manifest.toml"
    text = manifest.read_text(encoding="utf-8").replace("[corpus]\n", '[corpus]\nname = "中尼聯合公報與聲明"\n', 1)
    manifest.write_text(text, encoding="utf-8")
    site = generate(tmp_paths(tmp_path, source))
    hans, hant = site.editions
    assert (hans.interface.site_name, hant.interface.site_name) == ("中尼联合公报与声明", "中尼聯合公報與聲明")
    assert "<title>中尼联合公报与声明 · Joint documents</title>" in site.root["online"]


def test_document_type_is_a_document_not_a_file_in_the_taiwan_interface():
    words = ui_words("zh-Hant")
    assert words("文件類型") == "文件類型" and words("聯合文件") == "聯合文件"  # a document (公文)
    assert words("本文件") == "本檔案" and words("數據文件") == "資料檔案"  # a file on disk, as before
