"""main.eventlog.* over REST v3 (api-reference/event-log/*.md): seeded entries with known ids, what the portal
records by itself, the documented requests and errors."""

from __future__ import annotations

from tasks.helpers import check_denied, check_error, ok

SEED = {
    "event_log": [
        {
            "id": 839,
            "timestampX": "2026-01-30T15:50:24+03:00",
            "auditTypeId": "USER_AUTHORIZE",
            "moduleId": "main",
            "itemId": "1",
            "remoteAddr": "3.75.32.66",
            "userAgent": "Mozilla/5.0",
            "requestUri": "/bitrix/tools/oauth/bitrix24net.php",
            "userId": 1,
            "description": {"userId": 1, "method": "external"},
        },
        {
            "id": 1250,
            "timestampX": "2026-01-30T16:00:00+00:00",
            "auditTypeId": "USER_LOGOUT",
            "itemId": "1",
            "userId": 1,
        },
    ]
}
ITEM_KEYS = (
    "id timestampX severity auditTypeId moduleId itemId remoteAddr userAgent requestUri siteId userId guestId description"
).split()


def test_get_documented_example(portal):
    assert portal.seed(SEED).endswith(", 2 event-log entries")
    item = ok(portal.v3("main.eventlog.get", {"id": 839}))["item"]
    assert list(item) == ITEM_KEYS
    assert item == {
        "id": 839,
        "timestampX": "2026-01-30T12:50:24+00:00",
        "severity": "SECURITY",
        "auditTypeId": "USER_AUTHORIZE",
        "moduleId": "main",
        "itemId": "1",
        "remoteAddr": "3.75.32.66",
        "userAgent": "Mozilla/5.0",
        "requestUri": "/bitrix/tools/oauth/bitrix24net.php",
        "siteId": "s1",
        "userId": 1,
        "guestId": 0,
        "description": '{"userId":1,"method":"external"}',
    }
    check_error(
        portal.v3("main.eventlog.get", {"id": 999999}),
        400,
        "BITRIX_REST_V3_EXCEPTION_ENTITYNOTFOUNDEXCEPTION",
        "Entry with ID = `999999` not found",
    )


def test_list_documented_example_and_what_the_portal_records(portal):
    portal.seed(SEED)
    uid = portal.add_user("Anna", email="anna@example.com")
    body = {
        "select": ["id", "timestampX", "severity", "auditTypeId", "moduleId", "itemId", "userId", "description"],
        "filter": [["timestampX", ">=", "2026-01-30T00:00:00+02:00"], ["timestampX", "<", "2026-01-31T00:00:00+02:00"]],
        "order": {"id": "ASC"},
        "pagination": {"page": 1, "limit": 20, "offset": 0},
    }
    items = ok(portal.v3("main.eventlog.list", body))["items"]
    assert [i["id"] for i in items] == [839, 1250]
    assert list(items[0]) == body["select"]
    recorded = ok(
        portal.v3(
            "main.eventlog.list",
            {"filter": [["id", ">", 1250]], "select": ["auditTypeId", "moduleId", "itemId", "userId", "description"]},
        )
    )["items"]
    kinds = [(i["auditTypeId"], i["moduleId"], i["userId"]) for i in recorded]
    assert ("USER_REGISTER", "main", uid) in kinds
    assert ("USER_AUTHORIZE", "rest", 1) in kinds  # the webhook's first call of the hour
    rest = next(i for i in recorded if i["moduleId"] == "rest")
    assert '"applicationType":"apauth"' in rest["description"]
    check_error(
        portal.v3("main.eventlog.list", {"pagination": {"limit": "abc"}}),
        400,
        "BITRIX_REST_V3_EXCEPTION_INVALIDPAGINATIONEXCEPTION",
        'Cannot recognize pagination parameter `{"limit":"abc"}`',
    )


def test_tail_documented_example(portal):
    portal.seed(SEED)
    body = {"select": ["id", "auditTypeId"], "filter": [], "cursor": {"field": "id", "value": 839, "order": "ASC"}}
    items = ok(portal.v3("main.eventlog.tail", body))["items"]
    assert items[0] == {"id": 1250, "auditTypeId": "USER_LOGOUT"}
    check_error(
        portal.v3("main.eventlog.tail", {"filter": [["id", ">", 1]], "cursor": {"field": "id", "value": 0}}),
        400,
        "BITRIX_REST_V3_EXCEPTION_INVALIDFILTEREXCEPTION",
        "Unable to recognize filter expression `Cursor field id cannot be used at filter.`",
    )
    newest = ok(
        portal.v3("main.eventlog.tail", {"cursor": {"field": "id", "value": 1251, "order": "DESC", "limit": 1}})
    )
    assert [i["id"] for i in newest["items"]] == [1250]


def test_field_list_and_admin_only(portal):
    fields = ok(portal.v3("main.eventlog.field.list", {"select": ["name", "type", "filterable", "sortable"]}))["items"]
    assert [(f["name"], f["type"], f["filterable"]) for f in fields[:3]] == [
        ("id", "int", True),
        ("timestampX", "object", True),
        ("severity", "string", False),
    ]
    uid = portal.add_user("Plain")
    token = portal.add_webhook(user=uid, scopes=["main"])
    check_denied(portal.v3("main.eventlog.list", {}, user=uid, token=token))
    tasks_only = portal.add_webhook(user=1, scopes=["tasks"])
    r = portal.v3("main.eventlog.list", {}, token=tasks_only)
    assert r.status_code == 403 and r.json()["error"]["code"] == "BITRIX_REST_V3_EXCEPTION_INSUFFICIENTSCOPEEXCEPTION"
