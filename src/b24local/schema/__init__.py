"""Declarative v3 DTOs and request-structure parsers."""
