"""How the legacy CRM methods read their parameters, shared by the ones b24local serves
(``crm.activity.*``, ``crm.*.productrows.*``, ``crm.timeline.comment.get/list``): the id from ``ID`` or
``id``, arrays under any of their four spellings (``FILTER``, ``filter``, ``Filter``, ``arFilter``), and no
CRM for users without CRM access (extranet users). The docs name ``id`` and ``filter``
(api-reference/crm/timeline/activities/activity-base/crm-activity-get.md, -list.md); the other spellings:
observed behaviour of the real server (not documented).
"""

from __future__ import annotations

from typing import Any

from b24local.core.context import Call
from b24local.core.errors import ApiError, E, ErrorDef
from b24local.core.php import php_intval


def entity_id(params: dict[str, Any], invalid: ErrorDef) -> int:
    """``ID`` or ``id`` as an integer; not a positive one → ``invalid``."""
    raw = params["ID"] if "ID" in params else params.get("id")
    value = 0 if isinstance(raw, (dict, list)) else php_intval(raw)
    if value <= 0:
        raise ApiError(invalid)
    return value


def array_param(params: dict[str, Any], name: str) -> Any:
    """``FILTER``, ``filter``, ``Filter`` or ``arFilter`` (None when none is given)."""
    for key in (name.upper(), name.lower(), name.capitalize(), "ar" + name.capitalize()):
        if params.get(key) is not None:
            return params[key]
    return None


def require_crm_access(call: Call) -> None:
    """Extranet users have no CRM (administrators always do): "Access denied."."""
    if not call.principal.is_intranet and not call.is_admin:
        raise ApiError(E.LEGACY_ACCESS_DENIED)
