"""One module per note format; each turns a note's text into paper sections."""
