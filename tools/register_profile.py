"""Write build_scripts/read/register.txt: the character pairs joint statements use, from the real corpus in source/.

read/page_copy.py asks of a paragraph after a document's last numbered clause whether it speaks like a joint statement
(a closing paragraph) or like a web page (a site's blurb): the share of its character pairs found in this
document or in this profile. The profile is the genre's vocabulary, taken from the corpus the project
publishes, in Simplified characters; `make register` rewrites it and tests/test_pages.py checks it is current.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.read.page_copy import REGISTER_FILE, tokens  # noqa: E402
from build_scripts.read.parse import parse_corpus  # noqa: E402
from build_scripts.text.script import to_simplified  # noqa: E402


def profile(source: Path) -> str:
    statements = parse_corpus(source)[1]
    pairs: set[str] = set()
    for s in statements:
        for block in s.blocks:
            pairs |= {t for t in tokens(to_simplified(block.text)) if not t.isascii()}
    return "".join(f"{p}\n" for p in sorted(pairs))


if __name__ == "__main__":
    REGISTER_FILE.write_text(profile(ROOT / "source"), encoding="utf-8")
    print(f"{REGISTER_FILE.relative_to(ROOT)}: {len(REGISTER_FILE.read_text(encoding='utf-8').splitlines())} pairs")
