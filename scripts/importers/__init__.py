"""modisim-import's importers: researchers' measurements -> a trace layer (scripts/modisim-import)."""
