"""Test helpers shared across test folders (e.g. the LanguageTool-protocol test server)."""
