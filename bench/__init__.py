"""Benchmarks: synthetic corpora derived from the real one, and what each stage costs on them."""
