"""tasks methods (stub: filled by its issue)."""
