"""Lighthouse (mobile) on the home, a statement and a topic page of every edition: `make lighthouse`.

The site is built as it is published — with SITE_URL set, here to the local
server's address, so canonical and hreflang links are absolute as on GitHub
Pages — served on 127.0.0.1, and audited by the pinned npm `lighthouse` running
Debian's Chromium. Scores (accessibility, best practices, SEO; 0 to 100), every
audit that did not pass, and every response ≥ 400 go to readme/lighthouse.json
and are printed. Exits non-zero if any score is below 95 or any request failed.
"""

from __future__ import annotations

import functools
import http.server
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from build_scripts.build import build  # noqa: E402
from build_scripts.settings import Paths  # noqa: E402

PAGES = ["", "statements/2015-04-20/", "topics/kashmir/"]
EDITIONS = ["zh-Hans", "zh-Hant"]
CATEGORIES = ["accessibility", "best-practices", "seo"]
FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync"
MINIMUM = 95


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


def audit(url: str, out: Path) -> dict:
    cmd = [str(ROOT / "node_modules" / ".bin" / "lighthouse"), url, f"--only-categories={','.join(CATEGORIES)}",
           f"--chrome-flags={FLAGS}", "--output=json", f"--output-path={out}", "--quiet"]
    subprocess.run(cmd, check=True, env=dict(os.environ, CHROME_PATH="/usr/bin/chromium"), timeout=300)
    report = json.loads(out.read_text(encoding="utf-8"))
    scores = {k: round(100 * report["categories"][k]["score"]) for k in CATEGORIES}
    failed = sorted(a["id"] for a in report["audits"].values()
                    if a.get("scoreDisplayMode") in ("binary", "numeric") and a.get("score") is not None and a["score"] < 1)
    requests = report["audits"].get("network-requests", {}).get("details", {}).get("items", [])
    bad = sorted({f"{r.get('statusCode')} {r.get('url')}" for r in requests if (r.get("statusCode") or 0) >= 400})
    return {"url": url, "scores": scores, "failed_audits": failed, "failed_requests": bad}


def main() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    base = f"http://127.0.0.1:{port}/"
    with tempfile.TemporaryDirectory() as tmp:
        paths = Paths(ROOT / "mkdocs.yml", ROOT / "source", Path(tmp) / "site", Path(tmp) / "docs", Path(tmp) / "work")
        os.environ["SITE_URL"] = base
        build(paths, quiet=True, offline_zip=False)
        handler = functools.partial(_Quiet, directory=str(paths.site))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        try:
            results = [audit(f"{base}{lang}/{page}", Path(tmp) / f"lh-{i}.json")
                       for i, (lang, page) in enumerate((lang, page) for lang in EDITIONS for page in PAGES)]
        finally:
            httpd.shutdown()
    for r in results:
        r["url"] = r["url"].replace(base, "/")
    (ROOT / "readme" / "lighthouse.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    ok = True
    for r in results:
        low = [k for k, v in r["scores"].items() if v < MINIMUM]
        ok = ok and not low and not r["failed_requests"]
        print(f"{r['url']:32} " + "  ".join(f"{k} {v}" for k, v in r["scores"].items())
              + (f"  failed: {', '.join(r['failed_audits'])}" if r["failed_audits"] else "")
              + (f"  HTTP errors: {r['failed_requests']}" if r["failed_requests"] else ""))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
