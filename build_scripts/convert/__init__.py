"""Convert: a statement into each edition's script (OpenCC behind the project's phrase dictionaries in opencc/), and the
interface's own words in the edition's usage."""
