"""The vault layer: reading notes into papers. Pure: no Textual, no Rich."""
