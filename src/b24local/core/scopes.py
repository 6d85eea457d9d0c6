"""The scope codes a Bitrix24 portal knows, declared once (api-reference/scopes/permissions.md).

A webhook or token may be given any of them, whether or not b24local serves that scope's methods: a
portal accepts them all. ``tasks`` is the REST v3 task scope (api-reference/tasks/tasks-task-add-rest-v3.md).
"""

from __future__ import annotations

PORTAL_SCOPES: frozenset[str] = frozenset(
    """
    ai_admin biconnector bizproc booking calendar call cashbox catalog contact_center crm documentgenerator
    delivery department disk entity humanresources humanresources.hcmlink im imbot imconnector imopenlines
    intranet landing lists log mailservice main messageservice mobile pay_system placement pull rpa sale
    salescenter sign.b2e task tasks telephony timeman user user_basic user_brief user.userfield
    userfieldconfig userconsent vote
    """.split()
)
