"""task_results methods (stub: filled by its issue)."""
