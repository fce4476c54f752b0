"""Static site generator for a corpus of bilateral joint statements.

One package per stage of the pipeline, each importing only the ones below it (MAINTAINERS.md, "Module map" and
"Layering"; tests/test_layers.py): text, read, convert, link, search, render, publish, engines, cli, around the
model (model.py), the Site (site.py), the settings (settings.py) and the driver (build.py).
"""
