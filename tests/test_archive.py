"""The offline zip's writer (publish/archive.py) writes what zipfile writes, byte for byte, deflating each content once."""

from __future__ import annotations

import io
import zipfile
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from build_scripts import cache
from build_scripts.publish import archive

EPOCH = 1_667_347_200  # 2022-11-02


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> cache.Store:
    fresh = cache.Store(tmp_path / "cache.sqlite3")
    monkeypatch.setattr(cache, "STORE", fresh)
    return fresh


def entries(contents: dict[str, bytes]) -> dict:
    return {name: partial(bytes, data) for name, data in contents.items()}


def by_zipfile(contents: dict[str, bytes]) -> bytes:
    return archive._with_zipfile(entries(contents), archive.date_time(EPOCH))


def test_the_real_sites_files_zip_to_zipfiles_bytes(built: Path, store: cache.Store) -> None:
    contents = {f"site/{p.relative_to(built).as_posix()}": p.read_bytes() for p in built.rglob("*") if p.is_file()}
    assert len(contents) > 200
    ours = archive.zip_entries(entries(contents), EPOCH)
    assert ours == by_zipfile(contents)
    with zipfile.ZipFile(io.BytesIO(ours)) as z:
        assert z.testzip() is None and {i.filename: z.read(i) for i in z.infolist()} == contents


names = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40).filter(
    lambda n: not n.endswith("/") and "\\" not in n)


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(names, st.binary(max_size=3000) | st.text(max_size=2000).map(str.encode), max_size=8))
def test_any_entries_zip_to_zipfiles_bytes(contents: dict[str, bytes]) -> None:
    """Empty files, names that are not ASCII (UTF-8 flag), incompressible bytes: the cache is off here (its
    fixture is function-scoped), so every entry is deflated afresh."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(cache, "STORE", cache.Store(None))
        assert archive.zip_entries(entries(contents), EPOCH) == by_zipfile(contents)


def test_a_content_is_deflated_once_then_read_back(store: cache.Store, monkeypatch: pytest.MonkeyPatch) -> None:
    contents = {"a.html": "<p>中巴联合声明</p>".encode() * 50, "b.html": b"same" * 99}
    first = archive.zip_entries(entries(contents), EPOCH)
    calls = []

    def deflate(data: bytes) -> bytes:
        calls.append(data)
        return b""

    monkeypatch.setattr(archive, "_deflate", deflate)
    assert archive.zip_entries(entries(contents), EPOCH) == first and calls == []
    contents["c.html"] = b"new"
    archive.zip_entries(entries(contents), EPOCH)
    assert calls == [b"new"]


def test_past_the_classic_formats_entry_limit_zipfile_writes_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(archive, "MAX_ENTRIES", 2)
    contents = {"a": b"1", "b": b"2", "c": b"3"}
    monkeypatch.setattr(archive, "deflated", lambda data: pytest.fail("the fast path ran past its limit"))
    assert archive.zip_entries(entries(contents), EPOCH) == by_zipfile(contents)
