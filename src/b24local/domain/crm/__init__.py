"""CRM rules, one concept a module: ``types`` (entity types and built-in stages), ``entities`` (resolving an
``entityTypeId``: fields, pipelines, id sequences), ``values`` (value forms), ``items`` (one item),
``lists`` (filters and pages), ``smart_types`` (``crm.type``) and ``permissions`` (per-user rights).

Knows nothing of HTTP: functions take a Connection and plain values, raise ``ApiError`` for the documented
errors, and return what the API shows.
"""
