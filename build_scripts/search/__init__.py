"""Search: the tables a reader's query is matched through (aliases, names, synonyms) and the index files the site's
own search client loads."""
