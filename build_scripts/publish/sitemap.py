"""The same page in every edition, for search engines: one sitemap with hreflang alternates.

Why a sitemap and not <link rel="alternate" hreflang> in each page: Material's
bundle fetches `sitemap.xml` beside every such link it finds in a page, so a
page-level alternate (…/zh-Hant/statements/2015-04-20/) costs a 404 online and
a console error from file:// — two failing requests per page view. Search
engines read hreflang from a sitemap just as well, and want absolute URLs there,
so the sitemap is written only when the published address (SITE_URL) is known.
The pages are the Site's own (Site.pages), not rediscovered in the built HTML.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from ..site import Site

NAME = "sitemap.xml"  # at the site's root, beside the editions' own sitemaps (which MkDocs writes and Material reads)


def edition_pages(site: Site) -> list[str]:
    """The pages every edition has, as directory URLs relative to an edition ('' for its home, 'cite/' …)."""
    per = [set(site.pages(o.edition.lang)) for o in site.editions]
    return sorted(set.intersection(*per) if per else set())


def alternates_sitemap(site_url: str, langs: list[str], pages: list[str]) -> str:
    """Every page of every edition, each listing itself and its counterparts (what the sitemap protocol asks for)."""
    base = site_url.rstrip("/") + "/"
    lines = ['<?xml version="1.0" encoding="UTF-8"?>',
             '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:xhtml="http://www.w3.org/1999/xhtml">']
    for page in pages:
        links = [f"  <xhtml:link rel=\"alternate\" hreflang={quoteattr(lang)} href={quoteattr(base + lang + '/' + page)}/>"
                 for lang in langs]
        for lang in langs:
            lines += ["<url>", f"  <loc>{escape(base + lang + '/' + page)}</loc>", *links, "</url>"]
    lines.append("</urlset>")
    return "\n".join(lines) + "\n"


def sitemap_files(site: Site, site_url: str | None) -> dict[str, bytes]:
    """{'sitemap.xml': …} for a published build (site_url set); nothing for a local one."""
    if not site_url:
        return {}
    langs = [o.edition.lang for o in site.editions]
    return {NAME: alternates_sitemap(site_url, langs, edition_pages(site)).encode("utf-8")}
