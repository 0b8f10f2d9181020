"""palimpsest crawler: config → discover → fetch → extract → store."""

__version__ = "0.1.0"
