"""Declarative schemas: field sets, filters, select and order."""
