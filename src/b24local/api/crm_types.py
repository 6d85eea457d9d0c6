"""crm_types methods (stub: filled by its issue)."""
