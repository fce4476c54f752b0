"""The disk cache (build_scripts/cache.py) keeps a result under its inputs and the generator's code, and changes nothing."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from build_scripts import cache
from build_scripts.build import build
from build_scripts.engines import mkdocs as engine
from build_scripts.link import worddiff
from build_scripts.render import warm
from build_scripts.text import segment

from .conftest import tmp_paths


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> cache.Store:
    fresh = cache.Store(tmp_path / "cache.sqlite3")
    monkeypatch.setattr(cache, "STORE", fresh)
    return fresh


def test_a_result_is_computed_once_and_then_read_back(store: cache.Store) -> None:
    calls = []

    def compute() -> tuple[int, ...]:
        calls.append(1)
        return (1, 2, 3)

    first = cache.memo("t", ["a"], compute, list, tuple)
    store.flush()
    again = cache.memo("t", ["a"], compute, list, tuple)
    assert first == again == (1, 2, 3) and len(calls) == 1
    assert cache.memo("t", ["b"], compute, list, tuple) == (1, 2, 3) and len(calls) == 2  # other inputs: computed


def test_a_result_s_key_is_made_once_for_its_look_up_and_its_keeping(store: cache.Store,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The key is the hash of the args' JSON, as long as the texts they hold (every clause, for the search's cuts):
    a miss made it twice, for the look-up and again for the keeping."""
    made: list[str] = []
    key = store.key

    def counted(name: str, args: object) -> str:
        made.append(name)
        return key(name, args)

    monkeypatch.setattr(store, "key", counted)
    texts = ["中巴全天候战略合作伙伴关系"] * 100
    assert cache.memo("t", texts, lambda: 1, int, int) == 1 and made == ["t"]  # computed and kept
    store.flush()
    assert cache.memo("t", texts, lambda: 2, int, int) == 1 and made == ["t", "t"]  # read back


def test_the_key_holds_the_code(store: cache.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    cache.put("t", ["a"], 1)
    assert cache.get("t", ["a"]) == 1
    monkeypatch.setattr(store, "digest", "another version of the generator")
    assert cache.get("t", ["a"]) is None


def test_the_digest_covers_every_file_of_the_generator() -> None:
    digest = cache.code_digest()
    assert len(digest) == 64 and digest == cache.code_digest()


def test_off_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BUILD_SCRIPTS_CACHE", "off")
    assert cache.location() is None
    monkeypatch.setattr(cache, "STORE", cache.Store(None))
    calls: list[int] = []

    def compute() -> int:
        calls.append(1)
        return 5
    for _ in range(2):
        cache.memo("t", [], compute, int, int)
    assert len(calls) == 2


def test_a_broken_cache_file_turns_the_cache_off_and_fails_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cache.sqlite3"
    path.write_bytes(b"not a database" * 100)
    monkeypatch.setattr(cache, "STORE", cache.Store(path))
    assert cache.memo("t", [], lambda: 7, int, int) == 7
    assert cache.STORE.off


def test_a_forked_child_writes_nothing_of_its_parent(store: cache.Store) -> None:
    cache.put("t", ["parent"], 1)
    pid = os.fork()
    if pid == 0:  # the child: its flush must not write what the parent holds
        store.flush()
        os._exit(0)
    os.waitpid(pid, 0)
    rows = sqlite3.connect(store.path).execute("SELECT count(*) FROM kept").fetchone()[0]  # type: ignore[arg-type]
    assert rows == 0
    store.flush()
    assert sqlite3.connect(store.path).execute("SELECT count(*) FROM kept").fetchone()[0] == 1  # type: ignore[arg-type]


def test_a_forked_child_reads_and_keeps_its_own_results_on_a_connection_of_its_own(store: cache.Store) -> None:
    """The build's MkDocs runs are forked copies of the build: SQLite forbids using a connection across fork()."""
    cache.put("t", ["parent"], 1)
    store.flush()
    inherited = store.db
    assert inherited is not None
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            read = cache.get("t", ["parent"])
            cache.put("t", ["child"], 2)
            store.flush()
            status = 0 if read == 1 and store.db is not None and store.db is not inherited else 2
        finally:
            os._exit(status)
    _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert cache.get("t", ["child"]) == 2 and store.db is inherited


def test_a_kept_word_diff_is_the_computed_one(store: cache.Store) -> None:
    a, b = "双方同意加强在经贸领域的合作。", "双方同意进一步加强在经贸和投资领域的合作。"
    worddiff.word_diff.cache_clear()
    computed = worddiff.word_diff(a, b)
    store.flush()
    worddiff.word_diff.cache_clear()
    assert worddiff.word_diff(a, b) == computed == worddiff.diff(a, b).segments


def test_a_file_grown_too_large_keeps_only_the_current_codes_results(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cache.sqlite3"
    old = cache.Store(path)
    monkeypatch.setattr(cache, "STORE", old)
    cache.put("t", ["old"], "x" * 1000)
    old.flush()
    sqlite3.connect(path).execute("UPDATE kept SET digest = 'an older generator'").connection.commit()
    monkeypatch.setattr(cache, "MAX_BYTES", 0)
    monkeypatch.setattr(cache, "STORE", cache.Store(path))
    cache.put("t", ["new"], 1)
    cache.STORE.flush()
    assert [row[0] for row in sqlite3.connect(path).execute("SELECT digest FROM kept")] == [cache.STORE.digest]


def test_a_lone_surrogate_is_computed_not_kept_and_fails_nothing(store: cache.Store) -> None:
    odd = "条\ud800款"
    assert cache.memo("t", [odd], lambda: odd, str, str) == odd
    store.flush()
    assert cache.get("t", [odd]) is None


def test_a_config_s_conversions_are_kept_and_the_next_run_loads_no_opencc(store: cache.Store) -> None:
    """A build of an unchanged corpus converts the same texts as the last (text/script.py, KeptConversions)."""
    import opencc

    from build_scripts.text.script import KeptConversions, keep_conversions

    loads: list[str] = []

    def engine(run: str):  # type: ignore[no-untyped-def]
        loads.append(run)
        return opencc.OpenCC("s2t")

    first = KeptConversions("s2t-test", lambda: engine("first"))
    assert first("汉语的发展") == "漢語的發展" and loads == ["first"]
    keep_conversions()  # what build.generate does once everything is converted
    store.flush()
    again = KeptConversions("s2t-test", lambda: engine("again"))
    assert again("汉语的发展") == "漢語的發展" and loads == ["first"]  # found in the table: OpenCC never loaded
    assert again("另一段文字") == "另一段文字" and loads == ["first", "again"]  # a new text: converted


@pytest.mark.slow  # seconds on its own: the inner loop (make test-fast) leaves it to make test
def test_a_one_shot_build_lets_its_conversion_tables_go_once_they_are_kept(tmp_path) -> None:
    """Its Site is plain data: nothing is converted or cut after it is made, and at ×100 the tables held ~80 MB through
    the engine's build, jieba's dictionary 40 MB more. Released, a table converts as before (from the disk cache's
    table, or OpenCC)."""
    import opencc

    from build_scripts.build import build
    from build_scripts.text import script

    from .conftest import tmp_paths

    before = len(script._KEPT)
    segment.tokenizer("中巴")  # jieba's dictionary read, as a build with the cache empty reads it
    build(tmp_paths(tmp_path), quiet=True, offline_zip=False)
    tables = script._KEPT[before:]  # the build's own converters (one per edition's config and work folder)
    assert tables and all(t.kept is None and t.used == {} and t.opencc is None for t in tables)
    assert segment._made.cache_info().currsize == 0  # its 40 MB let go too
    for t in tables:  # opencc.<config>-project: the stock config with the project's phrase fixes
        stock = opencc.OpenCC(t.name.removeprefix("opencc.").removesuffix("-project"))
        assert t("汉语的发展，漢語的發展") == stock.convert("汉语的发展，漢語的發展"), t.name


@pytest.mark.slow
def test_the_theme_is_compiled_once_before_the_editions_fork(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With the cache empty, the theme's templates an edition renders are compiled before the editions' builds fork
    (engines/mkdocs.compile_theme): the build of an edition compiles no template more but the icons, so neither does
    the forked copy building the other. Seen failing when only the templates MkDocs renders were compiled, not those
    they include."""
    monkeypatch.setattr(cache, "STORE", cache.Store(None))
    compiled: dict[str, list[str]] = {"before": [], "after": []}
    phase = ["before"]

    class Counting(warm.CompiledTemplates):
        def get_bucket(self, environment, name, filename, source):  # type: ignore[no-untyped-def]
            bucket = super().get_bucket(environment, name, filename, source)
            if bucket.code is None:  # not compiled yet: Jinja compiles it now
                compiled[phase[0]].append(name)
            return bucket

    real = engine.compile_theme

    def compile_then_count(config_path: Path) -> list[str]:
        names = real(config_path)
        phase[0] = "after"
        return names

    monkeypatch.setattr(warm, "THEME", Counting("theme"))
    monkeypatch.setattr(engine, "compile_theme", compile_then_count)
    build(tmp_paths(tmp_path), quiet=True)
    # what is left: the icons a template names by a variable (the theme's icon settings), SVG text that compiles to
    # a few lines
    assert len(compiled["before"]) >= 20 and all(name.endswith(".svg") for name in compiled["after"]), compiled["after"]
