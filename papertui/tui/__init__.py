"""The Textual reader."""
