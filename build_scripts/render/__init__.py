"""Render: every edition's pages as Markdown from the Jinja2 templates in templates/, with the data files, citations,
feed, navigation and downloads beside them."""
