"""Activities and timeline comments of CRM items, on the shared ``metadata``.

An activity's columns come from its declaration (schema/crm_activities.py: one column per kept field,
named in lower case); its bindings to items and its communications have tables of their own, as on a
portal. A timeline comment is bound to one or more items through ``crm_timeline_bindings``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, BigInteger, Boolean, Column, Float, Index, Integer, Table, Text
from sqlalchemy.types import TypeEngine

from b24local.schema import crm_activities as ca
from b24local.store.metadata import metadata

_COLUMN_TYPES: dict[str, type[TypeEngine[Any]]] = {
    ca.INT: Integer,
    ca.TIME: BigInteger,
    ca.BOOL: Boolean,
    ca.TEXT: Text,
    ca.LONGTEXT: Text,
    ca.FLOAT: Float,
    ca.OBJECT: JSON,
}

crm_activities = Table(
    "crm_activities",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    *(Column(f.column, _COLUMN_TYPES[f.kept], nullable=True) for f in ca.STORED),
    # what only crm.activity.todo.* writes: colorId, pingOffsets
    Column("todo", JSON, nullable=True),
    sqlite_autoincrement=True,
)
Index("ix_crm_activities_owner", crm_activities.c.owner_type_id, crm_activities.c.owner_id)

crm_activity_bindings = Table(
    "crm_activity_bindings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("activity_id", Integer, nullable=False),
    Column("owner_type_id", Integer, nullable=False),
    Column("owner_id", Integer, nullable=False),
    sqlite_autoincrement=True,
)
Index("ix_crm_activity_bindings_activity", crm_activity_bindings.c.activity_id)
Index("ix_crm_activity_bindings_owner", crm_activity_bindings.c.owner_type_id, crm_activity_bindings.c.owner_id)

crm_activity_communications = Table(
    "crm_activity_communications",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("activity_id", Integer, nullable=False),
    Column("type", Text, nullable=False),
    Column("value", Text, nullable=False),
    Column("entity_id", Integer, nullable=False),
    Column("entity_type_id", Integer, nullable=False),
    sqlite_autoincrement=True,
)
Index("ix_crm_activity_communications_activity", crm_activity_communications.c.activity_id)

crm_timeline_comments = Table(
    "crm_timeline_comments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("created", BigInteger, nullable=False),
    Column("author_id", Integer, nullable=False),
    Column("comment", Text, nullable=False),
    sqlite_autoincrement=True,
)

crm_timeline_bindings = Table(
    "crm_timeline_bindings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("comment_id", Integer, nullable=False),
    Column("entity_type_id", Integer, nullable=False),
    Column("entity_id", Integer, nullable=False),
    sqlite_autoincrement=True,
)
Index("ix_crm_timeline_bindings_comment", crm_timeline_bindings.c.comment_id)
Index("ix_crm_timeline_bindings_entity", crm_timeline_bindings.c.entity_type_id, crm_timeline_bindings.c.entity_id)
