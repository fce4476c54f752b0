"""Static site generator for a corpus of bilateral joint statements."""
