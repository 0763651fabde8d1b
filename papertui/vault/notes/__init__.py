"""Notes: finding them, reading their bytes, front matter, and the format readers."""
