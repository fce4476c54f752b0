"""Text rules every stage shares: which characters may reach the site, escaping into every output, Chinese numerals
and dates, and which script a text is written in."""
