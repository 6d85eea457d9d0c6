"""Odd input to the product-row, activity, comment, user and department methods: every answer is a
documented error or a success, never a 500, and a refused write changes nothing."""

from __future__ import annotations

import itertools

from tests.crm.helpers import error, result
from tests.tasks.helpers import db_exec

ODD_VALUES = [None, "", "x", "\x00nul", -1, 0, 2**31, 2**63, -(2**70), 1e308, -1e308, 0.5, True, [], [1, "a"], {"a": 1}]

CALLS = [
    ("crm.item.productrow.add", lambda v: {"fields": {"ownerType": "D", "ownerId": 1, "price": v, "quantity": v}}),
    ("crm.item.productrow.add", lambda v: {"fields": {"ownerType": v, "ownerId": v, "productId": v, "sort": v}}),
    (
        "crm.item.productrow.add",
        lambda v: {"fields": {"ownerType": "D", "ownerId": 1, "taxRate": v, "discountRate": v, "discountTypeId": v}},
    ),
    (
        "crm.item.productrow.add",
        lambda v: {"fields": {"ownerType": "D", "ownerId": 1, "productName": v, "measureCode": v, "measureName": v}},
    ),
    ("crm.item.productrow.update", lambda v: {"id": v, "fields": {"price": v}}),
    (
        "crm.item.productrow.list",
        lambda v: {
            "filter": {"=ownerType": "D", "=ownerId": 1, ">price": v, "productName": v},
            "order": {"price": v},
            "start": v,
        },
    ),
    ("crm.item.productrow.set", lambda v: {"ownerType": "D", "ownerId": v, "productRows": [{"price": v}, v]}),
    (
        "crm.deal.productrows.set",
        lambda v: {
            "id": 1,
            "rows": [{"PRICE": v, "QUANTITY": v, "DISCOUNT_SUM": v, "DISCOUNT_TYPE_ID": v, "PRICE_NETTO": v}],
        },
    ),
    ("crm.deal.productrows.get", lambda v: {"id": v}),
    (
        "crm.activity.add",
        lambda v: {
            "fields": {
                "OWNER_TYPE_ID": 2,
                "OWNER_ID": 1,
                "TYPE_ID": 2,
                "SUBJECT": v,
                "PRIORITY": v,
                "START_TIME": v,
                "COMMUNICATIONS": [{"VALUE": v, "ENTITY_ID": v, "ENTITY_TYPE_ID": v}],
            }
        },
    ),
    (
        "crm.activity.add",
        lambda v: {
            "fields": {
                "OWNER_TYPE_ID": v,
                "OWNER_ID": v,
                "TYPE_ID": v,
                "RESPONSIBLE_ID": v,
                "SUBJECT": "s",
                "COMMUNICATIONS": v,
            }
        },
    ),
    (
        "crm.activity.list",
        lambda v: {
            "filter": {"ID": v, ">START_TIME": v, "BINDINGS": v, "%SUBJECT": v},
            "order": {"ID": v},
            "select": v,
            "start": v,
        },
    ),
    (
        "crm.activity.update",
        lambda v: {"id": v, "fields": {"SUBJECT": v, "COMPLETED": v, "NOTIFY_VALUE": v, "SETTINGS": v}},
    ),
    (
        "crm.activity.todo.add",
        lambda v: {
            "ownerTypeId": 2,
            "ownerId": 1,
            "deadline": v,
            "title": v,
            "responsibleId": v,
            "parentActivityId": v,
            "pingOffsets": v,
            "colorId": v,
        },
    ),
    ("crm.activity.todo.add", lambda v: {"ownerTypeId": v, "ownerId": v, "deadline": "2025-01-01T00:00:00"}),
    (
        "crm.timeline.comment.add",
        lambda v: {"fields": {"ENTITY_ID": v, "ENTITY_TYPE": v, "COMMENT": v, "AUTHOR_ID": v}},
    ),
    (
        "crm.timeline.comment.add",
        lambda v: {"fields": {"ENTITY_ID": 1, "ENTITY_TYPE": "deal", "COMMENT": "c", "AUTHOR_ID": v}},
    ),
    ("crm.timeline.comment.update", lambda v: {"id": v, "fields": {"COMMENT": v}, "ownerTypeId": v, "ownerId": v}),
    (
        "crm.timeline.comment.list",
        lambda v: {"filter": {"ENTITY_ID": v, "ENTITY_TYPE": v}, "order": {"ID": v}, "select": v},
    ),
    ("user.add", lambda v: {"EMAIL": v, "UF_DEPARTMENT": v, "NAME": v, "PERSONAL_BIRTHDAY": v, "PERSONAL_GENDER": v}),
    (
        "user.update",
        lambda v: {"ID": v, "NAME": v, "UF_DEPARTMENT": v, "ACTIVE": v, "EMAIL": v, "UF_EMPLOYMENT_DATE": v},
    ),
    ("user.search", lambda v: {"FILTER": {"FIND": v, "NAME": v, "UF_DEPARTMENT_NAME": v}, "start": v}),
    ("department.add", lambda v: {"NAME": v, "PARENT": v, "SORT": v, "UF_HEAD": v}),
    ("department.update", lambda v: {"ID": 1, "NAME": v, "PARENT": v, "SORT": v, "UF_HEAD": v}),
    ("department.get", lambda v: {"ID": v, "PARENT": v, "NAME": v, "sort": v, "order": v, "START": v}),
]


def test_no_odd_value_breaks_a_method(portal):
    portal.seed({"crm_items": [{"entityTypeId": 2, "id": 1, "fields": {"title": "Deal"}}]})
    failures = []
    for (method, build), value in itertools.product(CALLS, ODD_VALUES):
        r = portal.call(method, build(value))
        if r.status_code >= 500 or "error" not in r.json() and r.status_code != 200:
            failures.append((method, value, r.status_code, r.text[:200]))
    assert failures == []


def test_refused_values_change_nothing(portal):
    portal.seed({"crm_items": [{"entityTypeId": 2, "id": 1, "fields": {"title": "Deal"}}]})
    fields = {"ownerType": "D", "ownerId": 1, "price": 1, "productId": 2**40}
    error(
        portal,
        "crm.item.productrow.add",
        {"fields": fields},
        400,
        "CRM_FIELD_ERROR_VALUE_NOT_VALID",
        'Invalid value for field "Product"',
    )
    fields = {"ownerType": "D", "ownerId": 1, "price": 1e20}
    error(
        portal,
        "crm.item.productrow.add",
        {"fields": fields},
        400,
        "CRM_FIELD_ERROR_VALUE_NOT_VALID",
        'Invalid value for field "Price"',
    )
    fields = {"ownerType": "D", "ownerId": 1, "price": 10, "taxRate": -100}
    error(
        portal,
        "crm.item.productrow.add",
        {"fields": fields},
        400,
        "CRM_FIELD_ERROR_VALUE_NOT_VALID",
        'Invalid value for field "Tax"',
    )
    activity = {
        "OWNER_TYPE_ID": 2,
        "OWNER_ID": 1,
        "TYPE_ID": 2,
        "SUBJECT": "S",
        "PRIORITY": 2**40,
        "COMMUNICATIONS": [{"VALUE": "+1"}],
    }
    error(
        portal,
        "crm.activity.add",
        {"fields": activity},
        400,
        "CRM_FIELD_ERROR_VALUE_NOT_VALID",
        'Invalid value for field "Priority"',
    )
    assert db_exec(portal, "SELECT count(*) FROM crm_product_rows")[0][0] == 0
    assert db_exec(portal, "SELECT count(*) FROM crm_activities")[0][0] == 0
    # NUL characters are dropped, not refused
    row = result(
        portal, "crm.item.productrow.add", {"fields": {"ownerType": "D", "ownerId": 1, "productName": "a\x00b"}}
    )
    assert row["productRow"]["productName"] == "ab"
