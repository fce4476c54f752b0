"""The generated Markdown in a run's own docs folder: exactly the files generated, unchanged ones left alone."""

from __future__ import annotations

import os

from build_scripts.publish.write import write_generated


def test_the_folder_holds_exactly_the_generated_files(tmp_path):
    assert write_generated(tmp_path, {"a.md": "A", "sub/b.md": "B"}) == ["a.md", "sub/b.md"]
    (tmp_path / "left-over.md").write_text("from an earlier run", encoding="utf-8")
    assert write_generated(tmp_path, {"a.md": "A2"}) == ["a.md", "left-over.md", "sub/b.md"]
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()) == ["a.md"]
    assert (tmp_path / "a.md").read_text(encoding="utf-8") == "A2"


def test_an_unchanged_file_keeps_its_modification_time(tmp_path):
    """MkDocs's dirty build (the live preview) renders again only pages whose Markdown is newer than their HTML."""
    write_generated(tmp_path, {"a.md": "A", "b.md": "B"})
    os.utime(tmp_path / "a.md", ns=(1, 1))
    assert write_generated(tmp_path, {"a.md": "A", "b.md": "B2"}) == ["b.md"]
    assert (tmp_path / "a.md").stat().st_mtime_ns == 1


def test_a_missing_folder_is_made(tmp_path):
    assert write_generated(tmp_path / "docs", {}) == [] and (tmp_path / "docs").is_dir()
