"""CRM access rights: administrators may do everything; for every other user an administrator may restrict,
per entity type, reading, adding, updating and deleting items. A user with no rule for a type may do
everything with it (a portal's default "employee" role is broad too).

Set with ``b24local crm-perm set`` or the admin API ``/_b24local/crm/permissions``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, select

from b24local.store import tables_crm as tc

ACTIONS = ("read", "add", "update", "delete")


def get_rule(conn: Connection, user_id: int, entity_type_id: int) -> dict[str, bool] | None:
    row = conn.execute(
        select(tc.crm_permissions).where(
            tc.crm_permissions.c.user_id == user_id, tc.crm_permissions.c.entity_type_id == entity_type_id
        )
    ).first()
    if row is None:
        return None
    return {a: bool(getattr(row, "can_" + a)) for a in ACTIONS}


def allowed(conn: Connection, user_id: int, is_admin: bool, entity_type_id: int, action: str) -> bool:
    if is_admin:
        return True
    rule = get_rule(conn, user_id, entity_type_id)
    return True if rule is None else rule[action]


def set_rule(conn: Connection, user_id: int, entity_type_id: int, **changes: bool | None) -> dict[str, bool]:
    """Change some of the four rights (None leaves one as it is; a new rule starts from all allowed)."""
    unknown = set(changes) - set(ACTIONS)
    if unknown:
        raise ValueError(f"unknown rights: {', '.join(sorted(unknown))}")
    current = get_rule(conn, user_id, entity_type_id)
    rule = dict(current) if current else {a: True for a in ACTIONS}
    for action, value in changes.items():
        if value is not None:
            rule[action] = bool(value)
    values = {"can_" + a: rule[a] for a in ACTIONS}
    if current is None:
        conn.execute(tc.crm_permissions.insert().values(user_id=user_id, entity_type_id=entity_type_id, **values))
    else:
        conn.execute(
            tc.crm_permissions.update()
            .where(tc.crm_permissions.c.user_id == user_id, tc.crm_permissions.c.entity_type_id == entity_type_id)
            .values(**values)
        )
    return rule


def delete_rule(conn: Connection, user_id: int, entity_type_id: int) -> bool:
    return bool(
        conn.execute(
            tc.crm_permissions.delete().where(
                tc.crm_permissions.c.user_id == user_id, tc.crm_permissions.c.entity_type_id == entity_type_id
            )
        ).rowcount
    )


def list_rules(conn: Connection, user_id: int | None = None) -> list[dict[str, Any]]:
    query = select(tc.crm_permissions).order_by(tc.crm_permissions.c.user_id, tc.crm_permissions.c.entity_type_id)
    if user_id is not None:
        query = query.where(tc.crm_permissions.c.user_id == user_id)
    return [
        {
            "user": row.user_id,
            "entityTypeId": row.entity_type_id,
            **{a: bool(getattr(row, "can_" + a)) for a in ACTIONS},
        }
        for row in conn.execute(query)
    ]
