"""Write generated Markdown under docs/ without ever touching a hand-written file.

docs/.generated.json records every file the generator wrote, with its hash. A
file not in that record, or changed since the generator wrote it, is someone's
work: the build stops rather than overwrite or delete it. All checks run before
the first write, so a refused build changes nothing.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from ..errors import OutputError

RECORD = ".generated.json"


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_generated(root: Path, files: dict[str, str]) -> list[str]:
    """Make root hold exactly `files` (relative path → text) among the generated files; the paths written or
    removed, sorted (a file whose text is unchanged keeps its modification time: MkDocs's dirty build and the
    live preview rely on it)."""
    record_path = root / RECORD
    previous: dict[str, str] = json.loads(record_path.read_text(encoding="utf-8")) if record_path.exists() else {}
    problems = []
    for rel in sorted(set(files) | set(previous)):
        target = root / rel
        if not target.exists():
            continue
        if rel not in previous:
            problems.append(f"{target}: exists but was not written by the generator; "
                            "refusing to overwrite a hand-written file")
        elif _digest(target) != previous[rel]:
            problems.append(f"{target}: changed by hand since it was generated; move your edits to the source "
                            f"or templates, then delete the file")
    if problems:
        raise OutputError("\n".join(problems))
    touched = sorted(set(previous) - set(files))
    for rel in touched:
        (root / rel).unlink(missing_ok=True)
    record = {}
    for rel, text in sorted(files.items()):
        target = root / rel
        data = text.encode("utf-8")
        if not target.exists() or target.read_bytes() != data:  # untouched files keep their mtime
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            touched.append(rel)
        record[rel] = hashlib.sha256(data).hexdigest()
    root.mkdir(parents=True, exist_ok=True)
    record_path.write_text(json.dumps(record, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    return sorted(touched)
