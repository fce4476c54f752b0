"""Link: which clauses relate (the see-also linker and its evaluation), and how two related clauses differ (the
word diff the compare view shows)."""
