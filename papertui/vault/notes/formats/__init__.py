"""One module per note format; each turns a note's text into paper sections."""

PARSER_VERSION = 4
"""Bump with every change to what the scanner reads from a note (in this package, note.py,
meta.py, decode.py or read.py): index caches written by an older parser are then ignored."""
