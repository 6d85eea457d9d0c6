"""The CRM item a product row, activity or timeline comment belongs to: its type's names as those APIs
write them, and the checks every one of them makes on the owner before touching its records.

* product rows name the type by its short symbolic code, ``ownerType`` ``D``, ``L``, ``Q``, ``SI``,
  ``T{hex}`` (api-reference/crm/data-types.md "CRM Object Types"; a real portal answers ``Tb3`` for
  smart process 179, fast_bitrix24/tests/real_responses/crm_item_productrow_list.py);
* timeline comments by its lower-case name, ``ENTITY_TYPE`` ``deal``, ``lead``, ``dynamic_1046``
  (api-reference/crm/timeline/comments/index.md), read in any letter case;
* activities by its numeric ``OWNER_TYPE_ID``.
"""

from __future__ import annotations

import re
from typing import Any

from sqlalchemy import Connection

from b24local.core.errors import ApiError
from b24local.domain.crm import entities, items
from b24local.domain.crm import permissions as perms
from b24local.domain.crm.types import (
    COMPANY,
    CONTACT,
    DEAL,
    LEAD,
    OLD_INVOICE,
    QUOTE,
    SMART_INVOICE,
    SYSTEM_TYPES,
    is_dynamic_range,
)

# The short codes of the types a portal knows (api-reference/crm/data-types.md); smart processes: T{hex}.
ABBREVIATIONS: dict[int, str] = {
    LEAD: "L",
    DEAL: "D",
    CONTACT: "C",
    COMPANY: "CO",
    OLD_INVOICE: "I",
    QUOTE: "Q",
    8: "RQ",
    14: "O",
    SMART_INVOICE: "SI",
}
_DYNAMIC_ABBR = re.compile(r"^T([0-9A-F]+)$")
_DYNAMIC_NAME = re.compile(r"^DYNAMIC_(\d+)$")
# The symbolic names of the built-in types (api-reference/crm/data-types.md, entityTypeName).
NAMES: dict[int, str] = {
    **{etid: name for etid, (name, _) in SYSTEM_TYPES.items()},
    OLD_INVOICE: "INVOICE",
    8: "REQUISITE",
    14: "ORDER",
}


def abbreviation(entity_type_id: int) -> str:
    """``D`` for deals, ``T{hex}`` (lower-case hex digits, as a portal writes them) for smart processes."""
    if entity_type_id in ABBREVIATIONS:
        return ABBREVIATIONS[entity_type_id]
    return "T" + format(entity_type_id, "x")


def from_abbreviation(code: Any) -> int | None:
    """The entity type of a short code (any letter case), or None."""
    if not isinstance(code, str):
        return None
    text = code.strip().upper()
    for entity_type_id, abbr in ABBREVIATIONS.items():
        if abbr == text:
            return entity_type_id
    m = _DYNAMIC_ABBR.match(text)
    if m:
        value = int(m.group(1), 16)
        return value if is_dynamic_range(value) else None
    return None


def name(entity_type_id: int) -> str:
    """``DEAL``, ``DYNAMIC_1046``: the symbolic name (``Entity type CONTACT is not supported``)."""
    return NAMES.get(entity_type_id, f"DYNAMIC_{entity_type_id}" if is_dynamic_range(entity_type_id) else "")


def timeline_name(entity_type_id: int) -> str:
    """``deal``, ``dynamic_1046``: how a timeline comment shows the type it is bound to."""
    return name(entity_type_id).lower()


def from_name(text: Any) -> int | None:
    """The entity type of a symbolic name (``deal``, ``DEAL``, ``dynamic_1046``), or None."""
    if not isinstance(text, str):
        return None
    upper = text.strip().upper()
    for entity_type_id, known in NAMES.items():
        if known == upper:
            return entity_type_id
    m = _DYNAMIC_NAME.match(upper)
    if m and is_dynamic_range(int(m.group(1))):
        return int(m.group(1))
    return None


def exists(conn: Connection, entity_type_id: int, item_id: int) -> bool:
    return items.load_item(conn, entity_type_id, item_id) is not None


def may(conn: Connection, user_id: int, is_admin: bool, entity_type_id: int, action: str) -> bool:
    """May the user ``read``/``update`` the items of a type (domain/crm/permissions.py's rules)?"""
    return perms.allowed(conn, user_id, is_admin, entity_type_id, action)


def responsible(conn: Connection, entity_type_id: int, item_id: int, ctx: items.Ctx) -> int | None:
    """The item's assigned user (an activity without a responsible takes it), read as crm.item.get shows it."""
    try:
        item = items.get_item(conn, entities.resolve_entity(conn, entity_type_id), item_id, ctx)
    except ApiError:
        return None  # no such type or item
    value = item.get("assignedById")
    return value if isinstance(value, int) else None
