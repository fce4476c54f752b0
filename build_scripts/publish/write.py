"""Write the generated Markdown into a run's docs folder, touching only what changed.

The folder is the run's own: build() makes a private one for every build, and the live preview's worker one it
keeps between rebuilds (publish/output.py, private_dir), so everything in it is the generator's. A file no longer
generated is deleted; a file whose text is unchanged is left alone, its modification time too, which MkDocs's
dirty build (the preview) relies on.
"""

from __future__ import annotations

from pathlib import Path


def write_generated(root: Path, files: dict[str, str]) -> list[str]:
    """Make root hold exactly `files` (relative path → text); the paths written or removed, sorted."""
    present = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()} if root.is_dir() else set()
    touched = sorted(present - set(files))
    for rel in touched:
        (root / rel).unlink()
    for rel, text in sorted(files.items()):
        target = root / rel
        data = text.encode("utf-8")
        if rel not in present or target.read_bytes() != data:  # an unchanged file keeps its modification time
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            touched.append(rel)
    root.mkdir(parents=True, exist_ok=True)
    return sorted(touched)
