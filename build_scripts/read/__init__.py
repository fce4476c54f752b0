"""Read: source/ (and mkdocs.yml's editions) into the model — statements, the manifest, topics, provenance, the
published URLs — every input checked and every error pointing at its file, line and column."""
