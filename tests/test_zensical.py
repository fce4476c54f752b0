"""Smoke test: one edition's generated Markdown built with Zensical, Material's successor.

Material for MkDocs reaches its end of life on 2027-05-05. This builds the docs the
build writes for one edition (Site.docs) with a minimal Zensical config: no
overrides, no edition config (MAINTAINERS.md "If Material stops" says why and what else differs).
It needs `pip install -r requirements-zensical.txt`; without the zensical binary it is skipped.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from build_scripts.build import generate
from build_scripts.publish.write import write_generated
from build_scripts.read.siteconfig import read_config

from .conftest import ROOT, tmp_paths

# Zensical's own default icons are Lucide's (shipped by zensical-ui); Material's set is in both themes.
ICONS = {"logo": "library", "edit": "file-edit-outline", "view": "file-eye-outline", "top": "arrow-up",
         "share": "share-variant", "menu": "menu", "alternate": "translate", "search": "magnify", "close": "close",
         "previous": "arrow-left", "next": "arrow-right"}


def zensical() -> str | None:
    beside = Path(sys.executable).parent / "zensical"
    return str(beside) if beside.exists() else shutil.which("zensical")


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh-Hant"])
def test_zensical_builds_an_editions_markdown_with_every_clause_anchor(tmp_path, lang):
    binary = zensical()
    if binary is None:
        pytest.skip("zensical is not installed: pip install -r requirements-zensical.txt (see MAINTAINERS.md, If Material stops)")
    site = generate(tmp_paths(tmp_path / "gen"))
    edition = next(o for o in site.editions if o.edition.lang == lang)
    project = tmp_path / "zensical"  # Zensical wants docs_dir and site_dir inside the config's own folder
    write_generated(project / "docs", site.docs(lang))
    config = {
        "site_name": edition.interface.site_name,
        "docs_dir": "docs",
        "site_dir": "site",
        "nav": edition.nav,
        "theme": {"name": "material", "language": "zh", "icon": {k: f"material/{v}" for k, v in ICONS.items()}},
        "markdown_extensions": read_config(ROOT / "mkdocs.yml")["markdown_extensions"],
    }
    (project / "mkdocs.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    result = subprocess.run([binary, "build", "-f", "mkdocs.yml"], cwd=project, capture_output=True, text=True,
                            env=dict(os.environ, NO_COLOR="1"), timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    built = project / "site"
    for s in edition.statements:
        html = (built / "statements" / s.slug / "index.html").read_text(encoding="utf-8")
        assert f"<title>{s.title} - {edition.interface.site_name}</title>" in html  # the front matter's title
        missing = [c.anchor for c in s.clauses if f'id="{c.anchor}"' not in html]
        assert missing == [], (s.slug, missing)
        assert s.clauses[0].text[:20] in html
    pages = {p.path.removesuffix(".md").removesuffix("index").rstrip("/") for p in edition.pages}
    assert all((built / p / "index.html").exists() for p in pages)  # every page, at the URL MkDocs gives it
    assert (built / "search" / "index.js").exists()  # our search index is copied like any other file
