"""Generated Markdown never overwrites or deletes a hand-written file."""

from __future__ import annotations

import pytest

from build_scripts.errors import OutputError
from build_scripts.publish.write import write_generated


def test_writes_replaces_and_removes_only_its_own_files(tmp_path):
    write_generated(tmp_path, {"a.md": "A", "sub/b.md": "B"})
    (tmp_path / "mine.md").write_text("hand-written", encoding="utf-8")
    write_generated(tmp_path, {"a.md": "A2"})
    assert (tmp_path / "a.md").read_text() == "A2"
    assert not (tmp_path / "sub" / "b.md").exists()
    assert (tmp_path / "mine.md").read_text() == "hand-written"


def test_refuses_to_overwrite_a_hand_written_file_and_writes_nothing(tmp_path):
    write_generated(tmp_path, {"a.md": "A"})
    (tmp_path / "index.md").write_text("hand-written", encoding="utf-8")
    with pytest.raises(OutputError, match=r"index\.md: exists but was not written by the generator"):
        write_generated(tmp_path, {"a.md": "A2", "index.md": "generated"})
    assert (tmp_path / "index.md").read_text() == "hand-written"
    assert (tmp_path / "a.md").read_text() == "A"


def test_refuses_to_delete_or_overwrite_a_generated_file_edited_by_hand(tmp_path):
    write_generated(tmp_path, {"a.md": "A"})
    (tmp_path / "a.md").write_text("edited", encoding="utf-8")
    with pytest.raises(OutputError, match="changed by hand"):
        write_generated(tmp_path, {})
    assert (tmp_path / "a.md").read_text() == "edited"
