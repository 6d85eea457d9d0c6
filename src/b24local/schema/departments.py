"""The fields of a department (``department.*``), declared once: their labels (``department.fields``,
api-reference/departments/department-fields.md) in the order a department shows them (department-get.md);
"department.* methods work only with the ID, NAME, SORT, PARENT, and UF_HEAD fields" (departments/index.md).
"""

from __future__ import annotations

FIELDS: dict[str, str] = {
    "ID": "ID",
    "NAME": "Department Name",
    "SORT": "Sort Order",
    "PARENT": "Parent Department",
    "UF_HEAD": "Manager",
}
NUMERIC = ("ID", "SORT", "PARENT", "UF_HEAD")
