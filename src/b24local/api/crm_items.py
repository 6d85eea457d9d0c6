"""crm_items methods (stub: filled by its issue)."""
