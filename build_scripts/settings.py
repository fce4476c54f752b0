"""What a run is told from outside, resolved once at its start into one frozen Settings: where it reads and writes
(Paths) and the deploy settings it takes from the environment, checked and escaped. This is the one module that
reads the environment; every stage below is handed the Settings (or the one field it needs).

- SITE_URL, the published address (the Pages workflow sets it): canonical links, the feed, the sitemap,
  citations and every page's published-url.
- REPO_URL, the repository: the footer's "report an error" link, on every page.
- SOURCE_DATE_EPOCH, the reproducible build's time stamp: the sitemaps' dates and the zip's entries. When it is
  unset a build takes the date of the corpus's latest statement (`build_epoch`), never the clock.

Each reaches every page, so each is checked once at the start of a run (`resolve`, called by the command line
before anything else, and by `generate` for library callers that hand it bare Paths): SITE_URL and REPO_URL must be
http(s) addresses — a scheme of http or https, a host, a path of URL characters, no user name, query or
fragment; no quote, space, angle bracket, backslash, control or invisible character — and SOURCE_DATE_EPOCH
a whole number of seconds that MkDocs's gzip stamp can hold. A wrong one is a SettingError naming the
variable and its value (exit 1), never a traceback nor a `javascript:` link. The Settings hold the value escaped
as a URL (escape.url), so a value that slipped past the check still could not add markup to an attribute, a
script, the feed or the sitemap.

This module imports nothing heavy: the command line runs it before the imports that read SOURCE_DATE_EPOCH
themselves (numpy does, as scipy loads it, and fails with a traceback on a value that is not a number).
"""

from __future__ import annotations

import calendar
import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .errors import BuildError
from .text import characters, escape

URL_FORM = "an http(s) address such as https://example.github.io/statements/ (scheme, host and path only)"
HOST = re.compile(r"(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)*[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?"
                  r"|\[[0-9A-Fa-f:.]+\]")
PATH = re.compile(r"(?:[A-Za-z0-9._~!$()*+,;=:@/-]|%[0-9A-Fa-f]{2})*")
EPOCH_RANGE = (0, 2**32 - 1)  # what MkDocs's gzip sitemap can stamp (struct "<L"): 1970 to 2106


class SettingError(BuildError):
    """A deploy setting in the environment is not what the build can use."""


@dataclass(frozen=True)
class Paths:
    """Where a build reads and writes."""

    mkdocs_yml: Path  # the base config; theme overrides are found relative to it
    source: Path  # raw statements and manifest.toml
    site: Path  # the built site, replaced whole on success
    docs: Path  # generated Markdown, one folder per edition (build() uses a private one of its own)
    work: Path  # per-edition MkDocs configs, OpenCC configs (build() uses a private one of its own)

    @classmethod
    def at(cls, root: Path, source: Path | None = None, site: Path | None = None) -> Paths:
        return cls(root / "mkdocs.yml", source or root / "source", site or root / "site", root / "docs", root / "build")


def url_problem(value: str) -> str | None:
    """Why `value` is not an http(s) address a page may carry, or None."""
    at = characters.unfit(value)
    if at is not None:
        return f"it holds {characters.describe(value[at])}"
    odd = re.search(r"[\s\"'<>`\\^{}|]", value)
    if odd:
        return f"it holds {odd.group()!r}"
    if not value.isascii():
        return "it holds a character outside ASCII (write the host in punycode and the path percent-encoded)"
    parts = urlsplit(value)
    if parts.scheme.lower() not in ("http", "https") or not value.lower().startswith(f"{parts.scheme.lower()}://"):
        return f"its scheme is {parts.scheme!r}, not http or https" if parts.scheme else "it has no scheme (https://)"
    if "@" in parts.netloc:
        return "it holds a user name (published on every page)"
    if parts.query or parts.fragment or "?" in value or "#" in value:
        return "it holds a query or fragment (the build appends paths to it)"
    try:
        port = parts.port
    except ValueError:
        return "its port is not a number from 0 to 65535"
    host = parts.netloc.rsplit(":", 1)[0] if port is not None or parts.netloc.endswith(":") else parts.netloc
    if not HOST.fullmatch(host):
        return f"its host {host!r} is not a host name" if host else "it names no host"
    if not PATH.fullmatch(parts.path):
        return f"its path {parts.path!r} holds a character a URL does not (percent-encode it)"
    return None


def _url(variable: str, environ: Mapping[str, str]) -> str:
    value = environ.get(variable, "")
    if not value:
        return ""
    problem = url_problem(value)
    if problem:
        raise SettingError(f"{variable}={value!r}: {problem}: expected {URL_FORM}, or no {variable} at all")
    return escape.url(value)


def source_date_epoch(environ: Mapping[str, str] = os.environ) -> str | None:
    """SOURCE_DATE_EPOCH as given, checked: a whole number of seconds from EPOCH_RANGE; None when unset."""
    value = environ.get("SOURCE_DATE_EPOCH")
    if value is None:
        return None
    if not (value.isascii() and value.isdigit() and EPOCH_RANGE[0] <= int(value) <= EPOCH_RANGE[1]):
        raise SettingError(f"SOURCE_DATE_EPOCH={value!r}: expected a whole number of seconds since 1970-01-01 UTC "
                           f"from {EPOCH_RANGE[0]} to {EPOCH_RANGE[1]}, such as `date +%s` prints, or none at all")
    return value


@dataclass(frozen=True)
class Settings:
    """Everything a run is told from outside, resolved once (`resolve`) and handed down: no stage reads the
    environment itself."""

    paths: Paths
    site_url: str = ""  # SITE_URL, checked and escaped, with one trailing slash; "" for local builds
    repo_url: str = ""  # REPO_URL, checked and escaped, without a trailing slash; "" when unknown
    epoch: str | None = None  # SOURCE_DATE_EPOCH as given, checked; None: the corpus's own (build_epoch)

    def build_epoch(self, latest: dt.date) -> str:
        """SOURCE_DATE_EPOCH for a build whose newest statement is of `latest`: the environment's if it was set;
        else that day's midnight UTC, within EPOCH_RANGE (a 1950s corpus stamps 1970). The dates MkDocs stamps
        into the sitemaps and the zip's entries come from the source, never the clock."""
        epoch = min(max(calendar.timegm(latest.timetuple()), EPOCH_RANGE[0]), EPOCH_RANGE[1])
        return self.epoch or str(epoch)


def resolve(where: Paths | Settings, environ: Mapping[str, str] = os.environ) -> Settings:
    """The run's Settings: given ones as they are; bare Paths completed from the environment, every deploy setting
    checked (the first wrong one as a SettingError naming its variable)."""
    if isinstance(where, Settings):
        return where
    epoch = source_date_epoch(environ)
    site = _url("SITE_URL", environ)
    return Settings(where, site.rstrip("/") + "/" if site else "", _url("REPO_URL", environ).rstrip("/"), epoch)
